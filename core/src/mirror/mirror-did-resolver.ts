/**
 * The verifier's DID resolver over the {@link RegistryMirror}: `did:ethr` documents at an exact block
 * (`?versionId=<block>`, a credential's anchor block), as of a time (`?versionTime=`: the changes made in blocks at or
 * before that time, with delegates judged at that time), or at the mirror's head — built by ethr-did-resolver's own
 * document builder from the mirror's events, with no chain call once the identity is indexed. `did:key` and `did:web`
 * are resolved off chain.
 * @see https://github.com/decentralized-identity/ethr-did-resolver/blob/master/doc/did-method-spec.md
 * @see https://www.w3.org/TR/did-core/#did-parameters
 */
import type { DIDResolutionResult } from 'did-resolver';
import { identifierMatcher, interpretIdentifier } from 'ethr-did-resolver';
import type { Address, PublicClient } from 'viem';
import type { ChainConfig } from '../chain/chain-config.ts';
import { deepFreeze } from '../verification/json-shape.ts';
import { LruCache } from '../verification/lru-cache.ts';
import { didFailure as failure, OffChainDidResolver } from '../verification/off-chain-did-resolver.ts';
import type { DidResolver } from '../verification/verifier-dependencies.ts';
import { ethrDocumentAt } from './ethr-document.ts';
import { erc1056Events } from './identity-history.ts';
import type { RegistryMirror } from './registry-mirror.ts';

/** Options of {@link MirrorDidResolver}. */
export interface MirrorDidResolverOptions {
  /** Timeout of one did:web fetch, ms. */
  timeoutMs: number;
  /** How long a did:web document is cached, ms. */
  webDocumentTtlMs: number;
  /** Fetch `did:web` documents from private hosts too; refused by default (SSRF). */
  allowPrivateWebHosts?: boolean;
}

const LD_CONTEXT = [
  'https://www.w3.org/ns/did/v1',
  'https://w3id.org/security/suites/secp256k1recovery-2020/v2',
  'https://w3id.org/security/v3-unstable',
];

/** Resolves DIDs from the mirror (did:ethr) and off chain (did:key, did:web). */
export class MirrorDidResolver implements DidResolver {
  readonly #mirror: RegistryMirror;
  readonly #client: PublicClient;
  readonly #chainId: number;
  readonly #networks: Set<string>;
  readonly #others: OffChainDidResolver;
  /** Documents by DID, height, event count and validities (a deep reorg clears them). */
  readonly #documents = new LruCache<string, DIDResolutionResult>(50_000);
  readonly #blockTimes = new LruCache<bigint, number>(10_000);
  /** Identifier → checksummed address and key (ethr-did-resolver checksums with keccak on every call). */
  readonly #identifiers = new LruCache<string, { address: string; publicKey: string | undefined }>(50_000);

  /**
   * @param mirror - the registry mirror (its resets clear the cached documents).
   * @param client - reads the timestamp of a block the mirror has not seen (rare: blocks without registry events).
   * @param config - the chain id and `did:ethr` network name.
   * @param options - did:web settings.
   */
  constructor(
    mirror: RegistryMirror,
    client: PublicClient,
    config: ChainConfig,
    options: MirrorDidResolverOptions,
  ) {
    this.#mirror = mirror;
    this.#client = client;
    this.#chainId = config.chainId;
    this.#networks = new Set([`0x${config.chainId.toString(16)}`]);
    if (config.didNetworkName) this.#networks.add(config.didNetworkName);
    this.#others = new OffChainDidResolver(options);
    mirror.subscribe((batch) => {
      if (!batch.reset) return;
      this.#documents.clear();
      this.#blockTimes.clear();
    });
  }

