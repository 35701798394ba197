import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from './database.ts';
import { sha256Hex } from './hash.ts';

/** What an API key may do (see the HTTP layer). */
export type ApiKeyRole = 'admin' | 'operator' | 'auditor';

/** An API key as stored: never the key itself, and its hash is not exposed either. */
export interface ApiKey {
  id: string;
  organisationId: string;
  role: ApiKeyRole;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** What {@link createApiKey} needs. */
export interface NewApiKey {
  id?: string;
  organisationId: string;
  role: ApiKeyRole;
  label?: string | null;
  /** The secret to register; default: a new random one ({@link generateApiKeySecret}). */
  plaintextKey?: string;
  createdAt?: string;
}

const COLUMNS = `id, organisation_id AS "organisationId", role, label, created_at AS "createdAt", revoked_at AS "revokedAt"`;

/**
 * Makes a new random API key secret (256 bits, base64url, prefixed `mtk_` so scanners can spot leaked keys).
 *
 * @returns the plaintext key.
 */
export function generateApiKeySecret(): string {
  return `mtk_${randomBytes(32).toString('base64url')}`;
}

/**
 * Stores a new API key as its SHA-256 hash. The plaintext is returned once and never stored.
 *
 * @param db - database or transaction.
 * @param input - owner, role, label and optionally the plaintext to register.
 * @returns the stored key and its plaintext (show it to the user once).
 * @throws StoreError `STORE_CONFLICT` if the same secret is already registered.
 */
export async function createApiKey(
  db: Database,
  input: NewApiKey,
): Promise<{ apiKey: ApiKey; plaintextKey: string }> {
  const plaintextKey = input.plaintextKey ?? generateApiKeySecret();
  const rows = await db.query<ApiKey>(
    `INSERT INTO api_keys (id, organisation_id, role, key_hash, label, created_at, revoked_at)
     VALUES ($1, $2, $3, $4, $5, $6, NULL) RETURNING ${COLUMNS}`,
    [
      input.id ?? randomUUID(),
      input.organisationId,
      input.role,
      sha256Hex(plaintextKey),
      input.label ?? null,
      input.createdAt ?? new Date().toISOString(),
    ],
  );
  return { apiKey: rows[0]!, plaintextKey };
}

/**
 * Finds the key a request presents, by the SHA-256 of the plaintext.
 *
 * @param db - database or transaction.
 * @param plaintextKey - the key from the request.
 * @param options - `includeRevoked` to also return revoked keys (default: only active ones).
 * @returns the key, or undefined when unknown (or revoked).
 * @throws StoreError on database failure.
 */
export async function findApiKeyByPlaintext(
  db: Database,
  plaintextKey: string,
  options: { includeRevoked?: boolean } = {},
): Promise<ApiKey | undefined> {
  const rows = await db.query<ApiKey>(
    `SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1${options.includeRevoked ? '' : ' AND revoked_at IS NULL'}`,
    [sha256Hex(plaintextKey)],
  );
  return rows[0];
}

/**
 * @param db - database or transaction.
 * @param organisationId - owner.
 * @returns the organisation's keys (active and revoked), oldest first.
 * @throws StoreError on database failure.
 */
export async function listApiKeys(db: Database, organisationId: string): Promise<ApiKey[]> {
  return db.query<ApiKey>(
    `SELECT ${COLUMNS} FROM api_keys WHERE organisation_id = $1 ORDER BY created_at, id`,
    [organisationId],
  );
}

/**
 * Revokes a key (it stays listed, with `revokedAt`).
 *
 * @param db - database or transaction.
 * @param organisationId - owner (a key of another organisation is left alone).
 * @param id - key id.
 * @param at - revocation time; default now.
 * @returns whether an active key was revoked.
 * @throws StoreError on database failure.
 */
export async function revokeApiKey(
  db: Database,
  organisationId: string,
  id: string,
  at: string = new Date().toISOString(),
): Promise<boolean> {
  const { changes } = await db.execute(
    'UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND organisation_id = $2 AND revoked_at IS NULL',
    [id, organisationId, at],
  );
  return changes > 0;
}
