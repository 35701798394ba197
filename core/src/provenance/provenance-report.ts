/**
 * The report of a drug-provenance verification: the batch, every custody link from the manufacturer to the
 * presenting party, and named checks in the pipeline's shape.
 * @see ../verification/verification-report.ts
 */
import type { CredentialReport } from '../verification/verification-report.ts';
import type { DomainCheckResult } from './domain-check.ts';

/**
 * Checks of a provenance report, in report order:
 * - `presentation` — the holder-signed presentation carrying the credentials (its own checks: signature,
 *   challenge, domain…); skipped when the credentials came loose;
 * - `batch-credential` — the `DrugBatchCredential` verified by the pipeline (its status is judged by `batch-recall`);
 * - `batch-recall` — the batch credential neither revoked nor suspended by its manufacturer (`BATCH_RECALLED`);
 * - `batch-expiry` — the batch's `expiryDate` not passed by the injected clock (`BATCH_EXPIRED`);
 * - `transfer-credentials` — every `CustodyTransferCredential` of the chain verified by the pipeline;
 * - `chain` — one unbroken chain from the manufacturer to the presenter (`PROVENANCE_GAP`);
 * - `supplier-accreditation` — the manufacturer at batch issuance and every sender at its transfer date
 *   accredited on-chain and by a valid `SupplierAccreditationCredential` (`SUPPLIER_NOT_ACCREDITED`);
 * - `quantity` — no transfer exceeds what its sender received, and (with `knownTransfers`) no party on the chain
 *   sent out more than it received (`QUANTITY_EXCEEDED`).
 */
export const PROVENANCE_CHECK_NAMES = [
  'presentation',
  'batch-credential',
  'batch-recall',
  'batch-expiry',
  'transfer-credentials',
  'chain',
  'supplier-accreditation',
  'quantity',
] as const;

/** One check of a provenance report. */
export type ProvenanceCheckName = (typeof PROVENANCE_CHECK_NAMES)[number];

/**
 * Checks of one custody link, in report order:
 * - `credential` — the transfer credential verified by the pipeline (its code when not);
 * - `chain-link` — signed by its sender; sender = the previous receiver (the manufacturer for the first);
 *   `previousTransfer` names the previous transfer (`null` for the first); `batch` and `batchCredentialHash`
 *   name this batch; not dated before the previous hand-off (`PROVENANCE_GAP`);
 * - `supplier-accreditation` — the sender accredited at the transfer date (`SUPPLIER_NOT_ACCREDITED`);
 * - `quantity` — at most what the sender received through the previous link (the batch quantity for the first),
 *   and with `knownTransfers` the sender's outgoing total at most its incoming total (`QUANTITY_EXCEEDED`).
 */
export const PROVENANCE_LINK_CHECK_NAMES = [
  'credential',
  'chain-link',
  'supplier-accreditation',
  'quantity',
] as const;

/** One check of a custody link. */
export type ProvenanceLinkCheckName = (typeof PROVENANCE_LINK_CHECK_NAMES)[number];

/**
 * Who acknowledged receiving the goods of a link: the transfer is signed by its sender only, so receipt is shown
 * by the receiver signing the next transfer (`next-transfer`) or the presentation (`presentation`); `none` when the
 * last receiver was only named (`presenter` without a signed presentation).
 */
export type TransferAcknowledgement = 'next-transfer' | 'presentation' | 'none';

/** One hand-off of the chain. */
export interface ProvenanceLink {
  /** 1 for the manufacturer's hand-off, then 2, 3, … towards the presenter. */
  step: number;
  /** The transfer credential's id (`jti`), when it has one. */
  credentialId?: string;
  /** The transfer's own identifier (`credentialSubject.id`, the URN later transfers name as `previousTransfer`). */
  transferId?: string;
  /** Sender DID. */
  from: string;
  /** Receiver DID. */
  to: string;
  /** Units handed over. */
  quantity: number;
  /** When the goods changed hands (RFC 3339, as the credential says). */
  transferDate: string;
  /** Whether the receipt was acknowledged by a signature of the receiver. */
  acknowledgedBy: TransferAcknowledgement;
  /** True only when every check of the link passed. */
  verified: boolean;
  checks: DomainCheckResult<ProvenanceLinkCheckName>[];
}

/** What the batch credential says (as verified by the pipeline). */
export interface ProvenanceBatch {
  /** The batch credential's id (`jti`), when it has one. */
  credentialId?: string;
  /** `urn:gtin:<gtin>:lot:<lot>`. */
  id: string;
  product?: string;
  gtin?: string;
  lot?: string;
  /** Expiry date printed on the packs (YYYY-MM-DD). */
  expiryDate?: string;
  quantity?: number;
  unit?: string;
  manufacturingSite?: string;
  /** The manufacturer DID (the batch credential's issuer). */
  manufacturer: string;
  certificateOfAnalysisHash?: string;
  /** {@link credentialJwtHash} of the batch credential: what transfers must carry as `batchCredentialHash`. */
  hash: `0x${string}`;
  /** The batch credential's on-chain status, when it was read. */
  status?: { revoked: boolean; suspended: boolean; blockNumber: string };
}

/**
 * The provenance report. Never thrown: invalid input gives a report that is not verified.
 * @see https://www.w3.org/TR/vc-data-model/#verification
 */
export interface ProvenanceReport {
  /** True only when every check passed (or does not apply) and every link verified. */
  verified: boolean;
  checks: DomainCheckResult<ProvenanceCheckName>[];
  /** The chain from the manufacturer (step 1) to the presenter, as far as it could be rebuilt. */
  links: ProvenanceLink[];
  /** The batch, when its credential could be parsed. */
  batch?: ProvenanceBatch;
  /** The party the chain must end at (the presentation's holder, or `input.presenter`). */
  presenter?: string;
  /** The presentation's holder, when the credentials came in a presentation. */
  holder?: string;
  /**
   * Every pipeline report behind the answer: the batch, the transfers (of the chain and any others given), the
   * accreditation credentials as of each date they were needed, and the `knownTransfers` counted.
   */
  credentials: CredentialReport[];
}
