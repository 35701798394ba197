import { credentialJwtHash } from '@medtrust/core';
import type { Database } from './database.ts';
import { queueCredentialsForAnchoring } from './anchors.ts';
import { decodeCursor, encodeCursor, pageSize } from './pagination.ts';

/** An issued credential as stored (the JWT carries health data: never log it). */
export interface CredentialRecord {
  /** `urn:uuid:…`, as in the credential. */
  id: string;
  organisationId: string;
  /** Credential type, e.g. `MedicalLicenseCredential`. */
  type: string;
  subjectId: string | null;
  issuedAt: string;
  expiresAt: string | null;
  jwt: string;
  /** Status slot, or null for a credential without status. */
  listId: number | null;
  listIndex: number | null;
  revoked: boolean;
  suspended: boolean;
  /** Batch and row it was issued from, if any. */
  batchId: string | null;
  batchRow: number | null;
}

/** A search hit: a credential without its JWT. */
export type CredentialSummary = Omit<CredentialRecord, 'jwt'>;

/** What {@link insertCredential} needs. */
export interface NewCredential {
  id: string;
  organisationId: string;
  type: string;
  subjectId?: string | null;
  issuedAt: string;
  expiresAt?: string | null;
  jwt: string;
  listId?: number | null;
  listIndex?: number | null;
  batchId?: string | null;
  batchRow?: number | null;
}

