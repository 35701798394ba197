import type { ErrorCode } from '../errors/codes.ts';

/**
 * Names of the checks a verification report can carry, in report order. A credential report lists `format`,
 * `signature`, `did-resolution`, `anchoring`, `issuer-accreditation`, `validity`, `status`, `schema` (plus `holder-binding` when
 * the credential came inside a presentation); a presentation's own checks are `format`, `signature`,
 * `did-resolution`, `validity`, `challenge`, `domain`.
 * @see https://www.w3.org/TR/vc-data-model/#verification
 */
export const CHECK_NAMES = [
  'format',
  'signature',
  'did-resolution',
  'anchoring',
  'issuer-accreditation',
  'validity',
  'status',
  'schema',
  'holder-binding',
  'challenge',
  'domain',
] as const;

/** One check of a verification report (see {@link CHECK_NAMES}). */
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * Outcome of one check:
 * - `passed` — the check ran and the credential satisfies it;
 * - `failed` — the check ran and the credential does not satisfy it (`code` says why);
 * - `skipped` — the check does not apply (e.g. no accreditation required for the type), or it was not evaluated
 *   because an earlier check already failed (`detail` says which);
 * - `error` — the check could not run (chain down, DID resolver failing): the report fails closed.
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'error';

/** The result of one named check. */
export interface CheckResult {
  /** Which check. */
  check: CheckName;
  /** What happened. */
  status: CheckStatus;
  /** Stable code (see `docs/error-codes.md`) when `failed` or `error`. */
  code?: ErrorCode;
  /** Operator-facing explanation (English). Never match on it: match on `code`. */
  detail?: string;
  /** `status` check only: the block (decimal string) the on-chain status was read at. */
  blockNumber?: string;
}
