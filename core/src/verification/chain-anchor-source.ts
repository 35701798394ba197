/**
 * {@link AnchorSource} over the on-chain `AnchorRegistry`: one `eth_getLogs` of the exact block a proof names,
 * cached. Anchors found are kept (a block never changes, short of a reorg, which the head reports and which clears
 * the cache); a block beyond the head is re-asked after refreshing the head once.
 */
import type { Address, PublicClient } from 'viem';
import { AnchorRegistryReader } from '../chain/anchor-registry-reader.ts';
import type { AnchorAtResult, AnchorSource } from './anchor-source.ts';
import type { ChainLogBatch, PollingChainHead } from './chain-head.ts';
import { LruCache } from './lru-cache.ts';

/** Reads anchors from the chain, cached until a reorg. */
export class ChainAnchorSource implements AnchorSource {
  readonly chainId: number;
  readonly registry: string;
  readonly #reader: AnchorRegistryReader;
  readonly #head: PollingChainHead;
  readonly #answers = new LruCache<string, AnchorAtResult>(50_000);
  readonly #inflight = new Map<string, Promise<AnchorAtResult>>();
  #epoch = 0;

  /**
   * @param client - viem public client.
   * @param chainId - the chain's id.
   * @param address - the `AnchorRegistry` address.
   * @param head - the polled chain head (bounds the blocks asked about; its reorg resets clear the cache).
   */
  constructor(client: PublicClient, chainId: number, address: Address, head: PollingChainHead) {
    this.chainId = chainId;
    this.registry = address.toLowerCase();
    this.#reader = new AnchorRegistryReader(client, address);
    this.#head = head;
    head.subscribe((batch: ChainLogBatch) => {
      if (batch.reset) {
        this.#epoch++;
        this.#answers.clear();
      }
    });
  }

  /**
   * {@inheritDoc AnchorSource.anchorAt}
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the head or the logs cannot be read.
   */
  async anchorAt(issuer: `0x${string}`, root: `0x${string}`, blockNumber: bigint): Promise<AnchorAtResult> {
    const key = `${issuer.toLowerCase()}|${root.toLowerCase()}|${blockNumber}`;
    const cached = this.#answers.get(key);
    if (cached !== undefined) return cached;
    let head = await this.#head.latestBlock();
    // The proof may come from an issuer that saw a newer block than our last poll: poll again (twice, as the first
    // call may join a poll that started before that block was mined).
    for (let polls = 0; blockNumber > head && polls < 2; polls++) {
      await this.#head.refresh();
      head = await this.#head.latestBlock();
    }
    if (blockNumber > head) return { state: 'beyond-head' };
    const flightKey = `${key}#${this.#epoch}`;
    let pending = this.#inflight.get(flightKey);
    if (pending === undefined) {
      const epoch = this.#epoch;
      pending = this.#reader
        .findAnchor(issuer, root, blockNumber)
        .then((anchor): AnchorAtResult => {
          const result: AnchorAtResult =
            anchor === undefined
              ? { state: 'absent' }
              : {
                  state: 'found',
                  anchor: {
                    blockNumber: anchor.blockNumber,
                    timestamp: anchor.blockTimestamp,
                    transactionHash: anchor.transactionHash,
                  },
                };
          if (epoch === this.#epoch) this.#answers.set(key, result);
          return result;
        })
        .finally(() => this.#inflight.delete(flightKey));
      this.#inflight.set(flightKey, pending);
    }
    return pending;
  }
}
