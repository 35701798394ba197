/**
 * Double-signed reviews: a patient's `ReviewCredential` bound by hash to the `TreatmentCredential` the hospital
 * issued them, so only treated patients can review — and only what they were treated for, by whom.
 * @see ../../../docs/error-codes.md#treatments-and-reviews-verifytreatment-verifyreview-verifyreviewreply-coresrcreviews
 */
import { ErrorCodes } from '../errors/codes.ts';
import { credentialJwtHash, sameCredentialHash } from '../provenance/credential-jwt-hash.ts';
import type { CredentialVerifier } from '../provenance/credential-verifier.ts';
import { DomainCheckList } from '../provenance/domain-check.ts';
import { pipelineCheck, pipelineOutcome, type CheckOutcome } from '../provenance/pipeline-outcome.ts';
import { AsOfVerifier } from '../provenance/standing-credential.ts';
import { isCallerError, readClock, uniqueItems } from '../provenance/verification-guards.ts';
import { sameDid } from '../verification/did-syntax.ts';
import { validateReviewOptions, type ReviewInput, type ReviewOptions } from './review-input.ts';
import {
  REVIEW_CHECK_NAMES,
  type ReviewCheckName,
  type ReviewReport,
  type ReviewSummary,
} from './review-report.ts';
import { collectTreatmentCase, type TreatmentCase } from './treatment-case.ts';
import { evaluateTreatment, type TreatmentEvaluation } from './treatment-checks.ts';

const DAY_MS = 86_400_000;

/**
 * Verifies a review and the treatment it is bound to.
 *
 * Both credentials are verified by the pipeline; the review's `treatmentCredentialHash` must be
 * `treatmentCredentialHash(<treatment JWT>)`; the review's issuer must be its `author` and the treatment's subject —
 * or, inside a presentation the author signed, a DID whose presentation signature the pipeline accepted as the
 * treatment subject's key (`holder-binding`); the review must be about the treatment's doctor or hospital; and the
 * treatment's own checks apply (see `verifyTreatment`: licence and accreditation ON THE TREATMENT DATE, treatment not
 * revoked, issued by the hospital it names).
 * @param verifier - the verification pipeline (`Verifier`).
 * @param input - the presentation signed by the author and/or the loose review, treatment, licences, accreditations.
 * @param options - clock, lookups, challenge / domain.
 * @returns the report (see {@link REVIEW_CHECK_NAMES}); never thrown for invalid input, fail closed.
 * @throws MedtrustError `INVALID_ARGUMENT` for malformed options; `CONFIGURATION_INVALID` when a clock fails.
 * @see https://www.w3.org/TR/vc-data-model/#verification
 */
export async function verifyReview(
  verifier: CredentialVerifier,
  input: ReviewInput,
  options?: ReviewOptions,
): Promise<ReviewReport> {
  const opts = validateReviewOptions(options);
  const now = readClock(opts.clock, 'verifyReview');
  const list = new DomainCheckList(REVIEW_CHECK_NAMES);
  try {
    const theCase = await collectTreatmentCase(verifier, input, opts);
    const evaluation = await evaluateTreatment(theCase, new AsOfVerifier(verifier), now, opts, true);
    if (theCase.presentation !== undefined) list.record('presentation', theCase.presentation);
    else list.notApplicable('presentation', 'the credentials were not given in a presentation');
    const review = reviewChecks(list, theCase, evaluation);
    for (const [name, outcome] of Object.entries(evaluation.outcomes))
      list.record(name as ReviewCheckName, outcome);
    if (theCase.problems.length > 0) {
      list.fail('review-credential', ErrorCodes.FORMAT_INVALID, theCase.problems.join('; '));
    }
    const { checks, verified } = list.finish();
    const report: ReviewReport = {
      verified,
      checks,
      credentials: uniqueItems([...theCase.credentials, ...evaluation.reports]),
    };
    if (review !== undefined) report.review = review;
    if (evaluation.treatment !== undefined) report.treatment = evaluation.treatment;
    if (evaluation.licence !== undefined) report.licence = evaluation.licence;
    if (evaluation.hospitalAccreditation !== undefined)
      report.hospitalAccreditation = evaluation.hospitalAccreditation;
    if (theCase.holder !== undefined) report.holder = theCase.holder;
    return report;
  } catch (error) {
    if (isCallerError(error)) throw error;
    const failed = new DomainCheckList(REVIEW_CHECK_NAMES);
    failed.error(
      'review-credential',
      ErrorCodes.INTERNAL,
      `review verification failed unexpectedly: ${String(error).slice(0, 200)}`,
    );
    const { checks } = failed.finish('not evaluated: verification failed unexpectedly');
    return { verified: false, checks, credentials: [] };
  }
}

