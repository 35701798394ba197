import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { isKnownCredentialType } from '@medtrust/schemas';
import {
  appendAuditEntry,
  claimBatchLease,
  createBatch,
  releaseBatchLease,
  renewBatchLease,
  getBatch,
  getBatchProgress,
  getOrganisation,
  appendAuditEntries,
  insertCredentials,
  isStoreError,
  markBatchItemsDone,
  MAX_PAGE_SIZE,
  recordCredentialReplacement,
  type Batch,
  type BatchItem,
  type BatchItemOutcome,
  type BatchProgress,
  type Database,
  type NewAuditEntry,
  type NewCredential,
} from '../store/index.ts';
import type { CredentialSigner } from '../keys/index.ts';
import {
  statusEntryFor,
  toWholeSecondsIso,
  type IssuerIdentityRef,
  type UnsignedCredential,
} from './credential-builder.ts';
import { DEFAULT_STATUS_LIST_CAPACITY, type IssuanceContext } from './issuance-context.ts';
import {
  CREDENTIAL_ISSUED_ACTION,
  signOutsideTransaction,
  validateCredentialRequest,
} from './issue-credential.ts';
import { SchemaInvalidError } from './schema-invalid-error.ts';
import { allocateStatusBlock } from './status-block-allocator.ts';
import { nextUnprocessedBatchItemsAfter } from './batch-item-cursor.ts';
import { SigningPool } from './signing-pool.ts';
import type { BatchRowInput } from './batch-input.ts';

export {
  parseBatch,
  MAX_BATCH_ITEMS,
  type BatchFormat,
  type BatchRowInput,
  type ParseBatchOptions,
} from './batch-input.ts';

/** Audit action recorded once, in the transaction that completes a batch. */
export const BATCH_COMPLETED_ACTION = 'batch.completed';
/** Items per chunk (per transaction) unless told otherwise. */
export const DEFAULT_CHUNK_SIZE = 500;
/** Times a chunk is retried when another runner of the same batch committed its rows first. */
const MAX_CHUNK_ATTEMPTS = 5;

/** What {@link createIssuanceBatch} needs. */
export interface NewIssuanceBatch {
  organisationId: string;
  /** The medtrust credential type every item is issued as. */
  credentialType: string;
  /** The items (from {@link parseBatch}); row numbers must be unique. */
  items: readonly BatchRowInput[];
  /** Batch id; a new UUID when omitted. */
  id?: string;
}

/**
 * Signs a chunk's credentials and returns their JWTs in order. {@link runBatch} signs in its own thread with the
 * organisation's fast signer unless one of these is given (e.g. a `worker_threads` pool, see `signing-pool.ts`).
 */
export interface BatchSigner {
  /**
   * @param credentials - complete unsigned credentials.
   * @returns their compact JWTs, same order.
   */
  signAll(credentials: readonly UnsignedCredential[]): Promise<string[]>;
}

/** Options of {@link runBatch}. */
export interface RunBatchOptions {
  /** Items per transaction, 1…500; default {@link DEFAULT_CHUNK_SIZE}. A crash loses at most one uncommitted chunk. */
  chunkSize?: number;
  /** Called after every committed chunk (and once at the start) with the batch's counters and state. */
  onProgress?: (progress: BatchProgress) => void;
  /** Audit actor of the credentials; default `system:batch`. */
  actor?: string;
  /**
   * Signs in this many `worker_threads` (a {@link SigningPool} started for the run and closed after it), each with
   * the signer `ctx.workerSignerFor` describes; until the pool is up (or if it cannot start) the calling thread signs
   * with `ctx.signerFor`. 0 (default): no pool.
   */
  signingWorkers?: number;
  /** Told when the `signingWorkers` pool cannot start (signing then stays in the calling thread). */
  onSigningPoolError?: (error: unknown) => void;
  /** Signs instead of the context's signer (e.g. a pool shared by several runs); the caller owns and closes it. */
  batchSigner?: BatchSigner;
  /** Stops after the running chunk when aborted (the batch stays `running`, resumable). */
  signal?: AbortSignal;
  /**
   * Runs under a lease (several issuer instances on one database): the run starts only if `owner` claims the
   * batch's lease (free, expired, or already its own), renews it every `leaseMs / 3` and inside every chunk's
   * transaction (a chunk whose lease was lost is rolled back and the run stops, so a batch taken over by another
   * instance is never issued twice), and releases it at the end.
   */
  lease?: BatchLeaseOptions;
}

