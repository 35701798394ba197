/**
 * Verifies a holder-signed presentation once and sorts the credentials it carries by type, for the domain checks
 * (provenance, treatments, reviews) that each take some of them.
 * @see https://www.w3.org/TR/vc-data-model/#presentations-0
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckName } from '../verification/check-result.ts';
import type { CredentialReport } from '../verification/verification-report.ts';
import type { CredentialVerifier } from './credential-verifier.ts';
import { checksPassIgnoring, pipelineOutcome, type CheckOutcome } from './pipeline-outcome.ts';

/** One credential carried by a presentation, with its pipeline report (checked as part of the presentation). */
export interface PresentedCredential {
  report: CredentialReport;
  /** Its compact JWT (what hashes are computed over). */
  jwt: string;
  types: readonly string[];
}

/** A verified presentation's outcome, holder and credentials. */
export interface PresentedCredentials {
  /** The presentation's own checks (not its credentials') as one outcome. */
  outcome: CheckOutcome;
  /** The holder (signer), when the presentation parsed. */
  holder?: string;
  /** The credentials that parsed. */
  credentials: PresentedCredential[];
}

/** Options of {@link verifyPresented}. */
export interface PresentedOptions {
  challenge?: string;
  domain?: string;
  requireChallenge?: boolean;
  /**
   * Re-verifying a presentation recorded earlier (an evidence bundle): its freshness (`challenge`, `domain`,
   * `validity`) was established when it was first presented and is not judged again; only its signature is.
   */
  historical?: boolean;
}

const HISTORICAL_IGNORED: readonly CheckName[] = ['challenge', 'domain', 'validity'];

/**
 * Verifies a presentation with the pipeline and sorts its credentials.
 * @param verifier - the pipeline.
 * @param presentation - untrusted presentation input.
 * @param options - challenge, domain, requireChallenge, historical.
 * @returns the presentation's outcome (its own checks; `FORMAT_INVALID` when a carried credential is unreadable),
 *   its holder and the credentials that parsed.
 * @throws MedtrustError `INVALID_ARGUMENT` for malformed options, `CONFIGURATION_INVALID` when the verifier's clock
 *   fails (as `Verifier.verifyPresentation`).
 */
export async function verifyPresented(
  verifier: CredentialVerifier,
  presentation: unknown,
  options: PresentedOptions,
): Promise<PresentedCredentials> {
  const verifyOptions: { challenge?: string; domain?: string; requireChallenge?: boolean } = {};
  if (!options.historical) {
    if (options.challenge !== undefined) verifyOptions.challenge = options.challenge;
    if (options.domain !== undefined) verifyOptions.domain = options.domain;
    if (options.requireChallenge !== undefined) verifyOptions.requireChallenge = options.requireChallenge;
  }
  const report = await verifier.verifyPresentation(presentation, verifyOptions);
  const ignore = options.historical ? HISTORICAL_IGNORED : [];
  // The presentation's own checks only: its credentials are judged by the domain checks that use them.
  let outcome: CheckOutcome = checksPassIgnoring(report.checks, ignore)
    ? { status: 'passed' }
    : pipelineOutcome({ verified: false, checks: report.checks }, ignore, 'the presentation');
  const credentials: PresentedCredential[] = [];
  let unreadable = 0;
  for (const carried of report.credentials) {
    const summary = carried.credential;
    if (summary === undefined) {
      unreadable++;
      continue;
    }
    credentials.push({ report: carried, jwt: summary.jwt, types: summary.type });
  }
  if (outcome.status === 'passed' && unreadable > 0) {
    outcome = {
      status: 'failed',
      code: ErrorCodes.FORMAT_INVALID,
      detail: `the presentation carries ${unreadable} malformed credential(s)`,
    };
  }
  const result: PresentedCredentials = { outcome, credentials };
  if (report.holder !== undefined) result.holder = report.holder;
  return result;
}
