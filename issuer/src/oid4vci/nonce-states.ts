import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { STATE_MISSING_ERROR, type CNonceState, type IStateManager } from '@sphereon/oid4vci-common';

/** Upper bound of remembered consumed nonces (each lives only until its expiry). */
const MAX_CONSUMED = 100_000;

/**
 * `c_nonce` values for OID4VCI key proofs: self-validating (expiry + HMAC, so issuing one stores nothing and an
 * unauthenticated nonce endpoint cannot exhaust memory) and single use (a consumed nonce is remembered until it
 * expires). Implements Sphereon's `IStateManager<CNonceState>` so its credential-request validation can use it.
 *
 * Nonces are valid only in the process that knows the secret; share the secret across instances.
 */
export class NonceStates implements IStateManager<CNonceState> {
  readonly #key: Buffer;
  readonly #ttlSeconds: number;
  readonly #now: () => Date;
  readonly #consumed = new Map<string, number>();

  /**
   * @param options - HMAC key, lifetime in seconds and clock.
   */
  constructor(options: { key: Uint8Array; ttlSeconds: number; now: () => Date }) {
    this.#key = Buffer.from(options.key);
    this.#ttlSeconds = options.ttlSeconds;
    this.#now = options.now;
  }

  /** Lifetime of a new nonce, in seconds. */
  get ttlSeconds(): number {
    return this.#ttlSeconds;
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key)
      .update(`c_nonce|${body}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  /**
   * A fresh nonce.
   *
   * @returns the nonce and its lifetime in seconds.
   */
  issue(): { cNonce: string; expiresIn: number } {
    const expiresAt = Math.floor(this.#now().getTime() / 1000) + this.#ttlSeconds;
    const body = `${expiresAt.toString(36)}.${randomBytes(16).toString('base64url')}`;
    return { cNonce: `${body}.${this.#mac(body)}`, expiresIn: this.#ttlSeconds };
  }

  /** Expiry (epoch seconds) of a nonce with a valid MAC, else undefined. */
  #expiryOf(id: string): number | undefined {
    const parts = id.split('.');
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(this.#mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const expiresAt = parseInt(parts[0]!, 36);
    return Number.isSafeInteger(expiresAt) ? expiresAt : undefined;
  }

  /**
   * The state of a nonce that is authentic, unexpired and not consumed.
   *
   * @param id - the nonce.
   * @returns its state, or undefined.
   */
  async get(id: string): Promise<CNonceState | undefined> {
    const expiresAt = this.#expiryOf(id);
    const now = this.#now().getTime();
    if (expiresAt === undefined || expiresAt * 1000 <= now || this.#consumed.has(id)) return undefined;
    return { cNonce: id, createdAt: (expiresAt - this.#ttlSeconds) * 1000, expiresAt: expiresAt * 1000 };
  }

  /**
   * @param id - the nonce.
   * @returns its state.
   * @throws Error `STATE_MISSING_ERROR` when it is not valid (Sphereon's contract).
   */
  async getAsserted(id: string): Promise<CNonceState> {
    const state = await this.get(id);
    if (state === undefined) throw new Error(STATE_MISSING_ERROR);
    return state;
  }

  /**
   * @param id - the nonce.
   * @returns whether it is valid now.
   */
  async has(id: string): Promise<boolean> {
    return (await this.get(id)) !== undefined;
  }

  /** Nothing to store: nonces are self-validating (those of Sphereon's own format are never accepted). */
  async set(_id: string, _state: CNonceState): Promise<void> {}

  /**
   * Consumes a nonce: it is refused from now on.
   *
   * @param id - the nonce.
   * @returns whether it was valid.
   */
  async delete(id: string): Promise<boolean> {
    const state = await this.get(id);
    if (state === undefined) return false;
    await this.clearExpired();
    if (this.#consumed.size >= MAX_CONSUMED) {
      const oldest = this.#consumed.keys().next().value;
      if (oldest !== undefined) this.#consumed.delete(oldest);
    }
    this.#consumed.set(id, state.expiresAt!);
    return true;
  }

  /**
   * Forgets consumed nonces that have expired anyway.
   *
   * @param timestamp - cut-off in epoch milliseconds; default now.
   */
  async clearExpired(timestamp?: number): Promise<void> {
    const cutOff = timestamp ?? this.#now().getTime();
    for (const [id, expiresAt] of this.#consumed) if (expiresAt <= cutOff) this.#consumed.delete(id);
  }

  /** Forgets every consumed nonce. */
  async clearAll(): Promise<void> {
    this.#consumed.clear();
  }

  /** No timer: expired entries are pruned on {@link NonceStates.delete}. */
  async startCleanupRoutine(_timeout?: number): Promise<void> {}

  /** No timer to stop. */
  async stopCleanupRoutine(): Promise<void> {}
}
