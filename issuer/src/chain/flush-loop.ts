/** Minimal logger of a publisher (compatible with the HTTP layer's `Logger`); never given credential data. */
export interface PublisherLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Settings of {@link FlushLoop}. */
export interface FlushLoopOptions<R> {
  /** Period of the background flush, ms. */
  intervalMs: number;
  /** One flush; `force` ignores back-off (an explicit {@link FlushLoop.flush}). */
  run(force: boolean): Promise<R>;
  /** Whether a background flush may run now (false while the chain is in back-off). */
  ready(): boolean;
  /** Reports a background flush that threw (never rethrown). */
  onError(error: unknown): void;
}

/**
 * The scheduling the publishers share: flushes never overlap (a call during a flush runs once that flush is done,
 * and concurrent calls share that run), and once started a background flush runs every `intervalMs` unless the
 * publisher is backing off.
 */
export class FlushLoop<R> {
  readonly #options: FlushLoopOptions<R>;
  #started = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #current: Promise<R> | undefined;
  #next: Promise<R> | undefined;
  #nextForce = false;

  /** @param options - period, the flush itself, readiness and error reporting. */
  constructor(options: FlushLoopOptions<R>) {
    this.#options = options;
  }

  /** Whether background flushing runs. */
  get running(): boolean {
    return this.#started;
  }

  /** Starts background flushing (the first one after one interval). Idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule();
  }

  /** Stops background flushing and waits for a flush in flight (and one queued behind it) to finish. */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await (this.#next ?? this.#current)?.catch(() => undefined);
  }

  /**
   * Runs a flush now, or right after the one in flight.
   * @param force - ignore back-off.
   * @returns what the flush returned.
   */
  flush(force: boolean): Promise<R> {
    if (this.#current === undefined) return this.#run(force);
    this.#nextForce ||= force;
    this.#next ??= this.#current
      .catch(() => undefined)
      .then(() => {
        const nextForce = this.#nextForce;
        this.#next = undefined;
        this.#nextForce = false;
        return this.#run(nextForce);
      });
    return this.#next;
  }

  /**
   * Runs a flush now when started, not backing off ({@link FlushLoopOptions.ready}) and `due` says so (e.g. enough
   * work is queued). Never rejects: failures go to {@link FlushLoopOptions.onError}.
   * @param due - whether a flush is worth running now.
   * @returns whether it ran a flush (resolved once that flush finished).
   */
  async flushIf(due: () => Promise<boolean>): Promise<boolean> {
    if (!this.#started || !this.#options.ready()) return false;
    try {
      if (!(await due())) return false;
      await this.flush(false);
      return true;
    } catch (error) {
      this.#options.onError(error);
      return false;
    }
  }

  #run(force: boolean): Promise<R> {
    const run: Promise<R> = this.#options.run(force).finally(() => {
      if (this.#current === run) this.#current = undefined;
    });
    this.#current = run;
    return run;
  }

  #schedule(): void {
    if (!this.#started) return;
    this.#timer = setTimeout(() => void this.#tick(), this.#options.intervalMs);
    this.#timer.unref?.();
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    if (!this.#started) return;
    if (this.#options.ready()) {
      try {
        await this.flush(false);
      } catch (error) {
        this.#options.onError(error);
      }
    }
    this.#schedule();
  }
}
