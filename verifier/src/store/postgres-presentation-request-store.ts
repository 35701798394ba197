import type pg from 'pg';
import type { PresentationRequestRecord } from '../requests/presentation-request.ts';
import type { PresentationRequestStore, RequestAnswer } from '../requests/presentation-request-store.ts';
import {
  PRESENTATION_REQUEST_COLUMNS,
  recordFromRow,
  rowValues,
  type PresentationRequestRow,
} from './presentation-request-row.ts';
import { DEFAULT_REQUEST_RETENTION_SECONDS, type DurableRequestStoreOptions } from './request-retention.ts';
import { storeOperation } from './store-unavailable.ts';

/**
 * Presentation requests in PostgreSQL, shared by every verifier instance on the database: a request created at
 * one instance is read and answered at another. The first answer wins (`UPDATE … WHERE state = 'pending'`, row
 * locked). Requests are forgotten `retentionSeconds` after they expire (reads hide them at once;
 * {@link purgeExpired} deletes them).
 */
export class PostgresPresentationRequestStore implements PresentationRequestStore {
  readonly #clock: () => Date;
  readonly #retentionMs: number;

  /**
   * @param pool - a pool opened with `openVerifierPostgres` (not ended by this store).
   * @param options - clock and retention.
   */
  constructor(
    private readonly pool: pg.Pool,
    options: DurableRequestStoreOptions,
  ) {
    this.#clock = options.clock;
    this.#retentionMs = (options.retentionSeconds ?? DEFAULT_REQUEST_RETENTION_SECONDS) * 1000;
  }

  #cutoff(): number {
    return this.#clock().getTime() - this.#retentionMs;
  }

  /** {@inheritDoc PresentationRequestStore.put} */
  async put(record: PresentationRequestRecord): Promise<void> {
    await storeOperation('store a presentation request', () =>
      this.pool.query(
        `INSERT INTO verifier_presentation_requests (${PRESENTATION_REQUEST_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        rowValues(record),
      ),
    );
  }

  /** {@inheritDoc PresentationRequestStore.get} */
  async get(id: string): Promise<PresentationRequestRecord | undefined> {
    const result = await storeOperation('read a presentation request', () =>
      this.pool.query<PresentationRequestRow>(
        'SELECT * FROM verifier_presentation_requests WHERE id = $1 AND expires_at > $2',
        [id, this.#cutoff()],
      ),
    );
    const row = result.rows[0];
    return row === undefined ? undefined : recordFromRow(row);
  }

  /** {@inheritDoc PresentationRequestStore.complete} */
  async complete(id: string, answer: RequestAnswer): Promise<boolean> {
    const result = await storeOperation('record a presentation answer', () =>
      this.pool.query(
        `UPDATE verifier_presentation_requests SET state = $1, report = $2, answered_at = $3, channel = $4
         WHERE id = $5 AND state = 'pending'`,
        [answer.state, JSON.stringify(answer.report), answer.answeredAt.getTime(), answer.channel, id],
      ),
    );
    return result.rowCount === 1;
  }

  /**
   * Deletes the requests whose retention ended.
   * @returns how many were deleted.
   */
  async purgeExpired(): Promise<number> {
    return storeOperation('purge presentation requests', async () => {
      const result = await this.pool.query(
        'DELETE FROM verifier_presentation_requests WHERE expires_at <= $1',
        [this.#cutoff()],
      );
      return result.rowCount ?? 0;
    });
  }
}
