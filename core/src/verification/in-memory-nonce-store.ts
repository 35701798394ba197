import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import type { NonceConsumption, NonceStore } from './nonce-store.ts';

interface NonceRecord {
  /** Epoch ms after which the nonce is expired. */
  expiresAt: number;
  consumed: boolean;
}

/**
 * A {@link NonceStore} in process memory, for one verifier process (a cluster needs a shared store). Nonces are
 * 128 random bits, base64url. Consumed and expired nonces are forgotten once expired (a replay after that reads
 * `unknown`, still refused); at most `maxNonces` are outstanding.
 */
export class InMemoryNonceStore implements NonceStore {
  readonly #records = new Map<string, NonceRecord>();
  #operations = 0;

  /**
   * @param clock - time source for expiry (the verifier's injected clock).
   * @param maxNonces - most nonces kept; issuing beyond it throws `RATE_LIMITED`. 100,000 by default.
   */
  constructor(
    private readonly clock: () => Date,
    private readonly maxNonces = 100_000,
  ) {}

  /**
   * @param ttlSeconds - lifetime, 1 s to 1 day.
   * @returns a fresh nonce.
   * @throws MedtrustError `INVALID_ARGUMENT` for a ttl out of range; `RATE_LIMITED` when `maxNonces` are outstanding.
   */
  async issue(ttlSeconds: number): Promise<string> {
    if (!Number.isFinite(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 86_400) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'nonce ttl must be between 1 and 86,400 seconds');
    }
    const now = this.clock().getTime();
    if (this.#records.size >= this.maxNonces) this.#sweep(now);
    if (this.#records.size >= this.maxNonces) {
      throw new MedtrustError(ErrorCodes.RATE_LIMITED, 'too many outstanding challenges');
    }
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    const nonce = toBase64Url(bytes);
    this.#records.set(nonce, { expiresAt: now + ttlSeconds * 1000, consumed: false });
    this.#maybeSweep(now);
    return nonce;
  }

  /**
   * @param nonce - the presentation's nonce.
   * @returns `valid` once, then `replayed`; `expired` after its ttl; `unknown` if never issued (or forgotten).
   */
  async consume(nonce: string): Promise<NonceConsumption> {
    const now = this.clock().getTime();
    this.#maybeSweep(now);
    const record = typeof nonce === 'string' ? this.#records.get(nonce) : undefined;
    if (record === undefined) return 'unknown';
    if (record.consumed) return 'replayed';
    if (now >= record.expiresAt) return 'expired';
    record.consumed = true;
    return 'valid';
  }

  /** Number of nonces remembered (outstanding or consumed, not yet swept). */
  get size(): number {
    return this.#records.size;
  }

  #maybeSweep(now: number): void {
    if (++this.#operations % 1024 === 0) this.#sweep(now);
  }

  #sweep(now: number): void {
    for (const [nonce, record] of this.#records) if (now >= record.expiresAt) this.#records.delete(nonce);
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
