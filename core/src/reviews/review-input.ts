/**
 * What `verifyTreatment` and `verifyReview` are asked about and what they need injected.
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';

/**
 * The credentials of one treatment (and its review). Untrusted and optional: whatever is missing or malformed is
 * reported, never thrown. Credentials may be compact JWTs, JSON forms with a `JwtProof2020` proof, or VCDM 2.0
 * envelopes.
 */
export interface ReviewInput {
  /**
   * A presentation signed by the patient (the review's author) carrying the review and the treatment (and possibly
   * the doctor's licence and the hospital's accreditation).
   */
  presentation?: unknown;
  /** The `TreatmentCredential`, when not in the presentation. */
  treatment?: unknown;
  /** The `ReviewCredential`, when not in the presentation. */
  review?: unknown;
  /** `MedicalLicenseCredential`s of the doctor (any number). */
  licences?: readonly unknown[];
  /** `HospitalAccreditationCredential`s of the hospital (any number). */
  hospitalAccreditations?: readonly unknown[];
}

/** A treatment's credentials: {@link ReviewInput} without the review. */
export type TreatmentInput = Omit<ReviewInput, 'review'>;

/** Options of `verifyTreatment` and `verifyReview`. */
export interface ReviewOptions {
  /** The clock "today" is judged against (future treatment dates); pass the verifier's. `() => new Date()` by default. */
  clock?: () => Date;
  /** Looks up a doctor's licences (e.g. from the licensing body's register). */
  licencesOf?: (doctorDid: string) => Promise<readonly unknown[]>;
  /** Looks up a hospital's accreditations. */
  hospitalAccreditationsOf?: (hospitalDid: string) => Promise<readonly unknown[]>;
  /** The presentation's expected challenge (nonce). */
  challenge?: string;
  /** The presentation's expected audience. */
  domain?: string;
  /** Refuse a presentation without a valid challenge (see `VerifyOptions.requireChallenge`). */
  requireChallenge?: boolean;
  /**
   * Re-verification of a presentation recorded earlier (evidence bundles): its challenge, audience and validity
   * window were judged when it was first presented and are not judged again.
   */
  historicalPresentation?: boolean;
}

/**
 * Checks caller-supplied options (code, not untrusted input: a wrong one throws).
 * @param options - the options, or undefined.
 * @returns the options, typed.
 * @throws MedtrustError `INVALID_ARGUMENT` when a member has the wrong type.
 */
export function validateReviewOptions(options: unknown): ReviewOptions {
  if (options === undefined || options === null) return {};
  const bad = (detail: string) => new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `review options: ${detail}`);
  if (typeof options !== 'object') throw bad('must be an object');
  const o = options as Record<string, unknown>;
  for (const name of ['clock', 'licencesOf', 'hospitalAccreditationsOf'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function') throw bad(`${name} must be a function`);
  }
  for (const name of ['requireChallenge', 'historicalPresentation'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'boolean') throw bad(`${name} must be a boolean`);
  }
  return options as ReviewOptions;
}
