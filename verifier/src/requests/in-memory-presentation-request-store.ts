import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { PresentationRequestRecord } from './presentation-request.ts';
import type { PresentationRequestStore, RequestAnswer } from './presentation-request-store.ts';

/** Options of {@link InMemoryPresentationRequestStore}. */
export interface InMemoryRequestStoreOptions {
  /** Current time (injected in tests). */
  clock?: () => Date;
  /** How long a request is kept after it expired, so clients can still read its final state (default 1 hour). */
  retentionSeconds?: number;
  /** Most requests kept at once (default 10,000); beyond that `put` refuses with `RATE_LIMITED`. */
  maxEntries?: number;
}

/**
 * Presentation requests in process memory, forgotten `retentionSeconds` after they expire. Suitable for one
 * verifier instance: requests do not survive a restart and are not shared between instances (a shared store, e.g.
 * Redis or SQL, implements the same interface).
 */
export class InMemoryPresentationRequestStore implements PresentationRequestStore {
  private readonly records = new Map<string, PresentationRequestRecord>();
  private readonly clock: () => Date;
  private readonly retentionMs: number;
  private readonly maxEntries: number;

  /** @param options - clock, retention and capacity. */
  constructor(options: InMemoryRequestStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.retentionMs = (options.retentionSeconds ?? 3600) * 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  private purge(): void {
    const cutoff = this.clock().getTime() - this.retentionMs;
    for (const [id, record] of this.records) {
      if (record.expiresAt.getTime() <= cutoff) this.records.delete(id);
    }
  }

  /** {@inheritDoc PresentationRequestStore.put} */
  async put(record: PresentationRequestRecord): Promise<void> {
    if (this.records.size >= this.maxEntries) this.purge();
    if (this.records.size >= this.maxEntries) {
      throw new MedtrustError(ErrorCodes.RATE_LIMITED, 'too many open presentation requests; retry later');
    }
    this.records.set(record.id, structuredClone(record));
  }

  /** {@inheritDoc PresentationRequestStore.get} */
  async get(id: string): Promise<PresentationRequestRecord | undefined> {
    const record = this.records.get(id);
    if (!record) return undefined;
    if (record.expiresAt.getTime() <= this.clock().getTime() - this.retentionMs) {
      this.records.delete(id);
      return undefined;
    }
    return structuredClone(record);
  }

  /** {@inheritDoc PresentationRequestStore.complete} */
  async complete(id: string, answer: RequestAnswer): Promise<boolean> {
    const record = this.records.get(id);
    if (!record || record.state !== 'pending') return false;
    record.state = answer.state;
    record.report = structuredClone(answer.report);
    record.answeredAt = answer.answeredAt;
    record.channel = answer.channel;
    return true;
  }
}
