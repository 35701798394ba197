/**
 * Verification on every core: a piscina pool of worker threads, each a full `Verifier` (see
 * `verification-worker.ts`), behind the same {@link VerificationEngine} interface as the in-process verifier, with
 * admission control — when every worker is busy and the bounded queue is full, a request is refused at once with
 * `OVERLOADED` (HTTP 503 + `Retry-After`) instead of waiting and growing everyone's latency.
 *
 * Tasks cross to the workers in batches: a request finding a worker slot free goes at once (alone, at low load); while
 * every slot is busy, requests wait here and the next free slot takes up to `maxBatch` of them in one message. One
 * message per task costs about 70 µs of CPU across both threads (piscina, 2 workers: 14,000 tasks/s echoing a report);
 * one per 16 tasks, 9 µs each (111,000/s) — at the verifier's speed, the difference between the threads verifying and
 * the threads messaging.
 * @see https://github.com/piscinajs/piscina
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import {
  credentialJwtHash,
  ErrorCodes,
  MedtrustError,
  type AnchorProof,
  type VerificationReport,
  type VerifyOptions,
} from '@medtrust/core';
import type { VerifierConfig } from '../config.ts';
import type { VerificationEngine } from '../verification-engine.ts';
import type { VerificationOutcome, VerificationTask, VerificationWorkerData } from './verification-task.ts';

/** Options of {@link VerificationPool}. */
export interface VerificationPoolOptions {
  /** Worker threads; the number of cores by default. */
  workers?: number;
  /** Tasks allowed to wait for a worker; beyond it requests are refused (`OVERLOADED`). */
  maxQueue?: number;
  /** Batches one worker holds at once (one verifies while the other's results travel); 2 by default. */
  concurrentTasksPerWorker?: number;
  /** Most tasks sent to a worker in one message; 64 by default. */
  maxBatch?: number;
  /**
   * Anchor proofs this process already holds (the directory's), attached to a compact-JWT credential that comes
   * without one, so the worker need not ask the issuer.
   */
  knownAnchorProof?: (credentialHash: string) => AnchorProof | undefined;
}

/** The default queue bound for `workers` workers: about 50 ms of work at a few thousand verifications/s per core. */
export function defaultMaxQueue(workers: number): number {
  return 256 * workers;
}

/** A pool of verification worker threads. */
interface WaitingTask {
  task: VerificationTask;
  resolve(report: VerificationReport): void;
  reject(error: unknown): void;
}

export class VerificationPool implements VerificationEngine {
  readonly #pool: Piscina;
  readonly #knownAnchorProof: VerificationPoolOptions['knownAnchorProof'];
  readonly #slots: number;
  readonly #maxBatch: number;
  readonly #maxQueue: number;
  readonly #waiting: WaitingTask[] = [];
  #busySlots = 0;
  /** Worker threads. */
  readonly workers: number;

