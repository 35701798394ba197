/**
 * Finds the anchor proof of a credential presented without one by asking the issuers' public endpoints
 * (`GET {issuerBaseUrl}/public/anchor-proofs/{credentialHash}`). The URLs are the operator's (`ANCHOR_PROOF_URLS`),
 * never taken from the credential, and every answer is untrusted: the verifier checks the proof against the chain.
 */
import {
  ErrorCodes,
  MedtrustError,
  parseAnchorProof,
  type AnchorProofLookup,
  type AnchorProofSource,
} from '@medtrust/core';

/** How {@link HttpAnchorProofSource} asks. */
export interface HttpAnchorProofSourceOptions {
  /** Issuer base URLs (`http(s)://host[:port][/prefix]`), asked in this order of precedence. */
  urls: readonly string[];
  /** Timeout of one request, ms. */
  timeoutMs: number;
  /** Largest answer read, bytes; 64 KiB. */
  maxResponseBytes?: number;
  /** Anchored answers kept (they never change), least recently used dropped; 10,000. */
  anchoredCacheSize?: number;
  /** How long an `unknown` answer is reused, ms; 5,000. */
  unknownTtlMs?: number;
  /** Distinct hashes looked up at the same time; beyond it a lookup fails at once (`ANCHOR_UNAVAILABLE`); 64. */
  maxInFlight?: number;
  /** The time source of the `unknown` cache, epoch ms; `Date.now`. */
  now?: () => number;
  /** The fetch implementation; the global one. */
  fetch?: typeof fetch;
}

/** What one issuer endpoint said. */
type EndpointAnswer = AnchorProofLookup | { state: 'error'; detail: string };

const HASH = /^0x[0-9a-f]{64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates and normalises issuer base URLs.
 * @param urls - absolute http(s) URLs without query or fragment.
 * @returns the URLs without trailing slashes.
 * @throws MedtrustError `CONFIGURATION_INVALID` for anything else.
 */
export function normaliseAnchorProofUrls(urls: readonly string[]): string[] {
  return urls.map((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new MedtrustError(
        ErrorCodes.CONFIGURATION_INVALID,
        `anchor proof URL ${raw} is not an absolute URL`,
      );
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
      throw new MedtrustError(
        ErrorCodes.CONFIGURATION_INVALID,
        `anchor proof URL ${raw} must be an http(s) base URL without query or fragment`,
      );
    }
    if (url.username !== '' || url.password !== '') {
      throw new MedtrustError(
        ErrorCodes.CONFIGURATION_INVALID,
        `anchor proof URL ${raw} must carry no credentials`,
      );
    }
    return url.href.replace(/\/+$/, '');
  });
}

/**
 * `AnchorProofSource` over issuers' public proof endpoints. All URLs are asked at once; the first `anchored` answer
 * in configuration order wins, else `pending` when any said pending, else `unknown` when every URL answered. When
 * some URL could not be asked (network, timeout, HTTP error, an answer of the wrong shape) and none said anchored or
 * pending, it throws (the verifier reports `ANCHOR_UNAVAILABLE`, fail closed): the silent one may be the issuer.
 * Anchored answers are cached (least recently used), `unknown` briefly, concurrent lookups of one hash share one
 * round of requests, and the distinct lookups in flight are bounded.
 */
export class HttpAnchorProofSource implements AnchorProofSource {
  readonly #urls: readonly string[];
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #anchoredSize: number;
  readonly #unknownTtlMs: number;
  readonly #maxInFlight: number;
  readonly #now: () => number;
  readonly #fetch: typeof fetch;
  readonly #anchored = new Map<string, AnchorProofLookup>();
  readonly #unknown = new Map<string, number>();
  readonly #inflight = new Map<string, Promise<AnchorProofLookup>>();

  /**
   * @param options - URLs, timeout, size bound, caches.
   * @throws MedtrustError `CONFIGURATION_INVALID` for no URL, a malformed URL or a bad bound.
   */
  constructor(options: HttpAnchorProofSourceOptions) {
    if (options.urls.length === 0) {
      throw new MedtrustError(
        ErrorCodes.CONFIGURATION_INVALID,
        'HttpAnchorProofSource needs at least one URL',
      );
    }
    this.#urls = normaliseAnchorProofUrls(options.urls);
    const positive = (value: number, name: string) => {
      if (!Number.isSafeInteger(value) || value <= 0) {
        throw new MedtrustError(
          ErrorCodes.CONFIGURATION_INVALID,
          `HttpAnchorProofSource: ${name} must be positive`,
        );
      }
      return value;
    };
    this.#timeoutMs = positive(options.timeoutMs, 'timeoutMs');
    this.#maxBytes = positive(options.maxResponseBytes ?? 64 * 1024, 'maxResponseBytes');
    this.#anchoredSize = positive(options.anchoredCacheSize ?? 10_000, 'anchoredCacheSize');
    this.#unknownTtlMs = positive(options.unknownTtlMs ?? 5_000, 'unknownTtlMs');
    this.#maxInFlight = positive(options.maxInFlight ?? 64, 'maxInFlight');
    this.#now = options.now ?? Date.now;
    this.#fetch = options.fetch ?? fetch;
  }

  /** The issuer base URLs asked. */
  get urls(): readonly string[] {
    return this.#urls;
  }

