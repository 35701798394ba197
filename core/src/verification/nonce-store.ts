/**
 * Outcome of consuming a nonce: `valid` (issued by this verifier, unexpired, first use), `unknown` (never issued,
 * or forgotten after expiry), `expired`, or `replayed` (already consumed).
 */
export type NonceConsumption = 'valid' | 'unknown' | 'expired' | 'replayed';

/**
 * Challenges (nonces) the verifier hands out for presentations: each one single use and expiring.
 * @see https://www.w3.org/TR/vc-data-model/#presentations-0 (challenge / nonce against replay)
 */
export interface NonceStore {
  /**
   * Issues a fresh nonce.
   * @param ttlSeconds - how long it stays usable.
   * @returns the nonce (URL-safe text).
   */
  issue(ttlSeconds: number): Promise<string>;
  /**
   * Consumes a nonce: the first call for an issued, unexpired nonce returns `valid`, every later call `replayed`.
   * Must be atomic (two concurrent calls never both get `valid`).
   * @param nonce - the presentation's nonce.
   */
  consume(nonce: string): Promise<NonceConsumption>;
}
