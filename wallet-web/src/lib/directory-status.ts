/**
 * A listed credential's live status as shown on a directory page: the badge (the wallet's statuses) and one
 * sentence saying what was checked, and at which block the on-chain registry was read.
 */
import type { CredentialStatus } from './credential-status.ts';
import { codeText } from './directory-codes.ts';
import { isSubjectValidityCode, subjectValidityText } from './subject-validity-text.ts';
import type { LiveState, LiveStatus } from './directory-types.ts';

const BADGE: Record<LiveState, CredentialStatus> = {
  verified: 'valid',
  revoked: 'revoked',
  suspended: 'suspended',
  expired: 'expired',
  'not-yet-valid': 'not-yet-valid',
  invalid: 'invalid',
  unavailable: 'unknown',
};

/**
 * The badge of a live state.
 * @param state - the directory's state.
 * @returns `valid`, `revoked`, `suspended`, `expired`, `not-yet-valid`, `invalid` or `unknown`.
 */
export function badgeOfLiveState(state: LiveState): CredentialStatus {
  return BADGE[state];
}

/**
 * Where the status was read.
 * @param status - the live status.
 * @returns "Checked on-chain at block 57", or "Checked" without a block.
 */
export function statusBlockText(status: LiveStatus): string {
  return status.blockNumber === undefined ? 'Checked' : `Checked on-chain at block ${status.blockNumber}`;
}

/**
 * The licence's or accreditation's own dates, when the live status failed on them ("Licence lapsed on
 * 31 December 2026 (UTC)").
 * @param status - the live status.
 * @param credential - the listed credential's type and claims.
 * @returns the words, or `undefined` when its dates are not what failed.
 */
export function subjectValidityOfLiveStatus(
  status: LiveStatus,
  credential: { type: string; claims: Readonly<Record<string, unknown>> } | undefined,
): string | undefined {
  if (status.state !== 'expired' && status.state !== 'not-yet-valid') return undefined;
  const code = status.failedCodes.find(isSubjectValidityCode);
  return code === undefined ? undefined : subjectValidityText(code, credential?.type, credential?.claims);
}

/**
 * One sentence explaining a live status.
 * @param status - the live status.
 * @param what - what the credential is, e.g. "This licence".
 * @param credential - the listed credential's type and claims, to say a lapsed licence or accreditation with its
 *   date.
 * @returns the sentence.
 */
export function liveStatusSentence(
  status: LiveStatus,
  what = 'This credential',
  credential?: { type: string; claims: Readonly<Record<string, unknown>> },
): string {
  const lapsed = subjectValidityOfLiveStatus(status, credential);
  if (lapsed !== undefined) return `${lapsed}. ${what} is not valid.`;
  switch (status.state) {
    case 'verified':
      return `${what} is valid: signature, issuer accreditation, dates and the on-chain registry all check out.`;
    case 'revoked':
      return `${what} was revoked by its issuer. It is no longer valid.`;
    case 'suspended':
      return `${what} is suspended by its issuer. It is not valid while suspended.`;
    case 'expired':
      return `${what} has expired.`;
    case 'not-yet-valid':
      return `${what} is not valid yet.`;
    case 'unavailable':
      return `${what} could not be checked just now (a service did not answer), so nothing is claimed. Try again later.`;
    case 'invalid': {
      const reasons = [...new Set(status.failedCodes)].map(codeText);
      return `${what} is not valid${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}.`;
    }
  }
}
