/**
 * The patient's and doctor's signatures of a double-signed review, made in the browser with the wallet's keys:
 * - the patient's `ReviewCredential` (a VCDM 1.1 JWT signed by the DID the treatment was issued to, bound to the
 *   treatment by `treatmentCredentialHash`), and the presentation carrying it with the treatment;
 * - the doctor's reply: a compact JWS over the review's hash and the reply text.
 * The formats are the ones `verifyReview` and `verifyReviewReply` in `@medtrust/core` check.
 * @see ../../../core/src/reviews/verify-review.ts
 * @see ../../../core/src/reviews/review-reply.ts
 */
import { sha256 } from '@noble/hashes/sha256';
import type { HolderKey } from './holder-key.ts';
import { decodeJwt } from './jws.ts';

/** The W3C VCDM 1.1 context. */
const VCDM_V1 = 'https://www.w3.org/2018/credentials/v1';
/** `$id` of the review schema. */
export const REVIEW_SCHEMA_ID = 'https://schemas.medtrust.dev/ReviewCredential/v1/schema.json';
/** `type` claim of a doctor's reply. */
export const REVIEW_REPLY_TYPE = 'MedtrustReviewReply';
/** Longest review or reply text, characters (the schema's and the verifier's bound). */
export const MAX_REVIEW_TEXT_LENGTH = 5000;

/** What a treatment credential says (read from its signed payload). */
export interface TreatmentFacts {
  /** The DID the treatment was issued to (the patient's visit DID). */
  patient: string;
  doctor: string;
  hospital: string;
  procedureCategory: string;
  treatmentDate: string;
  /** The hospital (issuer) DID. */
  issuer: string;
}

/**
 * Reads a treatment credential's facts.
 * @param jwt - a `TreatmentCredential` JWT.
 * @returns the facts, or undefined when it is not a readable treatment credential.
 */
export function treatmentFactsOf(jwt: string): TreatmentFacts | undefined {
  const payload = decodeJwt(jwt)?.payload;
  const vc = payload?.vc as { type?: unknown; credentialSubject?: Record<string, unknown> } | undefined;
  const subject = vc?.credentialSubject;
  if (!Array.isArray(vc?.type) || !vc.type.includes('TreatmentCredential') || !subject) return undefined;
  const patient = payload?.sub ?? subject.id;
  const { doctor, hospital, procedureCategory, treatmentDate } = subject;
  const issuer = payload?.iss;
  if (
    typeof patient !== 'string' ||
    typeof doctor !== 'string' ||
    typeof hospital !== 'string' ||
    typeof procedureCategory !== 'string' ||
    typeof treatmentDate !== 'string' ||
    typeof issuer !== 'string'
  ) {
    return undefined;
  }
  return { patient, doctor, hospital, procedureCategory, treatmentDate, issuer };
}

/**
 * SHA-256 of a compact JWT as `0x` + 64 lowercase hex digits: the hash that binds a review to its treatment and a
 * reply to its review (the same as `credentialJwtHash` in `@medtrust/core`).
 * @param jwt - the compact JWT exactly as issued (surrounding whitespace ignored).
 * @returns the hash.
 */
