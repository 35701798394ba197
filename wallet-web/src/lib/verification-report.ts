/**
 * The verifier's report, as `POST /verify` and presentation requests return it: the types of `@medtrust/core` and
 * `@medtrust/verifier` (type-only imports, erased from the browser bundle), so the web app reads exactly what the
 * services write. A presentation request's report adds the service's policy checks to the pipeline's.
 * @see ../../../core/src/verification/verification-report.ts
 * @see ../../../verifier/src/exchange/policy-check.ts
 */
import type { CheckResult } from '@medtrust/core';
import type { PolicyCheckResult, PresentationRequestReport } from '@medtrust/verifier';

export type { CredentialReport, CredentialSummary as ReportCredentialSummary } from '@medtrust/core';

/** One check: the pipeline's, or a policy check of a presentation request. */
export type ReportCheck = CheckResult | PolicyCheckResult;

/** A verification report (`POST /verify`), or a presentation request's (with policy checks). */
export type VerificationReport = PresentationRequestReport;
