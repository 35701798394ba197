import type pg from 'pg';
import type { NonceConsumption, NonceStore } from '@medtrust/core';
import { freshNonce } from './fresh-nonce.ts';
import { storeOperation } from './store-unavailable.ts';

/**
 * A {@link NonceStore} in PostgreSQL, shared by every verifier instance on the database. Consumption is one
 * `UPDATE … WHERE consumed_at IS NULL AND expires_at > now RETURNING`: the row lock makes a concurrent second
 * consumer re-check the condition after the first commits, so across instances a nonce is `valid` exactly once.
 * Expired rows are deleted by {@link purgeExpired}.
 */
export class PostgresNonceStore implements NonceStore {
  /**
   * @param pool - a pool opened with `openVerifierPostgres` (not ended by this store).
   * @param clock - the verifier's clock (expiry and consumption times).
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: () => Date,
  ) {}

  /** {@inheritDoc NonceStore.issue} */
  async issue(ttlSeconds: number): Promise<string> {
    const nonce = freshNonce(ttlSeconds);
    const expiresAt = this.clock().getTime() + ttlSeconds * 1000;
    await storeOperation('store a nonce', () =>
      this.pool.query('INSERT INTO verifier_nonces (nonce, expires_at) VALUES ($1, $2)', [nonce, expiresAt]),
    );
    return nonce;
  }

  /** {@inheritDoc NonceStore.consume} */
  async consume(nonce: string): Promise<NonceConsumption> {
    if (typeof nonce !== 'string' || nonce === '') return 'unknown';
    const now = this.clock().getTime();
    return storeOperation('consume a nonce', async () => {
      const consumed = await this.pool.query(
        'UPDATE verifier_nonces SET consumed_at = $1 WHERE nonce = $2 AND consumed_at IS NULL AND expires_at > $1 RETURNING nonce',
        [now, nonce],
      );
      if (consumed.rowCount === 1) return 'valid';
      const row = await this.pool.query<{ consumed_at: number | null }>(
        'SELECT consumed_at FROM verifier_nonces WHERE nonce = $1',
        [nonce],
      );
      if (row.rows.length === 0) return 'unknown';
      return row.rows[0]!.consumed_at !== null ? 'replayed' : 'expired';
    });
  }

  /**
   * Deletes every nonce past its expiry.
   * @returns how many were deleted.
   */
  async purgeExpired(): Promise<number> {
    const now = this.clock().getTime();
    return storeOperation('purge nonces', async () => {
      const result = await this.pool.query('DELETE FROM verifier_nonces WHERE expires_at <= $1', [now]);
      return result.rowCount ?? 0;
    });
  }
}
