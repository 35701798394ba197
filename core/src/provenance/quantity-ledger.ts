/**
 * Stock accounting over every known transfer of a batch: how much each party verifiably received and sent out. A
 * party that sent out more than it received (the manufacturer: more than the batch) has diverted or duplicated
 * stock, and every chain through it is suspect.
 */
import { sameCredentialHash } from './credential-jwt-hash.ts';
import type { TransferRecord } from './custody-chain.ts';
import { sameDid } from '../verification/did-syntax.ts';

/** The batch the ledger counts. */
export interface LedgerBatch {
  id: string;
  hash: string;
  quantity: number;
  manufacturer: string;
}

/** Incoming and outgoing totals per party. */
export interface QuantityLedger {
  /** Units the party verifiably received (the manufacturer: the batch quantity plus any returns). */
  incoming(party: string): number;
  /** Units the party verifiably sent out. */
  outgoing(party: string): number;
  /** Transfers counted. */
  readonly counted: number;
  /** Transfers ignored (not verified, another batch, not signed by their sender, malformed). */
  readonly ignored: number;
}

function partyKey(did: string): string {
  return did.startsWith('did:ethr:') ? did.toLowerCase() : did;
}

/**
 * Counts the transfers of one batch. Only transfers the pipeline verified, naming this batch and its hash, signed
 * by their sender, count — a forged or revoked transfer can neither frame a party nor hide stock. Duplicates (the
 * same JWT given twice) count once.
 * @param records - transfers from the input and from `knownTransfers`.
 * @param batch - the batch's id, hash, quantity and manufacturer.
 * @returns the ledger.
 */
export function buildQuantityLedger(records: readonly TransferRecord[], batch: LedgerBatch): QuantityLedger {
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, number>();
  const add = (map: Map<string, number>, party: string, quantity: number) =>
    map.set(partyKey(party), (map.get(partyKey(party)) ?? 0) + quantity);
  add(incoming, batch.manufacturer, batch.quantity);
  const seen = new Set<string>();
  let counted = 0;
  let ignored = 0;
  for (const r of records) {
    if (seen.has(r.jwt)) continue;
    seen.add(r.jwt);
    if (
      !r.report.verified ||
      r.batch !== batch.id ||
      !sameCredentialHash(r.batchCredentialHash, batch.hash) ||
      r.sender === undefined ||
      r.receiver === undefined ||
      r.quantity === undefined ||
      !sameDid(r.issuer, r.sender)
    ) {
      ignored++;
      continue;
    }
    add(outgoing, r.sender, r.quantity);
    add(incoming, r.receiver, r.quantity);
    counted++;
  }
  return {
    incoming: (party) => incoming.get(partyKey(party)) ?? 0,
    outgoing: (party) => outgoing.get(partyKey(party)) ?? 0,
    counted,
    ignored,
  };
}
