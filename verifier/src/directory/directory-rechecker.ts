/**
 * Profiles from stored verifications, kept true by chain events. Each listed credential's last verification (its
 * live status and its issuer's accreditation chain) is stored in the {@link DirectoryIndex}; the chain-event follower
 * (the verifier's polled head) hands every batch of registry events to {@link DirectoryRechecker.onRegistryEvents},
 * which marks the touched verifications stale — synchronously on SQLite, before the head advances — and rechecks
 * them in the background with bounded concurrency. A read never serves a stale verification: it is verified again
 * first (so a revocation seen by the head shows on the very next profile read), as is one past its `recheckAfter`
 * (a validity boundary or the maximum age), one that could not be decided, and any while marks could not be
 * written.
 */
import type { Logger } from '../logger.ts';
import type { VerificationEngine } from '../verification-engine.ts';
import type { AccreditationChain, AccreditationChainReader } from './accreditation-chain.ts';
import type {
  DirectoryIndex,
  StaleMarks,
  StoredVerification,
  VerificationRecord,
} from './directory-index.ts';
import { anchorOptionsOf, type DirectoryEntry } from './directory-entry.ts';
import { liveStatusOf, type LiveStatus } from './live-status.ts';
import { mapLimited } from './map-limited.ts';
import {
  marksTouch,
  staleMarksOf,
  type RegistryLogBatch,
  type WatchedRegistries,
} from './registry-event-marks.ts';
import { verificationRecordOf } from './verification-record.ts';

/** What a profile shows of one credential's verification. */
export interface CredentialVerification {
  status: LiveStatus;
  accreditation: AccreditationChain;
}

/** What the rechecker needs. */
export interface DirectoryRecheckerOptions {
  index: DirectoryIndex;
  /** A listed credential by hash (the directory's entry store), `undefined` once it is no longer listed. */
  entryByHash: (jwtHash: string) => DirectoryEntry | undefined;
  engine: Pick<VerificationEngine, 'verifyCredential'>;
  accreditationChains: AccreditationChainReader;
  registries: WatchedRegistries;
  clock: () => Date;
  logger: Logger;
  /** Background rechecks running at once (4). */
  concurrency?: number;
  /** Longest a stored verification is served without an event, ms (1 h). */
  maxAgeMs?: number;
}

/** A synchronous mark, when the index has one (SQLite). */
type SyncMarking = { markStaleNow(marks: StaleMarks): number };

function hasSyncMarking(index: DirectoryIndex): index is DirectoryIndex & SyncMarking {
  return typeof (index as Partial<SyncMarking>).markStaleNow === 'function';
}

function isFresh(stored: StoredVerification | undefined, now: number): boolean {
  return (
    stored !== undefined &&
    !stored.stale &&
    Date.parse(stored.recheckAfter) > now &&
    stored.status.state !== 'unavailable' &&
    stored.accreditation.state !== 'unavailable'
  );
}

/** Marks, stores and rechecks the directory's stored verifications. */
export class DirectoryRechecker {
  readonly #options: DirectoryRecheckerOptions;
  readonly #concurrency: number;
  readonly #maxAgeMs: number;
  /** Incremented by every mark; with `#recent`, tells a check whether a mark touching it came while it ran. */
  #epoch = 0;
  #recent: Array<{ epoch: number; marks: StaleMarks }> = [];
  /** Marks not yet written (PostgreSQL), in order. */
  #writing: Promise<void> = Promise.resolve();
  /** Marks whose write failed: retried; until then nothing stored is served. */
  #unwritten: StaleMarks[] = [];
  #draining: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  /** @param options - index, entries, pipeline, registries, clock, logger, bounds. */
  constructor(options: DirectoryRecheckerOptions) {
    this.#options = options;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#maxAgeMs = options.maxAgeMs ?? 3_600_000;
  }

