import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';
import { pageSize } from './pagination.ts';

/** What a status change does on-chain. */
export type StatusAction = 'revoke' | 'suspend' | 'reinstate';
/** `pending` (queued, or failed and waiting for a retry) → `sent` (tx hash known) → `confirmed` (mined). */
export type StatusChangeState = 'pending' | 'sent' | 'confirmed';

/** One queued status change: the durable queue of the status publisher. */
export interface StatusChange {
  /** Queue order (insertion order); claims return rows by it. */
  seq: number;
  id: string;
  organisationId: string;
  credentialId: string;
  listId: number;
  listIndex: number;
  action: StatusAction;
  reason: string | null;
  requestedAt: string;
  state: StatusChangeState;
  txHash: string | null;
  blockNumber: number | null;
  attempts: number;
  lastError: string | null;
}

/** What {@link enqueueStatusChange} needs. */
export interface NewStatusChange {
  id?: string;
  organisationId: string;
  credentialId: string;
  listId: number;
  listIndex: number;
  action: StatusAction;
  /** Short reason code (not free text about the patient). */
  reason?: string | null;
  requestedAt?: string;
}

const COLUMNS = `seq, id, organisation_id AS "organisationId", credential_id AS "credentialId", list_id AS "listId",
  list_index AS "listIndex", action, reason, requested_at AS "requestedAt", state, tx_hash AS "txHash",
  block_number AS "blockNumber", attempts, last_error AS "lastError"`;

/** Longest `last_error` kept. */
const MAX_ERROR_LENGTH = 2000;
/** Ids per `IN (…)` list, well below both drivers' parameter limits. */
const IDS_PER_STATEMENT = 500;

/**
 * Queues a status change as `pending`. Call it in the transaction that updates the credential (after
 * {@link setCredentialRevoked} / {@link setCredentialSuspended}), so the change is durable before the answer.
 *
 * @param db - the transaction.
 * @param input - the change.
 * @returns the queued row.
 * @throws StoreError on database failure (`STORE_ERROR` for an unknown credential).
 */
export async function enqueueStatusChange(db: Database, input: NewStatusChange): Promise<StatusChange> {
  const rows = await db.query<StatusChange>(
    `INSERT INTO status_changes (id, organisation_id, credential_id, list_id, list_index, action, reason,
       requested_at, state, attempts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0) RETURNING ${COLUMNS}`,
    [
      input.id ?? randomUUID(),
      input.organisationId,
      input.credentialId,
      input.listId,
      input.listIndex,
      input.action,
      input.reason ?? null,
      input.requestedAt ?? new Date().toISOString(),
    ],
  );
  return rows[0]!;
}

/**
 * Takes the oldest pending changes, in queue order, for the publisher to send. Rows stay `pending` until
 * {@link markStatusChangesSent}, so a crash loses nothing; one publisher per database is assumed.
 *
 * @param db - database or transaction.
 * @param limit - at most this many (1…500).
 * @param organisationId - only this organisation's changes, if given.
 * @returns the changes, oldest first.
 * @throws StoreError on database failure.
 */
export async function claimPendingStatusChanges(
  db: Database,
  limit: number,
  organisationId?: string,
): Promise<StatusChange[]> {
  return listStatusChanges(db, { state: 'pending', limit, organisationId });
}

/**
 * Lists changes in one state, in queue order (e.g. `sent` ones whose receipt to check after a restart).
 *
 * @param db - database or transaction.
 * @param filter - state, optional organisation, page size (1…500, default 50).
 * @returns the changes, oldest first.
 * @throws StoreError on database failure.
 */
export async function listStatusChanges(
  db: Database,
  filter: { state: StatusChangeState; organisationId?: string | undefined; limit?: number },
): Promise<StatusChange[]> {
  const params: unknown[] = [filter.state];
  let where = 'state = $1';
  if (filter.organisationId !== undefined) {
    params.push(filter.organisationId);
    where += ` AND organisation_id = $2`;
  }
  params.push(pageSize(filter.limit));
  return db.query<StatusChange>(
    `SELECT ${COLUMNS} FROM status_changes WHERE ${where} ORDER BY seq LIMIT $${params.length}`,
    params,
  );
}

