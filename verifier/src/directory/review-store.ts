/**
 * Published reviews and doctors' replies. A review's public view (`publicReviewView`: no patient DID, no treatment
 * JWT) is what routes read; the presentation and full report are kept apart in `review_evidence` for dispute export
 * and are never read by a public route.
 */
import type { PublicReviewView } from '@medtrust/core';
import type { SqliteConnection } from './directory-database.ts';
import { didKey } from './did-key.ts';

/** A published review as the public sees it. */
export interface StoredReview {
  /** The directory's id of the review. */
  id: string;
  /** SHA-256 of the review credential's JWT (what replies are bound to). */
  reviewHash: string;
  /** The reviewed doctor or hospital. */
  subject: string;
  subjectRole: 'doctor' | 'hospital';
  view: PublicReviewView;
  publishedAt: string;
}

/** The private evidence of a review (never served by a public route). */
export interface ReviewEvidence {
  /** The patient's presentation, as received. */
  presentation: unknown;
  /** The licences and hospital accreditations the review was verified with. */
  standing: { licences: readonly string[]; hospitalAccreditations: readonly string[] };
  /** The full `verifyReview` report. */
  report: unknown;
  receivedAt: string;
}

/** A new review with its private evidence. */
export interface NewReview extends StoredReview {
  /**
   * SHA-256 of the treatment credential's JWS signing input (`credentialSigningInputHash`, the report's
   * `treatment.signedContentHash`): one review per treatment and reviewed party, whatever byte form of the signed
   * treatment JWT each review was bound to.
   */
  treatmentHash: string;
  evidence: ReviewEvidence;
}

/** A doctor's verified reply. */
export interface StoredReply {
  id: string;
  reviewId: string;
  doctor: string;
  text: string;
  repliedAt: string;
  publishedAt: string;
}

/** Outcome of {@link ReviewStore.insertReview}. */
export type ReviewInsertion =
  | { status: 'inserted'; review: StoredReview }
  /** The same review credential was published before. */
  | { status: 'duplicate'; review: StoredReview }
  /** Another review of the same treatment and party exists. */
  | { status: 'conflict' };

/** Outcome of {@link ReviewStore.insertReply}. */
export type ReplyInsertion =
  | { status: 'inserted'; reply: StoredReply }
  | { status: 'duplicate'; reply: StoredReply }
  | { status: 'full' };

interface ReviewRow {
  id: string;
  review_hash: string;
  subject: string;
  subject_role: string;
  view: string;
  published_at: string;
}

interface ReplyRow {
  id: string;
  review_id: string;
  doctor: string;
  text: string;
  replied_at: string;
  published_at: string;
}

function reviewOfRow(row: ReviewRow): StoredReview {
  return {
    id: row.id,
    reviewHash: row.review_hash,
    subject: row.subject,
    subjectRole: row.subject_role as StoredReview['subjectRole'],
    view: JSON.parse(row.view) as PublicReviewView,
    publishedAt: row.published_at,
  };
}

function replyOfRow(row: ReplyRow): StoredReply {
  return {
    id: row.id,
    reviewId: row.review_id,
    doctor: row.doctor,
    text: row.text,
    repliedAt: row.replied_at,
    publishedAt: row.published_at,
  };
}

const REVIEW_COLUMNS = 'id, review_hash, subject, subject_role, view, published_at';
const REPLY_COLUMNS = 'id, review_id, doctor, text, replied_at, published_at';

/** Reviews, their private evidence and replies in the directory database. */
export class ReviewStore {
  readonly #db: SqliteConnection;

  /** @param db - the open directory database. */
  constructor(db: SqliteConnection) {
    this.#db = db;
  }

  /**
   * Stores a verified review and its evidence, once per review credential and once per (treatment, party).
   * @param review - the public view, keys and private evidence.
   * @returns inserted, the earlier copy of the same review, or a conflict.
   */
  insertReview(review: NewReview): ReviewInsertion {
    return this.#db
      .transaction((): ReviewInsertion => {
        const same = this.#db
          .prepare<[string], ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE review_hash = ?`)
          .get(review.reviewHash);
        if (same !== undefined) return { status: 'duplicate', review: reviewOfRow(same) };
        const other = this.#db
          .prepare<[string, string], { id: string }>(
            'SELECT id FROM reviews WHERE treatment_hash = ? AND subject_key = ?',
          )
          .get(review.treatmentHash, didKey(review.subject));
        if (other !== undefined) return { status: 'conflict' };
        this.#db
          .prepare(
            `INSERT INTO reviews (id, review_hash, treatment_hash, subject, subject_key, subject_role, view,
               published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            review.id,
            review.reviewHash,
            review.treatmentHash,
            review.subject,
            didKey(review.subject),
            review.subjectRole,
            JSON.stringify(review.view),
            review.publishedAt,
          );
        this.#db
          .prepare(
            'INSERT INTO review_evidence (review_id, presentation, standing, report, received_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(
            review.id,
            JSON.stringify(review.evidence.presentation),
            JSON.stringify(review.evidence.standing),
            JSON.stringify(review.evidence.report),
            review.evidence.receivedAt,
          );
        const { evidence: _evidence, treatmentHash: _treatment, ...stored } = review;
        return { status: 'inserted', review: stored };
      })
      .immediate();
  }