/** The lease a {@link runBatch} runs under. */
export interface BatchLeaseOptions {
  /** This issuer instance's id (unique per process). */
  owner: string;
  /** How long a lease holds without renewal (ms). */
  leaseMs: number;
  /** Time source (ms since the epoch); `Date.now` by default. */
  now?: () => number;
}

/** Thrown inside a chunk's transaction when this instance no longer holds the batch's lease. */
class BatchLeaseLostError extends Error {}

/** One item of a chunk after validation. */
type PreparedItem =
  | { item: BatchItem; ok: true; type: string; credential: UnsignedCredential }
  | { item: BatchItem; ok: false; error: string };

function invalidArgument(message: string): MedtrustError {
  return new MedtrustError(ErrorCodes.INVALID_ARGUMENT, message);
}

/**
 * Stores a batch durably (`createBatch`: the batch and all its items in one transaction) so that it can be run, and
 * resumed after a restart, by {@link runBatch}. Each item's payload is `{ credentialSubject, expirationDate? }`.
 *
 * @param db - the issuer database.
 * @param input - organisation, credential type, items and optional id.
 * @returns the stored batch (`running`).
 * @throws MedtrustError `INVALID_ARGUMENT` for an unknown credential type, no items or a repeated row number;
 *   `NOT_FOUND` for an unknown organisation; StoreError on database failure.
 */
export async function createIssuanceBatch(db: Database, input: NewIssuanceBatch): Promise<Batch> {
  if (!isKnownCredentialType(input.credentialType)) {
    throw invalidArgument(`"${input.credentialType}" is not a known medtrust credential type`);
  }
  if (input.items.length === 0) throw invalidArgument('the batch has no items');
  const rows = new Set<number>();
  for (const item of input.items) {
    if (!Number.isSafeInteger(item.row) || rows.has(item.row)) {
      throw invalidArgument(`row ${item.row} is not a unique integer row number`);
    }
    rows.add(item.row);
  }
  if ((await getOrganisation(db, input.organisationId)) === undefined) {
    throw new MedtrustError(ErrorCodes.NOT_FOUND, 'unknown organisation');
  }
  return createBatch(db, {
    ...(input.id === undefined ? {} : { id: input.id }),
    organisationId: input.organisationId,
    credentialType: input.credentialType,
    items: input.items.map((item) => ({
      row: item.row,
      payload: JSON.stringify(
        item.expirationDate === undefined
          ? { credentialSubject: item.credentialSubject }
          : { credentialSubject: item.credentialSubject, expirationDate: item.expirationDate },
      ),
    })),
  });
}

/** Operator text for a failed item: the rule and where, never the value. */
function describeFailure(error: unknown): string {
  if (error instanceof SchemaInvalidError) {
    const first = error.errors[0];
    const rule = first === undefined ? '' : ` [${first.keyword}]`;
    return `${ErrorCodes.SCHEMA_INVALID} at ${error.pointer || '/'}: ${first?.message ?? 'is invalid'}${rule}`;
  }
  if (error instanceof MedtrustError) return `${error.code}: ${error.message}`;
  throw error;
}

function prepare(
  ctx: IssuanceContext,
  batch: Batch,
  issuer: IssuerIdentityRef,
  items: readonly BatchItem[],
  issuedAt: Date,
): PreparedItem[] {
  return items.map((item): PreparedItem => {
    let payload: { credentialSubject?: unknown; expirationDate?: unknown; type?: unknown };
    try {
      payload = JSON.parse(item.payload) as typeof payload;
    } catch {
      return { item, ok: false, error: `${ErrorCodes.INVALID_ARGUMENT}: the stored item is not valid JSON` };
    }
    const request: Record<string, unknown> = {
      // a re-issue batch (`reissue.ts`) names each item's own type
      type: typeof payload.type === 'string' ? payload.type : batch.credentialType,
      credentialSubject: payload.credentialSubject,
    };
    if (payload.expirationDate !== undefined) request.expirationDate = payload.expirationDate;
    try {
      const { type, credential } = validateCredentialRequest(ctx.validator, request, {
        issuer,
        chain: ctx.chain,
        issuedAt,
      });
      return { item, ok: true, type, credential };
    } catch (error) {
      return { item, ok: false, error: describeFailure(error) };
    }
  });
}

