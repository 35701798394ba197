/**
 * {@link AccreditationSource} over the on-chain `TrustRegistry`, cached. Any `TrustRegistry` event drops the whole
 * cache (accreditations change rarely, and a withdrawal of an accreditor affects everyone it accredited).
 */
import type { Address, PublicClient } from 'viem';
import { trustRegistryArtifact } from '@medtrust/registry-contract';
import { toChainError } from '../chain/chain-error.ts';
import { registryKey } from '../chain/trust-registry-reader.ts';
import type { ChainLogBatch, PollingChainHead } from './chain-head.ts';
import { LruCache } from './lru-cache.ts';
import type { AccreditationSource } from './verifier-dependencies.ts';

/** Answers `isAccredited` from the chain, cached until the trust registry changes. */
export class ChainAccreditationSource implements AccreditationSource {
  readonly #client: PublicClient;
  readonly #address: Address;
  readonly #head: PollingChainHead;
  readonly #answers = new LruCache<string, boolean>(20_000);
  readonly #inflight = new Map<string, Promise<boolean>>();
  readonly #keys = new LruCache<string, `0x${string}`>(1_000);
  #epoch = 0;

  /**
   * @param client - viem public client.
   * @param address - the `TrustRegistry` address.
   * @param head - the polled chain head (its events invalidate the cache).
   */
  constructor(client: PublicClient, address: Address, head: PollingChainHead) {
    this.#client = client;
    this.#address = address;
    this.#head = head;
    head.subscribe((batch) => this.#invalidate(batch));
  }

  /**
   * {@inheritDoc AccreditationSource.isAccredited}
   * @throws MedtrustError `CHAIN_UNAVAILABLE` (chain down or head stale), `CONTRACT_REVERTED`.
   */
  async isAccredited(
    issuer: `0x${string}`,
    credentialType: string,
    jurisdiction: string,
    at: Date,
    blockNumber?: bigint,
  ): Promise<boolean> {
    const head = await this.#head.latestBlock();
    // As of the anchor block when given (never beyond the head this source has seen), else the head.
    const block = blockNumber !== undefined && blockNumber < head ? blockNumber : head;
    const seconds = Math.floor(at.getTime() / 1000);
    const key = `${issuer.toLowerCase()}|${credentialType}|${jurisdiction}|${seconds}|${blockNumber === undefined ? 'head' : block}`;
    const cached = this.#answers.get(key);
    if (cached !== undefined) return cached;
    const epoch = this.#epoch;
    const flightKey = `${key}#${epoch}`;
    let pending = this.#inflight.get(flightKey);
    if (pending === undefined) {
      pending = this.#client
        .readContract({
          address: this.#address,
          abi: trustRegistryArtifact.abi,
          functionName: 'isAccredited',
          args: [
            issuer,
            this.#key(credentialType),
            this.#key(jurisdiction),
            Math.max(0, Math.min(seconds, 2 ** 40 - 1)),
          ],
          blockNumber: block,
        })
        .then((answer) => {
          if (epoch === this.#epoch) this.#answers.set(key, answer);
          return answer;
        })
        .catch((error: unknown) => {
          throw toChainError(error, 'reading accreditation');
        })
        .finally(() => this.#inflight.delete(flightKey));
      this.#inflight.set(flightKey, pending);
    }
    return pending;
  }

  #key(name: string): `0x${string}` {
    let key = this.#keys.get(name);
    if (key === undefined) {
      key = registryKey(name);
      this.#keys.set(name, key);
    }
    return key;
  }

  #invalidate(batch: ChainLogBatch): void {
    const address = this.#address.toLowerCase();
    if (batch.reset || batch.logs.some((log) => log.address.toLowerCase() === address)) {
      this.#epoch++;
      this.#answers.clear();
    }
  }
}
