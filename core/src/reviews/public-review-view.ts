/**
 * The public face of a verified review: what a directory shows next to a doctor or hospital — the patient's words
 * and rating, and the facts the credentials prove — without the patient's DID or anything that links to it.
 */
import type { ReviewReport } from './review-report.ts';

/** The verified facts behind a review, safe to publish. */
export interface PublicReviewFacts {
  /** The treating doctor held a valid licence on the treatment date. */
  licensedDoctor: boolean;
  /** The hospital held a valid accreditation on the treatment date. */
  accreditedHospital: boolean;
  /** The treatment credential is genuine, issued by the hospital, not revoked. */
  genuineTreatment: boolean;
  /** The review was written by the treated patient and is bound to the treatment. */
  writtenByTreatedPatient: boolean;
  doctor?: string;
  doctorName?: string;
  doctorSpecialty?: string;
  licenceJurisdiction?: string;
  hospital?: string;
  hospitalName?: string;
  hospitalJurisdiction?: string;
  /** Coded procedure category (e.g. `AES-RHINO`), never clinical text. */
  procedureCategory?: string;
  treatmentDate?: string;
}

/** A review as the public sees it. */
export interface PublicReviewView {
  /** Whether every check of the review passed. */
  verified: boolean;
  rating?: number;
  text?: string;
  reviewDate?: string;
  /** Who is reviewed: the doctor or the hospital. */
  reviewed?: { did: string; role: 'doctor' | 'hospital' };
  /** The review's hash, which a doctor's reply is bound to. */
  reviewHash?: string;
  facts: PublicReviewFacts;
  /** One sentence stating what is proven (or that it is not). */
  statement: string;
  /** Codes of the checks that did not pass (empty when verified). */
  failedCodes: string[];
}

/**
 * Builds the public view of a review report. Only the listed fields are copied — never the patient's DID, the
 * credentials, their JWTs, the treatment's hash or the check details (which can name the patient).
 * @param report - a report of `verifyReview`.
 * @returns the view, with the statement "A licensed doctor at an accredited hospital treated this person for
 *   <category> on <date>." when everything verified.
 * @see https://www.w3.org/TR/vc-data-model/#data-minimization
 */
export function publicReviewView(report: ReviewReport): PublicReviewView {
  const passed = (name: string) => report.checks.some((c) => c.check === name && c.status === 'passed');
  const facts: PublicReviewFacts = {
    licensedDoctor: passed('doctor-licence'),
    accreditedHospital: passed('hospital-accreditation'),
    genuineTreatment:
      passed('treatment-credential') &&
      passed('treatment-status') &&
      passed('treatment-issuer') &&
      passed('treatment-date'),
    writtenByTreatedPatient:
      passed('review-credential') && passed('review-binding') && passed('review-author'),
  };
  const { treatment, licence, hospitalAccreditation, review } = report;
  if (treatment !== undefined) {
    facts.doctor = treatment.doctor;
    facts.hospital = treatment.hospital;
    facts.procedureCategory = treatment.procedureCategory;
    facts.treatmentDate = treatment.treatmentDate;
  }
  if (licence !== undefined && facts.licensedDoctor) {
    if (licence.name !== undefined) facts.doctorName = licence.name;
    if (licence.specialty !== undefined) facts.doctorSpecialty = licence.specialty;
    if (licence.jurisdiction !== undefined) facts.licenceJurisdiction = licence.jurisdiction;
  }
  if (hospitalAccreditation !== undefined && facts.accreditedHospital) {
    if (hospitalAccreditation.name !== undefined) facts.hospitalName = hospitalAccreditation.name;
    if (hospitalAccreditation.jurisdiction !== undefined)
      facts.hospitalJurisdiction = hospitalAccreditation.jurisdiction;
  }
  const failedCodes = report.checks
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => c.code ?? 'INTERNAL');
  const statement =
    report.verified && treatment !== undefined
      ? `A licensed doctor at an accredited hospital treated this person for ${treatment.procedureCategory} on ${treatment.treatmentDate}.`
      : `This review could not be verified${failedCodes.length > 0 ? ` (${failedCodes.join(', ')})` : ''}.`;
  const view: PublicReviewView = { verified: report.verified, facts, statement, failedCodes };
  if (review !== undefined) {
    view.rating = review.rating;
    view.text = review.text;
    view.reviewDate = review.reviewDate;
    // Only a doctor or hospital of the treatment is named: an unverified review could point its subject anywhere.
    if (review.subjectRole !== undefined) view.reviewed = { did: review.subject, role: review.subjectRole };
    view.reviewHash = review.hash;
  }
  return view;
}
