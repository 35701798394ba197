/**
 * A doctor's public reply to a review: a compact JWS signed by the treatment's doctor (an `assertionMethod` key of
 * their DID) over the review's hash and the reply text. The review itself is signed by the patient, so nobody —
 * doctor, hospital or platform — can alter the patient's words; the reply is bound to exactly one review.
 *
 * Header `{ alg, typ: 'JWT', kid? }`; payload:
 * `{ iss: <doctor DID>, iat: <seconds>, type: 'MedtrustReviewReply', reviewHash: <0x… SHA-256 of the review's compact JWT>, text }`.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
import type { JwsAlgorithm } from '../verification/signature-verifier.ts';

/** The `type` claim of a reply. */
export const REVIEW_REPLY_TYPE = 'MedtrustReviewReply';

/** Longest reply text, characters (as a review's). */
export const MAX_REPLY_TEXT_LENGTH = 5000;

/** What a verified reply says. */
export interface ReviewReply {
  /** The doctor (signer) DID. */
  doctor: string;
  /** The review it answers: SHA-256 of the review's compact JWT. */
  reviewHash: string;
  text: string;
  /** When it was signed (`iat`), ISO 8601. */
  repliedAt: string;
}

/**
 * Signs bytes, as did-jwt's `Signer` does (`ES256KSigner`, `EdDSASigner`): returns the JWS signature as base64url
 * text, raw bytes, or an `{ r, s, recoveryParam }` hex object.
 */
export type ReplySigner = (
  data: Uint8Array,
) => Promise<string | Uint8Array | { r: string; s: string; recoveryParam?: number | null }>;

/** What {@link createReviewReply} needs. */
export interface CreateReviewReplyOptions {
  /** The doctor's DID (the treatment's `doctor`). */
  doctor: string;
  /** Signs with one of the doctor's `assertionMethod` keys. */
  signer: ReplySigner;
  /** The review's hash (`ReviewReport.review.hash`, or `credentialJwtHash(<review JWT>)`). */
  reviewHash: string;
  /** The reply text (at most {@link MAX_REPLY_TEXT_LENGTH} characters). */
  text: string;
  /** `ES256K` by default. */
  alg?: JwsAlgorithm;
  /** The verification method id to name in the header. */
  kid?: string;
  /** When it is signed; now by default. */
  repliedAt?: Date;
}
