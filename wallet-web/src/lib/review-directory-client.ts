/**
 * The wallet's calls to a medtrust directory for reviews: publish a patient's review (a presentation bound to a
 * fresh challenge), read the reviews about a doctor, attach the doctor's reply. Refusals are explained in plain
 * language from their stable codes.
 * @see ../../../verifier/src/directory/directory-routes.ts
 */
import { ApiError } from './api-error.ts';
import type { PublishedReply, PublishedReview } from './directory-types.ts';
import { apiErrorOf, fetchJson, type FetchLike } from './fetch-json.ts';

/** The directory refused a review or reply: every failed check's code, and the sentence for the holder. */
export class ReviewRefusedError extends Error {
  /**
   * @param codes - stable codes of the checks that failed (first is the HTTP answer's `code`).
   * @param status - HTTP status (409 for a second review of the same treatment, 422 when it did not verify).
   */
  constructor(
    readonly codes: readonly string[],
    readonly status: number,
  ) {
    super(explainReviewCodes(codes));
    this.name = 'ReviewRefusedError';
  }
}

const REASONS: Record<string, string> = {
  REVIEW_WITHOUT_TREATMENT: 'the review is not bound to a treatment record you hold',
  REVIEW_AUTHOR_MISMATCH: 'the review was not signed by the patient the treatment record names',
  REVIEW_SUBJECT_MISMATCH: 'the review is about someone other than the treatment’s doctor or hospital',
  LICENCE_NOT_VALID_AT_TREATMENT:
    'the directory has no valid licence of the doctor for the day of the treatment (it may not be published, or was suspended or revoked then)',
  HOSPITAL_NOT_ACCREDITED_AT_TREATMENT:
    'the directory has no valid accreditation of the hospital for the day of the treatment',
  TREATMENT_REVOKED: 'the hospital has revoked or suspended the treatment record',
  TREATMENT_ISSUER_MISMATCH: 'the treatment record was not issued by the hospital it names',
  TREATMENT_DATE_INVALID: 'the treatment date is not valid',
  REPLY_NOT_BY_TREATING_DOCTOR: 'only the doctor who gave the treatment can reply to this review',
  REPLY_REVIEW_MISMATCH: 'the reply is bound to another review',
  CONFLICT: 'this treatment already has a published review of this doctor or hospital',
  SIGNATURE_INVALID: 'a signature does not verify',
  STATUS_UNAVAILABLE: 'the revocation registry could not be read just now; try again in a moment',
  CHALLENGE_INVALID: 'the directory’s challenge expired; try again',
  CHALLENGE_REPLAYED: 'the directory’s challenge was already used; try again',
  RATE_LIMITED: 'too many submissions from this connection; wait a minute and try again',
};

/**
 * One sentence explaining why a review or reply was refused.
 * @param codes - the failed checks' codes.
 * @returns the sentence (the codes themselves when none is known).
 */
export function explainReviewCodes(codes: readonly string[]): string {
  const reasons = [...new Set(codes)].map((code) => REASONS[code] ?? `check ${code} failed`);
  if (reasons.length === 0) return 'The directory refused it.';
  const text = reasons.join('; ');
  return `The directory refused it: ${text}.`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function postJson<T>(fetchFn: FetchLike, url: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'cannot reach the directory');
  }
  if (response.status === 409 || response.status === 422) {
    const answer: unknown = await response.json().catch(() => undefined);
    const report = isObject(answer) && isObject(answer.report) ? answer.report : undefined;
    const failed = Array.isArray(report?.failedCodes)
      ? report.failedCodes
      : Array.isArray(report?.checks)
        ? report.checks
            .filter((c) => isObject(c) && (c.status === 'failed' || c.status === 'error'))
            .map((c) => (c as { code?: unknown }).code)
        : [];
    const codes = failed.filter((c): c is string => typeof c === 'string');
    const code = isObject(answer) && typeof answer.code === 'string' ? answer.code : 'REJECTED';
    throw new ReviewRefusedError(codes.length > 0 ? codes : [code], response.status);
  }
  if (response.status === 429) throw new ReviewRefusedError(['RATE_LIMITED'], 429);
  if (!response.ok) throw await apiErrorOf(response);
  return (await response.json()) as T;
}

/**
 * The directory's review calls.
 * @param base - the verifier's base URL (e.g. `/api/verifier`).
 * @param fetchFn - fetch.
 * @returns the calls.
 */
export function reviewDirectoryClient(base: string, fetchFn: FetchLike) {
  const root = base.replace(/\/+$/, '');
  return {
    /**
     * A fresh single-use challenge (VC-API `POST /challenges`) for the review presentation's nonce.
     * @returns the challenge.
     */
    async challenge(): Promise<string> {
      const answer = await fetchJson<{ challenge?: unknown }>(fetchFn, `${root}/challenges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (typeof answer?.challenge !== 'string')
        throw new ApiError(502, 'BAD_ANSWER', 'no challenge came back');
      return answer.challenge;
    },

    /**
     * Publishes a review.
     * @param presentation - the VP JWT (review + treatment) signed by the author, with `nonce` = `challenge`.
     * @param challenge - the challenge it is bound to.
     * @returns the published review.
     * @throws ReviewRefusedError when the directory refuses it; ApiError otherwise.
     */
    publishReview(presentation: string, challenge: string): Promise<PublishedReview> {
      return postJson(fetchFn, `${root}/directory/reviews`, {
        verifiablePresentation: presentation,
        challenge,
      });
    },

    /**
     * The published reviews about a doctor or hospital.
     * @param did - the doctor's or hospital's DID.
     * @returns the reviews, newest first (none when the directory knows nothing about the DID).
     */
    async reviewsAbout(did: string): Promise<PublishedReview[]> {
      try {
        const profile = await fetchJson<{ reviews?: PublishedReview[] }>(
          fetchFn,
          `${root}/directory/profiles/${encodeURIComponent(did)}`,
        );
        return Array.isArray(profile?.reviews) ? profile.reviews : [];
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return [];
        throw error;
      }
    },

    /**
     * Attaches a doctor's signed reply to a review.
     * @param reviewId - the review.
     * @param reply - the reply JWS.
     * @returns the published reply.
     * @throws ReviewRefusedError when the directory refuses it; ApiError otherwise.
     */
    publishReply(reviewId: string, reply: string): Promise<PublishedReply> {
      return postJson(fetchFn, `${root}/directory/reviews/${encodeURIComponent(reviewId)}/replies`, {
        reply,
      });
    },
  };
}
