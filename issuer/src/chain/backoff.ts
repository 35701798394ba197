import { ErrorCodes, MedtrustError } from '@medtrust/core';

/** Settings of {@link KeyedBackoff}. */
export interface BackoffOptions {
  /** First delay after a failure, ms; doubled on each further failure. */
  baseMs: number;
  /** Longest delay, ms. */
  maxMs: number;
  /** Time source. */
  clock: () => Date;
}

interface Entry {
  failures: number;
  retryAt: number;
}

/**
 * Exponential back-off per key (an organisation, or the whole chain): after `n` consecutive failures a key waits
 * `baseMs · 2^(n − 1)` ms, capped at `maxMs`; a success clears it. Held in memory only: a restart starts afresh.
 */
export class KeyedBackoff {
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #clock: () => Date;
  readonly #entries = new Map<string, Entry>();

  /**
   * @param options - base and cap of the delay, and the clock.
   * @throws MedtrustError `INVALID_ARGUMENT` for a delay that is not a positive number.
   */
  constructor(options: BackoffOptions) {
    this.#baseMs = positive(options.baseMs, 'backoffBaseMs');
    this.#maxMs = positive(options.maxMs, 'backoffMaxMs');
    this.#clock = options.clock;
  }

  /** The clock's time, ms since the epoch. */
  now(): number {
    return this.#clock().getTime();
  }

  /**
   * @param failures - consecutive failures.
   * @returns the delay after that many failures: base · 2^(failures − 1), capped; 0 for none.
   */
  delay(failures: number): number {
    if (failures <= 0) return 0;
    return Math.min(this.#maxMs, this.#baseMs * 2 ** Math.min(failures - 1, 30));
  }

  /** Records one more failure of `key` and starts its delay now. */
  failed(key: string): void {
    const failures = this.failures(key) + 1;
    this.#entries.set(key, { failures, retryAt: this.now() + this.delay(failures) });
  }

  /** Clears the failures of `key`. */
  succeeded(key: string): void {
    this.#entries.delete(key);
  }

  /** @returns the consecutive failures of `key` (0 when none). */
  failures(key: string): number {
    return this.#entries.get(key)?.failures ?? 0;
  }

  /** @returns when `key` may be tried again (ms since the epoch, by the clock); 0 when it is not backing off. */
  retryAt(key: string): number {
    return this.#entries.get(key)?.retryAt ?? 0;
  }

  /** @returns whether `key` is still waiting out its delay. */
  waiting(key: string): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && this.now() < entry.retryAt;
  }
}

/**
 * @param value - a setting.
 * @param name - its name, for the message.
 * @returns the value when it is a positive finite number.
 * @throws MedtrustError `INVALID_ARGUMENT` otherwise.
 */
export function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `${name} must be a positive number`);
  }
  return value;
}
