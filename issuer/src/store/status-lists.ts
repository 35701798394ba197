import type { Database } from './database.ts';
import { StoreError } from './store-error.ts';

/** One status list of an organisation, mirrored on-chain in the StatusRegistry as `(issuer, listId)`. */
export interface StatusList {
  organisationId: string;
  /** On-chain list id (uint64). */
  listId: number;
  /** Slots in the list (on-chain `wordCount * 256`). */
  capacity: number;
  /** Next index to hand out; `capacity` when full. */
  nextIndex: number;
  /** Hash of the transaction that created it on-chain; null until then. */
  createdTx: string | null;
}

/** What {@link createStatusList} needs. */
export interface NewStatusList {
  organisationId: string;
  listId: number;
  capacity: number;
  createdTx?: string | null;
}

/** A status slot handed out by {@link allocateStatusIndex}. */
export interface StatusAllocation {
  listId: number;
  index: number;
  /** True when this allocation created the list (the caller must create it on-chain, then {@link markStatusListCreated}). */
  isNewList: boolean;
}

/** Options of {@link allocateStatusIndex}. */
export interface AllocateStatusIndexOptions {
  /** When the organisation has no list yet, create list {@link FIRST_LIST_ID} with this capacity (else it fails). */
  initialCapacity?: number;
}

/** Id of the list {@link allocateStatusIndex} creates for an organisation that has none. */
export const FIRST_LIST_ID = 1;

const COLUMNS = `organisation_id AS "organisationId", list_id AS "listId", capacity, next_index AS "nextIndex",
  created_tx AS "createdTx"`;

/** Retries when a concurrent transaction created or filled the newest list meanwhile (PostgreSQL). */
const MAX_ROLLOVER_ATTEMPTS = 32;

/**
 * Registers a status list.
 *
 * @param db - database or transaction.
 * @param input - organisation, list id, capacity, and the creating transaction hash if already on-chain.
 * @returns the stored list.
 * @throws StoreError `STORE_CONFLICT` when the organisation already has that list id; `STORE_INVALID_ARGUMENT` for a
 *   capacity that is not a positive integer.
 */
export async function createStatusList(db: Database, input: NewStatusList): Promise<StatusList> {
  assertCapacity(input.capacity);
  const rows = await db.query<StatusList>(
    `INSERT INTO status_lists (organisation_id, list_id, capacity, next_index, created_tx)
     VALUES ($1, $2, $3, 0, $4) RETURNING ${COLUMNS}`,
    [input.organisationId, input.listId, input.capacity, input.createdTx ?? null],
  );
  return rows[0]!;
}

/**
 * @param db - database or transaction.
 * @param organisationId - owner.
 * @param listId - list id.
 * @returns the list, or undefined.
 * @throws StoreError on database failure.
 */
export async function getStatusList(
  db: Database,
  organisationId: string,
  listId: number,
): Promise<StatusList | undefined> {
  const rows = await db.query<StatusList>(
    `SELECT ${COLUMNS} FROM status_lists WHERE organisation_id = $1 AND list_id = $2`,
    [organisationId, listId],
  );
  return rows[0];
}

/**
 * @param db - database or transaction.
 * @param organisationId - owner.
 * @returns the organisation's lists by id.
 * @throws StoreError on database failure.
 */
export async function listStatusLists(db: Database, organisationId: string): Promise<StatusList[]> {
  return db.query<StatusList>(
    `SELECT ${COLUMNS} FROM status_lists WHERE organisation_id = $1 ORDER BY list_id`,
    [organisationId],
  );
}

/**
 * Lists not yet created on-chain (`created_tx` NULL), e.g. after a crash between allocation and creation.
 *
 * @param db - database or transaction.
 * @returns those lists, by organisation and id.
 * @throws StoreError on database failure.
 */
export async function listStatusListsAwaitingCreation(db: Database): Promise<StatusList[]> {
  return db.query<StatusList>(
    `SELECT ${COLUMNS} FROM status_lists WHERE created_tx IS NULL ORDER BY organisation_id, list_id`,
  );
}

/**
 * Records the transaction that created a list on-chain.
 *
 * @param db - database or transaction.
 * @param organisationId - owner.
 * @param listId - list id.
 * @param txHash - the creating transaction.
 * @returns whether the list exists (and was updated).
 * @throws StoreError on database failure.
 */
export async function markStatusListCreated(
  db: Database,
  organisationId: string,
  listId: number,
  txHash: string,
): Promise<boolean> {
  const { changes } = await db.execute(
    'UPDATE status_lists SET created_tx = $3 WHERE organisation_id = $1 AND list_id = $2',
    [organisationId, listId, txHash],
  );
  return changes > 0;
}

