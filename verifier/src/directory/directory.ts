/**
 * The public directory: a read-only view over what issuers chose to publish (searched, profiled, batch pages with
 * provenance), plus patients' verified reviews and doctors' replies. Everything it shows is verified by the pipeline
 * at ingestion; profiles show each credential's stored verification, verified again whenever a relevant chain event
 * arrives (see `DirectoryRechecker`); batch pages verify provenance when shown.
 */
import type { DirectoryContext } from './directory-context.ts';
import { decodeSearchCursor, encodeSearchCursor, type PartySearch } from './directory-index.ts';
import type { DirectorySearch } from './directory-params.ts';
import { didKey } from './did-key.ts';
import type { FeedState } from './entry-store.ts';
import type { PartyRow } from './party-row.ts';
import { queryTokensOf } from './search-text.ts';
import { buildBatchViews, batchSummaryOf, type BatchSummary, type BatchView } from './batch-view.ts';
import { buildProfile, type ProfileView } from './profile-view.ts';
import { publishedReviewOf, type PublishedReview } from './published-review.ts';
import {
  publishReply,
  publishReview,
  type ReplyPublication,
  type ReviewPublication,
} from './review-publication.ts';
import type { ReviewEvidence } from './review-store.ts';

/** One search hit: a doctor, hospital or supplier (the index row's public fields, and the path of its profile). */
export type SearchHit = Pick<
  PartyRow,
  'did' | 'kind' | 'name' | 'number' | 'jurisdiction' | 'issuer' | 'specialty' | 'role' | 'credentials'
> & {
  /** Path of the profile. */
  profile: string;
};

/** One page of search hits. */
export interface SearchResults {
  items: SearchHit[];
  /** The `after` parameter of the next page, when there are more hits. */
  next?: string;
}

function hitOf(row: PartyRow): SearchHit {
  const out: SearchHit = {
    did: row.did,
    kind: row.kind,
    issuer: row.issuer,
    credentials: row.credentials,
    profile: `/directory/profiles/${encodeURIComponent(row.did)}`,
  };
  if (row.name !== undefined) out.name = row.name;
  if (row.number !== undefined) out.number = row.number;
  if (row.jurisdiction !== undefined) out.jurisdiction = row.jurisdiction;
  if (row.specialty !== undefined) out.specialty = row.specialty;
  if (row.role !== undefined) out.role = row.role;
  return out;
}

/** The directory's operations (the HTTP routes are a thin layer over them). */
export class Directory {
  readonly #ctx: DirectoryContext;
  readonly #feeds: readonly string[];

  /**
   * @param ctx - store, pipeline, chain sources, clock, logger, limits.
   * @param feeds - the configured feed URLs (for their status).
   */
  constructor(ctx: DirectoryContext, feeds: readonly string[] = []) {
    this.#ctx = ctx;
    this.#feeds = feeds;
  }

  /** The directory's bounds. */
  get limits(): DirectoryContext['limits'] {
    return this.#ctx.limits;
  }

  /**
   * Searches doctors, hospitals and suppliers through the index (see `DirectoryIndex` for the semantics).
   * @param search - words, kind, jurisdiction, limit, offset, after (already validated).
   * @returns one page of hits and the cursor of the next.
   */
  async search(search: DirectorySearch): Promise<SearchResults> {
    const party: PartySearch = { limit: search.limit, offset: search.offset };
    if (search.kind !== undefined) party.kind = search.kind;
    if (search.jurisdiction !== undefined) party.jurisdiction = search.jurisdiction;
    if (search.after !== undefined) {
      const after = decodeSearchCursor(search.after);
      if (after !== undefined) party.after = after;
    }
    const q = search.q?.trim();
    if (q !== undefined && q !== '') {
      if (/^did:\S+$/.test(q)) party.subjectKey = didKey(q);
      else {
        party.tokens = queryTokensOf(q);
        if (party.tokens.length === 0) return { items: [] }; // nothing searchable in it: nothing matches
      }
    }
    const page = await this.#ctx.index.search(party);
    const results: SearchResults = { items: page.items.map(hitOf) };
    if (page.next !== undefined) results.next = encodeSearchCursor(page.next);
    return results;
  }

  /**
   * A party's profile with live statuses, accreditation chains and reviews.
   * @param did - the party.
   * @returns the profile, or `undefined` when unknown.
   */
  profile(did: string): Promise<ProfileView | undefined> {
    return buildProfile(this.#ctx, did);
  }

  /**
   * The pages of a batch (every batch credential claiming the id).
   * @param batchId - `urn:gtin:<gtin>:lot:<lot>`.
   * @returns the pages; empty when unknown.
   */
  batch(batchId: string): Promise<BatchView[]> {
    return buildBatchViews(this.#ctx, batchId);
  }

  /**
   * Batches of a product.
   * @param gtin - the GTIN.
   * @param limit - at most this many.
   * @param offset - skip this many.
   * @returns the summaries, newest first.
   */
  batchesOf(gtin: string, limit: number, offset: number): BatchSummary[] {
    return this.#ctx.store.entries.batchesByGtin(gtin, undefined, limit, offset).map(batchSummaryOf);
  }

  /**
   * The batch ids listed for a product and lot.
   * @param gtin - the GTIN.
   * @param lot - the lot.
   * @returns the ids (normally one).
   */
  batchIdsOf(gtin: string, lot: string): string[] {
    return [
      ...new Set(
        this.#ctx.store.entries
          .batchesByGtin(gtin, lot, this.#ctx.limits.maxBatchCandidates, 0)
          .map((b) => b.batchId ?? b.subject),
      ),
    ];
  }

  /**
   * One published review with its replies.
   * @param id - the review id.
   * @returns the review, or `undefined`.
   */
  review(id: string): PublishedReview | undefined {
    const review = this.#ctx.store.reviews.review(id);
    if (review === undefined) return undefined;
    return publishedReviewOf(review, this.#ctx.store.reviews.repliesOf([id]).get(id) ?? []);
  }

  /**
   * Verifies and publishes a patient's review (see `publishReview`).
   * @param presentation - the patient's presentation.
   * @param options - an issued challenge, if the presentation carries one.
   * @returns the outcome.
   */
  publishReview(presentation: unknown, options: { challenge?: string } = {}): Promise<ReviewPublication> {
    return publishReview(this.#ctx, presentation, options);
  }

  /**
   * Verifies and attaches a doctor's reply (see `publishReply`).
   * @param reviewId - the review.
   * @param reply - the reply's compact JWS.
   * @returns the outcome.
   */
  publishReply(reviewId: string, reply: string): Promise<ReplyPublication> {
    return publishReply(this.#ctx, reviewId, reply);
  }

  /**
   * The private evidence of a review, for an operator's dispute export (never served publicly).
   * @param id - the review id.
   * @returns the evidence, or `undefined`.
   */
  reviewEvidence(id: string): ReviewEvidence | undefined {
    return this.#ctx.store.reviews.evidenceOf(id);
  }

  /** @returns the state of every configured feed. */
  feeds(): FeedState[] {
    return this.#feeds.map((url) => this.#ctx.store.entries.feedState(url));
  }
}
