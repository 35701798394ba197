/**
 * Re-checks an evidence bundle later: verifies the case again and re-reads every on-chain fact at the current block,
 * reporting what changed since — e.g. a licence revoked after the treatment: now revoked (with the revoking
 * transaction's hash and block), while as of the treatment date it was valid.
 */
import { MAX_ANCHOR_PROOFS } from '../verification/verify-options.ts';
import { withAnchorProofs } from '../verification/with-anchor-proofs.ts';
import type { Address } from 'viem';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import type { CredentialVerifier } from '../provenance/credential-verifier.ts';
import { readClock } from '../provenance/verification-guards.ts';
import type { ReviewInput } from '../reviews/review-input.ts';
import { verifyReview } from '../reviews/verify-review.ts';
import { verifyTreatment } from '../reviews/verify-treatment.ts';
import { validateEvidenceChainAccess } from './build-evidence-bundle.ts';
import type {
  AccreditationEventRecord,
  AccreditationFact,
  CredentialStatusFact,
  EvidenceBundle,
  EvidenceFact,
  StatusEventRecord,
  StatusReading,
} from './evidence-bundle.ts';
import { readAccreditationFact, readStatusFact } from './evidence-facts.ts';
import { parseEvidenceBundle } from './parse-evidence-bundle.ts';
import type { EvidenceChange, RecheckResult } from './recheck-result.ts';
import { RegistryEvents, type EvidenceChainAccess } from './registry-events.ts';

/** What {@link recheckEvidenceBundle} needs. */
export interface RecheckDependencies {
  /** The verification pipeline (`Verifier`) over the bundle's chain. */
  verifier: CredentialVerifier;
  /** The client and registries facts are re-read from: must be the bundle's chain and registries. */
  chain: EvidenceChainAccess;
  /** The clock; `() => new Date()` by default. */
  clock?: () => Date;
}

function state(reading: StatusReading | undefined): string {
  if (reading === undefined) return 'unknown';
  return reading.revoked
    ? 'revoked'
    : reading.suspended
      ? 'suspended'
      : 'valid (neither revoked nor suspended)';
}

function label(credential: CredentialStatusFact['credential']): string {
  return `${credential.type} ${credential.id ?? credential.hash.slice(0, 18)} (${credential.role})`;
}

function describeStatusEvent(e: StatusEventRecord): string {
  const verb = e.purpose === 'revocation' ? 'revoked' : e.status ? 'suspended' : 'reinstated';
  return `${verb} in tx ${e.txHash} at block ${e.blockNumber} (${e.timestamp})`;
}

function describeAccreditationEvent(e: AccreditationEventRecord): string {
  return e.event === 'Accredited'
    ? `accredited ${e.validFrom ?? '?'} – ${e.validUntil ?? '?'} in tx ${e.txHash} at block ${e.blockNumber}`
    : `accreditation withdrawn at ${e.withdrawnAt ?? '?'} in tx ${e.txHash} at block ${e.blockNumber}`;
}

function after(events: ReadonlyArray<{ blockNumber: string }>, block: string): typeof events {
  return events.filter((e) => BigInt(e.blockNumber) > BigInt(block));
}

function compareStatus(
  then: CredentialStatusFact,
  now: CredentialStatusFact,
  readAt: string,
): EvidenceChange | undefined {
  const fresh = after(now.events, readAt) as StatusEventRecord[];
  const currentChanged =
    then.current.revoked !== now.current.revoked || then.current.suspended !== now.current.suspended;
  const historyChanged =
    then.asOfTreatment !== undefined &&
    now.asOfTreatment !== undefined &&
    (then.asOfTreatment.revoked !== now.asOfTreatment.revoked ||
      then.asOfTreatment.suspended !== now.asOfTreatment.suspended);
  if (!currentChanged && fresh.length === 0 && !historyChanged) return undefined;
  const parts = [
    `${label(now.credential)} is now ${state(now.current)} (it was ${state(then.current)} at block ${then.current.blockNumber})`,
  ];
  if (fresh.length > 0) parts.push(fresh.map(describeStatusEvent).join('; '));
  if (now.asOfTreatment !== undefined) {
    parts.push(
      `as of the treatment (${now.asOfTreatment.time}) it was ${state(now.asOfTreatment)}${historyChanged ? `, but the bundle recorded ${state(then.asOfTreatment)}: the chain's history differs` : ''}`,
    );
  }
  return {
    kind: 'credential-status',
    summary: `${parts.join('; ')}.`,
    credential: now.credential,
    then: { current: then.current, asOfTreatment: then.asOfTreatment },
    now: { current: now.current, asOfTreatment: now.asOfTreatment },
    events: fresh,
  };
}

function compareAccreditation(
  then: AccreditationFact,
  now: AccreditationFact,
  readAt: string,
): EvidenceChange | undefined {
  const fresh = after(now.events, readAt) as AccreditationEventRecord[];
  const historyChanged = then.accreditedAt !== now.accreditedAt;
  const currentChanged = then.current.accredited !== now.current.accredited;
  if (!historyChanged && !currentChanged && fresh.length === 0) return undefined;
  const who = `${now.issuer} (${now.credentialType} in ${now.jurisdiction}, issuer of ${label(now.credential)})`;
  const parts = [
    `${who} is ${now.current.accredited ? '' : 'no longer '}accredited now (it was ${then.current.accredited ? '' : 'not '}accredited at block ${then.current.blockNumber})`,
  ];
  if (fresh.length > 0) parts.push(fresh.map(describeAccreditationEvent).join('; '));
  parts.push(
    `at issuance (${now.at}) it was ${now.accreditedAt ? '' : 'not '}accredited${historyChanged ? `, but the bundle recorded the opposite: the chain's history differs` : ''}`,
  );
  return {
    kind: 'accreditation',
    summary: `${parts.join('; ')}.`,
    credential: now.credential,
    then: { accreditedAt: then.accreditedAt, current: then.current },
    now: { accreditedAt: now.accreditedAt, current: now.current },
    events: fresh,
  };
}

