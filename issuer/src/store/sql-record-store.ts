import type { Database } from './database.ts';

/**
 * A keyed collection of JSON records in the `key_records` table: the persistence behind the issuer's Veramo key,
 * DID and sealed private-key stores and its signing-key registry (it satisfies `RecordStore<T>` of
 * `issuer/src/keys/record-store.ts`). Each method is one statement, so it is atomic on both dialects.
 * @typeParam T - the record type (plain JSON data).
 */
export class SqlRecordStore<T> {
  /**
   * @param db - database.
   * @param collection - the collection name (e.g. `privateKeys`).
   */
  constructor(
    private readonly db: Database,
    private readonly collection: string,
  ) {}

  /** @returns the record stored under `id`, or `undefined`. */
  async get(id: string): Promise<T | undefined> {
    const rows = await this.db.query<{ record: string }>(
      'SELECT record FROM key_records WHERE collection = $1 AND id = $2',
      [this.collection, id],
    );
    return rows[0] ? (JSON.parse(rows[0].record) as T) : undefined;
  }

  /** Inserts or replaces the record stored under `id` (keeping its insertion order). */
  async put(id: string, record: T): Promise<void> {
    await this.db.execute(
      `INSERT INTO key_records (collection, id, record, seq)
       VALUES ($1, $2, $3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM key_records))
       ON CONFLICT (collection, id) DO UPDATE SET record = excluded.record`,
      [this.collection, id, JSON.stringify(record)],
    );
  }

  /** @returns whether a record was deleted. */
  async delete(id: string): Promise<boolean> {
    const { changes } = await this.db.execute('DELETE FROM key_records WHERE collection = $1 AND id = $2', [
      this.collection,
      id,
    ]);
    return changes > 0;
  }

  /** @returns every record of the collection, in insertion order. */
  async list(): Promise<T[]> {
    const rows = await this.db.query<{ record: string }>(
      'SELECT record FROM key_records WHERE collection = $1 ORDER BY seq',
      [this.collection],
    );
    return rows.map((row) => JSON.parse(row.record) as T);
  }
}
