import type { CheckResult, VerificationReport } from '@medtrust/core';

/**
 * Checks the verifier service adds to a presentation's report when it answers a presentation request:
 * `presentation-definition` (the policy's definition is satisfied) and `presentation-request` (the request was
 * still open).
 */
export type PolicyCheckName = 'presentation-definition' | 'presentation-request';

/** A check of the service (same shape as the pipeline's checks). */
export interface PolicyCheckResult extends Omit<CheckResult, 'check'> {
  check: PolicyCheckName;
}

/** The report of an answer to a presentation request: the pipeline's report plus the service's checks. */
export interface PresentationRequestReport extends Omit<VerificationReport, 'checks'> {
  checks: Array<CheckResult | PolicyCheckResult>;
}

/**
 * Adds a service check to a report; the report stays verified only when the check passed (or does not apply).
 * @param report - the pipeline's (or an already extended) report.
 * @param check - the service check.
 */
export function withPolicyCheck(
  report: VerificationReport | PresentationRequestReport,
  check: PolicyCheckResult,
): PresentationRequestReport {
  return {
    ...report,
    checks: [...report.checks, check],
    verified: report.verified && (check.status === 'passed' || check.status === 'skipped'),
  };
}
