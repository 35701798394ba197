/**
 * Resolution of the DID methods that do not live on the chain: `did:key` (key-did-resolver; the document is the key,
 * cached) and `did:web` (web-did-resolver; fetched from public hosts only, against SSRF, and cached for a while,
 * failures briefly). Shared by the chain-reading and the mirror-backed resolvers.
 */
import { parse, Resolver, type DIDResolutionResult, type ParsedDID } from 'did-resolver';
import { getResolver as getKeyResolver } from 'key-did-resolver';
import { getResolver as getWebResolver } from 'web-did-resolver';
import { isPublicDidWebHost } from './did-web-host.ts';
import { deepFreeze } from './json-shape.ts';
import { LruCache } from './lru-cache.ts';

/** Options of {@link OffChainDidResolver}. */
export interface OffChainDidResolverOptions {
  /** Timeout of one did:web fetch, ms. */
  timeoutMs: number;
  /** How long a did:web document is cached, ms. */
  webDocumentTtlMs: number;
  /** Fetch `did:web` documents from private hosts too (tests, closed networks); refused by default (SSRF). */
  allowPrivateWebHosts?: boolean;
}

/** Caching resolver of `did:key` and `did:web`. */
export class OffChainDidResolver {
  readonly #resolver = new Resolver({ ...getKeyResolver(), ...getWebResolver() });
  readonly #options: OffChainDidResolverOptions;
  readonly #keyDocuments = new LruCache<string, DIDResolutionResult>(10_000);
  readonly #webDocuments = new LruCache<string, { result: DIDResolutionResult; expiresAt: number }>(1_000);
  readonly #inflight = new Map<string, Promise<DIDResolutionResult>>();

  /**
   * @param options - timeout, cache lifetime, private hosts.
   */
  constructor(options: OffChainDidResolverOptions) {
    this.#options = options;
  }

  /**
   * Resolves a DID URL: `did:key` and `did:web` here, `did:ethr` by `resolveEthr`, any other method refused. Never
   * throws: a malformed URL is `invalidDid`, a throw of `resolveEthr` is `notFound`.
   * @param didUrl - the DID (URL), at most 1,024 characters.
   * @param resolveEthr - the chain-backed `did:ethr` resolution of the caller.
   * @returns the resolution result.
   */
  async resolveWith(
    didUrl: string,
    resolveEthr: (parsed: ParsedDID) => Promise<DIDResolutionResult>,
  ): Promise<DIDResolutionResult> {
    const parsed = typeof didUrl === 'string' && didUrl.length <= 1024 ? parse(didUrl) : null;
    if (parsed === null) return didFailure('invalidDid', 'not a DID URL');
    try {
      switch (parsed.method) {
        case 'ethr':
          return await resolveEthr(parsed);
        case 'key':
          return await this.resolveKey(parsed.did);
        case 'web':
          return await this.resolveWeb(parsed.did);
        default:
          return didFailure('unsupportedDidMethod', `did:${parsed.method} is not supported`);
      }
    } catch (error) {
      return didFailure('notFound', error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Resolves a `did:key` DID.
   * @param did - the DID (no path, query or fragment).
   * @returns the resolution result (frozen, shared with the cache).
   */
  async resolveKey(did: string): Promise<DIDResolutionResult> {
    const cached = this.#keyDocuments.get(did);
    if (cached !== undefined) return cached;
    const result = await this.#resolver.resolve(did);
    if (result.didResolutionMetadata?.error === undefined) this.#keyDocuments.set(did, deepFreeze(result));
    return result;
  }

  /**
   * Resolves a `did:web` DID; never throws (a failed fetch is `notFound`).
   * @param did - the DID.
   * @returns the resolution result (frozen, shared with the cache).
   */
  async resolveWeb(did: string): Promise<DIDResolutionResult> {
    if (!this.#options.allowPrivateWebHosts && !isPublicDidWebHost(did)) {
      return didFailure('notFound', 'did:web documents are fetched from public hosts only');
    }
    const cached = this.#webDocuments.get(did);
    if (cached !== undefined && Date.now() < cached.expiresAt) return cached.result;
    let pending = this.#inflight.get(did);
    if (pending === undefined) {
      pending = this.#fetchWeb(did).finally(() => this.#inflight.delete(did));
      this.#inflight.set(did, pending);
    }
    return pending;
  }

  async #fetchWeb(did: string): Promise<DIDResolutionResult> {
    let result: DIDResolutionResult;
    try {
      result = await withTimeout(this.#resolver.resolve(did), this.#options.timeoutMs, `resolving ${did}`);
    } catch (error) {
      result = didFailure('notFound', error instanceof Error ? error.message : String(error));
    }
    // Failures are remembered briefly too, so a flood of credentials naming a dead did:web fetches it rarely.
    const ttl = result.didResolutionMetadata?.error === undefined ? this.#options.webDocumentTtlMs : 10_000;
    this.#webDocuments.set(did, { result: deepFreeze(result), expiresAt: Date.now() + ttl });
    return result;
  }
}

/**
 * A failed resolution result.
 * @param error - the DID resolution error (`invalidDid`, `notFound`, …).
 * @param message - a human-readable detail.
 */
export function didFailure(error: string, message: string): DIDResolutionResult {
  return { didResolutionMetadata: { error, message }, didDocument: null, didDocumentMetadata: {} };
}

/**
 * Rejects when `promise` takes longer than `ms`.
 * @param what - what is awaited, for the message.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
