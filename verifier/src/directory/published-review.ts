/**
 * A review as the directory serves it: `publicReviewView` (rating, text, date, procedure category and the verified
 * facts — never the patient's DID or the treatment credential) plus its id, publication date and the treating
 * doctor's verified replies.
 */
import type { PublicReviewView } from '@medtrust/core';
import type { StoredReply, StoredReview } from './review-store.ts';

/** A doctor's reply as served. */
export interface PublishedReply {
  id: string;
  /** The doctor's DID (the reply's verified signer). */
  doctor: string;
  text: string;
  repliedAt: string;
  publishedAt: string;
}

/** A review as served. */
export interface PublishedReview extends PublicReviewView {
  id: string;
  publishedAt: string;
  replies: PublishedReply[];
}

/**
 * The served form of a reply.
 * @param reply - the stored reply.
 * @returns the public fields.
 */
export function publishedReplyOf(reply: StoredReply): PublishedReply {
  return {
    id: reply.id,
    doctor: reply.doctor,
    text: reply.text,
    repliedAt: reply.repliedAt,
    publishedAt: reply.publishedAt,
  };
}

/**
 * The served form of a review.
 * @param review - the stored review (its public view only).
 * @param replies - its replies.
 * @returns the review with id, date and replies.
 */
export function publishedReviewOf(review: StoredReview, replies: readonly StoredReply[]): PublishedReview {
  return {
    id: review.id,
    publishedAt: review.publishedAt,
    ...review.view,
    replies: replies.map(publishedReplyOf),
  };
}
