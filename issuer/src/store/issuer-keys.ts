import type { Database } from './database.ts';

/** `active` keys sign; `retired` keys only stay for verifying what they signed. */
export type IssuerKeyStatus = 'active' | 'retired';

/** One signing key row. The private key is sealed by the keys module before it gets here. */
export interface IssuerKey {
  /** Key id (Veramo `kid`). */
  kid: string;
  organisationId: string;
  /** Key type, e.g. `Secp256k1`. */
  type: string;
  publicKeyHex: string;
  /** The sealed private key (opaque text), or null for a public-only key. */
  encryptedPrivateKey: string | null;
  /** What it is for, e.g. `owner`, `veriKey`. */
  purpose: string;
  status: IssuerKeyStatus;
  createdAt: string;
  retiredAt: string | null;
}

/** What {@link insertIssuerKey} needs. */
export interface NewIssuerKey {
  kid: string;
  organisationId: string;
  type: string;
  publicKeyHex: string;
  encryptedPrivateKey: string | null;
  purpose: string;
  createdAt?: string;
}

const COLUMNS = `kid, organisation_id AS "organisationId", type, public_key_hex AS "publicKeyHex",
  encrypted_private_key AS "encryptedPrivateKey", purpose, status, created_at AS "createdAt", retired_at AS "retiredAt"`;

/**
 * Stores a new, active key.
 *
 * @param db - database or transaction.
 * @param input - the key row (private key already sealed).
 * @returns the stored row.
 * @throws StoreError `STORE_CONFLICT` when the kid exists.
 */
export async function insertIssuerKey(db: Database, input: NewIssuerKey): Promise<IssuerKey> {
  const rows = await db.query<IssuerKey>(
    `INSERT INTO issuer_keys (kid, organisation_id, type, public_key_hex, encrypted_private_key, purpose, status,
       created_at, retired_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, NULL) RETURNING ${COLUMNS}`,
    [
      input.kid,
      input.organisationId,
      input.type,
      input.publicKeyHex,
      input.encryptedPrivateKey,
      input.purpose,
      input.createdAt ?? new Date().toISOString(),
    ],
  );
  return rows[0]!;
}

/**
 * @param db - database or transaction.
 * @param kid - key id.
 * @returns the key row, or undefined.
 * @throws StoreError on database failure.
 */
export async function getIssuerKey(db: Database, kid: string): Promise<IssuerKey | undefined> {
  return (await db.query<IssuerKey>(`SELECT ${COLUMNS} FROM issuer_keys WHERE kid = $1`, [kid]))[0];
}

/**
 * @param db - database or transaction.
 * @param organisationId - owner.
 * @param filter - optional status and purpose to match.
 * @returns the organisation's keys, oldest first.
 * @throws StoreError on database failure.
 */
export async function listIssuerKeys(
  db: Database,
  organisationId: string,
  filter: { status?: IssuerKeyStatus; purpose?: string } = {},
): Promise<IssuerKey[]> {
  const params: unknown[] = [organisationId];
  let where = 'organisation_id = $1';
  if (filter.status !== undefined) {
    params.push(filter.status);
    where += ` AND status = $${params.length}`;
  }
  if (filter.purpose !== undefined) {
    params.push(filter.purpose);
    where += ` AND purpose = $${params.length}`;
  }
  return db.query<IssuerKey>(
    `SELECT ${COLUMNS} FROM issuer_keys WHERE ${where} ORDER BY created_at, kid`,
    params,
  );
}

/**
 * Marks an active key retired: it can no longer sign.
 *
 * @param db - database or transaction.
 * @param kid - key id.
 * @param at - retirement time; default now.
 * @returns whether an active key was retired.
 * @throws StoreError on database failure.
 */
export async function retireIssuerKey(
  db: Database,
  kid: string,
  at: string = new Date().toISOString(),
): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE issuer_keys SET status = 'retired', retired_at = $2 WHERE kid = $1 AND status = 'active'`,
    [kid, at],
  );
  return changes > 0;
}

/**
 * Deletes a key row (Veramo's private-key store needs it; rotation retires instead).
 *
 * @param db - database or transaction.
 * @param kid - key id.
 * @returns whether a row was deleted.
 * @throws StoreError on database failure.
 */
export async function deleteIssuerKey(db: Database, kid: string): Promise<boolean> {
  const { changes } = await db.execute('DELETE FROM issuer_keys WHERE kid = $1', [kid]);
  return changes > 0;
}