  /**
   * Takes one batch of registry events from the chain-event follower (`PollingChainHead.subscribe`). Never throws.
   * @param batch - the events of new blocks.
   */
  onRegistryEvents(batch: RegistryLogBatch): void {
    try {
      const marks = staleMarksOf(batch, this.#options.registries);
      if (marks !== undefined) this.markStale(marks);
    } catch (error) {
      this.#options.logger.error('directory events not applied', {
        detail: error instanceof Error ? error.message.slice(0, 200) : undefined,
      });
      this.markStale({ all: true });
    }
  }

  /**
   * Marks the stored verifications these changes touch stale (written before this returns on SQLite; queued, and
   * awaited by every read, on PostgreSQL), then rechecks them in the background.
   * @param marks - issuers, subjects, status lists, accreditors (lowercase addresses), or all.
   */
  markStale(marks: StaleMarks): void {
    this.#epoch++;
    this.#recent.push({ epoch: this.#epoch, marks });
    if (this.#recent.length > 10_000) this.#recent = this.#recent.slice(-5_000);
    const { index } = this.#options;
    if (hasSyncMarking(index) && this.#unwritten.length === 0) {
      try {
        index.markStaleNow(marks);
      } catch (error) {
        this.#unwritten.push(marks);
        this.#logFailure(error);
      }
    } else {
      this.#writing = this.#writing.then(() => this.#write(marks));
    }
    this.#kick();
  }

  /**
   * The verifications of listed credentials as a profile shows them: the stored ones that are still fresh, and
   * every other verified now (and stored).
   * @param entries - the credentials.
   * @param concurrency - pipeline calls at once for this read.
   * @returns one verification per entry, in order.
   */
  async verificationsOf(
    entries: readonly DirectoryEntry[],
    concurrency: number,
  ): Promise<CredentialVerification[]> {
    const trusted = await this.#settled();
    let stored = new Map<string, StoredVerification>();
    if (trusted) {
      try {
        stored = await this.#options.index.resultsOf(entries.map((e) => e.jwtHash));
      } catch (error) {
        this.#logFailure(error);
      }
    }
    const now = this.#options.clock().getTime();
    return mapLimited(entries, concurrency, async (entry) => {
      const found = stored.get(entry.jwtHash);
      if (found !== undefined && isFresh(found, now)) {
        return { status: found.status, accreditation: found.accreditation };
      }
      return this.#check(entry, found?.generation ?? 0);
    });
  }

  /**
   * Rechecks every stale stored verification now (what the background does after each mark), after a pass already
   * running.
   * @returns when done.
   */
  async recheckStale(): Promise<void> {
    this.#kick();
    while (this.#draining !== undefined) await this.#draining;
  }

  /** Stops background rechecks and waits for the running one. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#writing;
    while (this.#draining !== undefined) await this.#draining;
  }

  async #write(marks: StaleMarks): Promise<void> {
    try {
      for (const earlier of this.#unwritten) await this.#options.index.markStale(earlier);
      this.#unwritten = [];
      await this.#options.index.markStale(marks);
    } catch (error) {
      this.#unwritten.push(marks);
      this.#logFailure(error);
    }
  }

  /** Waits for queued marks; false while some could not be written (then nothing stored is trusted). */
  async #settled(): Promise<boolean> {
    await this.#writing;
    if (this.#unwritten.length > 0) {
      this.#writing = this.#writing.then(() => this.#write({}));
      await this.#writing;
    }
    return this.#unwritten.length === 0;
  }

  async #check(entry: DirectoryEntry, generation: number): Promise<CredentialVerification> {
    const { engine, accreditationChains, clock, index } = this.#options;
    const epoch = this.#epoch;
    const [report, accreditation] = await Promise.all([
      engine.verifyCredential(entry.jwt, anchorOptionsOf(entry)),
      accreditationChains.chainOf(entry.issuer, entry.type, entry.jurisdiction),
    ]);
    const now = clock();
    const credential = report.credentials[0];
    const status = liveStatusOf(credential, now);
    if (status.state !== 'unavailable' && accreditation.state !== 'unavailable') {
      const record = verificationRecordOf(entry, credential, status, accreditation, now, this.#maxAgeMs);
      try {
        await index.putResults([{ record, generation, stale: this.#markedSince(epoch, record) }]);
      } catch (error) {
        this.#logFailure(error);
      }
    }
    return { status, accreditation };
  }

  /** Whether a mark made after `epoch` touches the record. */
  #markedSince(epoch: number, record: VerificationRecord): boolean {
    if (epoch === this.#epoch) return false;
    const first = this.#recent[0];
    if (first === undefined || first.epoch > epoch + 1) return true; // its marks were trimmed: assume touched
    return this.#recent.some((r) => r.epoch > epoch && marksTouch(r.marks, record));
  }

  #kick(): void {
    if (this.#stopped) return;
    if (this.#draining !== undefined) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain()
      .catch((error: unknown) => this.#logFailure(error))
      .finally(() => {
        this.#draining = undefined;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          this.#kick();
        }
      });
  }

  /** One pass over the stale verifications, in hash order. */
  async #drain(): Promise<void> {
    await this.#settled();
    const { index, entryByHash, logger } = this.#options;
    let after: string | undefined;
    let rechecked = 0;
    while (!this.#stopped) {
      const hashes = await index.staleHashes(200, after);
      if (hashes.length === 0) break;
      after = hashes[hashes.length - 1];
      const entries: DirectoryEntry[] = [];
      const gone: string[] = [];
      for (const hash of hashes) {
        const entry = entryByHash(hash);
        if (entry === undefined) gone.push(hash);
        else entries.push(entry);
      }
      if (gone.length > 0) await index.forgetResults(gone);
      const stored = await index.resultsOf(entries.map((e) => e.jwtHash));
      await mapLimited(entries, this.#concurrency, (entry) =>
        this.#check(entry, stored.get(entry.jwtHash)?.generation ?? 0),
      );
      rechecked += entries.length;
    }
    if (rechecked > 0) logger.info('directory verifications rechecked', { rechecked });
  }

  #logFailure(error: unknown): void {
    this.#options.logger.error('directory stored verifications unavailable', {
      errorCode: (error as { code?: unknown }).code,
    });
  }
}
