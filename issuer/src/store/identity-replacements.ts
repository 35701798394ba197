import type { Database } from './database.ts';

/** A DID an organisation used before its identity was replaced. */
export interface PreviousIdentity {
  organisationId: string;
  did: string;
  address: string;
  /** The DID that replaced it. */
  replacedBy: string;
  replacedAt: string;
}

const COLUMNS = `organisation_id AS "organisationId", did, address, replaced_by AS "replacedBy",
  replaced_at AS "replacedAt"`;

/**
 * Records the identity an organisation gives up (call it in the transaction that switches its DID).
 *
 * @param db - database or transaction.
 * @param input - the old DID and address, the DID replacing it, when.
 * @returns nothing.
 * @throws StoreError `STORE_CONFLICT` when that DID is already recorded for the organisation.
 */
export async function recordPreviousIdentity(db: Database, input: PreviousIdentity): Promise<void> {
  await db.execute(
    `INSERT INTO previous_identities (organisation_id, did, address, replaced_by, replaced_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [input.organisationId, input.did, input.address, input.replacedBy, input.replacedAt],
  );
}

/**
 * @param db - database or transaction.
 * @param organisationId - organisation.
 * @returns its previous identities, oldest first.
 * @throws StoreError on database failure.
 */
export async function listPreviousIdentities(
  db: Database,
  organisationId: string,
): Promise<PreviousIdentity[]> {
  return db.query<PreviousIdentity>(
    `SELECT ${COLUMNS} FROM previous_identities WHERE organisation_id = $1 ORDER BY replaced_at, did`,
    [organisationId],
  );
}

/**
 * Records that `credentialId` replaces `replacesId` (call it in the transaction that stores the new credential).
 *
 * @param db - database or transaction.
 * @param input - organisation, new credential, replaced credential.
 * @returns nothing.
 * @throws StoreError `STORE_CONFLICT` when the original is already replaced.
 */
export async function recordCredentialReplacement(
  db: Database,
  input: { organisationId: string; credentialId: string; replacesId: string },
): Promise<void> {
  await db.execute(
    `INSERT INTO credential_replacements (credential_id, replaces_id, organisation_id) VALUES ($1, $2, $3)`,
    [input.credentialId, input.replacesId, input.organisationId],
  );
}

/** An original credential that could be re-issued, with what re-issuing needs to know. */
export interface ReissueCandidate {
  id: string;
  type: string;
  jwt: string;
  expiresAt: string | null;
  revoked: boolean;
  suspended: boolean;
  /** Already replaced by an earlier re-issue. */
  replaced: boolean;
  /** Delivered through an OID4VCI offer; `offerPin`: one of those offers had a PIN. */
  offered: boolean;
  offerPin: boolean;
}

/**
 * Every credential of an organisation, oldest first, with its replacement and offer facts (the caller filters by
 * issuer DID, which only the JWT names).
 *
 * @param db - database or transaction.
 * @param organisationId - organisation.
 * @returns the candidates.
 * @throws StoreError on database failure.
 */
export async function listReissueCandidates(
  db: Database,
  organisationId: string,
): Promise<ReissueCandidate[]> {
  const rows = await db.query<{
    id: string;
    type: string;
    jwt: string;
    expiresAt: string | null;
    revoked: number;
    suspended: number;
    replaced: number;
    offers: number;
    pinOffers: number;
  }>(
    `SELECT c.id, c.type, c.jwt, c.expires_at AS "expiresAt", c.revoked, c.suspended,
       (SELECT COUNT(*) FROM credential_replacements r WHERE r.replaces_id = c.id) AS replaced,
       (SELECT COUNT(*) FROM offers o WHERE o.credential_id = c.id) AS offers,
       (SELECT COUNT(*) FROM offers o WHERE o.credential_id = c.id AND o.pin_hash IS NOT NULL) AS "pinOffers"
     FROM credentials c WHERE c.organisation_id = $1 ORDER BY c.issued_at, c.id`,
    [organisationId],
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    jwt: row.jwt,
    expiresAt: row.expiresAt,
    revoked: Number(row.revoked) === 1,
    suspended: Number(row.suspended) === 1,
    replaced: Number(row.replaced) > 0,
    offered: Number(row.offers) > 0,
    offerPin: Number(row.pinOffers) > 0,
  }));
}

/** One item of a batch as its results endpoint reports it (no payload: it carries personal data). */
export interface BatchItemResult {
  row: number;
  credentialId: string | null;
  error: string | null;
  /** The credential this item replaces (re-issue batches). */
  replaces: string | null;
  /** The replaced credential was delivered through an OID4VCI offer; `replacedOfferPin`: one with a PIN. */
  replacedOffered: boolean;
  replacedOfferPin: boolean;
}

/**
 * @param db - database or transaction.
 * @param batchId - batch.
 * @returns its items by row, with the credential each replaces when it is a re-issue.
 * @throws StoreError on database failure.
 */
export async function listBatchItemResults(db: Database, batchId: string): Promise<BatchItemResult[]> {
  const rows = await db.query<
    Omit<BatchItemResult, 'replacedOffered' | 'replacedOfferPin'> & { offers: number; pinOffers: number }
  >(
    `SELECT i.row, i.credential_id AS "credentialId", i.error, r.replaces_id AS replaces,
       (SELECT COUNT(*) FROM offers o WHERE o.credential_id = r.replaces_id) AS offers,
       (SELECT COUNT(*) FROM offers o WHERE o.credential_id = r.replaces_id AND o.pin_hash IS NOT NULL)
         AS "pinOffers"
     FROM batch_items i LEFT JOIN credential_replacements r ON r.credential_id = i.credential_id
     WHERE i.batch_id = $1 ORDER BY i.row`,
    [batchId],
  );
  return rows.map(({ offers, pinOffers, ...row }) => ({
    ...row,
    row: Number(row.row),
    replacedOffered: Number(offers) > 0,
    replacedOfferPin: Number(pinOffers) > 0,
  }));
}
