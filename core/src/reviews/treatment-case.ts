/**
 * Gathers the credentials of a treatment case — from a holder-signed presentation and given loose — each verified
 * once by the pipeline, sorted by role.
 */
import { jwtOf } from '../provenance/credential-peek.ts';
import type { CredentialVerifier } from '../provenance/credential-verifier.ts';
import type { CheckOutcome } from '../provenance/pipeline-outcome.ts';
import { verifyPresented } from '../provenance/presented-credentials.ts';
import type { CredentialReport } from '../verification/verification-report.ts';
import type { ReviewInput, ReviewOptions } from './review-input.ts';

/** One credential with its pipeline report. */
export interface CaseCredential {
  report: CredentialReport;
  jwt: string;
  /** Whether it was carried by the presentation (so its `holder-binding` was checked). */
  presented: boolean;
}

/** The sorted credentials of a case. */
export interface TreatmentCase {
  /** The presentation's own outcome, when there was one. */
  presentation?: CheckOutcome;
  holder?: string;
  treatment?: CaseCredential;
  /** Several different treatment credentials were given. */
  treatmentConflict: boolean;
  review?: CaseCredential;
  reviewConflict: boolean;
  /** Candidate licences (untrusted inputs, verified as of the treatment later). */
  licences: unknown[];
  /** Candidate hospital accreditations. */
  hospitalAccreditations: unknown[];
  /** Members of the input that are not what they should be (not a list, unreadable credential). */
  problems: string[];
  /** Every pipeline report so far. */
  credentials: CredentialReport[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(
  type: string,
  loose: CaseCredential | undefined,
  carried: readonly CaseCredential[],
): { chosen?: CaseCredential; conflict: boolean } {
  const all = [...carried, ...(loose === undefined ? [] : [loose])].filter((c) =>
    c.report.credential?.type.includes(type),
  );
  const distinct = new Set(all.map((c) => c.jwt));
  // Prefer the presented copy: its holder binding was checked.
  const chosen = all.find((c) => c.presented) ?? all[0] ?? loose;
  return chosen === undefined ? { conflict: distinct.size > 1 } : { chosen, conflict: distinct.size > 1 };
}

/**
 * Verifies the presentation (if any) and the loose treatment and review, and collects candidate licences and
 * accreditations.
 * @param verifier - the pipeline.
 * @param input - untrusted input.
 * @param options - challenge, domain, requireChallenge, historicalPresentation.
 * @returns the sorted case.
 * @throws MedtrustError as the pipeline does for malformed options or a failing clock.
 */
export async function collectTreatmentCase(
  verifier: CredentialVerifier,
  input: unknown,
  options: ReviewOptions,
): Promise<TreatmentCase> {
  const result: TreatmentCase = {
    treatmentConflict: false,
    reviewConflict: false,
    licences: [],
    hospitalAccreditations: [],
    problems: [],
    credentials: [],
  };
  if (!isObject(input)) {
    result.problems.push('the input must be an object');
    return result;
  }
  const raw = input as ReviewInput;
  const carried: CaseCredential[] = [];
  if (raw.presentation !== undefined) {
    const presented = await verifyPresented(verifier, raw.presentation, {
      ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
      ...(options.domain === undefined ? {} : { domain: options.domain }),
      ...(options.requireChallenge === undefined ? {} : { requireChallenge: options.requireChallenge }),
      ...(options.historicalPresentation === true ? { historical: true } : {}),
    });
    result.presentation = presented.outcome;
    if (presented.holder !== undefined) result.holder = presented.holder;
    for (const p of presented.credentials) {
      if (p.types.includes('MedicalLicenseCredential')) result.licences.push(p.jwt);
      else if (p.types.includes('HospitalAccreditationCredential')) result.hospitalAccreditations.push(p.jwt);
      else {
        carried.push({ report: p.report, jwt: p.jwt, presented: true });
        result.credentials.push(p.report);
      }
    }
  }
  const loose = async (value: unknown, name: string): Promise<CaseCredential | undefined> => {
    if (value === undefined) return undefined;
    const report = (await verifier.verifyCredential(value)).credentials[0];
    if (report === undefined) return undefined;
    result.credentials.push(report);
    const jwt = report.credential?.jwt ?? jwtOf(value);
    if (report.credential === undefined || jwt === undefined) {
      result.problems.push(`the ${name} credential is malformed`);
      return { report, jwt: jwt ?? '', presented: false };
    }
    return { report, jwt, presented: false };
  };
  const [treatment, review] = await Promise.all([
    loose(raw.treatment, 'treatment'),
    loose(raw.review, 'review'),
  ]);
  const t = pick('TreatmentCredential', treatment, carried);
  const r = pick('ReviewCredential', review, carried);
  if (t.chosen !== undefined) result.treatment = t.chosen;
  if (r.chosen !== undefined) result.review = r.chosen;
  result.treatmentConflict = t.conflict;
  result.reviewConflict = r.conflict;
  for (const [name, list, target] of [
    ['licences', raw.licences, result.licences],
    ['hospitalAccreditations', raw.hospitalAccreditations, result.hospitalAccreditations],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) result.problems.push(`${name} must be a list`);
    else target.push(...list);
  }
  return result;
}
