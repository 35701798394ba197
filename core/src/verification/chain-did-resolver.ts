/**
 * The verifier's DID resolver: `did:ethr` on the configured chain and ERC-1056 registry (ethr-did-resolver), resolved
 * at an exact block — the last block at or before a `?versionTime=` (so a key valid when a credential was issued still
 * verifies after a rotation, and a key added later cannot sign for the past) or the cached head — plus `did:key`
 * (key-did-resolver) and `did:web` (web-did-resolver); `?versionId=<block>` asks for the document at an exact block
 * (a credential's anchor block). Documents are cached: at a past block forever (they cannot change), at the head
 * only while the head is that same block and no ERC-1056 event touched the identity (so a delegate that expired in a
 * newer block is never served from an older one).
 * @see https://github.com/decentralized-identity/ethr-did-resolver/blob/master/doc/did-method-spec.md
 * @see https://www.w3.org/TR/did-core/#did-parameters (`versionTime`)
 */
import { Resolver, type DIDResolutionResult, type ParsedDID } from 'did-resolver';
import { getResolver as getEthrResolver } from 'ethr-did-resolver';
import { FetchRequest, JsonRpcProvider } from 'ethers';
import type { ChainConfig } from '../chain/chain-config.ts';
import type { BlockTimeIndex } from './block-time-index.ts';
import type { ChainLogBatch, PollingChainHead } from './chain-head.ts';
import { ethrIdentityAddress } from './did-syntax.ts';
import { deepFreeze } from './json-shape.ts';
import { LruCache } from './lru-cache.ts';
import { didFailure as failure, OffChainDidResolver, withTimeout } from './off-chain-did-resolver.ts';
import type { DidResolver } from './verifier-dependencies.ts';

/** Options of {@link ChainDidResolver}. */
export interface ChainDidResolverOptions {
  /** Timeout of one resolution (all its RPC calls, or the did:web fetch), ms. */
  timeoutMs: number;
  /** How long a document at the head is reused while no event touches the identity, ms (bounds delegate expiry). */
  headDocumentTtlMs: number;
  /** How long a did:web document is cached, ms. */
  webDocumentTtlMs: number;
  /** Fetch `did:web` documents from private hosts too (tests, closed networks); refused by default (SSRF). */
  allowPrivateWebHosts?: boolean;
}

interface HeadEntry {
  result: DIDResolutionResult;
  blockNumber: bigint;
  epoch: number;
  expiresAt: number;
}

/** Caching resolver for the DID methods the verifier supports. */
export class ChainDidResolver implements DidResolver {
  readonly #ethr: Resolver;
  readonly #others: OffChainDidResolver;
  readonly #provider: JsonRpcProvider;
  readonly #didRegistry: string;
  readonly #head: PollingChainHead;
  readonly #blocks: BlockTimeIndex;
  readonly #options: ChainDidResolverOptions;
  readonly #atBlock = new LruCache<string, DIDResolutionResult>(10_000);
  readonly #atHead = new LruCache<string, HeadEntry>(10_000);
  readonly #identityChangedAt = new LruCache<string, bigint>(100_000);
  readonly #inflight = new Map<string, Promise<DIDResolutionResult>>();
  #epoch = 0;

