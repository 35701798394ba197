/**
 * Maps times to blocks and blocks to times (binary search over block timestamps, cached), for historical questions:
 * a DID document as of a credential's issuance, a status as of a date.
 */
import type { PublicClient } from 'viem';
import { toChainError } from '../chain/chain-error.ts';
import { LruCache } from './lru-cache.ts';

/** Block timestamps and time → block lookups over one chain. */
export class BlockTimeIndex {
  readonly #client: PublicClient;
  readonly #timestamps = new LruCache<bigint, number>(20_000);
  readonly #atOrBefore = new LruCache<number, bigint>(20_000);
  readonly #inflight = new Map<bigint, Promise<number>>();

  /**
   * @param client - viem public client of the chain.
   */
  constructor(client: PublicClient) {
    this.#client = client;
  }

  /** Forgets everything (the chain went backwards: a restarted or reorganised node). */
  clear(): void {
    this.#timestamps.clear();
    this.#atOrBefore.clear();
  }

  /**
   * @param blockNumber - a mined block.
   * @returns its timestamp, seconds.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the node does not answer (or the block does not exist).
   */
  async timestampOf(blockNumber: bigint): Promise<number> {
    const cached = this.#timestamps.get(blockNumber);
    if (cached !== undefined) return cached;
    let pending = this.#inflight.get(blockNumber);
    if (pending === undefined) {
      pending = this.#client
        .getBlock({ blockNumber })
        .then((block) => {
          const timestamp = Number(block.timestamp);
          this.#timestamps.set(blockNumber, timestamp);
          return timestamp;
        })
        .catch((error: unknown) => {
          throw toChainError(error, `reading block ${blockNumber}`);
        })
        .finally(() => this.#inflight.delete(blockNumber));
      this.#inflight.set(blockNumber, pending);
    }
    return pending;
  }

  /**
   * The last block whose timestamp is at or before `seconds`, among blocks up to `head`. Answers for times before
   * `head`'s timestamp are final and cached. Before the first block: block 0.
   * @param seconds - the time, Unix seconds.
   * @param head - the latest known block.
   * @returns the block number.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the node does not answer.
   */
  async blockAtOrBefore(seconds: number, head: bigint): Promise<bigint> {
    const cached = this.#atOrBefore.get(seconds);
    if (cached !== undefined && cached <= head) return cached;
    const headTime = await this.timestampOf(head);
    if (headTime <= seconds) return head;
    let low = 0n;
    let high = head;
    if ((await this.timestampOf(0n)) > seconds) return 0n;
    while (low < high) {
      const middle = (low + high + 1n) / 2n;
      if ((await this.timestampOf(middle)) <= seconds) low = middle;
      else high = middle - 1n;
    }
    this.#atOrBefore.set(seconds, low);
    return low;
  }
}
