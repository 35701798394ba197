/**
 * Leases on running batches: the issuer instance that runs a batch holds its lease (owner id + expiry) and renews
 * it; another instance may take a batch over only once the lease has expired. Every change is ONE conditional
 * UPDATE, so of two instances racing for the same batch exactly one wins, on SQLite and on PostgreSQL alike.
 */
import type { Database } from './database.ts';

/** The lease of one batch as stored. */
export interface BatchLease {
  /** Instance id of the holder, or null when nobody holds it. */
  owner: string | null;
  /** Expiry in ms since the epoch, or null. */
  expiresAt: number | null;
}

/**
 * Claims a running batch for `owner` when nobody holds it, its lease has expired, or `owner` already holds it.
 *
 * @param db - database or transaction.
 * @param batchId - the batch.
 * @param owner - this instance's id.
 * @param nowMs - the current time (ms since the epoch).
 * @param leaseMs - how long the lease holds from `nowMs`.
 * @returns true when `owner` now holds the lease (false: another live holder, or the batch is not running).
 * @throws StoreError on database failure.
 */
export async function claimBatchLease(
  db: Database,
  batchId: string,
  owner: string,
  nowMs: number,
  leaseMs: number,
): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE batches SET lease_owner = $2, lease_expires_at = $3
     WHERE id = $1 AND state = 'running'
       AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at IS NULL OR lease_expires_at <= $4)`,
    [batchId, owner, nowMs + leaseMs, nowMs],
  );
  return changes > 0;
}

/**
 * Extends the lease `owner` holds; fails when it was lost (expired and taken over by another instance).
 *
 * @param db - database or transaction.
 * @param batchId - the batch.
 * @param owner - this instance's id.
 * @param nowMs - the current time (ms since the epoch).
 * @param leaseMs - how long the lease holds from `nowMs`.
 * @returns true when still held (the caller must stop running the batch on false).
 * @throws StoreError on database failure.
 */
export async function renewBatchLease(
  db: Database,
  batchId: string,
  owner: string,
  nowMs: number,
  leaseMs: number,
): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE batches SET lease_expires_at = $3 WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
    [batchId, owner, nowMs + leaseMs],
  );
  return changes > 0;
}

/**
 * Gives a lease up (the batch finished, was cancelled, or this instance stops), so another may claim it at once.
 *
 * @param db - database or transaction.
 * @param batchId - the batch.
 * @param owner - this instance's id.
 * @returns true when `owner` held it.
 * @throws StoreError on database failure.
 */
export async function releaseBatchLease(db: Database, batchId: string, owner: string): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE batches SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2`,
    [batchId, owner],
  );
  return changes > 0;
}

/**
 * Reads a batch's lease.
 *
 * @param db - database or transaction.
 * @param batchId - the batch.
 * @returns the lease, or undefined for an unknown batch.
 * @throws StoreError on database failure.
 */
export async function getBatchLease(db: Database, batchId: string): Promise<BatchLease | undefined> {
  const rows = await db.query<{ owner: string | null; expiresAt: number | string | bigint | null }>(
    `SELECT lease_owner AS owner, lease_expires_at AS "expiresAt" FROM batches WHERE id = $1`,
    [batchId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return { owner: row.owner, expiresAt: row.expiresAt === null ? null : Number(row.expiresAt) };
}

/**
 * The running batches nobody holds a live lease on at `nowMs` — never claimed, released by an instance that stopped,
 * or expired because their instance died — oldest first: what an instance's takeover loop may claim and resume.
 *
 * @param db - database or transaction.
 * @param nowMs - the current time (ms since the epoch).
 * @returns their ids.
 * @throws StoreError on database failure.
 */
export async function listUnleasedRunningBatches(db: Database, nowMs: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM batches
     WHERE state = 'running' AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at <= $1)
     ORDER BY created_at, id`,
    [nowMs],
  );
  return rows.map((r) => r.id);
}
