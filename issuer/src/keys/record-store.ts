/**
 * Minimal persistence the key stores are written against: one keyed collection of JSON-serialisable records.
 * Implementations may sit on SQLite, PostgreSQL or memory; each method is one atomic operation on one record.
 * @typeParam T - the record type (plain JSON data).
 */
export interface RecordStore<T> {
  /** @returns the record stored under `id`, or `undefined`. */
  get(id: string): Promise<T | undefined>;
  /** Inserts or replaces the record stored under `id`. */
  put(id: string, record: T): Promise<void>;
  /** @returns whether a record was deleted. */
  delete(id: string): Promise<boolean>;
  /** @returns every record, in insertion order where the backend keeps one. */
  list(): Promise<T[]>;
}

/**
 * In-memory {@link RecordStore} for tests and development. Records are deep-copied on the way in and out, as a
 * database would, so callers cannot mutate what is stored.
 * @typeParam T - the record type (structured-cloneable).
 */
export class MemoryRecordStore<T> implements RecordStore<T> {
  readonly #records = new Map<string, T>();

  /** @inheritDoc RecordStore.get */
  async get(id: string): Promise<T | undefined> {
    const record = this.#records.get(id);
    return record === undefined ? undefined : structuredClone(record);
  }

  /** @inheritDoc RecordStore.put */
  async put(id: string, record: T): Promise<void> {
    this.#records.set(id, structuredClone(record));
  }

  /** @inheritDoc RecordStore.delete */
  async delete(id: string): Promise<boolean> {
    return this.#records.delete(id);
  }

  /** @inheritDoc RecordStore.list */
  async list(): Promise<T[]> {
    return [...this.#records.values()].map((record) => structuredClone(record));
  }
}