/**
 * Registers the organisation's first status list ({@link FIRST_LIST_ID}, empty) unless it has one, so that the
 * status publisher creates it on-chain before the first credential is issued (a credential whose list is not
 * on-chain yet cannot be checked: `STATUS_UNAVAILABLE`). Idempotent and safe against a concurrent first issuance
 * (`INSERT … ON CONFLICT DO NOTHING`).
 * @param db - database or transaction.
 * @param organisationId - owner.
 * @param capacity - slots of the list (the issuance's initial capacity).
 * @returns true when this call registered it.
 * @throws StoreError `STORE_INVALID_ARGUMENT` for a capacity that is not a positive integer.
 */
export async function ensureFirstStatusList(
  db: Database,
  organisationId: string,
  capacity: number,
): Promise<boolean> {
  assertCapacity(capacity);
  const created = await db.query<{ listId: number }>(
    `INSERT INTO status_lists (organisation_id, list_id, capacity, next_index, created_tx)
     VALUES ($1, $2, $3, 0, NULL) ON CONFLICT DO NOTHING RETURNING list_id AS "listId"`,
    [organisationId, FIRST_LIST_ID, capacity],
  );
  return created.length > 0;
}

/**
 * Hands out the next free status slot of the organisation's newest list, atomically:
 * `UPDATE … SET next_index = next_index + 1 WHERE … AND next_index < capacity RETURNING next_index - 1`.
 * When the newest list is full it creates the next list id (same capacity) with slot 0 taken, in the same
 * transaction as the caller (`INSERT … ON CONFLICT DO NOTHING`, so two concurrent rollovers create it once).
 *
 * Call it with the issuing transaction's `tx`, so that a rollback also gives the slot back; the UNIQUE
 * `(organisation_id, list_id, list_index)` of credentials refuses any reuse regardless. On PostgreSQL, concurrent
 * allocations for one organisation queue on the list's row lock until the holder commits (READ COMMITTED).
 *
 * @param db - the issuing transaction (or the root database for a one-off allocation).
 * @param organisationId - owner of the lists.
 * @param options - `initialCapacity` to create the first list when the organisation has none.
 * @returns the list id and index, and whether the list was created by this call.
 * @throws StoreError `STORE_ERROR` when the organisation has no list and no `initialCapacity` was given.
 */
export async function allocateStatusIndex(
  db: Database,
  organisationId: string,
  options: AllocateStatusIndexOptions = {},
): Promise<StatusAllocation> {
  for (let attempt = 0; attempt < MAX_ROLLOVER_ATTEMPTS; attempt++) {
    const taken = await db.query<{ listId: number; index: number }>(
      `UPDATE status_lists SET next_index = next_index + 1
       WHERE organisation_id = $1
         AND list_id = (SELECT MAX(list_id) FROM status_lists WHERE organisation_id = $1)
         AND next_index < capacity
       RETURNING list_id AS "listId", next_index - 1 AS "index"`,
      [organisationId],
    );
    if (taken[0] !== undefined) return { listId: taken[0].listId, index: taken[0].index, isNewList: false };

    const newest = (
      await db.query<{ listId: number; capacity: number; nextIndex: number }>(
        `SELECT list_id AS "listId", capacity, next_index AS "nextIndex" FROM status_lists
         WHERE organisation_id = $1 ORDER BY list_id DESC LIMIT 1`,
        [organisationId],
      )
    )[0];
    // On PostgreSQL the UPDATE may have missed a list committed after its snapshot: roll over only from a list
    // that is committed full (fullness never reverts), otherwise try the UPDATE again.
    if (newest !== undefined && newest.nextIndex < newest.capacity) continue;
    let listId: number;
    let capacity: number;
    if (newest !== undefined) {
      listId = newest.listId + 1;
      capacity = newest.capacity;
    } else if (options.initialCapacity !== undefined) {
      assertCapacity(options.initialCapacity);
      listId = FIRST_LIST_ID;
      capacity = options.initialCapacity;
    } else {
      throw new StoreError('STORE_ERROR', 'the organisation has no status list: create one first');
    }
    const created = await db.query<{ listId: number }>(
      `INSERT INTO status_lists (organisation_id, list_id, capacity, next_index, created_tx)
       VALUES ($1, $2, $3, 1, NULL) ON CONFLICT DO NOTHING RETURNING list_id AS "listId"`,
      [organisationId, listId, capacity],
    );
    if (created[0] !== undefined) return { listId, index: 0, isNewList: true };
    // another transaction created that list meanwhile: allocate from it
  }
  throw new StoreError('STORE_ERROR', 'could not allocate a status index: the newest list kept changing');
}

function assertCapacity(capacity: number): void {
  if (!Number.isSafeInteger(capacity) || capacity <= 0) {
    throw new StoreError('STORE_INVALID_ARGUMENT', 'a status list capacity is a positive integer');
  }
}
