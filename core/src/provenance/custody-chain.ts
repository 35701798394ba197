/**
 * Rebuilds the custody chain of a batch from transfer credentials given in any order: from the transfer that ends at
 * the presenting party back through each `previousTransfer` to the manufacturer's first hand-off.
 * @see ../../../schemas/CustodyTransferCredential/v1/schema.json
 */
import { sameDid } from '../verification/did-syntax.ts';
import type { CredentialReport } from '../verification/verification-report.ts';

/** What one transfer credential says (from the pipeline's parse of the signed JWT; members absent when malformed). */
export interface TransferRecord {
  report: CredentialReport;
  /** Its compact JWT. */
  jwt: string;
  /** Credential id (`jti`). */
  credentialId?: string;
  /** Signer (issuer) DID. */
  issuer: string;
  /** `credentialSubject.id`: the transfer's URN. */
  transferId?: string;
  batch?: string;
  batchCredentialHash?: string;
  quantity?: number;
  sender?: string;
  receiver?: string;
  /** The previous transfer's URN, `null` for the first hand-off, `undefined` when missing or malformed. */
  previousTransfer?: string | null;
  /** `transferDate` as written. */
  transferDate?: string;
  /** `transferDate`, epoch ms. */
  transferMs?: number;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads a transfer credential's claims from its pipeline report.
 * @param report - the pipeline report (verified or not: the chain is rebuilt for the report either way; links whose
 *   credential did not verify fail).
 * @returns the record, or `undefined` when the credential did not parse or is not a `CustodyTransferCredential`.
 */
export function transferRecordOf(report: CredentialReport): TransferRecord | undefined {
  const summary = report.credential;
  if (summary === undefined || !summary.type.includes('CustodyTransferCredential')) return undefined;
  const s = summary.credentialSubject;
  const record: TransferRecord = { report, jwt: summary.jwt, issuer: summary.issuer };
  if (summary.id !== undefined) record.credentialId = summary.id;
  const transferId = text(s.id);
  if (transferId !== undefined) record.transferId = transferId;
  const batch = text(s.batch);
  if (batch !== undefined) record.batch = batch;
  const hash = text(s.batchCredentialHash);
  if (hash !== undefined) record.batchCredentialHash = hash;
  if (typeof s.quantity === 'number' && Number.isSafeInteger(s.quantity) && s.quantity > 0)
    record.quantity = s.quantity;
  const sender = text(s.sender);
  if (sender !== undefined) record.sender = sender;
  const receiver = text(s.receiver);
  if (receiver !== undefined) record.receiver = receiver;
  if (s.previousTransfer === null) record.previousTransfer = null;
  else if (text(s.previousTransfer) !== undefined) record.previousTransfer = s.previousTransfer as string;
  const date = text(s.transferDate);
  if (date !== undefined) {
    record.transferDate = date;
    const ms = Date.parse(date);
    if (!Number.isNaN(ms)) record.transferMs = ms;
  }
  return record;
}

/** The rebuilt chain, first hand-off first, and what prevented a complete one. */
export interface CustodyChain {
  chain: TransferRecord[];
  /** Chain-level problems (each a `PROVENANCE_GAP`); empty when the chain is complete from end to start. */
  gaps: string[];
}

function walkBack(end: TransferRecord, byId: Map<string, TransferRecord[]>): CustodyChain {
  const chain = [end];
  const seen = new Set([end]);
  const gaps: string[] = [];
  let current = end;
  for (;;) {
    const previous = current.previousTransfer;
    if (previous === null) break;
    if (previous === undefined) {
      gaps.push(
        `transfer ${current.transferId ?? current.credentialId ?? '?'} has no valid previousTransfer`,
      );
      break;
    }
    const found = byId.get(previous) ?? [];
    if (found.length === 0) {
      gaps.push(`transfer ${previous} (previous of ${current.transferId ?? '?'}) was not provided`);
      break;
    }
    if (found.length > 1) {
      gaps.push(`${found.length} different credentials claim to be transfer ${previous}`);
      break;
    }
    const next = found[0]!;
    if (seen.has(next)) {
      gaps.push(`the transfers form a cycle at ${previous}`);
      break;
    }
    seen.add(next);
    chain.unshift(next);
    current = next;
  }
  return { chain, gaps };
}

/**
 * Rebuilds the chain ending at `presenter` (or, without one, at the single transfer no other transfer continues).
 * Link-level consistency (senders, hashes, quantities) is judged per link by the caller; this finds the path.
 * @param records - the transfers given (any order; other batches' and other branches' transfers are left out).
 * @param presenter - the DID the chain must end at, when known.
 * @param manufacturer - the batch's manufacturer (a chain of no transfers is complete only when it presents).
 * @returns the chain from the first hand-off to the last, and any gaps.
 */
export function rebuildCustodyChain(
  records: readonly TransferRecord[],
  presenter: string | undefined,
  manufacturer: string | undefined,
): CustodyChain {
  const byId = new Map<string, TransferRecord[]>();
  const continued = new Set<string>();
  for (const r of records) {
    if (r.transferId !== undefined) {
      const same = byId.get(r.transferId) ?? [];
      same.push(r);
      byId.set(r.transferId, same);
    }
    if (typeof r.previousTransfer === 'string') continued.add(r.previousTransfer);
  }
  if (records.length === 0) {
    if (presenter === undefined || (manufacturer !== undefined && sameDid(presenter, manufacturer))) {
      return { chain: [], gaps: [] };
    }
    return { chain: [], gaps: [`no transfer reaches ${presenter}`] };
  }
  const terminal = (r: TransferRecord) => r.transferId === undefined || !continued.has(r.transferId);
  let ends: TransferRecord[];
  if (presenter !== undefined) {
    const toPresenter = records.filter((r) => r.receiver !== undefined && sameDid(r.receiver, presenter));
    if (toPresenter.length === 0) {
      // The manufacturer presenting its own batch needs no transfer (transfers it made elsewhere are not its chain).
      if (manufacturer !== undefined && sameDid(presenter, manufacturer)) return { chain: [], gaps: [] };
      return { chain: [], gaps: [`no transfer reaches ${presenter}`] };
    }
    ends = [...toPresenter.filter(terminal), ...toPresenter.filter((r) => !terminal(r))];
  } else {
    ends = records.filter(terminal);
    if (ends.length === 0)
      return { chain: [], gaps: ['every transfer is continued by another: the transfers form a cycle'] };
    const receivers = new Set(ends.map((r) => r.receiver ?? '?'));
    if (receivers.size > 1) {
      return { chain: [], gaps: ['the transfers end at several parties: name the presenting party'] };
    }
  }
  let best: CustodyChain | undefined;
  for (const end of ends) {
    const walked = walkBack(end, byId);
    if (walked.gaps.length === 0) return walked;
    if (best === undefined || walked.chain.length > best.chain.length) best = walked;
  }
  return best!;
}
