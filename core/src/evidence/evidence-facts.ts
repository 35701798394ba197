/**
 * Builds the on-chain facts of an evidence bundle from its credentials: each credential's status (as of the
 * treatment, now, every change with its transaction) and each issuer's accreditation (as of issuance, now, every
 * `Accredited` / `AccreditationWithdrawn` with its transaction).
 */
import type { Address } from 'viem';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { credentialJwtHash } from '../provenance/credential-jwt-hash.ts';
import { peekCredentialStatus } from '../provenance/credential-peek.ts';
import type { ReviewReport, TreatmentReport } from '../reviews/review-report.ts';
import { ethrIdentityAddress } from '../verification/did-syntax.ts';
import type {
  AccreditationFact,
  CredentialStatusFact,
  EvidenceCredential,
  EvidenceFact,
  EvidenceRole,
  StatusEventRecord,
} from './evidence-bundle.ts';
import type { RegistryEvents, StatusSlot } from './registry-events.ts';

const ROLES: Record<string, EvidenceRole> = {
  TreatmentCredential: 'treatment',
  ReviewCredential: 'review',
  MedicalLicenseCredential: 'licence',
  HospitalAccreditationCredential: 'hospital-accreditation',
};

/** Credential types whose issuer's accreditation is recorded, with the claim holding the jurisdiction. */
const ACCREDITED_TYPES = [
  'MedicalLicenseCredential',
  'HospitalAccreditationCredential',
  'SupplierAccreditationCredential',
];

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const LIST_ID = /^(0|[1-9][0-9]{0,19})$/;

/**
 * The credentials behind a report (each once, by JWT), with their role in the case.
 * @param report - a treatment or review report.
 * @returns the credentials that parsed.
 */
export function evidenceCredentialsOf(report: ReviewReport | TreatmentReport): EvidenceCredential[] {
  const out: EvidenceCredential[] = [];
  const seen = new Set<string>();
  for (const r of report.credentials) {
    const c = r.credential;
    if (c === undefined || seen.has(c.jwt)) continue;
    seen.add(c.jwt);
    const type = c.type.find((t) => t !== 'VerifiableCredential') ?? 'VerifiableCredential';
    const credential: EvidenceCredential = {
      role: ROLES[type] ?? 'other',
      jwt: c.jwt,
      hash: credentialJwtHash(c.jwt),
      type,
      issuer: c.issuer,
    };
    if (c.id !== undefined) credential.id = c.id;
    if (c.subject !== undefined) credential.subject = c.subject;
    if (c.anchor !== undefined) credential.anchorProof = c.anchor.proof;
    out.push(credential);
  }
  return out;
}

/** A credential's status slot, when it has a well-formed entry on the given registry. */
export function statusSlotOf(
  jwt: string,
  statusRegistry: string,
): { slot: StatusSlot; pointer: CredentialStatusFact['pointer'] } | undefined {
  const entry = peekCredentialStatus(jwt);
  if (typeof entry !== 'object' || entry === null) return undefined;
  const {
    type,
    statusRegistry: registry,
    statusIssuer,
    statusListId,
    statusListIndex,
  } = entry as Record<string, unknown>;
  if (type !== 'MedtrustStatusRegistryEntry') return undefined;
  if (typeof registry !== 'string' || registry.toLowerCase() !== statusRegistry.toLowerCase())
    return undefined;
  if (typeof statusIssuer !== 'string' || !ADDRESS.test(statusIssuer)) return undefined;
  const listText = typeof statusListId === 'number' ? String(statusListId) : statusListId;
  if (typeof listText !== 'string' || !LIST_ID.test(listText)) return undefined;
  if (typeof statusListIndex !== 'number' || !Number.isSafeInteger(statusListIndex) || statusListIndex < 0)
    return undefined;
  return {
    slot: { statusIssuer: statusIssuer as Address, listId: BigInt(listText), index: BigInt(statusListIndex) },
    pointer: { statusRegistry: registry, statusIssuer, statusListId: listText, statusListIndex },
  };
}

