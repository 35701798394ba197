/**
 * {@link StatusSource} over the on-chain `StatusRegistry`, with a cache of status words (256 credentials per word,
 * both bitmaps) that is invalidated by the registry's own events, so a cached answer is exact at the cached head.
 */
import { hexToBigInt, type Address, type PublicClient } from 'viem';
import {
  StatusPurpose,
  StatusRegistryReader,
  type CredentialStatusReading,
  type StatusPointer,
} from '../chain/status-registry-reader.ts';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import type { BlockTimeIndex } from './block-time-index.ts';
import type { ChainLogBatch, PollingChainHead } from './chain-head.ts';
import { LruCache } from './lru-cache.ts';
import type { StatusReadAt, StatusSource } from './verifier-dependencies.ts';

/** Both bitmaps of one word of one list, read at one block. */
interface StatusWord {
  revocation: bigint;
  suspension: bigint;
  blockNumber: bigint;
}

/** Options of {@link ChainStatusSource}. */
export interface ChainStatusSourceOptions {
  /**
   * How many blocks behind the cached head an answer may be (an answer read while the head moved on and the list
   * changed in between); 1 by default. Cached words untouched by events are exact at the head.
   */
  maxStatusAgeBlocks: number;
}

/** Reads `MedtrustStatusRegistryEntry` status from the chain, cached per status word. */
export class ChainStatusSource implements StatusSource {
  /** {@inheritDoc StatusSource.registry} */
  readonly registry: Address;
  readonly #reader: StatusRegistryReader;
  readonly #head: PollingChainHead;
  readonly #blocks: BlockTimeIndex;
  readonly #maxAge: bigint;
  /** listKey → word index → word, valid at the head (entries are dropped when the list changes). */
  readonly #latest = new LruCache<string, Map<bigint, StatusWord>>(10_000);
  /** listKey → block of the list's last event seen (guards reads in flight while the list changed). */
  readonly #changedAt = new LruCache<string, bigint>(100_000);
  /** Words at past blocks (immutable). */
  readonly #historic = new LruCache<string, StatusWord>(10_000);
  readonly #inflight = new Map<string, Promise<StatusWord>>();
  #epoch = 0;

  /**
   * @param client - viem public client.
   * @param registry - the `StatusRegistry` address.
   * @param head - the polled chain head (its events invalidate the cache).
   * @param blocks - time → block index for `at.time`.
   * @param options - staleness bound.
   */
  constructor(
    client: PublicClient,
    registry: Address,
    head: PollingChainHead,
    blocks: BlockTimeIndex,
    options: ChainStatusSourceOptions,
  ) {
    this.registry = registry;
    this.#reader = new StatusRegistryReader(client, registry);
    this.#head = head;
    this.#blocks = blocks;
    this.#maxAge = BigInt(options.maxStatusAgeBlocks);
    head.subscribe((batch) => this.#invalidate(batch));
  }

  /**
   * {@inheritDoc StatusSource.statusOf}
   * @throws MedtrustError `CHAIN_UNAVAILABLE` (chain down, head stale), `CONTRACT_REVERTED` (no such list or index),
   *   `INVALID_ARGUMENT` (a block after the head).
   */
  async statusOf(pointer: StatusPointer, at?: StatusReadAt): Promise<CredentialStatusReading> {
    const issuer = pointer.issuer.toLowerCase() as Address;
    const listKey = `${issuer}:${pointer.listId}`;
    const word = pointer.index >> 8n;
    const bit = pointer.index & 255n;
    if (at?.blockNumber !== undefined || at?.time !== undefined) {
      const head = await this.#head.latestBlock();
      const blockNumber =
        at.blockNumber ?? (await this.#blocks.blockAtOrBefore(Math.floor(at.time!.getTime() / 1000), head));
      if (blockNumber > head) {
        throw new MedtrustError(
          ErrorCodes.INVALID_ARGUMENT,
          `block ${blockNumber} is after the head ${head}`,
        );
      }
      const key = `${listKey}:${word}@${blockNumber}`;
      let entry = this.#historic.get(key);
      if (entry === undefined) {
        entry = await this.#read(issuer, pointer.listId, word, blockNumber);
        this.#historic.set(key, entry);
      }
      return reading(entry, bit, blockNumber);
    }
    for (let attempt = 0; ; attempt++) {
      const head = await this.#head.latestBlock();
      const cached = this.#latest.get(listKey)?.get(word);
      if (cached !== undefined) return reading(cached, bit, head);
      const epoch = this.#epoch;
      const entry = await this.#read(issuer, pointer.listId, word, head);
      const changed = this.#changedAt.peek(listKey);
      const stillValid = epoch === this.#epoch && (changed === undefined || changed <= head);
      if (stillValid) {
        let words = this.#latest.get(listKey);
        if (words === undefined) {
          words = new Map();
          this.#latest.set(listKey, words);
        }
        words.set(word, entry);
      }
      const current = this.#head.known()?.blockNumber ?? head;
      if (stillValid || current - head <= this.#maxAge || attempt >= 2) return reading(entry, bit, head);
    }
  }

  /**
   * {@inheritDoc StatusSource.timeOfBlock}
   * @throws MedtrustError `CHAIN_UNAVAILABLE`.
   */
  async timeOfBlock(blockNumber: bigint): Promise<Date> {
    return new Date((await this.#blocks.timestampOf(blockNumber)) * 1000);
  }

  async #read(issuer: Address, listId: bigint, word: bigint, blockNumber: bigint): Promise<StatusWord> {
    const key = `${issuer}:${listId}:${word}@${blockNumber}`;
    let pending = this.#inflight.get(key);
    if (pending === undefined) {
      pending = Promise.all([
        this.#reader.statusWords(issuer, listId, StatusPurpose.Revocation, word, 1n, blockNumber),
        this.#reader.statusWords(issuer, listId, StatusPurpose.Suspension, word, 1n, blockNumber),
      ])
        .then(([revocation, suspension]) => ({
          revocation: revocation[0] ?? 0n,
          suspension: suspension[0] ?? 0n,
          blockNumber,
        }))
        .finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    return pending;
  }

  #invalidate(batch: ChainLogBatch): void {
    if (batch.reset) {
      this.#epoch++;
      this.#latest.clear();
      this.#historic.clear();
      return;
    }
    const registry = this.registry.toLowerCase();
    for (const log of batch.logs) {
      if (log.address.toLowerCase() !== registry) continue;
      const [, issuerTopic, listTopic] = log.topics;
      if (issuerTopic === undefined || listTopic === undefined) {
        this.#epoch++;
        this.#latest.clear();
        continue;
      }
      const listKey = `0x${issuerTopic.slice(26).toLowerCase()}:${hexToBigInt(listTopic)}`;
      this.#latest.delete(listKey);
      this.#changedAt.set(listKey, log.blockNumber ?? batch.toBlock);
    }
  }
}

function reading(word: StatusWord, bit: bigint, blockNumber: bigint): CredentialStatusReading {
  return {
    revoked: ((word.revocation >> bit) & 1n) === 1n,
    suspended: ((word.suspension >> bit) & 1n) === 1n,
    blockNumber,
  };
}