/**
 * Re-checks an evidence bundle.
 *
 * The case is verified again from the bundle's input (a recorded presentation is judged on its signature only: its
 * challenge, audience and validity window were judged when it was presented); every fact is re-read at the current
 * block; each difference becomes an {@link EvidenceChange} carrying the transactions (hash, block) that caused it.
 * @param bundle - the bundle (parsed JSON, untrusted; see `parseEvidenceBundle`).
 * @param deps - the verifier, chain access (the bundle's chain and registries) and clock.
 * @returns what is true now and what changed.
 * @throws MedtrustError `EVIDENCE_BUNDLE_INVALID` for a malformed bundle or one recorded on another chain or
 *   registries; `INVALID_ARGUMENT` for missing dependencies; `CHAIN_UNAVAILABLE` when the chain cannot be read.
 */
export async function recheckEvidenceBundle(
  bundle: unknown,
  deps: RecheckDependencies,
): Promise<RecheckResult> {
  const parsed: EvidenceBundle = parseEvidenceBundle(bundle);
  if (typeof deps?.verifier?.verifyCredential !== 'function') {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'recheckEvidenceBundle: verifier is required');
  }
  validateEvidenceChainAccess(deps.chain);
  const now = readClock(deps.clock, 'recheckEvidenceBundle');
  const here = deps.chain.chain;
  if (
    here.chainId !== parsed.chain.chainId ||
    here.statusRegistry.toLowerCase() !== parsed.chain.statusRegistry.toLowerCase() ||
    here.trustRegistry.toLowerCase() !== parsed.chain.trustRegistry.toLowerCase()
  ) {
    throw new MedtrustError(
      ErrorCodes.EVIDENCE_BUNDLE_INVALID,
      `the bundle was recorded on chain ${parsed.chain.chainId} (status registry ${parsed.chain.statusRegistry}, trust registry ${parsed.chain.trustRegistry}), not on the chain given`,
    );
  }
  const input: ReviewInput = {
    licences: parsed.input.licences,
    hospitalAccreditations: parsed.input.hospitalAccreditations,
  };
  if (parsed.input.presentation !== undefined) input.presentation = parsed.input.presentation;
  if (parsed.input.treatment !== undefined) input.treatment = parsed.input.treatment;
  if (parsed.input.review !== undefined) input.review = parsed.input.review;
  const options = { historicalPresentation: true, clock: () => now };
  // The anchors recorded with the case are presented again (and checked against the chain again).
  const proofs = parsed.credentials
    .map((c) => c.anchorProof)
    .filter((p): p is NonNullable<typeof p> => p !== undefined)
    .slice(0, MAX_ANCHOR_PROOFS);
  const verifier = withAnchorProofs(deps.verifier, proofs);
  const report =
    parsed.case.kind === 'review'
      ? await verifyReview(verifier, input, options)
      : await verifyTreatment(verifier, input, options);

  const events = new RegistryEvents(deps.chain);
  const head = await events.head();
  const moment = parsed.case.moment === undefined ? undefined : new Date(parsed.case.moment);
  const facts: EvidenceFact[] = await Promise.all(
    parsed.facts.map((fact): Promise<EvidenceFact> =>
      fact.kind === 'credential-status'
        ? readStatusFact(
            events,
            fact.credential,
            {
              slot: {
                statusIssuer: fact.pointer.statusIssuer as Address,
                listId: BigInt(fact.pointer.statusListId),
                index: BigInt(fact.pointer.statusListIndex),
              },
              pointer: fact.pointer,
            },
            head.blockNumber,
            moment,
          )
        : readAccreditationFact(
            events,
            fact.credential,
            fact.issuer,
            {
              address: fact.address,
              credentialType: fact.credentialType,
              jurisdiction: fact.jurisdiction,
              at: new Date(fact.at),
            },
            head.blockNumber,
            head.time,
          ),
    ),
  );

  const changes: EvidenceChange[] = [];
  const readAt = parsed.readAt.blockNumber;
  parsed.facts.forEach((then, i) => {
    const current = facts[i]!;
    const change =
      then.kind === 'credential-status'
        ? compareStatus(then, current as CredentialStatusFact, readAt)
        : compareAccreditation(then, current as AccreditationFact, readAt);
    if (change !== undefined) changes.push(change);
  });
  if (parsed.report.verified !== report.verified) {
    changes.push({
      kind: 'verification',
      summary: `The case ${report.verified ? 'now verifies' : 'no longer verifies'} (it ${parsed.report.verified ? 'verified' : 'did not verify'} when the bundle was made).`,
      then: parsed.report.verified,
      now: report.verified,
    });
  }
  const before = new Map(parsed.report.checks.map((c) => [c.check as string, c]));
  for (const check of report.checks) {
    const old = before.get(check.check);
    if (old === undefined || (old.status === check.status && old.code === check.code)) continue;
    changes.push({
      kind: 'verification',
      summary: `Check ${check.check} was ${old.status}${old.code ? ` (${old.code})` : ''}, now ${check.status}${check.code ? ` (${check.code})` : ''}.`,
      then: old,
      now: check,
    });
  }
  return {
    changed: changes.length > 0,
    case: parsed.case,
    bundle: { createdAt: parsed.createdAt, readAt: parsed.readAt },
    checkedAt: { blockNumber: head.blockNumber.toString(), time: head.time.toISOString() },
    verifiedThen: parsed.report.verified,
    verifiedNow: report.verified,
    report,
    facts,
    changes,
  };
}