/** Filters and page of {@link searchCredentials}. */
export interface CredentialSearch {
  organisationId: string;
  /** Exact credential type. */
  type?: string;
  /** Exact subject DID. */
  subjectId?: string;
  /** Case-insensitive substring of the credential id or subject id. */
  text?: string;
  /** Page size (1…500, default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of {@link searchCredentials}, newest first. */
export interface CredentialPage {
  items: CredentialSummary[];
  /** Pass as `cursor` to get the next page; undefined on the last page. */
  nextCursor: string | undefined;
}

type Row<T> = Omit<T, 'revoked' | 'suspended'> & { revoked: number; suspended: number };

const SUMMARY_COLUMNS = `id, organisation_id AS "organisationId", type, subject_id AS "subjectId",
  issued_at AS "issuedAt", expires_at AS "expiresAt", list_id AS "listId", list_index AS "listIndex",
  revoked, suspended, batch_id AS "batchId", batch_row AS "batchRow"`;
const COLUMNS = `${SUMMARY_COLUMNS}, jwt`;

function fromRow<T extends CredentialSummary>(row: Row<T>): T {
  return { ...row, revoked: row.revoked === 1, suspended: row.suspended === 1 } as T;
}

/**
 * Stores an issued credential (normally in the issuing transaction, after {@link allocateStatusIndex}) with its
 * `credential_hash` ({@link credentialJwtHash} of the JWT), and queues that hash for anchoring (a
 * `credential_anchors` row without anchor): every stored credential is anchored by the anchor publisher.
 *
 * @param db - database or transaction (pass the issuing transaction: the two rows are written one after the other).
 * @param input - the credential.
 * @returns nothing.
 * @throws StoreError `STORE_CONFLICT` when the id, the status slot `(organisation, list, index)`, the batch row
 *   `(batch, row)` or the JWT itself (its hash) is already stored (`constraint` tells which).
 */
export async function insertCredential(db: Database, input: NewCredential): Promise<void> {
  await insertCredentials(db, [input]);
}

/**
 * Stores several credentials with one INSERT (and queues them for anchoring with one more): the batch form of
 * {@link insertCredential}, for a batch chunk.
 *
 * @param db - database or transaction.
 * @param inputs - the credentials.
 * @throws StoreError `STORE_CONFLICT` for a duplicate id, JWT, status slot or batch row (nothing of the call is
 *   kept once the transaction rolls back); other StoreErrors on database failure.
 */
export async function insertCredentials(db: Database, inputs: readonly NewCredential[]): Promise<void> {
  if (inputs.length === 0) return;
  const params: unknown[] = [];
  const queued: { credentialHash: string; credentialId: string; organisationId: string }[] = [];
  const values = inputs.map((input) => {
    const credentialHash = credentialJwtHash(input.jwt);
    queued.push({ credentialHash, credentialId: input.id, organisationId: input.organisationId });
    const n = params.push(
      input.id,
      input.organisationId,
      input.type,
      input.subjectId ?? null,
      input.issuedAt,
      input.expiresAt ?? null,
      input.jwt,
      input.listId ?? null,
      input.listIndex ?? null,
      input.batchId ?? null,
      input.batchRow ?? null,
      credentialHash,
    );
    const p = (k: number) => `$${n - 12 + k}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, 0, 0, ${p(10)}, ${p(11)}, ${p(12)})`;
  });
  await db.execute(
    `INSERT INTO credentials (id, organisation_id, type, subject_id, issued_at, expires_at, jwt, list_id, list_index,
       revoked, suspended, batch_id, batch_row, credential_hash)
     VALUES ${values.join(', ')}`,
    params,
  );
  await queueCredentialsForAnchoring(db, queued);
}

/**
 * @param db - database or transaction.
 * @param id - credential id.
 * @param organisationId - when given, only a credential of that organisation is returned.
 * @returns the credential with its JWT, or undefined.
 * @throws StoreError on database failure.
 */
export async function getCredential(
  db: Database,
  id: string,
  organisationId?: string,
): Promise<CredentialRecord | undefined> {
  const rows =
    organisationId === undefined
      ? await db.query<Row<CredentialRecord>>(`SELECT ${COLUMNS} FROM credentials WHERE id = $1`, [id])
      : await db.query<Row<CredentialRecord>>(
          `SELECT ${COLUMNS} FROM credentials WHERE id = $1 AND organisation_id = $2`,
          [id, organisationId],
        );
  return rows[0] === undefined ? undefined : fromRow(rows[0]);
}

/**
 * @param db - database or transaction.
 * @param organisationId - issuer.
 * @param listId - status list.
 * @param listIndex - slot.
 * @returns the credential holding that status slot, or undefined.
 * @throws StoreError on database failure.
 */
export async function getCredentialByStatusIndex(
  db: Database,
  organisationId: string,
  listId: number,
  listIndex: number,
): Promise<CredentialRecord | undefined> {
  const rows = await db.query<Row<CredentialRecord>>(
    `SELECT ${COLUMNS} FROM credentials WHERE organisation_id = $1 AND list_id = $2 AND list_index = $3`,
    [organisationId, listId, listIndex],
  );
  return rows[0] === undefined ? undefined : fromRow(rows[0]);
}

/**
 * Searches an organisation's credentials by type, subject and free text, newest first, one page at a time
 * (keyset pagination on `(issued_at, id)`, stable under concurrent inserts).
 *
 * @param db - database or transaction.
 * @param search - filters, page size and cursor.
 * @returns one page of summaries (without JWTs) and the cursor of the next.
 * @throws StoreError `STORE_INVALID_ARGUMENT` for a malformed cursor.
 */
export async function searchCredentials(db: Database, search: CredentialSearch): Promise<CredentialPage> {
  const limit = pageSize(search.limit);
  const params: unknown[] = [search.organisationId];
  const where = ['organisation_id = $1'];
  if (search.type !== undefined) {
    params.push(search.type);
    where.push(`type = $${params.length}`);
  }
  if (search.subjectId !== undefined) {
    params.push(search.subjectId);
    where.push(`subject_id = $${params.length}`);
  }
  if (search.text !== undefined && search.text !== '') {
    params.push(`%${escapeLike(search.text.toLowerCase())}%`);
    const p = `$${params.length}`;
    where.push(`(LOWER(id) LIKE ${p} ESCAPE '\\' OR LOWER(subject_id) LIKE ${p} ESCAPE '\\')`);
  }
  if (search.cursor !== undefined) {
    const [issuedAt, id] = decodeCursor(search.cursor, ['string', 'string']);
    params.push(issuedAt, id);
    const a = `$${params.length - 1}`;
    const b = `$${params.length}`;
    where.push(`(issued_at < ${a} OR (issued_at = ${a} AND id < ${b}))`);
  }
  params.push(limit + 1);
  const rows = await db.query<Row<CredentialSummary>>(
    `SELECT ${SUMMARY_COLUMNS} FROM credentials WHERE ${where.join(' AND ')}
     ORDER BY issued_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, limit).map((row) => fromRow(row));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last !== undefined ? encodeCursor([last.issuedAt, last.id]) : undefined,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Marks a credential revoked (permanent). Enqueue the matching status change in the same transaction.
 *
 * @param db - database or transaction.
 * @param organisationId - issuer (another organisation's credential is left alone).
 * @param id - credential id.
 * @returns whether it changed (false: unknown, another organisation's, or already revoked).
 * @throws StoreError on database failure.
 */
export async function setCredentialRevoked(
  db: Database,
  organisationId: string,
  id: string,
): Promise<boolean> {
  const { changes } = await db.execute(
    'UPDATE credentials SET revoked = 1 WHERE id = $1 AND organisation_id = $2 AND revoked = 0',
    [id, organisationId],
  );
  return changes > 0;
}

/**
 * Suspends or reinstates a credential that is not revoked. Enqueue the matching status change in the same
 * transaction, after this call (its row lock orders concurrent changes of one credential).
 *
 * @param db - database or transaction.
 * @param organisationId - issuer.
 * @param id - credential id.
 * @param suspended - true to suspend, false to reinstate.
 * @returns whether it changed (false: unknown, another organisation's, revoked, or already in that state).
 * @throws StoreError on database failure.
 */
export async function setCredentialSuspended(
  db: Database,
  organisationId: string,
  id: string,
  suspended: boolean,
): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE credentials SET suspended = $3
     WHERE id = $1 AND organisation_id = $2 AND revoked = 0 AND suspended <> $3`,
    [id, organisationId, suspended],
  );
  return changes > 0;
}
