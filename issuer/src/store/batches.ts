import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';
import { pageSize } from './pagination.ts';
import { StoreError } from './store-error.ts';

/** `running` until every item is done (`completed`) or it is stopped (`cancelled`). */
export type BatchState = 'running' | 'completed' | 'cancelled';

/** A batch issuance job (CSV / JSON lines), resumable item by item. */
export interface Batch {
  id: string;
  organisationId: string;
  credentialType: string;
  /** Number of items. */
  total: number;
  /** Items done, successfully or not. */
  processed: number;
  /** Items done with an error (included in `processed`). */
  failed: number;
  state: BatchState;
  createdAt: string;
  finishedAt: string | null;
}

/** One input row of a batch. */
export interface BatchItem {
  batchId: string;
  /** Row number in the input (unique in the batch). */
  row: number;
  /** The row as given (carries personal data: never log it). */
  payload: string;
  /** The credential issued for it, once done. */
  credentialId: string | null;
  /** Why it failed, once done with an error. */
  error: string | null;
}

/** Where a batch stands. */
export interface BatchProgress {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  remaining: number;
  state: BatchState;
}

/** What {@link createBatch} needs. */
export interface NewBatch {
  id?: string;
  organisationId: string;
  credentialType: string;
  /** The input rows; row numbers must be unique. */
  items: readonly { row: number; payload: string }[];
  createdAt?: string;
}

/** The outcome of one item. */
export type BatchItemOutcome = { credentialId: string } | { error: string };

const COLUMNS = `id, organisation_id AS "organisationId", credential_type AS "credentialType", total, processed,
  failed, state, created_at AS "createdAt", finished_at AS "finishedAt"`;
const ITEM_COLUMNS = `batch_id AS "batchId", row, payload, credential_id AS "credentialId", error`;
/** Rows per multi-row INSERT (3 parameters each). */
const ITEMS_PER_INSERT = 300;
const MAX_ERROR_LENGTH = 2000;

/**
 * Creates a `running` batch with all its items, in one transaction (nested in the caller's, if any); a batch
 * without items is `completed` at once.
 *
 * @param db - database or transaction.
 * @param input - organisation, credential type and rows.
 * @returns the batch.
 * @throws StoreError `STORE_CONFLICT` for a duplicate batch id or row number.
 */
