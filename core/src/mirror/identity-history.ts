/**
 * The registry events of one identity, grouped for the questions the verifier asks: its ERC-1056 history, its
 * accreditation records by type and jurisdiction, its status lists and its anchors. Events are kept in chain order;
 * every question is answered "as of block B" by folding the events at or before B, so the past is never rewritten by
 * a later event.
 */
import type { Address, Hex } from 'viem';
import type {
  AccreditationEvent,
  AnchorEvent,
  Erc1056Event,
  RegistryEvent,
  StatusEvent,
} from './registry-event.ts';

const GOVERNANCE = '0x0000000000000000000000000000000000000000';

/** One identity's events, in chain order. */
export class IdentityHistory {
  /** ERC-1056 owner, delegate and attribute changes. */
  readonly erc1056: Erc1056Event[] = [];
  /** Accreditation events by `credentialType|jurisdiction` (both keccak256 hashes). */
  readonly accreditations = new Map<string, AccreditationEvent[]>();
  /** Status list events by list id. */
  readonly lists = new Map<bigint, StatusEvent[]>();
  /** Anchors by root. */
  readonly anchors = new Map<Hex, AnchorEvent[]>();
  /** Number of events held (for the mirror's statistics). */
  size = 0;

  /**
   * Appends an event (callers append in chain order).
   * @param event - an event of this identity.
   */
  add(event: RegistryEvent): void {
    this.size++;
    switch (event.kind) {
      case 'erc1056':
        this.erc1056.push(event);
        return;
      case 'accreditation':
        push(this.accreditations, `${event.credentialType}|${event.jurisdiction}`, event);
        return;
      case 'status':
        push(this.lists, event.listId, event);
        return;
      case 'anchor':
        push(this.anchors, event.root, event);
        return;
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * The anchor of `root` in exactly `blockNumber`.
 * @param histories - the identity's settled history, then its events of the unsettled blocks.
 */
export function anchorInBlock(
  histories: readonly IdentityHistory[],
  root: Hex,
  blockNumber: bigint,
): AnchorEvent | undefined {
  const key = root.toLowerCase() as Hex;
  for (const history of histories) {
    for (const anchor of history.anchors.get(key) ?? [])
      if (anchor.blockNumber === blockNumber) return anchor;
  }
  return undefined;
}

/**
 * The identity's ERC-1056 events the mirror knows (up to its head), oldest first: ethr-did-resolver builds the document
 * of a block from the whole history and reports the first later change as the next version.
 * @param histories - settled history, then the unsettled blocks' events.
 */
export function erc1056Events(histories: readonly IdentityHistory[]): Erc1056Event[] {
  if (histories.length === 1) return histories[0]!.erc1056;
  const events: Erc1056Event[] = [];
  for (const history of histories) for (const event of history.erc1056) events.push(event);
  return events;
}

/** An accreditation record as the `TrustRegistry` holds it. */
interface AccreditationRecord {
  validFrom: number;
  validUntil: number;
  accreditor: Address;
  delegable: boolean;
}

/**
 * The accreditation records of `(type, jurisdiction)` as they stood at the end of `blockNumber`: appended by
 * `Accredited`, shortened by `AccreditationWithdrawn` exactly as the contract's `_withdraw` does (the first record of
 * that accreditor still open after the withdrawal time and not empty).
 */
export function accreditationRecords(
  histories: readonly IdentityHistory[],
  credentialType: Hex,
  jurisdiction: Hex,
  blockNumber: bigint,
): AccreditationRecord[] {
  const key = `${credentialType.toLowerCase()}|${jurisdiction.toLowerCase()}`;
  const records: AccreditationRecord[] = [];
  for (const history of histories) {
    for (const event of history.accreditations.get(key) ?? []) {
      if (event.blockNumber > blockNumber) return records;
      const change = event.change;
      if (change.type === 'accredited') {
        records.push({
          validFrom: change.validFrom,
          validUntil: change.validUntil,
          accreditor: event.accreditor,
          delegable: change.delegable,
        });
        continue;
      }
      const at = change.withdrawnAt;
      const record = records.find(
        (r) => r.accreditor === event.accreditor && r.validUntil > at && r.validFrom < r.validUntil,
      );
      if (record !== undefined) record.validUntil = record.validFrom > at ? record.validFrom : at;
    }
  }
  return records;
}

/**
 * The contract's `isAccredited` as of `blockNumber`: some record covers `time` and was granted by governance, or by
 * an accreditor that held a delegable governance record of the same type and jurisdiction covering `time`.
 * @param subject - the subject's histories (settled, unsettled).
 * @param accreditorHistories - loads an accreditor's histories (one delegated level).
 */
export async function isAccreditedAt(
  subject: readonly IdentityHistory[],
  accreditorHistories: (accreditor: Address) => Promise<readonly IdentityHistory[]>,
  credentialType: Hex,
  jurisdiction: Hex,
  time: number,
  blockNumber: bigint,
): Promise<boolean> {
  const covering = accreditationRecords(subject, credentialType, jurisdiction, blockNumber).filter(
    (r) => r.validFrom <= time && time < r.validUntil,
  );
  if (covering.some((r) => r.accreditor === GOVERNANCE)) return true;
  for (const accreditor of new Set(covering.map((r) => r.accreditor))) {
    const records = accreditationRecords(
      await accreditorHistories(accreditor),
      credentialType,
      jurisdiction,
      blockNumber,
    );
    if (
      records.some(
        (r) => r.accreditor === GOVERNANCE && r.delegable && r.validFrom <= time && time < r.validUntil,
      )
    )
      return true;
  }
  return false;
}

/** One credential's status bits as of a block, and its list's capacity then (0 = no such list). */
export interface StatusBits {
  capacity: bigint;
  revoked: boolean;
  suspended: boolean;
}

/**
 * Folds a list's events up to `blockNumber` for one index.
 * @param histories - the list issuer's histories (settled, unsettled).
 */
export function statusBitsAt(
  histories: readonly IdentityHistory[],
  listId: bigint,
  index: bigint,
  blockNumber: bigint,
): StatusBits {
  let capacity = 0n;
  let revoked = false;
  let suspended = false;
  for (const history of histories) {
    for (const event of history.lists.get(listId) ?? []) {
      if (event.blockNumber > blockNumber) return { capacity, revoked, suspended };
      const change = event.change;
      if (change.type === 'capacity') {
        capacity = change.capacity;
        continue;
      }
      if (index < change.fromIndex || index > change.toIndex) continue;
      if (((change.mask >> (index - change.fromIndex)) & 1n) === 0n) continue;
      if (change.purpose === 0) revoked = change.status;
      else suspended = change.status;
    }
  }
  return { capacity, revoked, suspended };
}