/**
 * Replays status events up to a moment.
 * @param events - the slot's events, oldest first.
 * @param moment - the moment.
 * @returns the status then, and the event that set it.
 */
export function statusAsOf(
  events: readonly StatusEventRecord[],
  moment: Date,
): NonNullable<CredentialStatusFact['asOfTreatment']> {
  const state: NonNullable<CredentialStatusFact['asOfTreatment']> = {
    revoked: false,
    suspended: false,
    time: moment.toISOString(),
  };
  for (const e of events) {
    if (Date.parse(e.timestamp) > moment.getTime()) break;
    if (e.purpose === 'revocation') state.revoked = state.revoked || e.status;
    else state.suspended = e.status;
    state.lastChange = { txHash: e.txHash, blockNumber: e.blockNumber };
  }
  return state;
}

/**
 * @param credential - a credential of the case.
 * @returns how facts refer to it.
 */
export function referenceOf(credential: EvidenceCredential): CredentialStatusFact['credential'] {
  const ref: CredentialStatusFact['credential'] = {
    role: credential.role,
    type: credential.type,
    hash: credential.hash,
  };
  if (credential.id !== undefined) ref.id = credential.id;
  return ref;
}

/**
 * Reads one credential's status fact.
 * @param events - the registry reader.
 * @param credential - how the fact refers to the credential.
 * @param at - its slot.
 * @param readBlock - the block to read at.
 * @param moment - the treatment moment, when known.
 * @returns the fact.
 * @throws MedtrustError `CHAIN_UNAVAILABLE`, `CONTRACT_REVERTED`.
 */
export async function readStatusFact(
  events: RegistryEvents,
  credential: CredentialStatusFact['credential'],
  at: { slot: StatusSlot; pointer: CredentialStatusFact['pointer'] },
  readBlock: bigint,
  moment: Date | undefined,
): Promise<CredentialStatusFact> {
  const [current, changes] = await Promise.all([
    events.statusAt(at.slot, readBlock),
    events.statusEvents(at.slot, readBlock),
  ]);
  const fact: CredentialStatusFact = {
    kind: 'credential-status',
    credential,
    pointer: at.pointer,
    current: { ...current, blockNumber: readBlock.toString() },
    events: changes,
  };
  if (moment !== undefined) fact.asOfTreatment = statusAsOf(changes, moment);
  return fact;
}

/** Which accreditation backs a credential: (issuer address, type, jurisdiction, issuance). */
export interface AccreditationKey {
  address: `0x${string}`;
  credentialType: string;
  jurisdiction: string;
  at: Date;
}

/**
 * Reads one accreditation fact.
 * @param events - the registry reader.
 * @param credential - how the fact refers to the credential the accreditation backs.
 * @param issuer - the issuer DID.
 * @param key - issuer address, type, jurisdiction, moment.
 * @param readBlock - the block to read at.
 * @param readTime - that block's time.
 * @returns the fact.
 * @throws MedtrustError `CHAIN_UNAVAILABLE`, `CONTRACT_REVERTED`.
 */
export async function readAccreditationFact(
  events: RegistryEvents,
  credential: AccreditationFact['credential'],
  issuer: string,
  key: AccreditationKey,
  readBlock: bigint,
  readTime: Date,
): Promise<AccreditationFact> {
  const [accreditedAt, current, history] = await Promise.all([
    events.isAccredited(key.address, key.credentialType, key.jurisdiction, key.at, readBlock),
    events.isAccredited(key.address, key.credentialType, key.jurisdiction, readTime, readBlock),
    events.accreditationEvents(key.address, key.credentialType, key.jurisdiction, readBlock),
  ]);
  return {
    kind: 'accreditation',
    issuer,
    address: key.address,
    credentialType: key.credentialType,
    jurisdiction: key.jurisdiction,
    credential,
    at: key.at.toISOString(),
    accreditedAt,
    current: { accredited: current, time: readTime.toISOString(), blockNumber: readBlock.toString() },
    events: history,
  };
}