  /**
   * {@inheritDoc AnchorProofSource.proofFor}
   * @throws MedtrustError `ANCHOR_UNAVAILABLE` when some URL could not be asked and none said anchored or pending,
   *   or too many lookups are in flight; `INVALID_ARGUMENT` for a malformed hash.
   */
  async proofFor(credentialHash: `0x${string}`, _issuer: string): Promise<AnchorProofLookup> {
    const hash = typeof credentialHash === 'string' ? credentialHash.toLowerCase() : '';
    if (!HASH.test(hash)) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'credentialHash must be 0x + 64 hex digits');
    }
    const anchored = this.#anchored.get(hash);
    if (anchored !== undefined) {
      this.#anchored.delete(hash);
      this.#anchored.set(hash, anchored);
      return anchored;
    }
    const unknownUntil = this.#unknown.get(hash);
    if (unknownUntil !== undefined) {
      if (unknownUntil > this.#now()) return { state: 'unknown' };
      this.#unknown.delete(hash);
    }
    const joined = this.#inflight.get(hash);
    if (joined !== undefined) return joined;
    if (this.#inflight.size >= this.#maxInFlight) {
      throw new MedtrustError(ErrorCodes.ANCHOR_UNAVAILABLE, 'too many anchor proof lookups in flight');
    }
    const lookup = this.#lookup(hash).finally(() => this.#inflight.delete(hash));
    this.#inflight.set(hash, lookup);
    return lookup;
  }

  async #lookup(hash: string): Promise<AnchorProofLookup> {
    const abort = new AbortController();
    const answers = this.#urls.map((url) => this.#ask(url, hash, abort.signal));
    try {
      const seen: EndpointAnswer[] = [];
      for (const pending of answers) {
        const answer = await pending;
        if (answer.state === 'anchored') {
          this.#remember(hash, answer);
          return answer;
        }
        seen.push(answer);
      }
      if (seen.some((a) => a.state === 'pending')) return { state: 'pending' };
      const errors = seen.filter((a): a is { state: 'error'; detail: string } => a.state === 'error');
      if (errors.length > 0) {
        throw new MedtrustError(
          ErrorCodes.ANCHOR_UNAVAILABLE,
          `anchor proof endpoints could not be read: ${errors
            .map((e) => e.detail)
            .join('; ')
            .slice(0, 300)}`,
        );
      }
      this.#unknown.set(hash, this.#now() + this.#unknownTtlMs);
      if (this.#unknown.size > this.#anchoredSize) this.#pruneUnknown();
      return { state: 'unknown' };
    } finally {
      abort.abort();
    }
  }

  #remember(hash: string, answer: AnchorProofLookup): void {
    this.#anchored.set(hash, answer);
    if (this.#anchored.size > this.#anchoredSize) {
      const oldest = this.#anchored.keys().next();
      if (!oldest.done) this.#anchored.delete(oldest.value);
    }
  }

  #pruneUnknown(): void {
    const now = this.#now();
    for (const [hash, until] of this.#unknown) if (until <= now) this.#unknown.delete(hash);
    while (this.#unknown.size > this.#anchoredSize) {
      const oldest = this.#unknown.keys().next();
      if (oldest.done) break;
      this.#unknown.delete(oldest.value);
    }
  }

  async #ask(base: string, hash: string, signal: AbortSignal): Promise<EndpointAnswer> {
    const where = new URL(base).host;
    const error = (detail: string): EndpointAnswer => ({ state: 'error', detail: `${where}: ${detail}` });
    let response: Response;
    try {
      response = await this.#fetch(`${base}/public/anchor-proofs/${hash}`, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.#timeoutMs)]),
      });
    } catch (e) {
      return error(`unreachable (${e instanceof Error ? e.name : 'error'})`);
    }
    let body: unknown;
    try {
      body = await readJson(response, this.#maxBytes);
    } catch (e) {
      return error(e instanceof Error ? e.message : 'unreadable answer');
    }
    if (response.status === 200) {
      if (!isObject(body) || body.state !== 'anchored' || !isObject(body.proof)) {
        return error('HTTP 200 without {state: anchored, proof}');
      }
      const parsed = parseAnchorProof(body.proof);
      if (!parsed.ok) return error(`malformed proof (${parsed.detail})`);
      if (parsed.proof.credentialHash !== hash) return error('the proof is for another credential');
      return { state: 'anchored', proof: body.proof };
    }
    if (response.status === 202) {
      return isObject(body) && body.state === 'pending'
        ? { state: 'pending' }
        : error('HTTP 202 without {state: pending}');
    }
    if (response.status === 404) {
      return isObject(body) && body.code === ErrorCodes.NOT_FOUND
        ? { state: 'unknown' }
        : error('HTTP 404 without {code: NOT_FOUND} (is the URL an issuer base URL?)');
    }
    return error(`HTTP ${response.status}`);
  }
}

/** Reads a JSON body of at most `maxBytes`, cancelling the stream beyond it. */
async function readJson(response: Response, maxBytes: number): Promise<unknown> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`answer larger than ${maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body !== null) {
    const reader = response.body.getReader();
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (e) {
        throw new Error(`answer not read (${e instanceof Error ? e.name : 'error'})`);
      }
      if (read.done) break;
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new Error(`answer larger than ${maxBytes} bytes`);
      }
      chunks.push(read.value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status} answer is not JSON`);
  }
}
