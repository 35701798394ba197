/**
 * What re-checking an evidence bundle reports: the facts and verification now, and every difference from when the
 * bundle was made.
 */
import type { ReviewReport, TreatmentReport } from '../reviews/review-report.ts';
import type {
  AccreditationEventRecord,
  CredentialStatusFact,
  EvidenceCase,
  EvidenceFact,
  StatusEventRecord,
} from './evidence-bundle.ts';

/** One difference between the bundle and now. */
export interface EvidenceChange {
  /**
   * - `credential-status` — a credential's status changed (or its history at the treatment moment differs: a
   *   reorganised chain);
   * - `accreditation` — an issuer's accreditation changed;
   * - `verification` — the case's verification outcome or a check changed.
   */
  kind: 'credential-status' | 'accreditation' | 'verification';
  /** One English sentence for people (never match on it). */
  summary: string;
  /** The credential concerned (status and accreditation changes). */
  credential?: CredentialStatusFact['credential'];
  /** The fact or check then and now. */
  then?: unknown;
  now?: unknown;
  /** The transactions since the bundle's block that made the change, with hash and block. */
  events?: Array<StatusEventRecord | AccreditationEventRecord>;
}

/** The outcome of `recheckEvidenceBundle`. */
export interface RecheckResult {
  /** True when anything differs from the bundle. */
  changed: boolean;
  /** The case the bundle is about. */
  case: EvidenceCase;
  /** When the bundle was made, and the block its facts were read at. */
  bundle: { createdAt: string; readAt: { blockNumber: string; time: string } };
  /** The block the facts were read at now, and its time. */
  checkedAt: { blockNumber: string; time: string };
  verifiedThen: boolean;
  verifiedNow: boolean;
  /** The verification report now. */
  report: ReviewReport | TreatmentReport;
  /** The same facts read now. */
  facts: EvidenceFact[];
  changes: EvidenceChange[];
}
