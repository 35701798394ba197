/**
 * A listed credential's status right now: verified through the pipeline on every request, so a revocation or
 * suspension on-chain shows as soon as the verifier's chain head has seen its block.
 */
import {
  ErrorCodes,
  type CheckResult,
  type CredentialAnchorSummary,
  type CredentialReport,
} from '@medtrust/core';

/**
 * The state shown next to a credential:
 * - `verified` — every check passed;
 * - `revoked` / `suspended` — the issuer changed its on-chain status;
 * - `expired` / `not-yet-valid` — outside its validity window, or the licence or accreditation it carries lapsed
 *   (`SUBJECT_VALIDITY_ENDED`) or has not started (`SUBJECT_VALIDITY_NOT_STARTED`): `failedCodes` says which;
 * - `invalid` — another check failed (e.g. the issuer's accreditation or key was withdrawn);
 * - `unavailable` — a check could not run (chain down), or its anchor is not confirmed yet (`ANCHOR_PENDING`):
 *   nothing is claimed.
 */
export type LiveState =
  'verified' | 'revoked' | 'suspended' | 'expired' | 'not-yet-valid' | 'invalid' | 'unavailable';

/** The live status of one credential. */
export interface LiveStatus {
  state: LiveState;
  verified: boolean;
  revoked: boolean;
  suspended: boolean;
  /** The block (decimal string) the on-chain status was read at, when it was read. */
  blockNumber?: string;
  /** When it was checked (ISO 8601). */
  checkedAt: string;
  /** Codes of the checks that failed or could not run. */
  failedCodes: string[];
  /** The pipeline's checks. */
  checks: CheckResult[];
  /** Where the credential is registered on-chain (its anchor), when the `anchoring` check confirmed it. */
  anchor?: AnchorView;
}

/** A confirmed anchor, with a sentence for people. */
export interface AnchorView extends CredentialAnchorSummary {
  /** E.g. `registered on-chain in block 1234 at 2026-12-07 15:31:50 UTC`. */
  text: string;
}

/**
 * @param anchor - the report's `credential.anchor`.
 * @returns the anchor with its sentence.
 */
export function anchorViewOf(anchor: CredentialAnchorSummary): AnchorView {
  const at = new Date(anchor.anchoredAt);
  const when = Number.isNaN(at.getTime())
    ? anchor.anchoredAt
    : `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return { ...anchor, text: `registered on-chain in block ${anchor.blockNumber} at ${when}` };
}

/**
 * Reads the live status out of a pipeline report.
 * @param report - the credential's report (from `verifyCredential`, now).
 * @param checkedAt - now.
 * @returns the status.
 */
export function liveStatusOf(report: CredentialReport | undefined, checkedAt: Date): LiveStatus {
  const checks = report?.checks ?? [];
  const failed = checks.filter((c) => c.status === 'failed' || c.status === 'error');
  const codes = failed.map((c) => c.code ?? ErrorCodes.INTERNAL);
  const statusCheck = checks.find((c) => c.check === 'status');
  const onChain = report?.credential?.status;
  const revoked = onChain?.revoked ?? codes.includes(ErrorCodes.CREDENTIAL_REVOKED);
  const suspended = onChain?.suspended ?? codes.includes(ErrorCodes.CREDENTIAL_SUSPENDED);
  let state: LiveState;
  if (
    report === undefined ||
    failed.some((c) => c.status === 'error') ||
    (failed.length > 0 && codes.every((c) => c === ErrorCodes.ANCHOR_PENDING))
  )
    state = 'unavailable';
  else if (report.verified) state = 'verified';
  else if (revoked) state = 'revoked';
  else if (suspended) state = 'suspended';
  else if (codes.includes(ErrorCodes.CREDENTIAL_EXPIRED) || codes.includes(ErrorCodes.SUBJECT_VALIDITY_ENDED))
    state = 'expired';
  else if (
    codes.includes(ErrorCodes.CREDENTIAL_NOT_YET_VALID) ||
    codes.includes(ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED)
  )
    state = 'not-yet-valid';
  else state = 'invalid';
  const status: LiveStatus = {
    state,
    verified: state === 'verified',
    revoked,
    suspended,
    checkedAt: checkedAt.toISOString(),
    failedCodes: codes,
    checks,
  };
  const block = statusCheck?.blockNumber ?? onChain?.blockNumber;
  if (block !== undefined) status.blockNumber = block;
  const anchor = report?.credential?.anchor;
  if (anchor !== undefined) status.anchor = anchorViewOf(anchor);
  return status;
}
