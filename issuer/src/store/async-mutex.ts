/**
 * A first-in first-out asynchronous lock. SQLite has one connection per {@link Database}, so transactions (and
 * statements issued outside them) take turns on it through this lock.
 */
export class AsyncMutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  /** Whether someone holds the lock (when false, nobody is waiting either). */
  get locked(): boolean {
    return this.#locked;
  }

  /**
   * Waits for the lock.
   *
   * @returns a function that releases it; call it exactly once.
   */
  async acquire(): Promise<() => void> {
    if (!this.#locked) {
      this.#locked = true;
    } else {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next)
        next(); // hand the lock over directly: it stays locked, FIFO order
      else this.#locked = false;
    };
  }

  /**
   * Runs `fn` while holding the lock.
   *
   * @param fn - the critical section.
   * @returns what `fn` returns.
   */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