/**
 * Signs in the calling thread. Signing is CPU work behind promises that resolve at once, so without a pause the
 * whole batch would run as one task; yielding to the event loop once per call (one slice) keeps the process
 * responsive — other requests, and the messages of a signing pool that is starting.
 */
function inThreadSigner(signer: CredentialSigner): BatchSigner {
  const sign = signOutsideTransaction(signer);
  return {
    async signAll(credentials) {
      await setImmediatePromise();
      const jwts: string[] = [];
      for (const credential of credentials) jwts.push((await sign(credential)).jwt);
      return jwts;
    },
  };
}

/**
 * Runs (or resumes) a batch: takes its unprocessed items in chunks, and commits each chunk in ONE transaction that
 * reads the chunk's items, allocates their status indices as a block, signs the credentials, stores them with
 * their batch id and row, marks the items done (counters, completion) and appends an audit entry per credential
 * (`credential.issued`, detail `{ type, batchId }`) — plus `batch.completed` with the last chunk. A crash loses at
 * most the uncommitted chunk; running again redoes exactly that (what is marked done stays done, and
 * UNIQUE `(batch_id, batch_row)` refuses a second credential for a row). An item that violates the schema (or is
 * malformed) is marked failed with the JSON pointer and rule, never its values, and the batch goes on.
 *
 * @param ctx - issuance context (the organisation's identity and signer are looked up once).
 * @param batchId - the batch.
 * @param options - chunk size, progress callback, actor, an alternative signer (worker pool), abort signal.
 * @returns the batch's final counters and state (`completed`; `running` if aborted; as found if not running).
 * @throws MedtrustError `NOT_FOUND` for an unknown batch, `INVALID_ARGUMENT` for a bad chunk size; KeyError from
 *   the signer (e.g. `KEY_RETIRED`) and StoreError on database failure — the running chunk is rolled back and the
 *   batch stays `running`, resumable.
 */