export function credentialJwtHash(jwt: string): string {
  let hex = '0x';
  for (const byte of sha256(new TextEncoder().encode(jwt.trim()))) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** What the patient writes. */
export interface ReviewDraft {
  /** The treatment credential JWT the review is about. */
  treatmentJwt: string;
  /** Whom the review is about: the treatment's doctor or hospital. */
  about: 'doctor' | 'hospital';
  /** 1 (worst) to 5 (best). */
  rating: number;
  /** The patient's words (may be empty; at most {@link MAX_REVIEW_TEXT_LENGTH} characters). */
  text: string;
}

/** Why a draft cannot be signed. */
export class ReviewDraftError extends Error {
  /**
   * @param message - for the holder.
   * @param field - the draft field at fault.
   */
  constructor(
    message: string,
    readonly field: 'treatmentJwt' | 'about' | 'rating' | 'text' | 'author',
  ) {
    super(message);
    this.name = 'ReviewDraftError';
  }
}

/**
 * Signs a `ReviewCredential` with the key the treatment was issued to.
 * @param author - the key of the treatment's subject (the visit DID).
 * @param draft - treatment, subject, rating and text.
 * @param now - the clock (the review date and `nbf`).
 * @returns the review JWT and the reviewed DID.
 * @throws ReviewDraftError when the draft is incomplete or the key is not the treatment's subject.
 */
export function signReviewCredential(
  author: HolderKey,
  draft: ReviewDraft,
  now: Date = new Date(),
): { jwt: string; about: string } {
  const treatment = treatmentFactsOf(draft.treatmentJwt);
  if (!treatment) throw new ReviewDraftError('this is not a treatment record', 'treatmentJwt');
  if (treatment.patient !== author.did) {
    throw new ReviewDraftError('the treatment record was issued to another DID of yours', 'author');
  }
  if (draft.about !== 'doctor' && draft.about !== 'hospital') {
    throw new ReviewDraftError('choose the doctor or the hospital', 'about');
  }
  if (!Number.isInteger(draft.rating) || draft.rating < 1 || draft.rating > 5) {
    throw new ReviewDraftError('choose a rating from 1 to 5 stars', 'rating');
  }
  const text = draft.text.trim();
  if (text.length > MAX_REVIEW_TEXT_LENGTH) {
    throw new ReviewDraftError(`write at most ${MAX_REVIEW_TEXT_LENGTH} characters`, 'text');
  }
  const about = draft.about === 'doctor' ? treatment.doctor : treatment.hospital;
  const nbf = Math.floor(now.getTime() / 1000);
  const jwt = author.signJwt(
    { typ: 'JWT' },
    {
      iss: author.did,
      sub: about,
      nbf,
      jti: `urn:uuid:${crypto.randomUUID()}`,
      vc: {
        '@context': [VCDM_V1],
        type: ['VerifiableCredential', 'ReviewCredential'],
        credentialSchema: { id: REVIEW_SCHEMA_ID, type: 'JsonSchema' },
        credentialSubject: {
          id: about,
          author: author.did,
          rating: draft.rating,
          text,
          treatmentCredentialHash: credentialJwtHash(draft.treatmentJwt),
          reviewDate: now.toISOString().slice(0, 10),
        },
      },
    },
  );
  return { jwt, about };
}

/**
 * Signs a doctor's reply to a review (`{iss, iat, type: 'MedtrustReviewReply', reviewHash, text}`).
 * @param doctor - the treating doctor's wallet key.
 * @param reviewHash - the review's hash (`0x` + 64 hex digits, as the directory shows it).
 * @param text - the reply (1 to {@link MAX_REVIEW_TEXT_LENGTH} characters).
 * @param now - the clock.
 * @returns the compact JWS.
 * @throws ReviewDraftError when the hash or the text is unusable.
 */
export function signReviewReply(doctor: HolderKey, reviewHash: string, text: string, now: Date = new Date()) {
  if (!/^0x[0-9a-f]{64}$/.test(reviewHash.toLowerCase())) {
    throw new ReviewDraftError('this review has no hash to reply to', 'treatmentJwt');
  }
  const reply = text.trim();
  if (reply.length === 0 || reply.length > MAX_REVIEW_TEXT_LENGTH) {
    throw new ReviewDraftError(`write 1 to ${MAX_REVIEW_TEXT_LENGTH} characters`, 'text');
  }
  return doctor.signJwt(
    { typ: 'JWT' },
    {
      iss: doctor.did,
      iat: Math.floor(now.getTime() / 1000),
      type: REVIEW_REPLY_TYPE,
      reviewHash: reviewHash.toLowerCase(),
      text: reply,
    },
  );
}
