/**
 * A small least-recently-used map (insertion order of a `Map`, refreshed on read).
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();

  /**
   * @param capacity - most entries kept; the least recently used is dropped beyond it.
   */
  constructor(private readonly capacity: number) {}

  /** @returns the value, marking it recently used. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** @returns the value without touching its recency. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Stores a value, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  /** Removes one entry. */
  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Removes every entry. */
  clear(): void {
    this.#entries.clear();
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }
}
