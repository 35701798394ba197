import { MAX_PAGE_SIZE, type BatchItem, type Database } from '../store/index.ts';

/**
 * The next unprocessed items of a batch after a given row, by row: the store's `nextUnprocessedBatchItems` with a
 * keyset position. The store's query scans the batch's items from its first row on every call, skipping the done
 * ones, which makes a long batch quadratic (at 90,000 done items of 100,000 it costs ~40 ms per chunk on SQLite);
 * starting after the previous chunk's last row keeps each read proportional to the chunk. Runners process items in
 * row order and every item they read is marked done in the same transaction, so no unprocessed item lies before
 * that row once the chunk committed.
 *
 * @param db - the chunk's transaction.
 * @param batchId - the batch.
 * @param afterRow - the last row of the previous chunk, or undefined to start at the first row.
 * @param limit - at most this many items (clamped to 1…500).
 * @returns the items, by row.
 * @throws StoreError on database failure.
 */
export async function nextUnprocessedBatchItemsAfter(
  db: Database,
  batchId: string,
  afterRow: number | undefined,
  limit: number,
): Promise<BatchItem[]> {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
  const columns = `batch_id AS "batchId", row, payload, credential_id AS "credentialId", error`;
  if (afterRow === undefined) {
    return db.query<BatchItem>(
      `SELECT ${columns} FROM batch_items
       WHERE batch_id = $1 AND credential_id IS NULL AND error IS NULL ORDER BY row LIMIT $2`,
      [batchId, size],
    );
  }
  return db.query<BatchItem>(
    `SELECT ${columns} FROM batch_items
     WHERE batch_id = $1 AND row > $2 AND credential_id IS NULL AND error IS NULL ORDER BY row LIMIT $3`,
    [batchId, afterRow, size],
  );
}
