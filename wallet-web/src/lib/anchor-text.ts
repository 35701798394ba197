/**
 * The `anchoring` check in plain words, for the wallet, the clinic check and the directory: where a credential was
 * registered on-chain ("Registered on-chain on 7 December 2026, 15:31 UTC (block 57)") and what each failure code
 * means. `ANCHOR_PENDING` is not a verdict — the issuer registers credentials every few seconds — so it is always
 * shown as pending, never as invalid.
 * @see ../../../docs/error-codes.md
 */
import type { ErrorCode } from '@medtrust/core';
import type { ReportCredentialSummary } from './verification-report.ts';

/** The verifier's codes of the `anchoring` check. */
export const ANCHOR_CODES = [
  'ANCHOR_MISSING',
  'ANCHOR_PENDING',
  'ANCHOR_INVALID',
  'ANCHOR_LAG_EXCEEDED',
  'ANCHOR_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];

/** One of {@link ANCHOR_CODES}. */
export type AnchorCode = (typeof ANCHOR_CODES)[number];

/** Each code in words. */
export const ANCHOR_CODE_TEXT: Record<AnchorCode, string> = {
  ANCHOR_PENDING: 'Being registered on the public registry — check again in a few seconds',
  ANCHOR_MISSING: 'Not registered by its issuer: this credential cannot be trusted',
  ANCHOR_INVALID: 'The registration record does not match this credential',
  ANCHOR_LAG_EXCEEDED: 'Registered too long after it was dated: it may be backdated',
  ANCHOR_UNAVAILABLE: 'The public registry could not be reached: try again',
};

/**
 * Whether a code is one of {@link ANCHOR_CODES}.
 * @param code - a verifier code.
 * @returns true for an `ANCHOR_*` code.
 */
export function isAnchorCode(code: string | undefined): code is AnchorCode {
  return code !== undefined && Object.hasOwn(ANCHOR_CODE_TEXT, code);
}

/**
 * Whether a list of failure codes says "not registered yet" and nothing worse: the credential is shown as pending.
 * @param codes - codes of the checks that failed or could not run.
 * @returns true when `ANCHOR_PENDING` is among them and every other code is about anchoring too.
 */
export function isAnchorPendingOnly(codes: readonly string[]): boolean {
  return codes.includes('ANCHOR_PENDING') && codes.every((c) => isAnchorCode(c));
}

/**
 * A moment with its time zone, to the minute: `7 December 2026, 15:31 UTC`.
 * @param iso - an ISO 8601 date-time.
 * @returns the words, or undefined when it is not a date.
 */
export function utcDateTimeText(iso: unknown): string | undefined {
  if (typeof iso !== 'string') return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const day = date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const time = date.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  });
  return `${day}, ${time} UTC`;
}

/**
 * Where and when a credential was registered, from its report's summary.
 * @param anchor - `credential.anchor` of a verification report.
 * @returns e.g. `Registered on-chain on 7 December 2026, 15:31 UTC (block 57)`.
 */
export function anchoredOnChainText(
  anchor: Pick<NonNullable<ReportCredentialSummary['anchor']>, 'blockNumber' | 'anchoredAt'>,
): string {
  const when = utcDateTimeText(anchor.anchoredAt);
  return `Registered on-chain${when === undefined ? '' : ` on ${when}`} (block ${anchor.blockNumber})`;
}
