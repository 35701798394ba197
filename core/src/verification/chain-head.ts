/**
 * The chain head as the verifier sees it: polled, cached, and the source of cache invalidation. Each poll reads the
 * latest block and, when it advanced, the registry events of the new blocks (one `eth_getLogs` over the three
 * registries), which invalidate exactly the cached DID documents, status words and accreditation answers they touch.
 */
import type { Address, Log, PublicClient } from 'viem';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';

/** The chain head, cached and refreshed by polling. */
export interface ChainHead {
  /**
   * The latest block seen by the last successful poll (no chain call while that poll is fresh).
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the last poll failed or is too old and polling now fails too.
   */
  latestBlock(): Promise<bigint>;
  /** The latest block seen and when it was seen; `undefined` before the first successful poll. */
  lastSeen(): { blockNumber: bigint; at: Date } | undefined;
}

/**
 * The registry events of a range of new blocks. `reset` means the caches must be dropped entirely (the chain went
 * backwards, or too many blocks passed to fetch their events).
 */
export interface ChainLogBatch {
  fromBlock: bigint;
  toBlock: bigint;
  logs: readonly Log[];
  reset: boolean;
}

/** Options of {@link PollingChainHead}. */
export interface PollingChainHeadOptions {
  /** Contracts whose events are fetched for invalidation. */
  addresses: readonly Address[];
  /** Poll period, ms. */
  pollIntervalMs: number;
  /** A head older than this (ms since the last successful poll) is refreshed before it is used. */
  maxHeadAgeMs: number;
  /** Widest block range fetched as events; beyond it caches are reset instead. */
  maxLogRange: bigint;
}

/**
 * {@link ChainHead} over a viem client, polling on a timer (unref'd: it never keeps the process alive).
 */
export class PollingChainHead implements ChainHead {
  readonly #client: PublicClient;
  readonly #options: PollingChainHeadOptions;
  readonly #listeners: Array<(batch: ChainLogBatch) => void> = [];
  #processed: bigint | undefined;
  #timestamp: number | undefined;
  #seenAt: number | undefined;
  #healthy = false;
  #inflight: Promise<void> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param client - viem public client of the chain.
   * @param options - addresses, intervals, log range.
   */
  constructor(client: PublicClient, options: PollingChainHeadOptions) {
    this.#client = client;
    this.#options = options;
  }

  /** Starts the timer (idempotent). */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      this.refresh().catch(() => undefined);
    }, this.#options.pollIntervalMs);
    this.#timer.unref?.();
    this.refresh().catch(() => undefined);
  }

  /** Stops the timer. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Registers a listener for the events of new blocks; called synchronously before the head advances, so a cached
   * answer is never labelled with a block whose events were not applied.
   * @param listener - receives each batch.
   */
  subscribe(listener: (batch: ChainLogBatch) => void): void {
    this.#listeners.push(listener);
  }

  /** {@inheritDoc ChainHead.latestBlock} */
  async latestBlock(): Promise<bigint> {
    if (this.#fresh()) return this.#processed!;
    await this.refresh();
    return this.#processed!;
  }

  /** {@inheritDoc ChainHead.lastSeen} */
  lastSeen(): { blockNumber: bigint; at: Date } | undefined {
    return this.#processed === undefined || this.#seenAt === undefined
      ? undefined
      : { blockNumber: this.#processed, at: new Date(this.#seenAt) };
  }

  /**
   * The last head whose events were applied and its timestamp (seconds), fresh or not: what is known of the past
   * stays true when the chain is unreachable.
   */
  known(): { blockNumber: bigint; timestamp: number } | undefined {
    return this.#processed === undefined || this.#timestamp === undefined
      ? undefined
      : { blockNumber: this.#processed, timestamp: this.#timestamp };
  }

  /**
   * Polls now (concurrent calls share one poll).
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the node does not answer.
   */
  async refresh(): Promise<void> {
    this.#inflight ??= this.#poll().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  #fresh(): boolean {
    return (
      this.#healthy &&
      this.#processed !== undefined &&
      this.#seenAt !== undefined &&
      Date.now() - this.#seenAt <= this.#options.maxHeadAgeMs
    );
  }

  async #poll(): Promise<void> {
    try {
      const block = await this.#client.getBlock({ blockTag: 'latest' });
      const head = block.number;
      const previous = this.#processed;
      let batch: ChainLogBatch | undefined;
      if (previous !== undefined && head !== previous) {
        if (head < previous || head - previous > this.#options.maxLogRange) {
          batch = { fromBlock: head, toBlock: head, logs: [], reset: true };
        } else {
          const logs = await this.#client.getLogs({
            address: [...this.#options.addresses],
            fromBlock: previous + 1n,
            toBlock: head,
          });
          batch = { fromBlock: previous + 1n, toBlock: head, logs, reset: false };
        }
      }
      // Listeners run before the head advances, in the same synchronous step.
      if (batch !== undefined) {
        for (const listener of this.#listeners) {
          try {
            listener(batch);
          } catch {
            // a listener must not stop the others; listeners do not throw by construction
          }
        }
      }
      if (this.#processed === undefined || head >= this.#processed || batch?.reset) {
        this.#processed = head;
        this.#timestamp = Number(block.timestamp);
      }
      this.#seenAt = Date.now();
      this.#healthy = true;
    } catch (error) {
      this.#healthy = false;
      throw new MedtrustError(ErrorCodes.CHAIN_UNAVAILABLE, 'chain head unavailable', { cause: error });
    }
  }
}
