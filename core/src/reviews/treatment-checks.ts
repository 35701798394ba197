/**
 * The checks of a treatment — shared by `verifyTreatment` and `verifyReview`.
 */
import { ErrorCodes } from '../errors/codes.ts';
import { credentialJwtHash, credentialSigningInputHash } from '../provenance/credential-jwt-hash.ts';
import { pipelineOutcome, type CheckOutcome } from '../provenance/pipeline-outcome.ts';
import type { AsOfVerifier } from '../provenance/standing-credential.ts';
import { statusOutcome } from '../provenance/status-outcome.ts';
import type { CheckName } from '../verification/check-result.ts';
import { parseDid, sameDid } from '../verification/did-syntax.ts';
import type { CredentialReport } from '../verification/verification-report.ts';
import { checkHospitalAccreditationAt, checkLicenceAt } from './practitioner-standing.ts';
import type { ReviewOptions } from './review-input.ts';
import type { StandingSummary, TreatmentCheckName, TreatmentSummary } from './review-report.ts';
import type { TreatmentCase } from './treatment-case.ts';
import { treatmentMoment } from './treatment-moment.ts';

/** The treatment's checks (all but `presentation`), the summaries, and the reports produced. */
export interface TreatmentEvaluation {
  outcomes: Record<Exclude<TreatmentCheckName, 'presentation'>, CheckOutcome>;
  treatment?: TreatmentSummary;
  licence?: StandingSummary;
  hospitalAccreditation?: StandingSummary;
  reports: CredentialReport[];
}

const NOT_EVALUATED = (why: string): CheckOutcome => ({ status: 'skipped', detail: `not evaluated: ${why}` });

function didClaim(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && parseDid(value) !== undefined ? value : undefined;
}

/**
 * Evaluates a treatment.
 * @param theCase - the collected credentials.
 * @param verifier - the memoising pipeline.
 * @param now - the clock's time.
 * @param options - lookups.
 * @param forReview - inside a review: a missing treatment is the review's problem (`REVIEW_WITHOUT_TREATMENT`), and
 *   the treatment's `holder-binding` is judged by `review-author` instead.
 * @returns the outcomes and summaries.
 */
export async function evaluateTreatment(
  theCase: TreatmentCase,
  verifier: AsOfVerifier,
  now: Date,
  options: ReviewOptions,
  forReview: boolean,
): Promise<TreatmentEvaluation> {
  const reports: CredentialReport[] = [];
  const skip = NOT_EVALUATED('no treatment credential');
  const outcomes: TreatmentEvaluation['outcomes'] = {
    'treatment-credential': skip,
    'treatment-status': skip,
    'treatment-issuer': skip,
    'treatment-date': skip,
    'hospital-accreditation': skip,
    'doctor-licence': skip,
  };
  const result: TreatmentEvaluation = { outcomes, reports };
  const given = theCase.treatment;
  const summary = given?.report.credential;
  if (given === undefined) {
    if (!forReview) {
      outcomes['treatment-credential'] = {
        status: 'failed',
        code: ErrorCodes.FORMAT_INVALID,
        detail: 'no TreatmentCredential was given',
      };
    }
    return result;
  }
  if (theCase.treatmentConflict) {
    outcomes['treatment-credential'] = {
      status: 'failed',
      code: ErrorCodes.FORMAT_INVALID,
      detail: 'several different treatment credentials were given',
    };
  } else if (summary === undefined || !summary.type.includes('TreatmentCredential')) {
    outcomes['treatment-credential'] =
      summary === undefined
        ? pipelineOutcome(given.report, [], 'the treatment credential')
        : {
            status: 'failed',
            code: ErrorCodes.FORMAT_INVALID,
            detail: 'the treatment credential is not a TreatmentCredential',
          };
    return result;
  } else {
    const ignore: CheckName[] = forReview ? ['status', 'holder-binding'] : ['status'];
    outcomes['treatment-credential'] = pipelineOutcome(given.report, ignore, 'the treatment credential');
  }
  if (summary === undefined) return result;
  const claims = summary.credentialSubject;
  outcomes['treatment-status'] = statusOutcome(
    given.report,
    ErrorCodes.TREATMENT_REVOKED,
    'the treatment credential',
  );
  const doctor = didClaim(claims, 'doctor');
  const hospital = didClaim(claims, 'hospital');
  const patient = summary.subject;
  outcomes['treatment-issuer'] =
    hospital !== undefined && sameDid(summary.issuer, hospital)
      ? { status: 'passed' }
      : {
          status: 'failed',
          code: ErrorCodes.TREATMENT_ISSUER_MISMATCH,
          detail: `issued by ${summary.issuer}, not by the hospital it names (${hospital ?? 'none'})`,
        };
  const issuedAt = Date.parse(summary.issuanceDate);
  const moment = treatmentMoment(claims.treatmentDate, issuedAt, now.getTime());
  outcomes['treatment-date'] = moment.ok
    ? { status: 'passed', detail: `judged as of ${moment.moment.toISOString()}` }
    : { status: 'failed', code: ErrorCodes.TREATMENT_DATE_INVALID, detail: moment.detail };

  if (
    doctor !== undefined &&
    hospital !== undefined &&
    patient !== undefined &&
    typeof claims.procedureCategory === 'string' &&
    typeof claims.treatmentDate === 'string'
  ) {
    const treatment: TreatmentSummary = {
      hash: credentialJwtHash(given.jwt),
      signedContentHash: credentialSigningInputHash(given.jwt),
      issuer: summary.issuer,
      patient,
      doctor,
      hospital,
      procedureCategory: claims.procedureCategory,
      treatmentDate: claims.treatmentDate,
      issuanceDate: summary.issuanceDate,
    };
    if (summary.id !== undefined) treatment.credentialId = summary.id;
    if (moment.ok) treatment.moment = moment.moment.toISOString();
    result.treatment = treatment;
  }
  if (!moment.ok) {
    outcomes['hospital-accreditation'] = NOT_EVALUATED('the treatment date is invalid');
    outcomes['doctor-licence'] = NOT_EVALUATED('the treatment date is invalid');
    return result;
  }
  const ctx = { verifier, reports };
  if (hospital === undefined) {
    outcomes['hospital-accreditation'] = {
      status: 'failed',
      code: ErrorCodes.HOSPITAL_NOT_ACCREDITED_AT_TREATMENT,
      detail: 'the treatment names no hospital DID',
    };
  } else {
    const found = await checkHospitalAccreditationAt(
      ctx,
      hospital,
      moment.moment,
      moment.day,
      theCase.hospitalAccreditations,
      options.hospitalAccreditationsOf,
    );
    outcomes['hospital-accreditation'] = found.outcome;
    if (found.summary !== undefined) result.hospitalAccreditation = found.summary;
  }
  if (doctor === undefined) {
    outcomes['doctor-licence'] = {
      status: 'failed',
      code: ErrorCodes.LICENCE_NOT_VALID_AT_TREATMENT,
      detail: 'the treatment names no doctor DID',
    };
  } else {
    const found = await checkLicenceAt(
      ctx,
      doctor,
      moment.moment,
      moment.day,
      theCase.licences,
      result.hospitalAccreditation?.jurisdiction,
      options.licencesOf,
    );
    outcomes['doctor-licence'] = found.outcome;
    if (found.summary !== undefined) result.licence = found.summary;
  }
  return result;
}