  /**
   * @param config - chain settings (RPC URL, chain id, ERC-1056 registry, network name).
   * @param head - the polled chain head (its events invalidate cached documents).
   * @param blocks - time → block index.
   * @param options - timeouts and cache lifetimes.
   */
  constructor(
    config: ChainConfig,
    head: PollingChainHead,
    blocks: BlockTimeIndex,
    options: ChainDidResolverOptions,
  ) {
    const request = new FetchRequest(config.rpcUrl);
    request.timeout = options.timeoutMs;
    // staticNetwork + no request cache (ethers otherwise caches identical calls for 250 ms); no batching delay.
    this.#provider = new JsonRpcProvider(request, config.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
      batchStallTime: 0,
    });
    const network = { chainId: config.chainId, registry: config.didRegistry, provider: this.#provider };
    const networks = [{ ...network, name: `0x${config.chainId.toString(16)}` }];
    if (config.didNetworkName) networks.push({ ...network, name: config.didNetworkName });
    // ethr-did-resolver's typings reference ethers' CommonJS build; the ESM provider is the same class at run time.
    this.#ethr = new Resolver(
      getEthrResolver({ networks } as unknown as Parameters<typeof getEthrResolver>[0]),
    );
    this.#others = new OffChainDidResolver(options);
    this.#didRegistry = config.didRegistry.toLowerCase();
    this.#head = head;
    this.#blocks = blocks;
    this.#options = options;
    head.subscribe((batch) => this.#invalidate(batch));
  }

  /**
   * Resolves a DID, or a `did:ethr` DID URL with `?versionTime=` (the document as of that time). Never throws:
   * failures come back as `didResolutionMetadata.error` (`invalidDid`, `unsupportedDidMethod`, `notFound`, …).
   * @param didUrl - the DID (URL).
   * @returns the resolution result (frozen; shared with the cache).
   */
  async resolve(didUrl: string): Promise<DIDResolutionResult> {
    return this.#others.resolveWith(didUrl, (parsed) => this.#resolveEthr(parsed));
  }

  /** Releases the RPC provider. */
  close(): void {
    this.#provider.destroy();
  }

  async #resolveEthr(parsed: ParsedDID): Promise<DIDResolutionResult> {
    const did = parsed.did;
    const address = ethrIdentityAddress(did);
    if (address === undefined) return failure('invalidDid', `not a did:ethr: ${did}`);
    const query = parsed.query === undefined ? undefined : new URLSearchParams(parsed.query);
    const versionId = query?.get('versionId') ?? undefined;
    if (versionId !== undefined) {
      // A block number (the block that anchored a credential): the document as of the end of that block.
      if (query!.has('versionTime')) return failure('invalidDidUrl', 'versionId and versionTime together');
      if (!/^(0|[1-9][0-9]{0,19})$/.test(versionId))
        return failure('invalidDidUrl', 'versionId is a block number');
      const block = BigInt(versionId);
      const known = this.#head.known();
      if (known === undefined || block > known.blockNumber) {
        if (block > (await this.#head.latestBlock())) {
          return failure('notFound', `block ${block} is beyond the chain head`);
        }
      }
      return this.#atBlockNumber(did, block);
    }
    const versionTime = query?.get('versionTime') ?? undefined;
    let seconds: number | undefined;
    if (versionTime !== undefined) {
      const ms = Date.parse(versionTime);
      if (Number.isNaN(ms)) return failure('invalidDidUrl', 'versionTime is not a date-time');
      seconds = Math.floor(ms / 1000);
    }
    // A time before the last known head's timestamp is in the settled past: its block, and the document there,
    // never change, so they are answered from cache even when the chain is unreachable now.
    let known = this.#head.known();
    if (seconds !== undefined && known !== undefined && seconds < known.timestamp) {
      return this.#atBlockNumber(did, await this.#blocks.blockAtOrBefore(seconds, known.blockNumber));
    }
    const head = await this.#head.latestBlock();
    known = this.#head.known();
    if (seconds !== undefined && known !== undefined && seconds < known.timestamp) {
      return this.#atBlockNumber(did, await this.#blocks.blockAtOrBefore(seconds, known.blockNumber));
    }
    const key = did.toLowerCase();
    const entry = this.#atHead.get(key);
    const changed = this.#identityChangedAt.peek(address) ?? -1n;
    // Reused only at the very head it was read at: a delegate or key that expired in a newer block (time-based,
    // so no event says so) is never served from an older block's document.
    if (
      entry !== undefined &&
      entry.epoch === this.#epoch &&
      entry.blockNumber === head &&
      changed <= entry.blockNumber &&
      Date.now() < entry.expiresAt
    ) {
      return entry.result;
    }
    const epoch = this.#epoch;
    const result = await this.#atBlockNumber(did, head);
    if (
      result.didResolutionMetadata.error === undefined &&
      epoch === this.#epoch &&
      (this.#identityChangedAt.peek(address) ?? -1n) <= head
    ) {
      this.#atHead.set(key, {
        result,
        blockNumber: head,
        epoch,
        expiresAt: Date.now() + this.#options.headDocumentTtlMs,
      });
    }
    return result;
  }

  async #atBlockNumber(did: string, blockNumber: bigint): Promise<DIDResolutionResult> {
    const key = `${did.toLowerCase()}@${blockNumber}`;
    const cached = this.#atBlock.get(key);
    if (cached !== undefined) return cached;
    return this.#once(`ethr:${key}`, async () => {
      const epoch = this.#epoch;
      const result = await withTimeout(
        this.#ethr.resolve(`${did}?versionId=${blockNumber}`),
        this.#options.timeoutMs,
        `resolving ${did}`,
      );
      if (result.didResolutionMetadata?.error === undefined && epoch === this.#epoch) {
        this.#atBlock.set(key, deepFreeze(result));
      }
      return result;
    });
  }

  #once(key: string, run: () => Promise<DIDResolutionResult>): Promise<DIDResolutionResult> {
    let pending = this.#inflight.get(key);
    if (pending === undefined) {
      pending = run().finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    return pending;
  }

  #invalidate(batch: ChainLogBatch): void {
    if (batch.reset) {
      this.#epoch++;
      this.#atHead.clear();
      this.#atBlock.clear();
      return;
    }
    for (const log of batch.logs) {
      if (log.address.toLowerCase() !== this.#didRegistry) continue;
      const identity = log.topics[1];
      if (identity === undefined) continue;
      this.#identityChangedAt.set(`0x${identity.slice(26).toLowerCase()}`, log.blockNumber ?? batch.toBlock);
    }
  }
}