  /**
   * Starts the workers (each builds its verifier on its first task).
   * @param config - the service configuration (serialisable; the workers read the chain, store and anchoring from it).
   * @param options - sizes.
   */
  constructor(config: VerifierConfig, options: VerificationPoolOptions = {}) {
    this.workers = options.workers ?? availableParallelism();
    const workerData: VerificationWorkerData = { config };
    this.#pool = new Piscina({
      filename: new URL('./verification-worker-entry.mjs', import.meta.url).href,
      minThreads: this.workers,
      maxThreads: this.workers,
      concurrentTasksPerWorker: options.concurrentTasksPerWorker ?? 2,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      workerData,
    });
    // Never more batches than slots are handed to piscina, so its own queue stays empty and ours is the bound.
    this.#slots = this.workers * (options.concurrentTasksPerWorker ?? 2);
    this.#maxBatch = options.maxBatch ?? 64;
    this.#maxQueue = options.maxQueue ?? defaultMaxQueue(this.workers);
    this.#knownAnchorProof = options.knownAnchorProof;
  }

  /** {@inheritDoc VerificationEngine.verifyCredential} */
  verifyCredential(input: unknown, options?: VerifyOptions): Promise<VerificationReport> {
    return this.#run({ kind: 'credential', input, ...this.#withKnownProof(input, options) });
  }

  /** {@inheritDoc VerificationEngine.verifyPresentation} */
  verifyPresentation(input: unknown, options?: VerifyOptions): Promise<VerificationReport> {
    return this.#run({ kind: 'presentation', input, ...(options ? { options } : {}) });
  }

  /** {@inheritDoc VerificationEngine.verify} */
  verify(input: unknown, options?: VerifyOptions): Promise<VerificationReport> {
    return this.#run({ kind: 'auto', input, ...this.#withKnownProof(input, options) });
  }

  /**
   * Resolves once every worker has built its verifier and its registry mirror has read the registries' history (the
   * workers start that at once; a service need not wait, but a measurement should).
   * @throws MedtrustError with the code a worker met (e.g. `CHAIN_UNAVAILABLE`).
   */
  async ready(): Promise<void> {
    // Twice as many as workers, at once: piscina gives each worker its share.
    const outcomes = (await Promise.all(
      Array.from({ length: this.workers * 2 }, () => this.#pool.run([{ kind: 'ready', input: null }])),
    )) as VerificationOutcome[][];
    for (const [outcome] of outcomes) {
      if (outcome?.error !== undefined)
        throw new MedtrustError(outcome.error.code as never, outcome.error.message);
    }
  }

  /** Stops the workers (tasks still running are rejected). */
  async close(): Promise<void> {
    await this.#pool.destroy();
  }

  #withKnownProof(input: unknown, options?: VerifyOptions): { options?: VerifyOptions } {
    if (this.#knownAnchorProof === undefined || typeof input !== 'string' || options?.anchorProofs?.length) {
      return options ? { options } : {};
    }
    const parts = input.trim().split('.');
    if (parts.length !== 3) return options ? { options } : {};
    const proof = this.#knownAnchorProof(credentialJwtHash(input));
    return proof === undefined
      ? options
        ? { options }
        : {}
      : { options: { ...options, anchorProofs: [proof] } };
  }

  #run(task: VerificationTask): Promise<VerificationReport> {
    // Admission control: refuse now rather than queue beyond the bound.
    if (this.#waiting.length >= this.#maxQueue) {
      return Promise.reject(new MedtrustError(ErrorCodes.OVERLOADED, 'verification queue full'));
    }
    return new Promise<VerificationReport>((resolve, reject) => {
      this.#waiting.push({ task, resolve, reject });
      this.#dispatch();
    });
  }

  /** Hands waiting tasks to free worker slots, spread evenly, at most `maxBatch` per message. */
  #dispatch(): void {
    while (this.#busySlots < this.#slots && this.#waiting.length > 0) {
      const free = this.#slots - this.#busySlots;
      const size = Math.min(this.#maxBatch, Math.max(1, Math.ceil(this.#waiting.length / free)));
      const batch = this.#waiting.splice(0, size);
      this.#busySlots++;
      this.#pool
        .run(batch.map((waiting) => waiting.task))
        .then(
          (outcomes: VerificationOutcome[]) => {
            batch.forEach((waiting, i) => {
              const outcome = outcomes[i];
              if (outcome === undefined) waiting.reject(new MedtrustError(ErrorCodes.INTERNAL, 'no outcome'));
              else if (outcome.error !== undefined) {
                waiting.reject(new MedtrustError(outcome.error.code as never, outcome.error.message));
              } else if (outcome.report === undefined) {
                waiting.reject(new MedtrustError(ErrorCodes.INTERNAL, 'no report'));
              } else waiting.resolve(outcome.report);
            });
          },
          (error: unknown) => {
            for (const waiting of batch) waiting.reject(error);
          },
        )
        .finally(() => {
          this.#busySlots--;
          this.#dispatch();
        });
    }
  }
}
