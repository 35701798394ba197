import type { PresentationRequestRecord } from '../requests/presentation-request.ts';
import type { PresentationRequestStore, RequestAnswer } from '../requests/presentation-request-store.ts';
import {
  PRESENTATION_REQUEST_COLUMNS,
  recordFromRow,
  rowValues,
  type PresentationRequestRow,
} from './presentation-request-row.ts';
import { DEFAULT_REQUEST_RETENTION_SECONDS, type DurableRequestStoreOptions } from './request-retention.ts';
import type { VerifierSqliteConnection } from './sqlite-migrations.ts';
import { storeOperation } from './store-unavailable.ts';

/**
 * Presentation requests in the verifier's SQLite file: a pending request survives a restart. The first answer
 * wins (`UPDATE … WHERE state = 'pending'`). Requests are forgotten `retentionSeconds` after they expire (reads
 * hide them at once; {@link purgeExpired} deletes them).
 */
export class SqlitePresentationRequestStore implements PresentationRequestStore {
  readonly #clock: () => Date;
  readonly #retentionMs: number;
  readonly #insert;
  readonly #select;
  readonly #complete;
  readonly #purge;

  /**
   * @param db - a connection opened with `openVerifierSqlite` (not closed by this store).
   * @param options - clock and retention.
   */
  constructor(db: VerifierSqliteConnection, options: DurableRequestStoreOptions) {
    this.#clock = options.clock;
    this.#retentionMs = (options.retentionSeconds ?? DEFAULT_REQUEST_RETENTION_SECONDS) * 1000;
    this.#insert = db.prepare(
      `INSERT INTO verifier_presentation_requests (${PRESENTATION_REQUEST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#select = db.prepare('SELECT * FROM verifier_presentation_requests WHERE id = ? AND expires_at > ?');
    this.#complete = db.prepare(
      `UPDATE verifier_presentation_requests SET state = ?, report = ?, answered_at = ?, channel = ?
       WHERE id = ? AND state = 'pending'`,
    );
    this.#purge = db.prepare('DELETE FROM verifier_presentation_requests WHERE expires_at <= ?');
  }

  #cutoff(): number {
    return this.#clock().getTime() - this.#retentionMs;
  }

  /** {@inheritDoc PresentationRequestStore.put} */
  async put(record: PresentationRequestRecord): Promise<void> {
    await storeOperation('store a presentation request', () => this.#insert.run(...rowValues(record)));
  }

  /** {@inheritDoc PresentationRequestStore.get} */
  async get(id: string): Promise<PresentationRequestRecord | undefined> {
    const row = await storeOperation(
      'read a presentation request',
      () => this.#select.get(id, this.#cutoff()) as PresentationRequestRow | undefined,
    );
    return row === undefined ? undefined : recordFromRow(row);
  }

  /** {@inheritDoc PresentationRequestStore.complete} */
  async complete(id: string, answer: RequestAnswer): Promise<boolean> {
    return storeOperation(
      'record a presentation answer',
      () =>
        this.#complete.run(
          answer.state,
          JSON.stringify(answer.report),
          answer.answeredAt.getTime(),
          answer.channel,
          id,
        ).changes === 1,
    );
  }

  /**
   * Deletes the requests whose retention ended.
   * @returns how many were deleted.
   */
  async purgeExpired(): Promise<number> {
    return storeOperation('purge presentation requests', () => this.#purge.run(this.#cutoff()).changes);
  }
}
