/**
 * Reports of treatment and review verification, in the pipeline's shape: named checks, `verified`, and every
 * pipeline report behind the answer.
 * @see ../verification/verification-report.ts
 */
import type { DomainCheckResult } from '../provenance/domain-check.ts';
import type { CredentialReport } from '../verification/verification-report.ts';

/**
 * Checks of a treatment report, in report order:
 * - `presentation` — the holder-signed presentation's own checks (skipped when the credentials came loose);
 * - `treatment-credential` — the `TreatmentCredential` verified by the pipeline (presented by its patient when it
 *   came in a presentation); its status is judged by `treatment-status`;
 * - `treatment-status` — not revoked or suspended by the hospital (`TREATMENT_REVOKED`);
 * - `treatment-issuer` — issued by the hospital it names (`TREATMENT_ISSUER_MISMATCH`);
 * - `treatment-date` — a real date, not in the future, not after the credential's issuance (`TREATMENT_DATE_INVALID`);
 * - `hospital-accreditation` — a `HospitalAccreditationCredential` about the hospital valid as of the treatment
 *   (`HOSPITAL_NOT_ACCREDITED_AT_TREATMENT`);
 * - `doctor-licence` — a `MedicalLicenseCredential` about the doctor valid as of the treatment, in a jurisdiction
 *   covering the hospital's (`LICENCE_NOT_VALID_AT_TREATMENT`).
 */
export const TREATMENT_CHECK_NAMES = [
  'presentation',
  'treatment-credential',
  'treatment-status',
  'treatment-issuer',
  'treatment-date',
  'hospital-accreditation',
  'doctor-licence',
] as const;

/** One check of a treatment report. */
export type TreatmentCheckName = (typeof TREATMENT_CHECK_NAMES)[number];

/**
 * Checks of a review report, in report order: `presentation`; then
 * - `review-credential` — the `ReviewCredential` verified by the pipeline (signed by its author);
 * - `review-binding` — its `treatmentCredentialHash` is the hash of the treatment given, and it is not dated before
 *   the treatment (`REVIEW_WITHOUT_TREATMENT`);
 * - `review-author` — signed by its `author`, who is the treatment's subject or proved control of it, and who
 *   signed the presentation (`REVIEW_AUTHOR_MISMATCH`);
 * - `review-subject` — about the treatment's doctor or hospital (`REVIEW_SUBJECT_MISMATCH`);
 * then the treatment's checks (see {@link TREATMENT_CHECK_NAMES}).
 */
export const REVIEW_CHECK_NAMES = [
  'presentation',
  'review-credential',
  'review-binding',
  'review-author',
  'review-subject',
  'treatment-credential',
  'treatment-status',
  'treatment-issuer',
  'treatment-date',
  'hospital-accreditation',
  'doctor-licence',
] as const;

/** One check of a review report. */
export type ReviewCheckName = (typeof REVIEW_CHECK_NAMES)[number];

/** What the treatment credential says. */
export interface TreatmentSummary {
  credentialId?: string;
  /** `treatmentCredentialHash(jwt)`. */
  hash: `0x${string}`;
  /**
   * `credentialSigningInputHash(jwt)`: the same for every byte form of this signed treatment (re-encoding the
   * signature cannot change it), so what "one review per treatment" is keyed on.
   */
  signedContentHash: `0x${string}`;
  /** The issuing hospital DID. */
  issuer: string;
  /** The treated patient's DID (often pairwise). Never shown by `publicReviewView`. */
  patient: string;
  doctor: string;
  hospital: string;
  procedureCategory: string;
  /** YYYY-MM-DD. */
  treatmentDate: string;
  /** The moment licence and accreditation were judged at (see `treatmentMoment`), ISO 8601, when the date is valid. */
  moment?: string;
  /** The credential's issuance, ISO 8601. */
  issuanceDate: string;
}

/** A licence or hospital accreditation that showed the doctor's or hospital's standing at the treatment. */
export interface StandingSummary {
  credentialId?: string;
  type: string;
  /** The licensing body or health authority. */
  issuer: string;
  /** The doctor or hospital. */
  subject: string;
  name?: string;
  jurisdiction?: string;
  /** Licence: the specialty. */
  specialty?: string;
  /** Hospital: the accredited services. */
  accreditedServices?: readonly string[];
  validFrom?: string;
  validUntil?: string;
  /** Its on-chain status as of the treatment. */
  status?: { revoked: boolean; suspended: boolean; blockNumber: string };
}

/** What the review credential says. */
export interface ReviewSummary {
  credentialId?: string;
  /** SHA-256 of the review's compact JWT: what a doctor's reply signs. */
  hash: `0x${string}`;
  /** The review's signer (issuer). */
  issuer: string;
  /** `credentialSubject.author`. */
  author: string;
  /** The reviewed doctor or hospital DID. */
  subject: string;
  /** Whether the reviewed party is the treatment's doctor or hospital, when it is either. */
  subjectRole?: 'doctor' | 'hospital';
  rating: number;
  text: string;
  reviewDate: string;
  treatmentCredentialHash: string;
}

/** The report of a treatment verification. Never thrown. */
export interface TreatmentReport {
  verified: boolean;
  checks: DomainCheckResult<TreatmentCheckName>[];
  treatment?: TreatmentSummary;
  /** The licence that showed the doctor licensed on the treatment date. */
  licence?: StandingSummary;
  /** The accreditation that showed the hospital accredited on the treatment date. */
  hospitalAccreditation?: StandingSummary;
  /** The presentation's holder, when the credentials came in one. */
  holder?: string;
  /** Every pipeline report behind the answer (licences and accreditations as of the treatment). */
  credentials: CredentialReport[];
}

/** The report of a review verification. Never thrown. */
export interface ReviewReport extends Omit<TreatmentReport, 'checks'> {
  checks: DomainCheckResult<ReviewCheckName>[];
  review?: ReviewSummary;
}