export async function createBatch(db: Database, input: NewBatch): Promise<Batch> {
  const id = input.id ?? randomUUID();
  return db.transaction(async (tx) => {
    const createdAt = input.createdAt ?? new Date().toISOString();
    const empty = input.items.length === 0; // nothing to do: complete from the start
    const rows = await tx.query<Batch>(
      `INSERT INTO batches (id, organisation_id, credential_type, total, processed, failed, state, created_at,
         finished_at)
       VALUES ($1, $2, $3, $4, 0, 0, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        id,
        input.organisationId,
        input.credentialType,
        input.items.length,
        empty ? 'completed' : 'running',
        createdAt,
        empty ? createdAt : null,
      ],
    );
    for (let start = 0; start < input.items.length; start += ITEMS_PER_INSERT) {
      const chunk = input.items.slice(start, start + ITEMS_PER_INSERT);
      const params: unknown[] = [];
      const values = chunk.map((item) => {
        params.push(id, item.row, item.payload);
        const n = params.length;
        return `($${n - 2}, $${n - 1}, $${n})`;
      });
      await tx.execute(
        `INSERT INTO batch_items (batch_id, row, payload) VALUES ${values.join(', ')}`,
        params,
      );
    }
    return rows[0]!;
  });
}

/**
 * @param db - database or transaction.
 * @param id - batch id.
 * @param organisationId - when given, only a batch of that organisation is returned.
 * @returns the batch, or undefined.
 * @throws StoreError on database failure.
 */
export async function getBatch(
  db: Database,
  id: string,
  organisationId?: string,
): Promise<Batch | undefined> {
  const rows =
    organisationId === undefined
      ? await db.query<Batch>(`SELECT ${COLUMNS} FROM batches WHERE id = $1`, [id])
      : await db.query<Batch>(`SELECT ${COLUMNS} FROM batches WHERE id = $1 AND organisation_id = $2`, [
          id,
          organisationId,
        ]);
  return rows[0];
}

/**
 * @param db - database or transaction.
 * @param organisationId - owner.
 * @param options - page size (1…500, default 50).
 * @returns the organisation's batches, newest first.
 * @throws StoreError on database failure.
 */
export async function listBatches(
  db: Database,
  organisationId: string,
  options: { limit?: number } = {},
): Promise<Batch[]> {
  return db.query<Batch>(
    `SELECT ${COLUMNS} FROM batches WHERE organisation_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [organisationId, pageSize(options.limit)],
  );
}

/**
 * Lists the batches still `running`, e.g. to resume them after a restart.
 *
 * @param db - database or transaction.
 * @returns them, oldest first.
 * @throws StoreError on database failure.
 */
export async function listRunningBatches(db: Database): Promise<Batch[]> {
  return db.query<Batch>(`SELECT ${COLUMNS} FROM batches WHERE state = 'running' ORDER BY created_at, id`);
}

/**
 * The next items to process: not done yet, by row number. What survives a restart is exactly what was marked
 * done, so a resumed batch continues where it stopped.
 *
 * @param db - database or transaction.
 * @param batchId - batch id.
 * @param limit - at most this many (1…500, default 50).
 * @returns the items, by row.
 * @throws StoreError on database failure.
 */
export async function nextUnprocessedBatchItems(
  db: Database,
  batchId: string,
  limit?: number,
): Promise<BatchItem[]> {
  return db.query<BatchItem>(
    `SELECT ${ITEM_COLUMNS} FROM batch_items
     WHERE batch_id = $1 AND credential_id IS NULL AND error IS NULL ORDER BY row LIMIT $2`,
    [batchId, pageSize(limit)],
  );
}

/**
 * Marks one item done, with the credential issued for it or the error, updates the batch counters, and completes
 * the batch with its last item. Call it in the transaction that inserts the credential (with `batchId`/`batchRow`,
 * whose UNIQUE refuses a second credential for the row).
 *
 * @param db - database or transaction.
 * @param batchId - batch id.
 * @param row - item row.
 * @param outcome - `{ credentialId }` or `{ error }` (operator text, no payload values; truncated to 2,000 characters).
 * @param at - completion time if this was the last item; default now.
 * @returns whether the item was pending (false: unknown or already done — nothing changed).
 * @throws StoreError on database failure.
 */
export async function markBatchItemDone(
  db: Database,
  batchId: string,
  row: number,
  outcome: BatchItemOutcome,
  at: string = new Date().toISOString(),
): Promise<boolean> {
  const failed = 'error' in outcome;
  return db.transaction(async (tx) => {
    const { changes } = await tx.execute(
      `UPDATE batch_items SET credential_id = $3, error = $4
       WHERE batch_id = $1 AND row = $2 AND credential_id IS NULL AND error IS NULL`,
      [
        batchId,
        row,
        failed ? null : outcome.credentialId,
        failed ? outcome.error.slice(0, MAX_ERROR_LENGTH) : null,
      ],
    );
    if (changes === 0) return false;
    await tx.execute(`UPDATE batches SET processed = processed + 1, failed = failed + $2 WHERE id = $1`, [
      batchId,
      failed ? 1 : 0,
    ]);
    await tx.execute(
      `UPDATE batches SET state = 'completed', finished_at = $2 WHERE id = $1 AND state = 'running' AND processed = total`,
      [batchId, at],
    );
    return true;
  });
}

/**
 * Marks several items of one batch done at once — the batch form of {@link markBatchItemDone}: one UPDATE of the
 * items, one of the counters and one completion check, whatever the number of items. Call it in the transaction
 * that inserts their credentials.
 *
 * @param db - database or transaction.
 * @param batchId - batch id.
 * @param done - each item's row and outcome (`{ credentialId }` or `{ error }`, errors truncated to 2,000
 *   characters); rows must be distinct.
 * @param at - completion time if these were the last items; default now.
 * @throws StoreError `STORE_CONFLICT` (nothing changed is kept once the transaction rolls back) when an item is
 *   unknown or already done — another runner got there first; other StoreErrors on database failure.
 */
export async function markBatchItemsDone(
  db: Database,
  batchId: string,
  done: readonly { row: number; outcome: BatchItemOutcome }[],
  at: string = new Date().toISOString(),
): Promise<void> {
  if (done.length === 0) return;
  const params: unknown[] = [batchId];
  const values: string[] = [];
  let failed = 0;
  for (const { row, outcome } of done) {
    const error = 'error' in outcome ? outcome.error.slice(0, MAX_ERROR_LENGTH) : null;
    if (error !== null) failed++;
    const n = params.push(
      row,
      error === null ? (outcome as { credentialId: string }).credentialId : null,
      error,
    );
    values.push(`(CAST($${n - 2} AS INTEGER), CAST($${n - 1} AS TEXT), CAST($${n} AS TEXT))`);
  }
  // VALUES columns are column1, column2 … in both dialects
  const { changes } = await db.execute(
    `UPDATE batch_items SET credential_id = v.column2, error = v.column3
     FROM (VALUES ${values.join(', ')}) AS v
     WHERE batch_items.batch_id = $1 AND batch_items.row = v.column1
       AND batch_items.credential_id IS NULL AND batch_items.error IS NULL`,
    params,
  );
  if (changes !== done.length) {
    throw new StoreError('STORE_CONFLICT', 'a batch item was already done (another runner got there first)');
  }
  await db.execute(`UPDATE batches SET processed = processed + $2, failed = failed + $3 WHERE id = $1`, [
    batchId,
    done.length,
    failed,
  ]);
  await db.execute(
    `UPDATE batches SET state = 'completed', finished_at = $2 WHERE id = $1 AND state = 'running' AND processed = total`,
    [batchId, at],
  );
}

/**
 * Stops a running batch; its remaining items stay unprocessed.
 *
 * @param db - database or transaction.
 * @param batchId - batch id.
 * @param at - time; default now.
 * @returns whether a running batch was cancelled.
 * @throws StoreError on database failure.
 */
export async function cancelBatch(
  db: Database,
  batchId: string,
  at: string = new Date().toISOString(),
): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE batches SET state = 'cancelled', finished_at = $2 WHERE id = $1 AND state = 'running'`,
    [batchId, at],
  );
  return changes > 0;
}

/**
 * @param db - database or transaction.
 * @param batchId - batch id.
 * @returns counters and state, or undefined for an unknown batch.
 * @throws StoreError on database failure.
 */
export async function getBatchProgress(db: Database, batchId: string): Promise<BatchProgress | undefined> {
  const batch = await getBatch(db, batchId);
  if (batch === undefined) return undefined;
  return {
    total: batch.total,
    processed: batch.processed,
    succeeded: batch.processed - batch.failed,
    failed: batch.failed,
    remaining: batch.total - batch.processed,
    state: batch.state,
  };
}
