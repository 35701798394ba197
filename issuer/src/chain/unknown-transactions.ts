import type { KeyedBackoff } from './backoff.ts';

/**
 * Decides when a sent transaction the node no longer knows counts as dropped (out of the mempool, or lost by a node
 * restart): once it has been unknown for the back-off delay of one more failure. Until then it may still be mined,
 * so it is never resent early. In memory only: after a restart the wait starts again.
 */
export class UnknownTransactions {
  readonly #backoff: KeyedBackoff;
  /** First time (ms) a transaction was found unknown, by hash. */
  readonly #since = new Map<string, number>();

  /** @param backoff - the publisher's back-off (its clock and delays). */
  constructor(backoff: KeyedBackoff) {
    this.#backoff = backoff;
  }

  /**
   * Records that the node does not know `txHash` now.
   * @param txHash - the transaction.
   * @param attempts - failed attempts of what it carries so far.
   * @returns true when it has been unknown long enough to be sent again (its tracking then ends).
   */
  dropped(txHash: string, attempts: number): boolean {
    const now = this.#backoff.now();
    const since = this.#since.get(txHash) ?? now;
    this.#since.set(txHash, since);
    if (now - since < this.#backoff.delay(attempts + 1)) return false;
    this.#since.delete(txHash);
    return true;
  }

  /** Ends the tracking of a transaction found mined. */
  found(txHash: string): void {
    this.#since.delete(txHash);
  }
}
