/**
 * Whether a feed item may be listed. Every publication is verified by the pipeline first — signature, DID
 * resolution, issuer accreditation, schema, status entry — so a feed cannot inject a forgery: only credentials whose
 * every check passed are listed, except that a revoked, suspended, expired or not-yet-valid credential (or one whose
 * licence or accreditation lapsed or has not started) is still listed (a register shows withdrawn licences and recalled batches; their live status says so). A check that could
 * not run (chain down) defers the whole page, and so does a credential whose status list is not on-chain yet while
 * its publication is recent (an issuer creates a new list in its next status flush, seconds after issuing): it is
 * rejected only when the list is still missing {@link PENDING_STATUS_LIST_GRACE_MS} after publication.
 *
 * The feed's `anchorProof` of each publication is given to the pipeline. A credential whose anchor is not confirmed
 * yet (`ANCHOR_PENDING`, or `ANCHOR_MISSING` while the feed's `anchorProof` is `null`) is neither listed nor
 * rejected: it waits (`pending`) and is judged again at the next poll, without holding up the rest of the feed,
 * until it can no longer be anchored in time (its `nbf` is more than the verifier's anchor lag in the past).
 */
import { ErrorCodes, type CheckResult, type VerificationReport } from '@medtrust/core';
import type { VerificationEngine } from '../verification-engine.ts';
import { entryOf, type DirectoryEntry } from './directory-entry.ts';
import type { FeedItem } from './feed-client.ts';
import { publishableTypeOf } from './publishable-types.ts';

/** What to do with one feed item. */
export type IngestionVerdict =
  | { verdict: 'list'; entry: DirectoryEntry }
  | { verdict: 'withdraw'; itemId: string }
  | { verdict: 'reject'; itemId: string; type?: string; codes: string[] }
  /** Its anchor is not confirmed yet: keep it aside and judge it again at the next poll. */
  | { verdict: 'pending'; item: FeedItem; codes: string[] }
  /** The pipeline could not decide (chain or resolver down): retry the page later. */
  | { verdict: 'retry'; code: string };

/** How {@link judgeFeedItem} treats anchors that are not confirmed yet. */
export interface IngestionOptions {
  /**
   * How long after a credential's `nbf` it may still be anchored, ms (the verifier's `anchorMaxLagSeconds` plus its
   * clock skew); a credential still waiting beyond it is rejected. 24 h + 60 s by default.
   */
  anchorDeadlineMs?: number;
}

/** Failures that do not keep a genuine credential out of the register (its live status shows them). */
const TOLERATED: ReadonlyMap<string, readonly string[]> = new Map([
  ['status', [ErrorCodes.CREDENTIAL_REVOKED, ErrorCodes.CREDENTIAL_SUSPENDED]],
  [
    'validity',
    [
      ErrorCodes.CREDENTIAL_EXPIRED,
      ErrorCodes.CREDENTIAL_NOT_YET_VALID,
      // a lapsed (or not yet started) licence or accreditation stays in the register, shown as such
      ErrorCodes.SUBJECT_VALIDITY_ENDED,
      ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED,
    ],
  ],
]);

/** How long after its publication a credential whose status list is not on-chain yet is retried (10 minutes). */
export const PENDING_STATUS_LIST_GRACE_MS = 10 * 60_000;

function blocking(check: CheckResult): boolean {
  if (check.status !== 'failed') return false;
  return !(TOLERATED.get(check.check) ?? []).includes(check.code ?? '');
}

/**
 * Judges one feed item.
 * @param engine - the verification pipeline.
 * @param feed - the feed URL.
 * @param item - the item (untrusted).
 * @param now - the time of listing.
 * @returns list it, withdraw it, reject it (with the codes that kept it out), or retry later.
 */
export async function judgeFeedItem(
  engine: Pick<VerificationEngine, 'verifyCredential'>,
  feed: string,
  item: FeedItem,
  now: Date,
  options: IngestionOptions = {},
): Promise<IngestionVerdict> {
  if (item.problem !== undefined) {
    return {
      verdict: 'reject',
      itemId: item.id,
      codes: [ErrorCodes.FORMAT_INVALID],
      ...(item.type ? { type: item.type } : {}),
    };
  }
  if (item.withdrawn) return { verdict: 'withdraw', itemId: item.id };
  let report: VerificationReport;
  try {
    report = await engine.verifyCredential(
      item.jwt,
      item.anchorProof ? { anchorProofs: [item.anchorProof] } : undefined,
    );
  } catch {
    return { verdict: 'retry', code: ErrorCodes.INTERNAL };
  }
  const credential = report.credentials[0];
  const checks = credential?.checks ?? report.checks;
  const errored = checks.find((c) => c.status === 'error');
  if (errored !== undefined) return { verdict: 'retry', code: errored.code ?? ErrorCodes.INTERNAL };
  const summary = credential?.credential;
  const claimedType = summary?.type.find((t) => t !== 'VerifiableCredential') ?? item.type;
  const reject = (codes: string[]): IngestionVerdict => ({
    verdict: 'reject',
    itemId: item.id,
    codes,
    ...(claimedType ? { type: claimedType } : {}),
  });
  const failed = checks.filter(blocking).map((c) => c.code ?? ErrorCodes.FORMAT_INVALID);
  const publishedAt = Date.parse(item.publishedAt ?? '');
  const listPending =
    failed.length > 0 &&
    failed.every((code) => code === ErrorCodes.STATUS_UNAVAILABLE) &&
    Number.isFinite(publishedAt) &&
    now.getTime() - publishedAt < PENDING_STATUS_LIST_GRACE_MS;
  if (listPending) return { verdict: 'retry', code: ErrorCodes.STATUS_UNAVAILABLE };
  const waitingForAnchor = (code: string) =>
    code === ErrorCodes.ANCHOR_PENDING || (code === ErrorCodes.ANCHOR_MISSING && item.anchorProof === null);
  const issuedAt = Date.parse(summary?.issuanceDate ?? '');
  const anchorStillPossible =
    Number.isFinite(issuedAt) &&
    now.getTime() - issuedAt <= (options.anchorDeadlineMs ?? (86_400 + 60) * 1000);
  if (
    failed.some(waitingForAnchor) &&
    failed.every((code) => waitingForAnchor(code) || code === ErrorCodes.STATUS_UNAVAILABLE) &&
    anchorStillPossible
  ) {
    return { verdict: 'pending', item, codes: failed };
  }
  if (summary === undefined) return reject(failed.length > 0 ? failed : [ErrorCodes.FORMAT_INVALID]);
  const type = publishableTypeOf(summary.type);
  if (type === undefined) return reject([ErrorCodes.DIRECTORY_TYPE_NOT_PUBLISHABLE]);
  if (failed.length > 0) return reject(failed);
  const entry = entryOf(
    summary,
    type,
    { feed, itemId: item.id, publishedAt: item.publishedAt ?? now.toISOString() },
    now,
  );
  // The feed's proof served the check that passed: keep it for re-verification (profiles, batches, reviews).
  const anchoring = checks.find((c) => c.check === 'anchoring');
  if (entry !== undefined && anchoring?.status === 'passed' && item.anchorProof) {
    entry.anchorProof = item.anchorProof;
  }
  return entry === undefined ? reject([ErrorCodes.FORMAT_INVALID]) : { verdict: 'list', entry };
}
