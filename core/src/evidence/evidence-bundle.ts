/**
 * The dispute evidence bundle: everything needed to show, later and to anyone, what was verified about a treatment
 * (and its review) and which on-chain facts the answer rested on — each with the transaction and block that
 * established it. Plain JSON (no bigints): block numbers are decimal strings, times ISO 8601.
 * @see ../../../docs/contracts-design.md (events `StatusChanged`, `Accredited`, `AccreditationWithdrawn`)
 */
import type { AnchorProof } from '../anchoring/anchor-proof.ts';
import type { ReviewReport, TreatmentReport } from '../reviews/review-report.ts';

/** The `format` member of every bundle. */
export const EVIDENCE_BUNDLE_FORMAT = 'medtrust-evidence-bundle';

/** The bundle format version this library writes and reads. */
export const EVIDENCE_BUNDLE_VERSION = 1;

/** The chain and registries the facts were read from. */
export interface EvidenceChain {
  chainId: number;
  didRegistry: `0x${string}`;
  statusRegistry: `0x${string}`;
  trustRegistry: `0x${string}`;
  /** The `AnchorRegistry` the credentials' anchors were read from (bundles since anchoring). */
  anchorRegistry?: `0x${string}`;
  didNetworkName?: string;
}

/** What a credential is in the case. */
export type EvidenceRole = 'treatment' | 'review' | 'licence' | 'hospital-accreditation' | 'other';

/** One credential of the case. */
export interface EvidenceCredential {
  role: EvidenceRole;
  /** The compact JWT (what was verified and hashed). */
  jwt: string;
  /** SHA-256 of the compact JWT. */
  hash: `0x${string}`;
  id?: string;
  type: string;
  issuer: string;
  subject?: string;
  /** The anchor proof the verification checked (re-used when the bundle is re-checked). */
  anchorProof?: AnchorProof;
}

/** A transaction that changed a credential's status. */
export interface StatusEventRecord {
  purpose: 'revocation' | 'suspension';
  /** true = revoked / suspended; false = reinstated (suspension only). */
  status: boolean;
  txHash: `0x${string}`;
  blockNumber: string;
  logIndex: number;
  /** The block's time. */
  timestamp: string;
}

/** Revocation and suspension of a credential. */
export interface StatusReading {
  revoked: boolean;
  suspended: boolean;
}

/** The on-chain status of one credential: as of the treatment, now, and every change. */
export interface CredentialStatusFact {
  kind: 'credential-status';
  credential: { role: EvidenceRole; type: string; hash: `0x${string}`; id?: string };
  pointer: { statusRegistry: string; statusIssuer: string; statusListId: string; statusListIndex: number };
  /**
   * The status at the treatment moment, replayed from the events (blocks whose time is at or before it);
   * `lastChange` is the event that set it, absent when it never changed before then.
   */
  asOfTreatment?: StatusReading & {
    time: string;
    lastChange?: { txHash: `0x${string}`; blockNumber: string };
  };
  /** The status read at the bundle's block (`readAt`): with no event, that block is the evidence. */
  current: StatusReading & { blockNumber: string };
  /** Every status change of this credential up to the read block. */
  events: StatusEventRecord[];
}

/** A transaction that accredited or withdrew an issuer. */
export interface AccreditationEventRecord {
  event: 'Accredited' | 'AccreditationWithdrawn';
  txHash: `0x${string}`;
  blockNumber: string;
  logIndex: number;
  timestamp: string;
  /** The accreditor (0x0 = governance). */
  accreditor: string;
  validFrom?: string;
  validUntil?: string;
  delegable?: boolean;
  withdrawnAt?: string;
}

/** An issuer's accreditation in the trust registry for the credential it issued. */
export interface AccreditationFact {
  kind: 'accreditation';
  /** The issuer DID and its identity address. */
  issuer: string;
  address: `0x${string}`;
  credentialType: string;
  jurisdiction: string;
  /** The credential this accreditation backs. */
  credential: { role: EvidenceRole; type: string; hash: `0x${string}`; id?: string };
  /** The moment asked about (the credential's issuance). */
  at: string;
  /** `isAccredited(address, type, jurisdiction, at)`, read at the bundle's block. */
  accreditedAt: boolean;
  /** `isAccredited(…, <the read block's time>)`: accredited now. */
  current: { accredited: boolean; time: string; blockNumber: string };
  /** The subject's `Accredited` / `AccreditationWithdrawn` events for (type, jurisdiction) up to the read block. */
  events: AccreditationEventRecord[];
}

/** One on-chain fact. */
export type EvidenceFact = CredentialStatusFact | AccreditationFact;

/** What was verified, as given (everything needed to verify it again). */
export interface EvidenceInput {
  /** The patient's presentation, as given (compact JWT or JSON form). */
  presentation?: unknown;
  treatment?: string;
  review?: string;
  /** Every licence considered (given or looked up), as compact JWTs. */
  licences: string[];
  /** Every hospital accreditation considered. */
  hospitalAccreditations: string[];
}

/** The treatment (and review) the bundle is about. */
export interface EvidenceCase {
  kind: 'treatment' | 'review';
  treatmentHash?: `0x${string}`;
  treatmentDate?: string;
  /** The moment licence and accreditation were judged at. */
  moment?: string;
  procedureCategory?: string;
  doctor?: string;
  hospital?: string;
  reviewHash?: `0x${string}`;
}

/** An evidence bundle. */
export interface EvidenceBundle {
  format: typeof EVIDENCE_BUNDLE_FORMAT;
  version: typeof EVIDENCE_BUNDLE_VERSION;
  createdAt: string;
  chain: EvidenceChain;
  /** The block every fact was read at, and its time. */
  readAt: { blockNumber: string; time: string };
  case: EvidenceCase;
  input: EvidenceInput;
  credentials: EvidenceCredential[];
  /** The presentations involved, as given. */
  presentations: unknown[];
  /** The verification report when the bundle was made. */
  report: ReviewReport | TreatmentReport;
  facts: EvidenceFact[];
}