/**
 * The accreditation that backs a credential's issuer, when one is recorded: licensing types by their subject's
 * `jurisdiction`; a treatment by the hospital's jurisdiction (from its verified accreditation).
 * @param credential - the credential.
 * @param claims - its verified claims.
 * @param issuedAt - its issuance.
 * @param hospitalJurisdiction - the hospital's jurisdiction, when known.
 * @returns the key, or `undefined` (no jurisdiction, or the issuer is not a `did:ethr`).
 */
export function accreditationKeyOf(
  credential: EvidenceCredential,
  claims: Readonly<Record<string, unknown>>,
  issuedAt: Date,
  hospitalJurisdiction: string | undefined,
): AccreditationKey | undefined {
  const address = ethrIdentityAddress(credential.issuer);
  if (address === undefined) return undefined;
  let jurisdiction: string | undefined;
  if (ACCREDITED_TYPES.includes(credential.type) && typeof claims.jurisdiction === 'string') {
    jurisdiction = claims.jurisdiction;
  } else if (credential.type === 'TreatmentCredential') {
    jurisdiction = hospitalJurisdiction;
  }
  if (jurisdiction === undefined) return undefined;
  return { address, credentialType: credential.type, jurisdiction, at: issuedAt };
}

/**
 * Reads every fact of a case.
 * @param events - the registry reader.
 * @param report - the verification report (claims and issuance of each credential).
 * @param credentials - the case's credentials.
 * @param statusRegistry - the configured status registry (other registries are not read).
 * @param readBlock - the block every fact is read at.
 * @param readTime - its time.
 * @returns status facts, then accreditation facts.
 * @throws MedtrustError `CHAIN_UNAVAILABLE` when the chain cannot answer.
 */
export async function readFacts(
  events: RegistryEvents,
  report: ReviewReport | TreatmentReport,
  credentials: readonly EvidenceCredential[],
  statusRegistry: string,
  readBlock: bigint,
  readTime: Date,
): Promise<EvidenceFact[]> {
  const moment = report.treatment?.moment === undefined ? undefined : new Date(report.treatment.moment);
  const summaries = new Map(
    report.credentials.flatMap((r) => (r.credential ? [[r.credential.jwt, r.credential] as const] : [])),
  );
  const statusFacts: Promise<EvidenceFact | undefined>[] = [];
  const accreditationFacts: Promise<EvidenceFact | undefined>[] = [];
  const seenKeys = new Set<string>();
  for (const credential of credentials) {
    const slot = statusSlotOf(credential.jwt, statusRegistry);
    if (slot !== undefined) {
      statusFacts.push(
        readStatusFact(events, referenceOf(credential), slot, readBlock, moment).catch((error: unknown) =>
          unreadable(error),
        ),
      );
    }
    const summary = summaries.get(credential.jwt);
    if (summary === undefined) continue;
    const key = accreditationKeyOf(
      credential,
      summary.credentialSubject,
      new Date(summary.issuanceDate),
      report.hospitalAccreditation?.jurisdiction,
    );
    if (key === undefined) continue;
    const id = `${key.address}|${key.credentialType}|${key.jurisdiction}|${key.at.getTime()}`;
    if (seenKeys.has(id)) continue;
    seenKeys.add(id);
    accreditationFacts.push(
      readAccreditationFact(
        events,
        referenceOf(credential),
        credential.issuer,
        key,
        readBlock,
        readTime,
      ).catch((error: unknown) => unreadable(error)),
    );
  }
  const facts = await Promise.all([...statusFacts, ...accreditationFacts]);
  return facts.filter((f): f is EvidenceFact => f !== undefined);
}

/** A fact that cannot be read because the credential points at nothing (reverted) is left out; a down chain throws. */
function unreadable(error: unknown): undefined {
  if (error instanceof MedtrustError && error.code === ErrorCodes.CONTRACT_REVERTED) return undefined;
  throw error;
}
