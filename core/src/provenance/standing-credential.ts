/**
 * Finds, among candidate credentials, one that shows a party's standing at a moment in the past — a supplier's
 * accreditation at a transfer date, a doctor's licence or a hospital's accreditation at a treatment date — verified
 * by the pipeline AS OF that moment (validity window, on-chain status at the last block at or before it; issuer keys
 * and accreditation as of issuance) and whose subject's own `validFrom` / `validUntil` dates cover the day (both
 * included, judged by `judgeSubjectValidityOnDay`, the helper the pipeline's `validity` check uses).
 * @see https://www.w3.org/TR/vc-data-model/#validity-period
 */
import { ErrorCodes, type ErrorCode } from '../errors/codes.ts';
import { sameDid } from '../verification/did-syntax.ts';
import { judgeSubjectValidityOnDay, subjectValidityWindow } from '../verification/subject-validity.ts';
import type { CredentialReport, VerificationReport } from '../verification/verification-report.ts';
import type { CredentialVerifier } from './credential-verifier.ts';
import { peekCredential } from './credential-peek.ts';
import { pipelineOutcome } from './pipeline-outcome.ts';

/** A caller's extra rule on a verified candidate: accepted, refused (with why), or undecidable (infrastructure). */
export type StandingVerdict =
  { ok: true; detail?: string } | { ok: false; reason: string; unavailable?: ErrorCode };

/** What to look for. */
export interface StandingQuery {
  /** The DID the credential must be about (its subject). */
  party: string;
  /** The credential type, e.g. `MedicalLicenseCredential`. */
  type: string;
  /** The moment asked about (the pipeline's `asOf.time`). */
  at: Date;
  /** The calendar day (YYYY-MM-DD) the subject's `validFrom` / `validUntil` must cover. */
  day: string;
  /** Candidate credentials (untrusted; those not of `type` about `party` are ignored unverified). */
  candidates: readonly unknown[];
  /** An extra rule judged on the verified subject claims (role, jurisdiction, on-chain accreditation…). */
  accept?: (claims: Readonly<Record<string, unknown>>, report: CredentialReport) => Promise<StandingVerdict>;
}

/** What was found. */
export interface StandingResult {
  /** `valid` — a candidate passed everything; `invalid` — none did; `unavailable` — none did and at least one could
   * not be judged (chain or registry down): callers fail closed with `error`. */
  state: 'valid' | 'invalid' | 'unavailable';
  /** The accepted credential's report. */
  accepted?: CredentialReport;
  /** The accepted credential's extra-rule detail. */
  detail?: string;
  /** Why each rejected candidate was rejected. */
  reasons: string[];
  /** The infrastructure code when `unavailable`. */
  unavailableCode?: ErrorCode;
  /** Every candidate report produced (as of `at`). */
  reports: CredentialReport[];
}

/**
 * Memoises `verifyCredential(input, { asOf: { time } })` per (JWT, moment), so a credential needed for several steps
 * at the same moment is verified once per report.
 */
export class AsOfVerifier {
  readonly #verifier: CredentialVerifier;
  readonly #memo = new Map<string, Promise<VerificationReport>>();

  /**
   * @param verifier - the pipeline.
   */
  constructor(verifier: CredentialVerifier) {
    this.#verifier = verifier;
  }

  /** The pipeline behind this memo. */
  get verifier(): CredentialVerifier {
    return this.#verifier;
  }

  /**
   * @param input - a credential input.
   * @param jwt - its compact JWT (the memo key).
   * @param at - the moment; `undefined` for now.
   * @returns the pipeline's report.
   */
  verify(input: unknown, jwt: string, at: Date | undefined): Promise<VerificationReport> {
    const key = `${at === undefined ? 'now' : at.getTime()}|${jwt}`;
    let pending = this.#memo.get(key);
    if (pending === undefined) {
      pending = this.#verifier.verifyCredential(input, at === undefined ? undefined : { asOf: { time: at } });
      this.#memo.set(key, pending);
    }
    return pending;
  }
}

/**
 * Whether the pipeline refused a report for its subject's window alone (`validity` failed with a
 * `SUBJECT_VALIDITY_*` code, reported only once the credential's own window passed). That judgement is at the exact
 * moment `at`, which for a treatment can be the next UTC day; the standing question is the calendar day asked about,
 * judged below with the same helper, so the pipeline's moment-based subject judgement is set aside.
 */
function subjectWindowOnly(report: CredentialReport): boolean {
  const validity = report.checks.find((c) => c.check === 'validity');
  return (
    validity?.status === 'failed' &&
    (validity.code === ErrorCodes.SUBJECT_VALIDITY_ENDED ||
      validity.code === ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED)
  );
}

/**
 * Looks for a credential of `query.type` about `query.party` that was valid at `query.at`.
 * @param verifier - the memoising pipeline.
 * @param query - party, type, moment, day, candidates, extra rule.
 * @returns the first accepted candidate, or why none was.
 * @throws MedtrustError only as the pipeline does for malformed options (never for candidate content).
 */
export async function findStandingCredential(
  verifier: AsOfVerifier,
  query: StandingQuery,
): Promise<StandingResult> {
  const result: StandingResult = { state: 'invalid', reasons: [], reports: [] };
  const seen = new Set<string>();
  for (const candidate of query.candidates) {
    const peek = peekCredential(candidate);
    if (peek === undefined || !peek.types.includes(query.type)) continue;
    if (peek.subject === undefined || !sameDid(peek.subject, query.party)) continue;
    if (seen.has(peek.jwt)) continue;
    seen.add(peek.jwt);
    const report = (await verifier.verify(candidate, peek.jwt, query.at)).credentials[0];
    if (report === undefined) continue;
    result.reports.push(report);
    const label = `${query.type} ${report.credential?.id ?? '(no id)'}`;
    const outcome = pipelineOutcome(report, subjectWindowOnly(report) ? ['validity'] : [], label);
    if (outcome.status !== 'passed') {
      result.reasons.push(`${outcome.detail ?? label} (as of ${query.at.toISOString()})`);
      if (outcome.status === 'error') result.unavailableCode ??= outcome.code;
      continue;
    }
    const summary = report.credential!;
    if (
      !summary.type.includes(query.type) ||
      summary.subject === undefined ||
      !sameDid(summary.subject, query.party)
    ) {
      result.reasons.push(`${label} is not a ${query.type} about ${query.party}`);
      continue;
    }
    const claims = summary.credentialSubject;
    const window = subjectValidityWindow(summary);
    if (window !== undefined && !judgeSubjectValidityOnDay(window, query.day).ok) {
      result.reasons.push(
        `${label} is valid from ${window.from ?? '-'} to ${window.until ?? '-'}, not on ${query.day}`,
      );
      continue;
    }
    if (query.accept !== undefined) {
      const verdict = await query.accept(claims, report);
      if (!verdict.ok) {
        result.reasons.push(`${label}: ${verdict.reason}`);
        if (verdict.unavailable !== undefined) result.unavailableCode ??= verdict.unavailable;
        continue;
      }
      if (verdict.detail !== undefined) result.detail = verdict.detail;
    }
    result.state = 'valid';
    result.accepted = report;
    return result;
  }
  if (result.unavailableCode !== undefined) result.state = 'unavailable';
  if (result.reports.length === 0) result.reasons.push(`no ${query.type} about ${query.party} was provided`);
  return result;
}
