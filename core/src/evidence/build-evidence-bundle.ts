/**
 * Exports the evidence of a treatment (and its review) for a dispute.
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { jwtOf, peekPresentedTypes } from '../provenance/credential-peek.ts';
import type { CredentialVerifier } from '../provenance/credential-verifier.ts';
import { readClock } from '../provenance/verification-guards.ts';
import type { ReviewInput, ReviewOptions } from '../reviews/review-input.ts';
import type { ReviewReport, TreatmentReport } from '../reviews/review-report.ts';
import { verifyReview } from '../reviews/verify-review.ts';
import { verifyTreatment } from '../reviews/verify-treatment.ts';
import {
  EVIDENCE_BUNDLE_FORMAT,
  EVIDENCE_BUNDLE_VERSION,
  type EvidenceBundle,
  type EvidenceCase,
  type EvidenceCredential,
  type EvidenceInput,
} from './evidence-bundle.ts';
import { evidenceCredentialsOf, readFacts } from './evidence-facts.ts';
import { RegistryEvents, type EvidenceChainAccess } from './registry-events.ts';

/** Options of {@link buildEvidenceBundle}: those of `verifyReview`, plus chain access for the facts. */
export interface EvidenceOptions extends ReviewOptions {
  /** The client and registries the facts are read from (the same chain the verifier checks against). */
  chain: EvidenceChainAccess;
}

/**
 * Checks chain access (code, not untrusted input).
 * @param access - the chain access.
 * @throws MedtrustError `INVALID_ARGUMENT` when the client or a registry address is missing.
 */
export function validateEvidenceChainAccess(access: unknown): asserts access is EvidenceChainAccess {
  const a = access as Partial<EvidenceChainAccess> | undefined;
  const address = /^0x[0-9a-fA-F]{40}$/;
  if (
    typeof a?.client?.getContractEvents !== 'function' ||
    typeof a.chain !== 'object' ||
    a.chain === null ||
    !Number.isSafeInteger(a.chain.chainId) ||
    !address.test(String(a.chain.statusRegistry)) ||
    !address.test(String(a.chain.trustRegistry)) ||
    !address.test(String(a.chain.didRegistry))
  ) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      'evidence: chain.client (viem public client) and chain.chain {chainId, didRegistry, statusRegistry, trustRegistry} are required',
    );
  }
}

/**
 * Whether a case includes a review (a loose review, or one carried by the presentation).
 * @param input - the case's input.
 * @returns true for a review case.
 */
export function isReviewCase(input: ReviewInput): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    (input.review !== undefined || peekPresentedTypes(input.presentation).includes('ReviewCredential'))
  );
}

function caseOf(report: ReviewReport | TreatmentReport, kind: EvidenceCase['kind']): EvidenceCase {
  const result: EvidenceCase = { kind };
  const t = report.treatment;
  if (t !== undefined) {
    result.treatmentHash = t.hash;
    result.treatmentDate = t.treatmentDate;
    if (t.moment !== undefined) result.moment = t.moment;
    result.procedureCategory = t.procedureCategory;
    result.doctor = t.doctor;
    result.hospital = t.hospital;
  }
  const review = (report as ReviewReport).review;
  if (review !== undefined) result.reviewHash = review.hash;
  return result;
}

function inputOf(input: ReviewInput, credentials: readonly EvidenceCredential[]): EvidenceInput {
  const result: EvidenceInput = {
    licences: credentials.filter((c) => c.role === 'licence').map((c) => c.jwt),
    hospitalAccreditations: credentials.filter((c) => c.role === 'hospital-accreditation').map((c) => c.jwt),
  };
  if (input.presentation !== undefined) result.presentation = input.presentation;
  const treatment = input.treatment === undefined ? undefined : jwtOf(input.treatment);
  if (treatment !== undefined) result.treatment = treatment;
  const review = input.review === undefined ? undefined : jwtOf(input.review);
  if (review !== undefined) result.review = review;
  return result;
}

/**
 * Builds the evidence bundle of a treatment: verifies it (with `verifyReview` when a review is part of the case,
 * `verifyTreatment` otherwise), then reads, at one block, every on-chain fact the answer rests on — each credential's
 * status (as of the treatment moment, replayed from `StatusChanged` events; now; every change with its transaction
 * hash and block) and each issuer's accreditation (as of issuance; now; every `Accredited` / `AccreditationWithdrawn`
 * with its transaction). A fact without any event (never revoked) is evidenced by the block it was read at.
 *
 * The bundle is plain JSON; its `report` says whether the case verified: a bundle is built for failing cases too
 * (that is often what a dispute is about). It carries the patient's credentials and DID: keep it as confidential as
 * the case file it belongs to (`publicReviewView` is what may be published).
 * @param verifier - the verification pipeline (`Verifier`).
 * @param input - the case: presentation and/or loose treatment, review, licences, accreditations.
 * @param options - `verifyReview` options plus `chain` (viem client and registries).
 * @returns the bundle.
 * @throws MedtrustError `INVALID_ARGUMENT` for malformed options; `CHAIN_UNAVAILABLE` when the chain cannot be read
 *   (evidence is never made from partial facts); `CONFIGURATION_INVALID` when the clock fails.
 * @see ../../../docs/contracts-design.md (events)
 */
export async function buildEvidenceBundle(
  verifier: CredentialVerifier,
  input: ReviewInput,
  options: EvidenceOptions,
): Promise<EvidenceBundle> {
  validateEvidenceChainAccess(options?.chain);
  const now = readClock(options.clock, 'buildEvidenceBundle');
  const { chain, ...reviewOptions } = options;
  const kind: EvidenceCase['kind'] = isReviewCase(input) ? 'review' : 'treatment';
  const report =
    kind === 'review'
      ? await verifyReview(verifier, input, reviewOptions)
      : await verifyTreatment(verifier, input, reviewOptions);
  const events = new RegistryEvents(chain);
  const head = await events.head();
  const credentials = evidenceCredentialsOf(report);
  const facts = await readFacts(
    events,
    report,
    credentials,
    chain.chain.statusRegistry,
    head.blockNumber,
    head.time,
  );
  const bundle: EvidenceBundle = {
    format: EVIDENCE_BUNDLE_FORMAT,
    version: EVIDENCE_BUNDLE_VERSION,
    createdAt: now.toISOString(),
    chain: { ...chain.chain },
    readAt: { blockNumber: head.blockNumber.toString(), time: head.time.toISOString() },
    case: caseOf(report, kind),
    input: inputOf(input, credentials),
    credentials,
    presentations: input.presentation === undefined ? [] : [input.presentation],
    report,
    facts,
  };
  // A deep, plain-JSON copy: no frozen objects or prototypes shared with the verifier's caches.
  return JSON.parse(JSON.stringify(bundle)) as EvidenceBundle;
}