  /**
   * @param id - a review id.
   * @returns the review, or `undefined`.
   */
  review(id: string): StoredReview | undefined {
    const row = this.#db
      .prepare<[string], ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE id = ?`)
      .get(id);
    return row === undefined ? undefined : reviewOfRow(row);
  }

  /**
   * Reviews of a doctor or hospital, newest first.
   * @param did - the reviewed party.
   * @param limit - at most this many.
   * @returns the reviews.
   */
  reviewsAbout(did: string, limit: number): StoredReview[] {
    return this.#db
      .prepare<[string, number], ReviewRow>(
        `SELECT ${REVIEW_COLUMNS} FROM reviews WHERE subject_key = ? ORDER BY published_at DESC, rowid DESC LIMIT ?`,
      )
      .all(didKey(did), limit)
      .map(reviewOfRow);
  }

  /**
   * Count and average rating of a party's reviews.
   * @param did - the reviewed party.
   * @returns the count and the average (`null` without reviews).
   */
  ratingOf(did: string): { count: number; average: number | null } {
    const row = this.#db
      .prepare<[string], { n: number; average: number | null }>(
        `SELECT COUNT(*) AS n, AVG(json_extract(view, '$.rating')) AS average FROM reviews WHERE subject_key = ?`,
      )
      .get(didKey(did));
    const average = row?.average ?? null;
    return { count: row?.n ?? 0, average: average === null ? null : Math.round(average * 100) / 100 };
  }

  /**
   * The private evidence of a review, for a dispute export by the operator. Never call it from a public route.
   * @param id - the review id.
   * @returns the evidence, or `undefined`.
   */
  evidenceOf(id: string): ReviewEvidence | undefined {
    const row = this.#db
      .prepare<[string], { presentation: string; standing: string; report: string; received_at: string }>(
        'SELECT presentation, standing, report, received_at FROM review_evidence WHERE review_id = ?',
      )
      .get(id);
    if (row === undefined) return undefined;
    return {
      presentation: JSON.parse(row.presentation) as unknown,
      standing: JSON.parse(row.standing) as ReviewEvidence['standing'],
      report: JSON.parse(row.report) as unknown,
      receivedAt: row.received_at,
    };
  }

  /**
   * Stores a verified reply (once per signed reply; at most `maxReplies` per review).
   * @param reply - the reply.
   * @param jws - its compact JWS.
   * @param jwsHash - SHA-256 of the JWS.
   * @param maxReplies - the most replies one review may carry.
   * @returns inserted, the earlier copy, or `full`.
   */
  insertReply(reply: StoredReply, jws: string, jwsHash: string, maxReplies: number): ReplyInsertion {
    return this.#db
      .transaction((): ReplyInsertion => {
        const same = this.#db
          .prepare<[string], ReplyRow>(`SELECT ${REPLY_COLUMNS} FROM review_replies WHERE jws_hash = ?`)
          .get(jwsHash);
        if (same !== undefined) return { status: 'duplicate', reply: replyOfRow(same) };
        const count =
          this.#db
            .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM review_replies WHERE review_id = ?')
            .get(reply.reviewId)?.n ?? 0;
        if (count >= maxReplies) return { status: 'full' };
        this.#db
          .prepare(
            `INSERT INTO review_replies (id, review_id, jws_hash, jws, doctor, text, replied_at, published_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            reply.id,
            reply.reviewId,
            jwsHash,
            jws,
            reply.doctor,
            reply.text,
            reply.repliedAt,
            reply.publishedAt,
          );
        return { status: 'inserted', reply };
      })
      .immediate();
  }

  /**
   * Replies to reviews, oldest first.
   * @param reviewIds - the reviews.
   * @returns the replies by review id.
   */
  repliesOf(reviewIds: readonly string[]): Map<string, StoredReply[]> {
    const out = new Map<string, StoredReply[]>(reviewIds.map((id) => [id, []]));
    if (reviewIds.length === 0) return out;
    const rows = this.#db
      .prepare<string[], ReplyRow>(
        `SELECT ${REPLY_COLUMNS} FROM review_replies WHERE review_id IN (${reviewIds.map(() => '?').join(', ')})
         ORDER BY published_at, rowid`,
      )
      .all(...reviewIds);
    for (const row of rows) out.get(row.review_id)?.push(replyOfRow(row));
    return out;
  }
}
