import { Worker } from 'node:worker_threads';
import { ErrorCodes, MedtrustError, type ChainConfig, type ErrorCode } from '@medtrust/core';
import type { IssuerKeyRecords } from '../keys/index.ts';
import type { UnsignedCredential } from './credential-builder.ts';

/**
 * What a signing thread needs to build the organisation's fast signer. The key records stay in this thread: the
 * workers read them through messages (they never open the database), so a sealed private key is unsealed only inside
 * the worker's signer, exactly as in this thread, and a key rotation recorded in the database stops the workers'
 * signers too (they re-read their key record periodically).
 */
export interface WorkerSignerSpec {
  /** The issuer agent's records (e.g. `sqlIssuerKeyRecords(db)`); read by the workers, never written. */
  records: IssuerKeyRecords;
  /** The key sealing secret (`KMS_SECRET_KEY`), hex; handed to the worker threads in memory. */
  sealingSecret: string;
  /** The chain of the organisations' DIDs. */
  chain: ChainConfig;
  /** The organisation's DID. */
  did: string;
  /** A specific key; the DID's active signing key when omitted. */
  kid?: string;
}

/** Options of {@link SigningPool.start}. */
export interface SigningPoolOptions extends WorkerSignerSpec {
  /** Worker threads, 1…64. */
  size: number;
  /** Credentials per message to a worker (default 16): small enough to spread a chunk, large enough to amortise. */
  sliceSize?: number;
}

/** What a worker thread starts with (`workerData`). */
export interface SigningWorkerData {
  /** Marks a thread started by {@link SigningPool} (the worker module does nothing in any other thread). */
  medtrustSigningWorker: true;
  sealingSecret: string;
  chain: ChainConfig;
  did: string;
  kid?: string;
}

/** Collections a worker may read. */
export type KeyRecordCollectionName = keyof IssuerKeyRecords;

/** Messages from a worker. */
export type SigningWorkerReply =
  | { type: 'ready' }
  | { type: 'signed'; id: number; jwts: string[] }
  | { type: 'failed'; id: number | null; error: SerializedError }
  | {
      type: 'record';
      requestId: number;
      collection: KeyRecordCollectionName;
      op: 'get' | 'list';
      recordId?: string;
    };

/** Messages to a worker. */
export type SigningWorkerRequest =
  | { type: 'sign'; id: number; credentials: UnsignedCredential[] }
  | { type: 'record-result'; requestId: number; value?: unknown; error?: SerializedError }
  | { type: 'close' };

/** An error as it crosses a thread boundary (name, code, message only: no stack, no cause). */
export interface SerializedError {
  name: string;
  code?: string;
  message: string;
}

const KEY_RECORD_COLLECTIONS: readonly KeyRecordCollectionName[] = [
  'privateKeys',
  'keys',
  'dids',
  'signingKeys',
];

/**
 * @param error - anything thrown.
 * @returns its name, code and message, to post to another thread.
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * Turns an error that crossed a thread boundary back into a `MedtrustError` with its code (KeyError and StoreError
 * codes are MedtrustError codes), or a plain Error.
 *
 * @param error - the serialised error.
 * @returns an Error to throw.
 */
export function deserializeError(error: SerializedError): Error {
  if (error.code !== undefined && (Object.values(ErrorCodes) as string[]).includes(error.code)) {
    const restored = new MedtrustError(error.code as ErrorCode, error.message);
    restored.name = error.name;
    return restored;
  }
  const restored = new Error(error.message);
  restored.name = error.name;
  return restored;
}

interface Job {
  id: number;
  credentials: UnsignedCredential[];
  resolve: (jwts: string[]) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  inFlight: Map<number, Job>;
  /** Settles when the thread has exited. */
  exited: Promise<void>;
}

/** Jobs a worker holds at once, so it never waits for the next message. */
const IN_FLIGHT_PER_WORKER = 2;
const DEFAULT_SLICE_SIZE = 16;
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Starts one worker thread running `signing-worker`. Worker threads do not inherit the TypeScript loader the service
 * runs under (tsx), so when this module is TypeScript the thread first registers tsx, then imports the worker.
 */
function startWorkerThread(workerData: SigningWorkerData): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(typescript ? './signing-worker.ts' : './signing-worker.js', import.meta.url);
  if (!typescript) return new Worker(entry, { workerData });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * A pool of `worker_threads`, each holding the organisation's fast signer, that signs credentials in parallel: the
 * way to use more than one core for ES256K signing (the CPU-heavy step of issuance). Credentials are split into
 * slices that go to whichever worker is least busy; results come back in input order. Any signing failure (e.g.
 * `KEY_RETIRED` after a rotation) rejects the call; a worker that dies breaks the pool (every later call rejects).
 */
export class SigningPool {
  readonly #workers: PoolWorker[];
  readonly #records: IssuerKeyRecords;
  readonly #queue: Job[] = [];
  readonly #sliceSize: number;
  #nextId = 1;
  #broken: Error | undefined;
  #closed = false;

  private constructor(workers: PoolWorker[], records: IssuerKeyRecords, sliceSize: number) {
    this.#workers = workers;
    this.#records = records;
    this.#sliceSize = sliceSize;
  }

