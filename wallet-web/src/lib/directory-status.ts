/**
 * A listed credential's live status as shown on a directory page: the badge (the wallet's statuses) and one
 * sentence saying what was checked, and at which block the on-chain registry was read.
 */
import { ANCHOR_CODE_TEXT, anchoredOnChainText, isAnchorPendingOnly } from './anchor-text.ts';
import type { CredentialStatus } from './credential-status.ts';
import { codeText } from './directory-codes.ts';
import { isSubjectValidityCode, subjectValidityText } from './subject-validity-text.ts';
import type { LiveState, LiveStatus } from './directory-types.ts';

// (`Exclude`: a verifier that adds its own `pending` state is read by `isBeingRegistered`)
const BADGE: Record<Exclude<LiveState, 'pending'>, CredentialStatus> = {
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
  return (BADGE as Readonly<Record<string, CredentialStatus>>)[state] ?? 'pending';
}

/**
 * Whether a live status only waits for its issuer's on-chain registration (`ANCHOR_PENDING`, nothing else wrong):
 * shown as pending, never as invalid.
 * @param status - the live status.
 * @returns true when it is being registered.
 */
export function isBeingRegistered(status: Pick<LiveStatus, 'state' | 'failedCodes'>): boolean {
  if ((status.state as string) === 'pending') return true;
  return (
    (status.state === 'invalid' || status.state === 'unavailable') && isAnchorPendingOnly(status.failedCodes)
  );
}

/**
 * The badge of a live status: {@link badgeOfLiveState}, except `pending` for a credential its issuer is still
 * registering on-chain.
 * @param status - the live status.
 * @returns the badge.
 */
export function badgeOfLiveStatus(status: Pick<LiveStatus, 'state' | 'failedCodes'>): CredentialStatus {
  return isBeingRegistered(status) ? 'pending' : badgeOfLiveState(status.state);
}

/**
 * Where and when the credential was registered on-chain, when the live check confirmed it.
 * @param status - the live status.
 * @returns "Registered on-chain on 7 December 2026, 15:31 UTC (block 57)" (the block alone when the verifier sent no
 *   anchor summary), or `undefined`.
 */
export function anchorBlockText(status: LiveStatus): string | undefined {
  if (status.anchor !== undefined) return anchoredOnChainText(status.anchor);
  const check = status.checks.find((c) => c.check === 'anchoring' && c.status === 'passed');
  return check?.blockNumber === undefined ? undefined : `Registered on-chain (block ${check.blockNumber})`;
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
  if (isBeingRegistered(status)) {
    return `${what} is ${ANCHOR_CODE_TEXT.ANCHOR_PENDING.replace(/^B/, 'b')}. Nothing is wrong with it so far.`;
  }
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
    default:
      return `${what} could not be checked just now, so nothing is claimed. Try again later.`;
  }
}
