/**
 * The public directory's answers as the verifier sends them (`GET /directory/search`, `/directory/profiles/:did`,
 * `/directory/batches…`). Mirrors `verifier/src/directory/*` (search hits, profile view, live status, accreditation
 * chain, published reviews, batch view, custody tree); no answer carries a patient's DID.
 */
import type { ReportCheck } from './verification-report.ts';

/** Kinds of party the directory can be searched for. */
export const DIRECTORY_KINDS = ['doctor', 'hospital', 'supplier'] as const;

/** One searchable kind of party. */
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

/** One search hit: a doctor, hospital or supplier (one per party and kind). */
export interface SearchHit {
  did: string;
  kind: DirectoryKind;
  name?: string;
  /** Licence or registration number. */
  number?: string;
  jurisdiction?: string;
  /** The issuer of the newest credential of that kind. */
  issuer: string;
  /** Licence: specialty. */
  specialty?: string;
  /** Supplier: role (e.g. `manufacturer`). */
  role?: string;
  /** Listed credentials of that kind. */
  credentials: number;
  /** The verifier's path of the profile. */
  profile: string;
}

/** `GET /directory/search`. */
export interface SearchAnswer {
  items: SearchHit[];
  limit: number;
  offset: number;
}

/**
 * A listed credential's state right now: `verified`, `revoked` / `suspended` (on-chain), `expired` /
 * `not-yet-valid`, `invalid` (another check failed), `unavailable` (a check could not run; nothing is claimed).
 */
export type LiveState =
  'verified' | 'revoked' | 'suspended' | 'expired' | 'not-yet-valid' | 'invalid' | 'unavailable';

/** The live status of one credential, verified when the page was asked for. */
export interface LiveStatus {
  state: LiveState;
  verified: boolean;
  revoked: boolean;
  suspended: boolean;
  /** The block (decimal string) the on-chain status was read at. */
  blockNumber?: string;
  /** When it was checked (ISO 8601). */
  checkedAt: string;
  failedCodes: string[];
  checks: ReportCheck[];
}

/** One accreditation record of the on-chain trust registry. */
export interface AccreditationRecord {
  /** `governance`, or the accreditor's DID. */
  grantedBy: string;
  accreditor: string;
  validFrom: string;
  validUntil: string;
  delegable: boolean;
  withdrawnAt?: string;
  /** Whether its window covers now. */
  active: boolean;
  blockNumber: string;
  txHash: string;
}

/** One party's accreditation for a credential type and jurisdiction. */
export interface AccreditationLink {
  did: string;
  address: string;
  credentialType: string;
  jurisdiction: string;
  accreditedNow: boolean;
  /** Oldest first. */
  records: AccreditationRecord[];
}

/** Who accredited a credential's issuer, as the trust registry records it. */
export interface AccreditationChain {
  state: 'accredited' | 'not-accredited' | 'not-applicable' | 'unavailable';
  issuer?: AccreditationLink;
  /** The accreditors that granted the issuer's records, with their own (root) records. */
  accreditors: AccreditationLink[];
  /** The block the records were read up to. */
  blockNumber?: string;
}

/** One credential on a profile. */
export interface ProfileCredential {
  credentialId?: string;
  type: string;
  kind: DirectoryKind;
  issuer: string;
  name?: string;
  number?: string;
  jurisdiction?: string;
  /** The verified `credentialSubject`. */
  claims: Record<string, unknown>;
  publishedAt: string;
  /** The compact JWT, for anyone who wants to verify it themselves. */
  jwt: string;
  status: LiveStatus;
  accreditation: AccreditationChain;
}

/** A batch a manufacturer published. */
export interface ProfileBatch {
  batchId: string;
  product?: string;
  gtin?: string;
  lot?: string;
  expiryDate?: string;
  publishedAt: string;
}

/** The verified facts behind a review (never the patient). */
export interface ReviewFacts {
  licensedDoctor: boolean;
  accreditedHospital: boolean;
  genuineTreatment: boolean;
  writtenByTreatedPatient: boolean;
  doctor?: string;
  doctorName?: string;
  doctorSpecialty?: string;
  licenceJurisdiction?: string;
  hospital?: string;
  hospitalName?: string;
  hospitalJurisdiction?: string;
  procedureCategory?: string;
  treatmentDate?: string;
}

/** A doctor's verified reply to a review. */
export interface PublishedReply {
  id: string;
  /** The doctor's DID (the reply's signer). */
  doctor: string;
  text: string;
  repliedAt: string;
  publishedAt: string;
}

/** A verified review as the directory serves it. */
export interface PublishedReview {
  id: string;
  publishedAt: string;
  verified: boolean;
  rating?: number;
  text?: string;
  reviewDate?: string;
  reviewed?: { did: string; role: 'doctor' | 'hospital' };
  reviewHash?: string;
  facts: ReviewFacts;
  /** One sentence stating what is proven. */
  statement: string;
  failedCodes: string[];
  replies: PublishedReply[];
}

/** `GET /directory/profiles/:did`. */
export interface Profile {
  did: string;
  kinds: DirectoryKind[];
  name?: string;
  credentials: ProfileCredential[];
  batches: ProfileBatch[];
  reviews: PublishedReview[];
  rating: { count: number; average: number | null };
  checkedAt: string;
}

/** One hand-off of a batch's custody tree. */
export interface CustodyEdge {
  transferId: string;
  credentialId?: string;
  from: string;
  to: string;
  quantity: number | null;
  transferDate: string | null;
  /** True when every verified branch through it verified this link; `null` when not verified. */
  verified: boolean | null;
  failedCodes: string[];
  children: CustodyEdge[];
}

/** The custody tree of a batch: the manufacturer at the root. */
export interface CustodyTree {
  root: string;
  quantity: number | null;
  children: CustodyEdge[];
  /** Transfers whose `previousTransfer` names no published transfer of the batch. */
  unlinked: CustodyEdge[];
}

/** One link of a verified branch. */
export interface ProvenanceLinkView {
  step: number;
  credentialId?: string;
  transferId?: string;
  from: string;
  to: string;
  quantity: number;
  transferDate: string;
  acknowledgedBy: 'next-transfer' | 'presentation' | 'none';
  verified: boolean;
  checks: ReportCheck[];
}

/** Provenance verified along one branch, to its final holder. */
export interface BranchView {
  holder: string;
  holderName?: string;
  verified: boolean;
  failedCodes: string[];
  checks: ReportCheck[];
  links: ProvenanceLinkView[];
}

/** How a batch page is flagged. */
export interface BatchAlert {
  level: 'ok' | 'warning' | 'danger';
  codes: string[];
}

/** One batch credential's page. */
export interface BatchView {
  batchId: string;
  credentialId?: string;
  manufacturer: string;
  manufacturerName?: string;
  product?: string;
  gtin?: string;
  lot?: string;
  expiryDate?: string;
  quantity?: number;
  unit?: string;
  manufacturingSite?: string;
  certificateOfAnalysisHash?: string;
  publishedAt: string;
  jwt: string;
  status: LiveStatus;
  /** Revoked or suspended by the manufacturer on-chain. */
  recalled: boolean;
  alert: BatchAlert;
  provenance: {
    verified: boolean;
    transfers: number;
    branches: BranchView[];
    tree: CustodyTree;
  };
}

/** `GET /directory/batches/:batchId` and `GET /directory/batches?gtin=&lot=`. */
export interface BatchPage {
  batchId: string;
  /** Several batch credentials claim this id. */
  conflict: boolean;
  batches: BatchView[];
}