  /**
   * Starts the workers and waits until each has built its signer (loading the modules takes a few seconds).
   *
   * @param options - size, key records, sealing secret, chain, DID, optional kid and slice size.
   * @returns the ready pool; close it with {@link SigningPool.close}.
   * @throws MedtrustError `INVALID_ARGUMENT` for a bad size or slice size; the signer's error when a worker cannot
   *   build it (KeyError `KEY_NOT_FOUND`, `KEY_RETIRED`, `KEY_UNSEAL_FAILED`) — the started workers are stopped.
   */
  static async start(options: SigningPoolOptions): Promise<SigningPool> {
    if (!Number.isSafeInteger(options.size) || options.size < 1 || options.size > 64) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'a signing pool has 1 to 64 workers');
    }
    const sliceSize = options.sliceSize ?? DEFAULT_SLICE_SIZE;
    if (!Number.isSafeInteger(sliceSize) || sliceSize < 1) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'sliceSize must be a positive integer');
    }
    const workerData: SigningWorkerData = {
      medtrustSigningWorker: true,
      sealingSecret: options.sealingSecret,
      chain: options.chain,
      did: options.did,
      ...(options.kid === undefined ? {} : { kid: options.kid }),
    };
    const workers: PoolWorker[] = [];
    for (let i = 0; i < options.size; i++) {
      const worker = startWorkerThread(workerData);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      workers.push({ worker, inFlight: new Map(), exited });
    }
    const pool = new SigningPool(workers, options.records, sliceSize);
    const ready = workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.worker.on('message', (reply: SigningWorkerReply) => {
            if (reply.type === 'ready') resolve();
            else if (reply.type === 'failed' && reply.id === null) reject(deserializeError(reply.error));
            pool.#onReply(w, reply);
          });
          w.worker.on('error', (error) => {
            reject(error);
            pool.#breakPool(w, error);
          });
          w.worker.on('exit', (code) => {
            const error = new Error(`signing worker exited (code ${code})`);
            reject(error);
            pool.#breakPool(w, error);
          });
        }),
    );
    const started = await Promise.allSettled(ready);
    const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) {
      pool.#closed = true;
      await Promise.all(workers.map((w) => w.worker.terminate()));
      throw failure.reason;
    }
    return pool;
  }

  /** Number of worker threads. */
  get size(): number {
    return this.#workers.length;
  }

  /**
   * Signs credentials in the workers.
   *
   * @param credentials - complete unsigned credentials.
   * @returns their compact JWTs, same order.
   * @throws the first signing error (as a MedtrustError with its code), or an Error when the pool is broken or
   *   closed.
   */
  async signAll(credentials: readonly UnsignedCredential[]): Promise<string[]> {
    const slices: Promise<string[]>[] = [];
    for (let start = 0; start < credentials.length; start += this.#sliceSize) {
      slices.push(this.#submit(credentials.slice(start, start + this.#sliceSize)));
    }
    const settled = await Promise.allSettled(slices);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return settled.flatMap((r) => (r as PromiseFulfilledResult<string[]>).value);
  }

  /** Asks the workers to close and exit (terminates them after 5 s); pending calls reject. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(new Error('the signing pool is closed'));
    await Promise.all(
      this.#workers.map(async ({ worker, exited }) => {
        worker.postMessage({ type: 'close' } satisfies SigningWorkerRequest);
        const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  #submit(credentials: UnsignedCredential[]): Promise<string[]> {
    if (this.#closed) return Promise.reject(new Error('the signing pool is closed'));
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    return new Promise<string[]>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, credentials, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let target: PoolWorker | undefined;
      for (const w of this.#workers) {
        if (w.inFlight.size >= IN_FLIGHT_PER_WORKER) continue;
        if (target === undefined || w.inFlight.size < target.inFlight.size) target = w;
      }
      if (target === undefined) return;
      const job = this.#queue.shift()!;
      target.inFlight.set(job.id, job);
      const request: SigningWorkerRequest = { type: 'sign', id: job.id, credentials: job.credentials };
      target.worker.postMessage(request);
    }
  }

  #onReply(w: PoolWorker, reply: SigningWorkerReply): void {
    switch (reply.type) {
      case 'ready':
        return;
      case 'record':
        void this.#serveRecord(w, reply);
        return;
      case 'failed':
        if (reply.id === null) {
          this.#breakPool(w, deserializeError(reply.error));
          return;
        }
        this.#settle(w, reply.id, (job) => job.reject(deserializeError(reply.error)));
        return;
      case 'signed':
        this.#settle(w, reply.id, (job) => job.resolve(reply.jwts));
        return;
    }
  }

  #settle(w: PoolWorker, id: number, settle: (job: Job) => void): void {
    const job = w.inFlight.get(id);
    if (job === undefined) return;
    w.inFlight.delete(id);
    settle(job);
    this.#dispatch();
  }

  /** Answers a worker's read of a key record (read-only: workers only sign). */
  async #serveRecord(w: PoolWorker, request: Extract<SigningWorkerReply, { type: 'record' }>): Promise<void> {
    let answer: SigningWorkerRequest;
    try {
      if (!KEY_RECORD_COLLECTIONS.includes(request.collection))
        throw new Error('unknown key record collection');
      const store = this.#records[request.collection];
      const value =
        request.op === 'list' ? await store.list() : await store.get(String(request.recordId ?? ''));
      answer = { type: 'record-result', requestId: request.requestId, value };
    } catch (error) {
      answer = { type: 'record-result', requestId: request.requestId, error: serializeError(error) };
    }
    try {
      w.worker.postMessage(answer);
    } catch {
      // the worker is gone
    }
  }

  #breakPool(w: PoolWorker, error: Error): void {
    if (this.#closed) return;
    this.#broken ??= error;
    for (const job of w.inFlight.values()) job.reject(error);
    w.inFlight.clear();
    this.#failAll(error);
  }

  #failAll(error: Error): void {
    for (const job of this.#queue.splice(0)) job.reject(error);
    for (const w of this.#workers) {
      for (const job of w.inFlight.values()) job.reject(error);
      w.inFlight.clear();
    }
  }
}
