/**
 * Treatment verification: a hospital's `TreatmentCredential`, and the doctor's licence and the hospital's
 * accreditation ON THE TREATMENT DATE.
 * @see ../../../docs/error-codes.md#treatments-and-reviews-verifytreatment-verifyreview-verifyreviewreply-coresrcreviews
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CredentialVerifier } from '../provenance/credential-verifier.ts';
import { DomainCheckList } from '../provenance/domain-check.ts';
import { AsOfVerifier } from '../provenance/standing-credential.ts';
import { isCallerError, readClock, uniqueItems } from '../provenance/verification-guards.ts';
import { validateReviewOptions, type ReviewOptions, type TreatmentInput } from './review-input.ts';
import { TREATMENT_CHECK_NAMES, type TreatmentReport } from './review-report.ts';
import { collectTreatmentCase } from './treatment-case.ts';
import { evaluateTreatment } from './treatment-checks.ts';

/**
 * Verifies a treatment: the `TreatmentCredential` (signature, issuer = the hospital it names, not revoked, a sane
 * date), and that the doctor held a valid `MedicalLicenseCredential` and the hospital a valid
 * `HospitalAccreditationCredential` ON THE TREATMENT DATE — each verified by the pipeline as of the treatment moment
 * (see `treatmentMoment`), so a later suspension does not change the answer and an earlier one does.
 * @param verifier - the verification pipeline (`Verifier`).
 * @param input - the presentation (signed by the patient) and/or the loose treatment, licences, accreditations.
 * @param options - clock, lookups, challenge / domain.
 * @returns the report (see {@link TREATMENT_CHECK_NAMES}); never thrown for invalid input, fail closed.
 * @throws MedtrustError `INVALID_ARGUMENT` for malformed options; `CONFIGURATION_INVALID` when a clock fails.
 * @see https://www.w3.org/TR/vc-data-model/#verification
 */
export async function verifyTreatment(
  verifier: CredentialVerifier,
  input: TreatmentInput,
  options?: ReviewOptions,
): Promise<TreatmentReport> {
  const opts = validateReviewOptions(options);
  const now = readClock(opts.clock, 'verifyTreatment');
  const list = new DomainCheckList(TREATMENT_CHECK_NAMES);
  try {
    const theCase = await collectTreatmentCase(verifier, input, opts);
    if (theCase.presentation !== undefined) list.record('presentation', theCase.presentation);
    else list.notApplicable('presentation', 'the credentials were not given in a presentation');
    const evaluation = await evaluateTreatment(theCase, new AsOfVerifier(verifier), now, opts, false);
    for (const [name, outcome] of Object.entries(evaluation.outcomes)) {
      list.record(name as keyof typeof evaluation.outcomes, outcome);
    }
    if (theCase.problems.length > 0) {
      list.fail('treatment-credential', ErrorCodes.FORMAT_INVALID, theCase.problems.join('; '));
    }
    const { checks, verified } = list.finish();
    const report: TreatmentReport = {
      verified,
      checks,
      credentials: uniqueItems([...theCase.credentials, ...evaluation.reports]),
    };
    if (evaluation.treatment !== undefined) report.treatment = evaluation.treatment;
    if (evaluation.licence !== undefined) report.licence = evaluation.licence;
    if (evaluation.hospitalAccreditation !== undefined)
      report.hospitalAccreditation = evaluation.hospitalAccreditation;
    if (theCase.holder !== undefined) report.holder = theCase.holder;
    return report;
  } catch (error) {
    if (isCallerError(error)) throw error;
    const failed = new DomainCheckList(TREATMENT_CHECK_NAMES);
    failed.error(
      'treatment-credential',
      ErrorCodes.INTERNAL,
      `treatment verification failed unexpectedly: ${String(error).slice(0, 200)}`,
    );
    const { checks } = failed.finish('not evaluated: verification failed unexpectedly');
    return { verified: false, checks, credentials: [] };
  }
}
