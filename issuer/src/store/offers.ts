import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';
import { sha256Hex } from './hash.ts';

/** An OID4VCI credential offer (pre-authorised code flow). Only hashes of the code and PIN are stored. */
export interface Offer {
  id: string;
  organisationId: string;
  /** The credential it delivers, if already issued. */
  credentialId: string | null;
  preAuthorizedCodeHash: string;
  /** Hash of the PIN (scheme chosen by the caller, e.g. salted scrypt), or null without PIN. */
  pinHash: string | null;
  expiresAt: string;
  redeemedAt: string | null;
}

/** What {@link createOffer} needs. */
export interface NewOffer {
  id?: string;
  organisationId: string;
  credentialId?: string | null;
  /** The pre-authorised code (random, high-entropy); stored as its SHA-256. */
  preAuthorizedCode: string;
  /** Already hashed by the caller (a PIN is low-entropy: use a salted slow hash). */
  pinHash?: string | null;
  expiresAt: string;
}

const COLUMNS = `id, organisation_id AS "organisationId", credential_id AS "credentialId",
  pre_authorized_code_hash AS "preAuthorizedCodeHash", pin_hash AS "pinHash", expires_at AS "expiresAt",
  redeemed_at AS "redeemedAt"`;

/**
 * Stores an offer.
 *
 * @param db - database or transaction.
 * @param input - the offer with its plaintext pre-authorised code.
 * @returns the stored offer.
 * @throws StoreError `STORE_CONFLICT` when the id or the code is already used.
 */
export async function createOffer(db: Database, input: NewOffer): Promise<Offer> {
  const rows = await db.query<Offer>(
    `INSERT INTO offers (id, organisation_id, credential_id, pre_authorized_code_hash, pin_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [
      input.id ?? randomUUID(),
      input.organisationId,
      input.credentialId ?? null,
      sha256Hex(input.preAuthorizedCode),
      input.pinHash ?? null,
      input.expiresAt,
    ],
  );
  return rows[0]!;
}

/**
 * @param db - database or transaction.
 * @param id - offer id.
 * @returns the offer, or undefined.
 * @throws StoreError on database failure.
 */
export async function getOffer(db: Database, id: string): Promise<Offer | undefined> {
  return (await db.query<Offer>(`SELECT ${COLUMNS} FROM offers WHERE id = $1`, [id]))[0];
}

/**
 * Finds an offer by the pre-authorised code a wallet presents (expired and redeemed ones included: check them).
 *
 * @param db - database or transaction.
 * @param preAuthorizedCode - the plaintext code.
 * @returns the offer, or undefined.
 * @throws StoreError on database failure.
 */
export async function findOfferByPreAuthorizedCode(
  db: Database,
  preAuthorizedCode: string,
): Promise<Offer | undefined> {
  return (
    await db.query<Offer>(`SELECT ${COLUMNS} FROM offers WHERE pre_authorized_code_hash = $1`, [
      sha256Hex(preAuthorizedCode),
    ])
  )[0];
}

/**
 * Redeems an offer once: succeeds only if it is neither redeemed nor expired at `at` (atomic, so two concurrent
 * redemptions cannot both succeed).
 *
 * @param db - database or transaction.
 * @param id - offer id.
 * @param at - redemption time; default now.
 * @returns whether this call redeemed it.
 * @throws StoreError on database failure.
 */
export async function redeemOffer(
  db: Database,
  id: string,
  at: string = new Date().toISOString(),
): Promise<boolean> {
  const { changes } = await db.execute(
    'UPDATE offers SET redeemed_at = $2 WHERE id = $1 AND redeemed_at IS NULL AND expires_at > $2',
    [id, at],
  );
  return changes > 0;
}

/**
 * Links an offer to the credential issued for it.
 *
 * @param db - database or transaction.
 * @param id - offer id.
 * @param credentialId - the credential.
 * @returns whether the offer exists (and was updated).
 * @throws StoreError on database failure.
 */
export async function setOfferCredential(db: Database, id: string, credentialId: string): Promise<boolean> {
  const { changes } = await db.execute('UPDATE offers SET credential_id = $2 WHERE id = $1', [
    id,
    credentialId,
  ]);
  return changes > 0;
}

/**
 * Deletes offers that expired before `before` and were never redeemed.
 *
 * @param db - database or transaction.
 * @param before - cut-off; default now.
 * @returns how many were deleted.
 * @throws StoreError on database failure.
 */
export async function deleteExpiredOffers(
  db: Database,
  before: string = new Date().toISOString(),
): Promise<number> {
  const { changes } = await db.execute('DELETE FROM offers WHERE expires_at < $1 AND redeemed_at IS NULL', [
    before,
  ]);
  return changes;
}
