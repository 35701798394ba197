/** Options of the durable presentation-request stores. */
export interface DurableRequestStoreOptions {
  /** Current time (the verifier's clock). */
  clock: () => Date;
  /**
   * How long a request is kept after it expired, so clients can still read its final state (default 1 hour, as
   * the in-memory store).
   */
  retentionSeconds?: number;
}

/** The default of {@link DurableRequestStoreOptions.retentionSeconds}. */
export const DEFAULT_REQUEST_RETENTION_SECONDS = 3600;
