/**
 * The batches one issuer instance runs, each under this instance's lease, and the takeover loop that resumes the
 * batches of instances that died: several instances on one database share the batch work, and a batch never waits
 * for its crashed instance to come back.
 */
import type { Logger } from '@medtrust/core';
import {
  claimBatchLease,
  listRunningBatches,
  listUnleasedRunningBatches,
  type BatchProgress,
} from '../store/index.ts';
import type { IssuanceContext } from './issuance-context.ts';
import { runBatch, type RunBatchOptions } from './batch-issuance.ts';

/** Options of {@link BatchRunner}. */
export interface BatchRunnerOptions {
  /** The issuance context every run uses. */
  issuance: IssuanceContext;
  /** This instance's id: the owner of its leases (unique among the instances on the database). */
  instanceId: string;
  /** How long a lease holds without renewal (ms); runs renew every third of it. */
  leaseMs: number;
  /** How often the takeover loop looks for batches without a live lease (ms); default half the lease. */
  takeoverIntervalMs?: number;
  /** Further options of every {@link runBatch} (signing workers, chunk size). */
  runOptions?: () => Omit<RunBatchOptions, 'lease' | 'signal'>;
  /** Told after every run that ended normally (finished, or stopped because the lease was lost). */
  onRunEnded?: (batchId: string, progress: BatchProgress) => void;
  logger: Logger;
  /** Time source (ms since the epoch); `Date.now` by default. */
  now?: () => number;
}

/**
 * Runs batches under this instance's lease (see `runBatch`'s `lease` option) and takes over running batches whose
 * lease expired. A batch already running here is never started twice in this process; between processes the lease
 * (claimed by one conditional UPDATE, re-checked inside every chunk's transaction) keeps each chunk to one runner,
 * and a resumed run reads only the items not yet done, so nothing is issued twice.
 */
export class BatchRunner {
  readonly #options: BatchRunnerOptions;
  readonly #runs = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking: Promise<void> | undefined;
  #stopped = false;

  /** @param options - context, instance id, lease, logger. */
  constructor(options: BatchRunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** This instance's lease owner id. */
  get instanceId(): string {
    return this.#options.instanceId;
  }

  /**
   * Starts running a batch in the background under this instance's lease (nothing happens when it already runs
   * here, when another live instance holds its lease, or after {@link BatchRunner.stop}).
   * @param batchId - the batch.
   */
  start(batchId: string): void {
    if (this.#stopped || this.#runs.has(batchId)) return;
    const { issuance, instanceId, leaseMs, logger } = this.#options;
    const run = runBatch(issuance, batchId, {
      ...this.#options.runOptions?.(),
      lease: { owner: instanceId, leaseMs, now: this.#now },
      signal: this.#abort.signal,
    })
      .then((progress) => {
        if (!this.#abort.signal.aborted) this.#options.onRunEnded?.(batchId, progress);
      })
      .catch((error: unknown) =>
        logger.error('batch stopped', { batchId, errorCode: (error as { code?: string }).code }),
      )
      .finally(() => this.#runs.delete(batchId));
    this.#runs.set(batchId, run);
  }

  /**
   * Resumes the running batches this instance may run now (free, expired or its own lease) and starts the takeover
   * loop: every interval (an unref'd timer) it claims and resumes running batches without a live lease.
   * @throws StoreError when the first listing fails.
   */
  async resumeAndWatch(): Promise<void> {
    for (const batch of await listRunningBatches(this.#options.issuance.db)) this.start(batch.id);
    const interval = this.#options.takeoverIntervalMs ?? Math.max(100, Math.floor(this.#options.leaseMs / 2));
    this.#timer = setInterval(() => {
      if (this.#ticking !== undefined) return; // the previous pass is still claiming
      this.#ticking = this.takeOver().then(() => {
        this.#ticking = undefined;
      });
    }, interval);
    this.#timer.unref();
  }

  /**
   * One pass of the takeover loop: claims each running batch without a live lease that does not run here, and
   * resumes it. Errors are logged (the next pass tries again).
   * @returns the batches taken over.
   */
  async takeOver(): Promise<string[]> {
    const { issuance, instanceId, leaseMs, logger } = this.#options;
    const taken: string[] = [];
    try {
      for (const batchId of await listUnleasedRunningBatches(issuance.db, this.#now())) {
        if (this.#stopped) break;
        if (this.#runs.has(batchId)) continue;
        // claimed here so only the winner logs it; runBatch's own claim then succeeds as the holder's
        if (!(await claimBatchLease(issuance.db, batchId, instanceId, this.#now(), leaseMs))) continue;
        logger.info('batch taken over', { batchId, instanceId });
        taken.push(batchId);
        this.start(batchId);
      }
    } catch (error) {
      logger.error('batch takeover failed', { errorCode: (error as { code?: string }).code });
    }
    return taken;
  }

  /** Resolves when every batch started so far has settled. */
  async idle(): Promise<void> {
    while (this.#runs.size > 0) await Promise.allSettled([...this.#runs.values()]);
  }

  /**
   * Stops the takeover loop and the running batches after their running chunk; their leases are released, so
   * another instance resumes them at once (or this one after a restart).
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#abort.abort();
    await this.#ticking;
    await this.idle();
  }
}
