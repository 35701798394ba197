import type { NonceConsumption, NonceStore } from '@medtrust/core';
import { freshNonce } from './fresh-nonce.ts';
import type { VerifierSqliteConnection } from './sqlite-migrations.ts';
import { storeOperation } from './store-unavailable.ts';

/**
 * A {@link NonceStore} in the verifier's SQLite file: survives restarts and is shared by every process that opens
 * the file. Consumption is one `UPDATE … WHERE consumed_at IS NULL AND expires_at > now RETURNING` (SQLite
 * serialises writers), so a nonce is `valid` exactly once. Expired rows, consumed or not, are deleted by
 * {@link purgeExpired} (a later replay then reads `unknown`, still refused).
 */
export class SqliteNonceStore implements NonceStore {
  readonly #insert;
  readonly #consume;
  readonly #lookup;
  readonly #purge;

  /**
   * @param db - a connection opened with `openVerifierSqlite` (not closed by this store).
   * @param clock - the verifier's clock (expiry and consumption times).
   */
  constructor(
    db: VerifierSqliteConnection,
    private readonly clock: () => Date,
  ) {
    this.#insert = db.prepare('INSERT INTO verifier_nonces (nonce, expires_at) VALUES (?, ?)');
    this.#consume = db.prepare(
      'UPDATE verifier_nonces SET consumed_at = ? WHERE nonce = ? AND consumed_at IS NULL AND expires_at > ? RETURNING nonce',
    );
    this.#lookup = db.prepare('SELECT consumed_at FROM verifier_nonces WHERE nonce = ?');
    this.#purge = db.prepare('DELETE FROM verifier_nonces WHERE expires_at <= ?');
  }

  /** {@inheritDoc NonceStore.issue} */
  async issue(ttlSeconds: number): Promise<string> {
    const nonce = freshNonce(ttlSeconds);
    const expiresAt = this.clock().getTime() + ttlSeconds * 1000;
    await storeOperation('store a nonce', () => this.#insert.run(nonce, expiresAt));
    return nonce;
  }

  /** {@inheritDoc NonceStore.consume} */
  async consume(nonce: string): Promise<NonceConsumption> {
    if (typeof nonce !== 'string' || nonce === '') return 'unknown';
    const now = this.clock().getTime();
    return storeOperation('consume a nonce', () => {
      if (this.#consume.get(now, nonce, now) !== undefined) return 'valid';
      const row = this.#lookup.get(nonce) as { consumed_at: number | null } | undefined;
      if (row === undefined) return 'unknown';
      return row.consumed_at !== null ? 'replayed' : 'expired';
    });
  }

  /**
   * Deletes every nonce past its expiry.
   * @returns how many were deleted.
   */
  async purgeExpired(): Promise<number> {
    const now = this.clock().getTime();
    return storeOperation('purge nonces', () => this.#purge.run(now).changes);
  }
}