export async function runBatch(
  ctx: IssuanceContext,
  batchId: string,
  options: RunBatchOptions = {},
): Promise<BatchProgress> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_PAGE_SIZE) {
    throw invalidArgument(`chunkSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const batch = await getBatch(ctx.db, batchId);
  if (batch === undefined) throw new MedtrustError(ErrorCodes.NOT_FOUND, 'unknown batch');
  const progress = async (): Promise<BatchProgress> => (await getBatchProgress(ctx.db, batchId))!;
  if (batch.state !== 'running') return progress();

  const lease = options.lease;
  const now = lease?.now ?? Date.now;
  if (lease !== undefined && !(await claimBatchLease(ctx.db, batchId, lease.owner, now(), lease.leaseMs))) {
    return progress(); // another live instance runs it
  }
  let renewal: ReturnType<typeof setInterval> | undefined;
  let leaseLost = false;
  if (lease !== undefined) {
    renewal = setInterval(
      () => {
        renewBatchLease(ctx.db, batchId, lease.owner, now(), lease.leaseMs).then(
          (held) => {
            if (!held) leaseLost = true;
          },
          () => undefined, // a failed renewal is retried at the next tick and checked in every chunk
        );
      },
      Math.max(1, Math.floor(lease.leaseMs / 3)),
    );
    renewal.unref();
  }
  try {
    return await runLeasedBatch(ctx, batch, options, progress, () => leaseLost);
  } finally {
    if (renewal !== undefined) clearInterval(renewal);
    if (lease !== undefined && !leaseLost) {
      await releaseBatchLease(ctx.db, batchId, lease.owner).catch(() => undefined);
    }
  }
}

async function runLeasedBatch(
  ctx: IssuanceContext,
  batch: Batch,
  options: RunBatchOptions,
  progress: () => Promise<BatchProgress>,
  leaseLost: () => boolean,
): Promise<BatchProgress> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const lease = options.lease;
  const now = lease?.now ?? Date.now;
  const { organisationId } = batch;
  const issuer = await ctx.organisationFor(organisationId);
  const workers = options.signingWorkers ?? 0;
  if (!Number.isSafeInteger(workers) || workers < 0) {
    throw invalidArgument('signingWorkers must be a non-negative integer');
  }
  let closeSigner = async (): Promise<void> => undefined;
  let signer: BatchSigner;
  if (options.batchSigner !== undefined) {
    signer = options.batchSigner;
  } else {
    signer = inThreadSigner(await ctx.signerFor(organisationId));
    if (workers > 0) {
      if (ctx.workerSignerFor === undefined) {
        throw invalidArgument('signingWorkers needs a context with workerSignerFor');
      }
      const spec = await ctx.workerSignerFor(organisationId);
      const starting = SigningPool.start({ ...spec, size: workers });
      ({ signer, close: closeSigner } = poolWhenReady(signer, starting, options.onSigningPoolError));
    }
  }
  try {
    const run: ChunkRun = {
      ctx,
      batch,
      issuer,
      signer,
      actor: options.actor ?? 'system:batch',
      chunkSize,
      initialCapacity: ctx.statusListCapacity ?? DEFAULT_STATUS_LIST_CAPACITY,
      afterRow: undefined,
    };
    options.onProgress?.(await progress());
    for (;;) {
      if (options.signal?.aborted || leaseLost()) break;
      let outcome: ChunkOutcome;
      try {
        outcome = await runChunkWithRetry(() =>
          ctx.db.transaction(async (tx) => {
            // the fence: this row update serialises with a takeover's claim, so only the holder commits a chunk
            if (
              lease !== undefined &&
              !(await renewBatchLease(tx, batch.id, lease.owner, now(), lease.leaseMs))
            ) {
              throw new BatchLeaseLostError('lease lost');
            }
            return runChunk(tx, run);
          }),
        );
      } catch (error) {
        if (error instanceof BatchLeaseLostError) break;
        throw error;
      }
      const { done, lastRow } = outcome;
      run.afterRow = lastRow ?? run.afterRow;
      options.onProgress?.(await progress());
      if (done) break;
    }
  } finally {
    await closeSigner();
  }
  return progress();
}

/**
 * Signs in the calling thread until the pool has started (its threads take a few seconds to load), then in the pool.
 * If the pool cannot start, signing simply stays in the calling thread.
 *
 * @param inThread - the calling thread's signer.
 * @param starting - the pool being started.
 * @param onError - told when it cannot start.
 * @returns the signer to use and a `close` that stops the pool once it is up.
 */
function poolWhenReady(
  inThread: BatchSigner,
  starting: Promise<SigningPool>,
  onError: ((error: unknown) => void) | undefined,
): { signer: BatchSigner; close: () => Promise<void> } {
  let pool: SigningPool | undefined;
  const settled = starting.then(
    (started) => {
      pool = started;
    },
    (error: unknown) => onError?.(error), // no pool: keep signing here
  );
  return {
    signer: { signAll: (credentials) => (pool ?? inThread).signAll(credentials) },
    close: async () => {
      await settled;
      await pool?.close();
    },
  };
}

/** What every chunk of one run shares. */
interface ChunkRun {
  ctx: IssuanceContext;
  batch: Batch;
  issuer: IssuerIdentityRef;
  signer: BatchSigner;
  actor: string;
  chunkSize: number;
  initialCapacity: number;
  /** Last row of the last committed chunk (items are read after it). */
  afterRow: number | undefined;
}

/** Credentials handed to the signer at once: results of the first slices are stored while later ones are signed. */
const SIGN_SLICE = 16;

/**
 * One chunk, inside its transaction: read the next items, validate, allocate the slots as a block, sign (in slices,
 * storing each slice's credentials while the next ones are being signed), mark the items done and audit.
 *
 * @returns whether the batch is finished (no items left, or this chunk completed it), and the chunk's last row.
 */
async function runChunk(tx: Database, run: ChunkRun): Promise<ChunkOutcome> {
  const { ctx, batch, issuer, actor } = run;
  const { organisationId, id: batchId } = batch;
  const items = await nextUnprocessedBatchItemsAfter(tx, batchId, run.afterRow, run.chunkSize);
  if (items.length === 0) return { done: true, lastRow: undefined };
  const lastRow = items[items.length - 1]!.row;
  const issuedAt = ctx.clock();
  const at = issuedAt.toISOString();
  const prepared = prepare(ctx, batch, issuer, items, issuedAt);
  const valid: Extract<PreparedItem, { ok: true }>[] = [];
  const done: { row: number; outcome: BatchItemOutcome }[] = [];
  for (const p of prepared) {
    if (p.ok) valid.push(p);
    else done.push({ row: p.item.row, outcome: { error: p.error } });
  }
  const slots = await allocateStatusBlock(tx, organisationId, valid.length, {
    initialCapacity: run.initialCapacity,
  });
  const complete = valid.map((p, i) => ({
    ...p.credential,
    credentialStatus: statusEntryFor(ctx.chain, issuer.address, slots[i]!),
  }));
  const signing: Promise<string[]>[] = [];
  for (let start = 0; start < complete.length; start += SIGN_SLICE) {
    const slice = run.signer.signAll(complete.slice(start, start + SIGN_SLICE));
    slice.catch(() => undefined); // awaited below; a failure of a later slice must not go unhandled meanwhile
    signing.push(slice);
  }
  // each slice is stored with one INSERT of credentials (+ one of their anchoring queue rows) and one of audit
  // entries while the next slices are being signed; the items are marked done with one UPDATE for the chunk
  for (const [s, slice] of signing.entries()) {
    const jwts = await slice;
    const first = s * SIGN_SLICE;
    if (jwts.length !== Math.min(SIGN_SLICE, complete.length - first)) {
      throw new Error('the signer returned a wrong number of JWTs'); // rolls the chunk back
    }
    const credentials: NewCredential[] = [];
    const audit: NewAuditEntry[] = [];
    for (const [j, jwt] of jwts.entries()) {
      const credential = complete[first + j]!;
      const { item, type } = valid[first + j]!;
      const slot = slots[first + j]!;
      const subjectId = credential.credentialSubject.id;
      credentials.push({
        id: credential.id,
        organisationId,
        type,
        subjectId: typeof subjectId === 'string' ? subjectId : null,
        issuedAt: credential.issuanceDate,
        expiresAt:
          credential.expirationDate === undefined ? null : toWholeSecondsIso(credential.expirationDate),
        jwt,
        listId: slot.listId,
        listIndex: slot.index,
        batchId,
        batchRow: item.row,
      });
      const replaces = replacedCredentialOf(item);
      audit.push({
        at,
        organisationId,
        actor,
        action: CREDENTIAL_ISSUED_ACTION,
        target: credential.id,
        detail: replaces === undefined ? { type, batchId } : { type, batchId, replaces },
      });
      done.push({ row: item.row, outcome: { credentialId: credential.id } });
    }
    await insertCredentials(tx, credentials);
    for (const [j, credential] of credentials.entries()) {
      const replaces = replacedCredentialOf(valid[first + j]!.item);
      if (replaces !== undefined) {
        await recordCredentialReplacement(tx, {
          organisationId,
          credentialId: credential.id,
          replacesId: replaces,
        });
      }
    }
    await appendAuditEntries(tx, audit);
  }
  await markBatchItemsDone(tx, batchId, done, at);
  const after = await getBatch(tx, batchId);
  if (after?.state !== 'completed') return { done: false, lastRow };
  await appendAuditEntry(tx, {
    at,
    organisationId,
    actor,
    action: BATCH_COMPLETED_ACTION,
    target: batchId,
    detail: { total: after.total, failed: after.failed },
  });
  return { done: true, lastRow };
}

/** The credential a re-issue item replaces (`replaces` of its payload, see `reissue.ts`), if any. */
function replacedCredentialOf(item: BatchItem): string | undefined {
  try {
    const { replaces } = JSON.parse(item.payload) as { replaces?: unknown };
    return typeof replaces === 'string' ? replaces : undefined;
  } catch {
    return undefined;
  }
}

/** What a committed chunk tells the run. */
interface ChunkOutcome {
  /** The batch is finished. */
  done: boolean;
  /** The chunk's last row; undefined when it found no items. */
  lastRow: number | undefined;
}

/** Retries a chunk whose rows another runner of the same batch committed first (UNIQUE (batch_id, batch_row)). */
async function runChunkWithRetry(chunk: () => Promise<ChunkOutcome>): Promise<ChunkOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await chunk();
    } catch (error) {
      if (attempt >= MAX_CHUNK_ATTEMPTS || !isStoreError(error, 'STORE_CONFLICT')) throw error;
    }
  }
}