function reviewChecks(
  list: DomainCheckList<ReviewCheckName>,
  theCase: TreatmentCase,
  evaluation: TreatmentEvaluation,
): ReviewSummary | undefined {
  const given = theCase.review;
  const summary = given?.report.credential;
  if (given === undefined || summary === undefined || !summary.type.includes('ReviewCredential')) {
    list.record(
      'review-credential',
      given === undefined
        ? { status: 'failed', code: ErrorCodes.FORMAT_INVALID, detail: 'no ReviewCredential was given' }
        : summary === undefined
          ? pipelineOutcome(given.report, [], 'the review credential')
          : {
              status: 'failed',
              code: ErrorCodes.FORMAT_INVALID,
              detail: 'the review credential is not a ReviewCredential',
            },
    );
    for (const name of ['review-binding', 'review-author', 'review-subject'] as const) {
      list.notEvaluated(name, 'not evaluated: no review credential');
    }
    return undefined;
  }
  // The review is signed by its author and is about the doctor or hospital: its holder binding (presenter = subject)
  // cannot hold and is replaced by `review-author`.
  list.record(
    'review-credential',
    theCase.reviewConflict
      ? {
          status: 'failed',
          code: ErrorCodes.FORMAT_INVALID,
          detail: 'several different review credentials were given',
        }
      : pipelineOutcome(given.report, ['holder-binding'], 'the review credential'),
  );
  const claims = summary.credentialSubject;
  const treatment = theCase.treatment?.report.credential;
  const treatmentClaims = treatment?.type.includes('TreatmentCredential')
    ? treatment.credentialSubject
    : undefined;

  // review-binding
  const claimedHash = claims.treatmentCredentialHash;
  let binding: CheckOutcome;
  if (theCase.treatment === undefined || treatment === undefined || treatmentClaims === undefined) {
    binding = {
      status: 'failed',
      code: ErrorCodes.REVIEW_WITHOUT_TREATMENT,
      detail: 'no treatment credential came with the review',
    };
  } else if (!sameCredentialHash(claimedHash, credentialJwtHash(theCase.treatment.jwt))) {
    binding = {
      status: 'failed',
      code: ErrorCodes.REVIEW_WITHOUT_TREATMENT,
      detail: "the review's treatmentCredentialHash is not the hash of the treatment credential given",
    };
  } else if (
    typeof claims.reviewDate === 'string' &&
    typeof treatmentClaims.treatmentDate === 'string' &&
    Date.parse(claims.reviewDate) + DAY_MS < Date.parse(treatmentClaims.treatmentDate)
  ) {
    binding = {
      status: 'failed',
      code: ErrorCodes.REVIEW_WITHOUT_TREATMENT,
      detail: `the review is dated ${claims.reviewDate}, before the treatment (${treatmentClaims.treatmentDate})`,
    };
  } else {
    binding = { status: 'passed' };
  }
  list.record('review-binding', binding);

  // review-author
  const author = typeof claims.author === 'string' ? claims.author : undefined;
  const patient = treatment?.subject;
  let authorship: CheckOutcome;
  if (author === undefined || !sameDid(author, summary.issuer)) {
    authorship = {
      status: 'failed',
      code: ErrorCodes.REVIEW_AUTHOR_MISMATCH,
      detail: `the review names author ${author ?? '(none)'} but is signed by ${summary.issuer}`,
    };
  } else if (theCase.holder !== undefined && !sameDid(theCase.holder, summary.issuer)) {
    authorship = {
      status: 'failed',
      code: ErrorCodes.REVIEW_AUTHOR_MISMATCH,
      detail: `presented by ${theCase.holder}, not by the review's author`,
    };
  } else if (patient === undefined) {
    authorship = { status: 'skipped', detail: 'not evaluated: no treatment credential' };
  } else if (sameDid(patient, summary.issuer)) {
    authorship = { status: 'passed', detail: 'the author is the treated patient' };
  } else if (
    theCase.treatment?.presented === true &&
    theCase.holder !== undefined &&
    pipelineCheck(theCase.treatment.report, 'holder-binding')?.status === 'passed'
  ) {
    authorship = {
      status: 'passed',
      detail: 'the author signed the presentation with a key of the treated patient',
    };
  } else {
    authorship = {
      status: 'failed',
      code: ErrorCodes.REVIEW_AUTHOR_MISMATCH,
      detail: `the review's author ${summary.issuer} is not the treated patient`,
    };
  }
  list.record('review-author', authorship);

  // review-subject
  const reviewed = summary.subject;
  const doctor =
    evaluation.treatment?.doctor ??
    (typeof treatmentClaims?.doctor === 'string' ? treatmentClaims.doctor : undefined);
  const hospital =
    evaluation.treatment?.hospital ??
    (typeof treatmentClaims?.hospital === 'string' ? treatmentClaims.hospital : undefined);
  let role: ReviewSummary['subjectRole'];
  if (reviewed !== undefined && doctor !== undefined && sameDid(reviewed, doctor)) role = 'doctor';
  else if (reviewed !== undefined && hospital !== undefined && sameDid(reviewed, hospital)) role = 'hospital';
  if (treatmentClaims === undefined)
    list.notEvaluated('review-subject', 'not evaluated: no treatment credential');
  else if (role !== undefined) list.pass('review-subject', `about the treatment's ${role}`);
  else {
    list.fail(
      'review-subject',
      ErrorCodes.REVIEW_SUBJECT_MISMATCH,
      `the review is about ${reviewed ?? '(nobody)'}, neither the treatment's doctor nor its hospital`,
    );
  }

  if (reviewed === undefined || author === undefined) return undefined;
  const result: ReviewSummary = {
    hash: credentialJwtHash(given.jwt),
    issuer: summary.issuer,
    author,
    subject: reviewed,
    rating: typeof claims.rating === 'number' ? claims.rating : 0,
    text: typeof claims.text === 'string' ? claims.text : '',
    reviewDate: typeof claims.reviewDate === 'string' ? claims.reviewDate : '',
    treatmentCredentialHash: typeof claimedHash === 'string' ? claimedHash : '',
  };
  if (summary.id !== undefined) result.credentialId = summary.id;
  if (role !== undefined) result.subjectRole = role;
  return result;
}