/**
 * @param db - database or transaction.
 * @param id - change id.
 * @returns the change, or undefined.
 * @throws StoreError on database failure.
 */
export async function getStatusChange(db: Database, id: string): Promise<StatusChange | undefined> {
  return (await db.query<StatusChange>(`SELECT ${COLUMNS} FROM status_changes WHERE id = $1`, [id]))[0];
}

/**
 * Records the transaction that carries pending changes (`pending` → `sent`).
 *
 * @param db - database or transaction.
 * @param ids - the changes the transaction carries.
 * @param txHash - its hash.
 * @returns how many pending changes became sent.
 * @throws StoreError on database failure.
 */
export async function markStatusChangesSent(
  db: Database,
  ids: readonly string[],
  txHash: string,
): Promise<number> {
  return updateByIds(db, ids, `state = 'sent', tx_hash = $1`, `state = 'pending'`, [txHash]);
}

/**
 * Records the block that mined sent changes (`sent` → `confirmed`).
 *
 * @param db - database or transaction.
 * @param ids - the changes.
 * @param blockNumber - the block.
 * @returns how many sent changes became confirmed.
 * @throws StoreError on database failure.
 */
export async function markStatusChangesConfirmed(
  db: Database,
  ids: readonly string[],
  blockNumber: number,
): Promise<number> {
  return updateByIds(db, ids, `state = 'confirmed', block_number = $1`, `state = 'sent'`, [blockNumber]);
}

/**
 * Records a failed attempt: `attempts` + 1, `last_error`, and the changes go back to `pending` (also from `sent`,
 * for a dropped or reverted transaction) to be retried with back-off.
 *
 * @param db - database or transaction.
 * @param ids - the changes.
 * @param error - what failed (operator text; truncated to 2,000 characters; no personal data).
 * @returns how many changes were updated.
 * @throws StoreError on database failure.
 */
export async function recordStatusChangeFailure(
  db: Database,
  ids: readonly string[],
  error: string,
): Promise<number> {
  return updateByIds(
    db,
    ids,
    `state = 'pending', tx_hash = NULL, attempts = attempts + 1, last_error = $1`,
    `state <> 'confirmed'`,
    [error.slice(0, MAX_ERROR_LENGTH)],
  );
}

/**
 * @param db - database or transaction.
 * @param organisationId - only this organisation's, if given.
 * @returns how many changes are pending.
 * @throws StoreError on database failure.
 */
export async function countPendingStatusChanges(db: Database, organisationId?: string): Promise<number> {
  const rows =
    organisationId === undefined
      ? await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM status_changes WHERE state = 'pending'`)
      : await db.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM status_changes WHERE state = 'pending' AND organisation_id = $1`,
          [organisationId],
        );
  return Number(rows[0]?.n ?? 0);
}

/** `UPDATE status_changes SET <set> WHERE id IN (…) AND <guard>`, in chunks, in one transaction. */
async function updateByIds(
  db: Database,
  ids: readonly string[],
  set: string,
  guard: string,
  setParams: readonly unknown[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const run = async (tx: Database): Promise<number> => {
    let total = 0;
    for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
      const chunk = ids.slice(start, start + IDS_PER_STATEMENT);
      const placeholders = chunk.map((_, i) => `$${setParams.length + i + 1}`).join(', ');
      const { changes } = await tx.execute(
        `UPDATE status_changes SET ${set} WHERE id IN (${placeholders}) AND ${guard}`,
        [...setParams, ...chunk],
      );
      total += changes;
    }
    return total;
  };
  return ids.length <= IDS_PER_STATEMENT ? run(db) : db.transaction(run);
}

/**
 * Lists the status changes of one credential, oldest first, with their on-chain state.
 *
 * @param db - database or transaction.
 * @param credentialId - the credential.
 * @returns its changes.
 * @throws StoreError on database failure.
 */
export async function listStatusChangesForCredential(
  db: Database,
  credentialId: string,
): Promise<StatusChange[]> {
  return db.query<StatusChange>(
    `SELECT ${COLUMNS} FROM status_changes WHERE credential_id = $1 ORDER BY seq`,
    [credentialId],
  );
}
