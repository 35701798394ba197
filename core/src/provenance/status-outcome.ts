/**
 * Turns the pipeline's `status` check of a credential into a domain outcome with the domain's own code for a
 * revoked or suspended credential (a recalled batch, a revoked treatment).
 * @see ../verification/status-check.ts
 */
import { ErrorCodes, type ErrorCode } from '../errors/codes.ts';
import type { CredentialReport } from '../verification/verification-report.ts';
import { pipelineCheck, type CheckOutcome } from './pipeline-outcome.ts';

/**
 * Maps the pipeline's `status` check: passed (with its block); revoked or suspended → `revokedCode`; other
 * failures and errors keep their code; a credential whose signature verified but that carries no status entry fails
 * `STATUS_ENTRY_INVALID` (nobody could ever see it revoked: fail closed); otherwise not evaluated.
 * @param report - the credential's pipeline report.
 * @param revokedCode - the domain code for revoked or suspended (`BATCH_RECALLED`, `TREATMENT_REVOKED`).
 * @param what - how to name the credential in details.
 * @returns the outcome (`skipped` = not evaluated).
 */
export function statusOutcome(
  report: CredentialReport | undefined,
  revokedCode: ErrorCode,
  what: string,
): CheckOutcome {
  const status = pipelineCheck(report, 'status');
  if (status === undefined) return { status: 'skipped', detail: `not evaluated: no readable ${what}` };
  if (status.status === 'passed') {
    const outcome: CheckOutcome = { status: 'passed', detail: 'neither revoked nor suspended' };
    if (status.blockNumber !== undefined) outcome.blockNumber = status.blockNumber;
    return outcome;
  }
  if (status.code === ErrorCodes.CREDENTIAL_REVOKED || status.code === ErrorCodes.CREDENTIAL_SUSPENDED) {
    const outcome: CheckOutcome = {
      status: 'failed',
      code: revokedCode,
      detail: `${what} is ${status.code === ErrorCodes.CREDENTIAL_REVOKED ? 'revoked' : 'suspended'}`,
    };
    if (status.blockNumber !== undefined) outcome.blockNumber = status.blockNumber;
    return outcome;
  }
  if (status.status === 'failed' || status.status === 'error') {
    return {
      status: status.status,
      code: status.code ?? ErrorCodes.STATUS_UNAVAILABLE,
      detail: `the status of ${what} could not be checked: ${status.detail ?? ''}`,
    };
  }
  if (pipelineCheck(report, 'signature')?.status === 'passed') {
    return {
      status: 'failed',
      code: ErrorCodes.STATUS_ENTRY_INVALID,
      detail: `${what} has no credentialStatus, so its revocation could not be seen`,
    };
  }
  return { status: 'skipped', detail: `not evaluated: ${what} did not verify` };
}