  /**
   * Resolves a DID or a `did:ethr` DID URL with `versionId` or `versionTime`. Never throws: failures are
   * `didResolutionMetadata.error` (`invalidDid`, `invalidDidUrl`, `unknownNetwork`, `unsupportedDidMethod`,
   * `notFound` — also when the chain cannot be read).
   * @param didUrl - the DID (URL).
   * @returns the resolution result (frozen, possibly shared with the cache).
   */
  async resolve(didUrl: string): Promise<DIDResolutionResult> {
    return this.#others.resolveWith(didUrl, (parsed) =>
      this.#resolveEthr(parsed.did, parsed.id, parsed.query),
    );
  }

  async #resolveEthr(did: string, id: string, queryString: string | undefined): Promise<DIDResolutionResult> {
    const fullId = identifierMatcher.exec(id);
    if (fullId === null) return failure('invalidDid', `Not a valid did:ethr: ${id}`);
    const network = fullId[1] === undefined ? 'mainnet' : fullId[1].slice(0, -1);
    if (!this.#networks.has(network)) {
      return failure(
        'unknownNetwork',
        `The DID resolver does not have a configuration for network: ${network}`,
      );
    }
    const query = queryString === undefined ? undefined : new URLSearchParams(queryString);
    const versionId = query?.get('versionId') ?? undefined;
    const versionTime = query?.get('versionTime') ?? undefined;
    if (versionId !== undefined && versionTime !== undefined) {
      return failure('invalidDidUrl', 'versionId and versionTime together');
    }
    // What the mirror has followed of the past stays true while the chain is unreachable: a block or a time before
    // the last head seen is answered from the index; only the present needs a fresh head.
    let known = this.#mirror.known();
    if (versionId !== undefined) {
      if (!/^(0|[1-9][0-9]{0,19})$/.test(versionId))
        return failure('invalidDidUrl', 'versionId is a block number');
      const block = BigInt(versionId);
      if (known === undefined || block > known.blockNumber) {
        await this.#mirror.refresh();
        if (block > (await this.#mirror.latestBlock())) {
          return failure('notFound', `block ${block} is beyond the chain head`);
        }
      }
      return this.#document(did, fullId[2]!, block, await this.#timeOfBlock(block));
    }
    let seconds: number | undefined;
    if (versionTime !== undefined) {
      const ms = Date.parse(versionTime);
      if (Number.isNaN(ms)) return failure('invalidDidUrl', 'versionTime is not a date-time');
      seconds = Math.floor(ms / 1000);
      if (known !== undefined && seconds < known.timestamp)
        return this.#document(did, fullId[2]!, undefined, seconds);
    }
    const head = await this.#mirror.latestBlock();
    known = this.#mirror.known()!;
    if (seconds !== undefined && seconds < known.timestamp)
      return this.#document(did, fullId[2]!, undefined, seconds);
    return this.#document(did, fullId[2]!, head, known.timestamp);
  }

  /**
   * The document at `block` (or, without one, as of the time `now`: the changes of blocks whose timestamp is at most
   * `now`), judged at `now`.
   */
  async #document(
    did: string,
    id: string,
    block: bigint | undefined,
    now: number,
  ): Promise<DIDResolutionResult> {
    let identifier = this.#identifiers.get(id);
    if (identifier === undefined) {
      const { address, publicKey } = interpretIdentifier(id);
      identifier = { address, publicKey };
      this.#identifiers.set(id, identifier);
    }
    const { address, publicKey } = identifier;
    const histories = await this.#mirror.histories(address.toLowerCase() as Address);
    const events = erc1056Events(histories);
    let height = block;
    if (height === undefined) {
      height = 0n;
      for (const event of events)
        if (event.blockTimestamp <= now && event.blockNumber > height) height = event.blockNumber;
    }
    // The document depends on the events up to the height, on which of their validities still hold at `now`, and
    // (metadata) on the later ones: the same for every `now` between two validity ends. Cached while the identity has
    // no event in the unsettled blocks (which a reorg may still replace).
    let key: string | undefined;
    if (histories.length === 1) {
      key = `${did}@${height}#${events.length}`;
      const nowSeconds = BigInt(Math.floor(now));
      for (const event of events) {
        if (event.blockNumber > height) break;
        const validTo = event.args.validTo;
        if (typeof validTo === 'bigint') key += validTo >= nowSeconds ? '1' : '0';
      }
      const cached = this.#documents.get(key);
      if (cached !== undefined) return cached;
    }
    const version = ethrDocumentAt(did, address, publicKey, events, this.#chainId, height, now);
    const timeOf = (blockNumber: number) =>
      events.find((e) => e.blockNumber === BigInt(blockNumber))?.blockTimestamp ?? 0;
    const metadata: Record<string, unknown> = version.deactivated ? { deactivated: true } : {};
    if (version.versionId !== 0) {
      metadata.versionId = String(version.versionId);
      metadata.updated = isoDate(timeOf(version.versionId));
    }
    if (version.nextVersionId !== Number.POSITIVE_INFINITY) {
      metadata.nextVersionId = String(version.nextVersionId);
      metadata.nextUpdate = isoDate(timeOf(version.nextVersionId));
    }
    const result = deepFreeze({
      didDocumentMetadata: metadata,
      didResolutionMetadata: { contentType: 'application/did+ld+json' },
      didDocument: { ...version.didDocument, '@context': LD_CONTEXT },
    });
    if (key !== undefined) this.#documents.set(key, result);
    return result;
  }

  async #timeOfBlock(blockNumber: bigint): Promise<number> {
    const seen = this.#mirror.timestampOf(blockNumber) ?? this.#blockTimes.get(blockNumber);
    if (seen !== undefined) return seen;
    const block = await this.#client.getBlock({ blockNumber });
    const timestamp = Number(block.timestamp);
    this.#blockTimes.set(blockNumber, timestamp);
    return timestamp;
  }
}

/** ethr-did-resolver's date form: ISO 8601 without milliseconds. */
function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000', '');
}
