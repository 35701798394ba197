import type { StatusAction, StatusChange } from '../store/index.ts';

/** Status bits per on-chain storage word. */
export const BITS_PER_WORD = 256;

/** Default most words per batch transaction (a group touching more words is split into several transactions). */
export const DEFAULT_MAX_WORDS_PER_TX = 64;

/** Word indices and masks of a batch call: bit i of `masks[k]` is index `wordIndices[k] * 256 + i`. */
export interface PackedIndices {
  /** Ascending, distinct. */
  wordIndices: bigint[];
  /** Never zero. */
  masks: bigint[];
}

/** One planned batch transaction: changes of one organisation, list and action, packed into words. */
export interface StatusBatch {
  organisationId: string;
  listId: number;
  action: StatusAction;
  /** The queued changes the transaction carries (their ids are marked sent / confirmed together). */
  changes: StatusChange[];
  wordIndices: bigint[];
  masks: bigint[];
}

/**
 * Packs status indices into (word, mask) pairs.
 *
 * @param indices - list indices (non-negative safe integers; duplicates allowed).
 * @returns ascending distinct words and their masks.
 * @throws RangeError for a negative or non-integer index.
 */
export function packIndices(indices: Iterable<number>): PackedIndices {
  const byWord = new Map<number, bigint>();
  for (const index of indices) {
    if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`invalid status index ${index}`);
    const word = Math.floor(index / BITS_PER_WORD);
    const bit = BigInt(index % BITS_PER_WORD);
    byWord.set(word, (byWord.get(word) ?? 0n) | (1n << bit));
  }
  const words = [...byWord.keys()].sort((a, b) => a - b);
  return { wordIndices: words.map((w) => BigInt(w)), masks: words.map((w) => byWord.get(w)!) };
}

/**
 * Plans the batch transactions of queued changes, in the order they must be sent.
 *
 * Changes are grouped by (organisation, list, action); groups are ordered by their oldest change. A suspend or
 * reinstate joins the open group of its action only if no later group of the other action touched the same index;
 * otherwise it opens a new group, so for one credential a later `reinstate` is never sent before an earlier
 * `suspend` (and vice versa), and opposite changes of one index always travel in separate, sequential transactions.
 * Revocations are permanent and idempotent on a bitmap of their own, so they never need splitting for order.
 * A group touching more than `maxWordsPerTx` words becomes several transactions (ascending words).
 *
 * @param changes - pending changes in queue order (oldest first).
 * @param maxWordsPerTx - most words per transaction (default 64).
 * @returns the batches, in sending order.
 */
export function planStatusBatches(
  changes: readonly StatusChange[],
  maxWordsPerTx: number = DEFAULT_MAX_WORDS_PER_TX,
): StatusBatch[] {
  if (!Number.isSafeInteger(maxWordsPerTx) || maxWordsPerTx <= 0) {
    throw new RangeError(`maxWordsPerTx must be a positive integer, not ${maxWordsPerTx}`);
  }
  interface Group {
    order: number;
    organisationId: string;
    listId: number;
    action: StatusAction;
    changes: StatusChange[];
  }
  const groups: Group[] = [];
  /** Open group per (organisation, list, action). */
  const open = new Map<string, Group>();
  /** Last suspend/reinstate group that touched an index, per (organisation, list, index). */
  const lastTouch = new Map<string, Group>();

  const sorted = [...changes].sort((a, b) => a.seq - b.seq);
  for (const change of sorted) {
    const listKey = JSON.stringify([change.organisationId, change.listId]);
    const groupKey = `${listKey}|${change.action}`;
    const indexKey = `${listKey}|${change.listIndex}`;
    let group = open.get(groupKey);
    if (change.action !== 'revoke') {
      const touched = lastTouch.get(indexKey);
      if (group !== undefined && touched !== undefined && touched.order > group.order) group = undefined;
    }
    if (group === undefined) {
      group = {
        order: groups.length,
        organisationId: change.organisationId,
        listId: change.listId,
        action: change.action,
        changes: [],
      };
      groups.push(group);
      open.set(groupKey, group);
    }
    group.changes.push(change);
    if (change.action !== 'revoke') lastTouch.set(indexKey, group);
  }

  const batches: StatusBatch[] = [];
  for (const group of groups) {
    const byWord = new Map<number, StatusChange[]>();
    for (const change of group.changes) {
      const word = Math.floor(change.listIndex / BITS_PER_WORD);
      const list = byWord.get(word);
      if (list === undefined) byWord.set(word, [change]);
      else list.push(change);
    }
    const words = [...byWord.keys()].sort((a, b) => a - b);
    for (let start = 0; start < words.length; start += maxWordsPerTx) {
      const chunk = words.slice(start, start + maxWordsPerTx).flatMap((w) => byWord.get(w)!);
      const packed = packIndices(chunk.map((c) => c.listIndex));
      batches.push({
        organisationId: group.organisationId,
        listId: group.listId,
        action: group.action,
        changes: chunk.sort((a, b) => a.seq - b.seq),
        wordIndices: packed.wordIndices,
        masks: packed.masks,
      });
    }
  }
  return batches;
}
