/**
 * Verification on every core: a piscina pool of worker threads, each a full `Verifier` (see
 * `verification-worker.ts`), behind the same {@link VerificationEngine} interface as the in-process verifier, with
 * admission control — when every worker is busy and the bounded queue is full, a request is refused at once with
 * `OVERLOADED` (HTTP 503 + `Retry-After`) instead of waiting and growing everyone's latency.
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
  /** Tasks one worker runs at once (verification awaits chain reads only when cold); 16 by default. */
  concurrentTasksPerWorker?: number;
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
export class VerificationPool implements VerificationEngine {
  readonly #pool: Piscina;
  readonly #knownAnchorProof: VerificationPoolOptions['knownAnchorProof'];
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
      concurrentTasksPerWorker: options.concurrentTasksPerWorker ?? 16,
      maxQueue: options.maxQueue ?? defaultMaxQueue(this.workers),
      idleTimeout: Number.MAX_SAFE_INTEGER,
      workerData,
    });
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

  async #run(task: VerificationTask): Promise<VerificationReport> {
    // Admission control: refuse now rather than queue beyond the bound.
    if (this.#pool.queueSize >= this.#pool.options.maxQueue) {
      throw new MedtrustError(ErrorCodes.OVERLOADED, 'verification queue full');
    }
    let outcome: VerificationOutcome;
    try {
      outcome = (await this.#pool.run(task)) as VerificationOutcome;
    } catch (error) {
      if (error instanceof Error && /queue is at limit/i.test(error.message)) {
        throw new MedtrustError(ErrorCodes.OVERLOADED, 'verification queue full');
      }
      throw error;
    }
    if (outcome.error !== undefined)
      throw new MedtrustError(outcome.error.code as never, outcome.error.message);
    return outcome.report;
  }
}
