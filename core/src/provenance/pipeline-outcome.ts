/**
 * Turns the pipeline's per-credential (or per-presentation) checks into one domain check outcome: passed, or the
 * first failing check's code.
 * @see ../verification/verification-report.ts
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckName, CheckResult } from '../verification/check-result.ts';
import type { CredentialReport } from '../verification/verification-report.ts';
import type { DomainCheckResult } from './domain-check.ts';

/** A domain check outcome without its name. */
export type CheckOutcome = Omit<DomainCheckResult, 'check'>;

/**
 * Whether a list of pipeline checks passes when some checks are set aside (judged by the caller instead): the
 * signature verified and no other check failed or errored. Once the signature verified every other check was
 * evaluated, so a remaining `skipped` check is one that does not apply.
 * @param checks - the pipeline checks of one credential or presentation.
 * @param ignore - checks the caller judges itself (e.g. `holder-binding`, `status`).
 * @returns whether the rest passed.
 */
export function checksPassIgnoring(checks: readonly CheckResult[], ignore: readonly CheckName[]): boolean {
  let signature = false;
  for (const c of checks) {
    if (c.check === 'signature') signature = c.status === 'passed';
    if (ignore.includes(c.check)) continue;
    if (c.status === 'failed' || c.status === 'error') return false;
  }
  return signature;
}

/**
 * Summarises a pipeline report as one outcome: `passed` when it verified (apart from `ignore`), otherwise the first
 * failing check in report order (`failed` or `error`, with its code and `<check>: <detail>`).
 * @param report - the credential's report; `undefined` when the credential is missing.
 * @param ignore - checks the caller judges itself.
 * @param what - how to name the credential in details, e.g. `the batch credential`.
 * @returns the outcome (never `skipped`).
 */
export function pipelineOutcome(
  report: Pick<CredentialReport, 'verified' | 'checks'> | undefined,
  ignore: readonly CheckName[] = [],
  what = 'the credential',
): CheckOutcome {
  if (report === undefined)
    return { status: 'failed', code: ErrorCodes.FORMAT_INVALID, detail: `${what} is missing` };
  const ok = ignore.length === 0 ? report.verified : checksPassIgnoring(report.checks, ignore);
  if (ok) return { status: 'passed' };
  for (const c of report.checks) {
    if (ignore.includes(c.check)) continue;
    if (c.status === 'failed' || c.status === 'error') {
      const outcome: CheckOutcome = {
        status: c.status,
        code: c.code ?? ErrorCodes.INTERNAL,
        detail: `${what} failed ${c.check}${c.detail === undefined ? '' : `: ${c.detail}`}`,
      };
      if (c.blockNumber !== undefined) outcome.blockNumber = c.blockNumber;
      return outcome;
    }
  }
  const skipped = report.checks.find((c) => c.status === 'skipped' && !ignore.includes(c.check));
  return {
    status: 'failed',
    code: ErrorCodes.FORMAT_INVALID,
    detail: `${what} did not verify${skipped?.detail === undefined ? '' : ` (${skipped.check}: ${skipped.detail})`}`,
  };
}

/**
 * The pipeline check of `name` in a report.
 * @param report - a credential report.
 * @param name - the check.
 * @returns the check, when the report has it.
 */
export function pipelineCheck(
  report: Pick<CredentialReport, 'checks'> | undefined,
  name: CheckName,
): CheckResult | undefined {
  return report?.checks.find((c) => c.check === name);
}
