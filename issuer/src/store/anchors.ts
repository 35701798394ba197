import { randomUUID } from 'node:crypto';
import { credentialJwtHash } from '@medtrust/core';
import type { Database } from './database.ts';
import { StoreError, isStoreError } from './store-error.ts';

/** `built` (root and proofs stored, not sent) → `sent` (transaction hash known) → `confirmed` (mined, success). */
export type AnchorState = 'built' | 'sent' | 'confirmed';

/** One Merkle root over an organisation's credential hashes, and its on-chain state. */
export interface Anchor {
  id: string;
  organisationId: string;
  /** The issuer identity address the root is anchored under (lowercase). */
  issuer: string;
  /** The Merkle root (`0x` + 64 lowercase hex). */
  root: string;
  credentialCount: number;
  state: AnchorState;
  /** The transaction carrying it (`sent`, `confirmed`). */
  txHash: string | null;
  /** The block that mined it (`confirmed`). */
  blockNumber: number | null;
  /** Failed attempts so far. */
  attempts: number;
  /** The last failure: the contract's custom error name of a decoded revert, else a stable code. */
  lastError: string | null;
  createdAt: string;
  confirmedAt: string | null;
}

/** One leaf of a new anchor: a queued credential hash and its inclusion proof. */
export interface AnchorLeaf {
  credentialHash: string;
  proof: readonly string[];
}

/** What {@link createAnchor} needs. */
export interface NewAnchor {
  organisationId: string;
  issuer: string;
  root: string;
  leaves: readonly AnchorLeaf[];
  createdAt: string;
}

/** A queued credential: issued, not under any anchor yet. */
export interface QueuedCredential {
  credentialHash: string;
  credentialId: string;
}

/** Where one credential stands: queued, or under an anchor (with its inclusion proof). */
export interface CredentialAnchorRecord {
  credentialHash: string;
  credentialId: string;
  organisationId: string;
  /** The anchor it is under, or undefined while queued. */
  anchor: Anchor | undefined;
  /** Its inclusion proof in `anchor`, or undefined while queued. */
  proof: string[] | undefined;
}

const ANCHOR_COLUMNS = `id, organisation_id AS "organisationId", issuer, root, credential_count AS "credentialCount",
  state, tx_hash AS "txHash", block_number AS "blockNumber", attempts, last_error AS "lastError",
  created_at AS "createdAt", confirmed_at AS "confirmedAt"`;

/** Longest `last_error` kept. */
const MAX_ERROR_LENGTH = 2000;
/** Leaves per UPDATE of {@link createAnchor} (2 parameters each, well below both drivers' limits). */
const LEAVES_PER_STATEMENT = 250;
/** Ids per `IN (…)` list. */
const IDS_PER_STATEMENT = 500;

/**
 * Queues a stored credential for anchoring. {@link insertCredential} calls it; call it yourself only for a row that
 * has no queue entry (the backfill, {@link hashUnhashedCredentials}).
 *
 * @param db - database or transaction (the issuing one).
 * @param entry - the credential's hash, id and organisation.
 * @throws StoreError `STORE_CONFLICT` when the hash or the credential is already queued or anchored.
 */
export async function queueCredentialForAnchoring(
  db: Database,
  entry: { credentialHash: string; credentialId: string; organisationId: string },
): Promise<void> {
  await queueCredentialsForAnchoring(db, [entry]);
}

/**
 * Queues several stored credentials for anchoring with one statement ({@link insertCredentials} calls it).
 *
 * @param db - database or transaction (the issuing one).
 * @param entries - each credential's hash, id and organisation.
 * @throws StoreError `STORE_CONFLICT` when a hash or a credential is already queued or anchored.
 */
export async function queueCredentialsForAnchoring(
  db: Database,
  entries: readonly { credentialHash: string; credentialId: string; organisationId: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  const params: unknown[] = [];
  const values = entries.map((entry) => {
    const n = params.push(entry.credentialHash, entry.credentialId, entry.organisationId);
    return `($${n - 2}, $${n - 1}, $${n})`;
  });
  await db.execute(
    `INSERT INTO credential_anchors (credential_hash, credential_id, organisation_id) VALUES ${values.join(', ')}`,
    params,
  );
}

/** What {@link hashUnhashedCredentials} did. */
export interface CredentialHashBackfill {
  /** Rows hashed and queued. */
  hashed: number;
  /** Rows left without hash because another credential has the same JWT (a data error to look at). */
  conflicts: number;
}

/**
 * Backfill of credentials stored before anchoring existed: hashes each row without `credential_hash`
 * ({@link credentialJwtHash} of its JWT), stores the hash and queues the credential, each row in its own short
 * transaction. Walks the whole table once, in id order, a page at a time.
 *
 * @param db - the root database.
 * @param pageLimit - rows read per page (1…500).
 * @returns how many rows were hashed, and how many could not be (duplicate JWT).
 * @throws StoreError on database failure.
 */
export async function hashUnhashedCredentials(
  db: Database,
  pageLimit = 500,
): Promise<CredentialHashBackfill> {
  const result: CredentialHashBackfill = { hashed: 0, conflicts: 0 };
  let after = '';
  for (;;) {
    const rows = await db.query<{ id: string; organisationId: string; jwt: string }>(
      `SELECT id, organisation_id AS "organisationId", jwt FROM credentials
       WHERE credential_hash IS NULL AND id > $1 ORDER BY id LIMIT $2`,
      [after, Math.min(500, Math.max(1, Math.trunc(pageLimit)))],
    );
    for (const row of rows) {
      const credentialHash = credentialJwtHash(row.jwt);
      try {
        await db.transaction(async (tx) => {
          await tx.execute(
            `UPDATE credentials SET credential_hash = $1 WHERE id = $2 AND credential_hash IS NULL`,
            [credentialHash, row.id],
          );
          await queueCredentialForAnchoring(tx, {
            credentialHash,
            credentialId: row.id,
            organisationId: row.organisationId,
          });
        });
        result.hashed++;
      } catch (error) {
        if (!isStoreError(error, 'STORE_CONFLICT')) throw error;
        result.conflicts++;
      }
    }
    if (rows.length === 0) return result;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * @param db - database or transaction.
 * @returns the organisations with queued credentials.
 * @throws StoreError on database failure.
 */
export async function listOrganisationsWithQueuedCredentials(db: Database): Promise<string[]> {
  const rows = await db.query<{ organisationId: string }>(
    `SELECT DISTINCT organisation_id AS "organisationId" FROM credential_anchors WHERE anchor_id IS NULL
     ORDER BY organisation_id`,
  );
  return rows.map((r) => r.organisationId);
}

/**
 * @param db - database or transaction.
 * @param organisationId - only this organisation's, if given.
 * @returns how many credentials wait for an anchor (not under any anchor yet).
 * @throws StoreError on database failure.
 */
export async function countQueuedCredentials(db: Database, organisationId?: string): Promise<number> {
  const rows =
    organisationId === undefined
      ? await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM credential_anchors WHERE anchor_id IS NULL`)
      : await db.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM credential_anchors WHERE anchor_id IS NULL AND organisation_id = $1`,
          [organisationId],
        );
  return Number(rows[0]?.n ?? 0);
}

/**
 * @param db - database or transaction.
 * @param organisationId - the organisation.
 * @returns how many of its credentials are pending: queued, or under an anchor not confirmed yet.
 * @throws StoreError on database failure.
 */
export async function countPendingAnchorCredentials(db: Database, organisationId: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM credential_anchors ca LEFT JOIN anchors a ON a.id = ca.anchor_id
     WHERE ca.organisation_id = $1 AND (ca.anchor_id IS NULL OR a.state <> 'confirmed')`,
    [organisationId],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Takes an organisation's oldest queued credentials (by issuance) for the next anchor. They stay queued until
 * {@link createAnchor} puts them under an anchor.
 *
 * @param db - database or transaction.
 * @param organisationId - the organisation.
 * @param limit - at most this many.
 * @returns hashes and ids, oldest first.
 * @throws StoreError on database failure.
 */
export async function claimQueuedCredentials(
  db: Database,
  organisationId: string,
  limit: number,
): Promise<QueuedCredential[]> {
  return db.query<QueuedCredential>(
    `SELECT ca.credential_hash AS "credentialHash", ca.credential_id AS "credentialId"
     FROM credential_anchors ca JOIN credentials c ON c.id = ca.credential_id
     WHERE ca.anchor_id IS NULL AND ca.organisation_id = $1
     ORDER BY c.issued_at, c.id LIMIT $2`,
    [organisationId, Math.max(1, Math.trunc(limit))],
  );
}

/**
 * Stores a new anchor (`built`) and puts every leaf under it with its proof. Call it in ONE transaction, so a crash
 * leaves either nothing or the whole anchor with all its proofs.
 *
 * @param tx - the transaction.
 * @param input - organisation, issuer address, root, leaves with proofs, creation time.
 * @returns the anchor.
 * @throws StoreError `STORE_CONFLICT` when a leaf is not queued (any more) for that organisation; nothing is kept
 *   then once the transaction rolls back.
 */
export async function createAnchor(tx: Database, input: NewAnchor): Promise<Anchor> {
  if (input.leaves.length === 0) {
    throw new StoreError('STORE_INVALID_ARGUMENT', 'an anchor needs at least one credential');
  }
  const id = randomUUID();
  const rows = await tx.query<Anchor>(
    `INSERT INTO anchors (id, organisation_id, issuer, root, credential_count, state, attempts, created_at)
     VALUES ($1, $2, $3, $4, $5, 'built', 0, $6) RETURNING ${ANCHOR_COLUMNS}`,
    [id, input.organisationId, input.issuer.toLowerCase(), input.root, input.leaves.length, input.createdAt],
  );
  for (let start = 0; start < input.leaves.length; start += LEAVES_PER_STATEMENT) {
    const chunk = input.leaves.slice(start, start + LEAVES_PER_STATEMENT);
    const params: unknown[] = [id, input.organisationId];
    const cases: string[] = [];
    const keys: string[] = [];
    for (const leaf of chunk) {
      params.push(leaf.credentialHash, JSON.stringify(leaf.proof));
      const hash = `$${params.length - 1}`;
      cases.push(`WHEN ${hash} THEN $${params.length}`);
      keys.push(hash);
    }
    const { changes } = await tx.execute(
      `UPDATE credential_anchors SET anchor_id = $1, proof_json = CASE credential_hash ${cases.join(' ')} END
       WHERE credential_hash IN (${keys.join(', ')}) AND organisation_id = $2 AND anchor_id IS NULL`,
      params,
    );
    if (changes !== chunk.length) {
      throw new StoreError(
        'STORE_CONFLICT',
        'a credential of the anchor is not queued for that organisation',
      );
    }
  }
  return rows[0]!;
}

/**
 * @param db - database or transaction.
 * @param id - anchor id.
 * @returns the anchor, or undefined.
 * @throws StoreError on database failure.
 */
export async function getAnchor(db: Database, id: string): Promise<Anchor | undefined> {
  return (await db.query<Anchor>(`SELECT ${ANCHOR_COLUMNS} FROM anchors WHERE id = $1`, [id]))[0];
}

/**
 * Lists anchors in one state, oldest first.
 *
 * @param db - database or transaction.
 * @param filter - state(s), optional organisation, at most `limit` (default 500).
 * @returns the anchors.
 * @throws StoreError on database failure.
 */
export async function listAnchors(
  db: Database,
  filter: { states: readonly AnchorState[]; organisationId?: string; limit?: number },
): Promise<Anchor[]> {
  const params: unknown[] = [...filter.states];
  const where = [`state IN (${filter.states.map((_, i) => `$${i + 1}`).join(', ')})`];
  if (filter.organisationId !== undefined) {
    params.push(filter.organisationId);
    where.push(`organisation_id = $${params.length}`);
  }
  params.push(Math.max(1, Math.trunc(filter.limit ?? 500)));
  return db.query<Anchor>(
    `SELECT ${ANCHOR_COLUMNS} FROM anchors WHERE ${where.join(' AND ')}
     ORDER BY created_at, id LIMIT $${params.length}`,
    params,
  );
}

/**
 * Records the transaction carrying a built anchor (`built` → `sent`).
 *
 * @param db - database or transaction.
 * @param id - the anchor.
 * @param txHash - the transaction.
 * @returns whether a built anchor became sent.
 * @throws StoreError on database failure.
 */
export async function markAnchorSent(db: Database, id: string, txHash: string): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE anchors SET state = 'sent', tx_hash = $2 WHERE id = $1 AND state = 'built'`,
    [id, txHash],
  );
  return changes > 0;
}

/**
 * Records the block that mined a sent anchor (`sent` → `confirmed`).
 *
 * @param db - database or transaction.
 * @param id - the anchor.
 * @param blockNumber - the block.
 * @param at - when it was confirmed (ISO 8601).
 * @returns whether a sent anchor became confirmed.
 * @throws StoreError on database failure.
 */
export async function markAnchorConfirmed(
  db: Database,
  id: string,
  blockNumber: number,
  at: string,
): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE anchors SET state = 'confirmed', block_number = $2, confirmed_at = $3 WHERE id = $1 AND state = 'sent'`,
    [id, blockNumber, at],
  );
  return changes > 0;
}

/**
 * Records a failed attempt: `attempts` + 1, `last_error`, and the anchor goes back to `built` (also from `sent`, for
 * a reverted or dropped transaction), to be sent again with the same root after the back-off.
 *
 * @param db - database or transaction.
 * @param id - the anchor.
 * @param error - the contract's custom error name, or a stable code (truncated to 2,000 characters).
 * @returns whether an unconfirmed anchor was updated.
 * @throws StoreError on database failure.
 */
export async function recordAnchorFailure(db: Database, id: string, error: string): Promise<boolean> {
  const { changes } = await db.execute(
    `UPDATE anchors SET state = 'built', tx_hash = NULL, attempts = attempts + 1, last_error = $2
     WHERE id = $1 AND state <> 'confirmed'`,
    [id, error.slice(0, MAX_ERROR_LENGTH)],
  );
  return changes > 0;
}

interface CredentialAnchorRow {
  credentialHash: string;
  credentialId: string;
  organisationId: string;
  anchorId: string | null;
  proofJson: string | null;
}

const CREDENTIAL_ANCHOR_COLUMNS = `credential_hash AS "credentialHash", credential_id AS "credentialId",
  organisation_id AS "organisationId", anchor_id AS "anchorId", proof_json AS "proofJson"`;

async function withAnchors(db: Database, rows: CredentialAnchorRow[]): Promise<CredentialAnchorRecord[]> {
  const anchorIds = [...new Set(rows.flatMap((r) => (r.anchorId === null ? [] : [r.anchorId])))];
  const anchors = new Map<string, Anchor>();
  for (let start = 0; start < anchorIds.length; start += IDS_PER_STATEMENT) {
    const chunk = anchorIds.slice(start, start + IDS_PER_STATEMENT);
    const found = await db.query<Anchor>(
      `SELECT ${ANCHOR_COLUMNS} FROM anchors WHERE id IN (${chunk.map((_, i) => `$${i + 1}`).join(', ')})`,
      chunk,
    );
    for (const anchor of found) anchors.set(anchor.id, anchor);
  }
  return rows.map((row) => ({
    credentialHash: row.credentialHash,
    credentialId: row.credentialId,
    organisationId: row.organisationId,
    anchor: row.anchorId === null ? undefined : anchors.get(row.anchorId),
    proof: row.proofJson === null ? undefined : (JSON.parse(row.proofJson) as string[]),
  }));
}

/**
 * Where one credential stands in anchoring, by its hash.
 *
 * @param db - database or transaction.
 * @param credentialHash - `0x` + 64 lowercase hex ({@link credentialJwtHash}).
 * @returns its record, or undefined for a hash no stored credential has.
 * @throws StoreError on database failure.
 */
export async function findCredentialAnchor(
  db: Database,
  credentialHash: string,
): Promise<CredentialAnchorRecord | undefined> {
  const rows = await db.query<CredentialAnchorRow>(
    `SELECT ${CREDENTIAL_ANCHOR_COLUMNS} FROM credential_anchors WHERE credential_hash = $1`,
    [credentialHash],
  );
  return (await withAnchors(db, rows))[0];
}

/**
 * Where credentials stand in anchoring, by credential id (for lists such as the publication feed).
 *
 * @param db - database or transaction.
 * @param credentialIds - credential ids.
 * @returns their records by credential id (a credential without queue entry is absent).
 * @throws StoreError on database failure.
 */
export async function findCredentialAnchorsByIds(
  db: Database,
  credentialIds: readonly string[],
): Promise<Map<string, CredentialAnchorRecord>> {
  const ids = [...new Set(credentialIds)];
  const rows: CredentialAnchorRow[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    const chunk = ids.slice(start, start + IDS_PER_STATEMENT);
    rows.push(
      ...(await db.query<CredentialAnchorRow>(
        `SELECT ${CREDENTIAL_ANCHOR_COLUMNS} FROM credential_anchors
         WHERE credential_id IN (${chunk.map((_, i) => `$${i + 1}`).join(', ')})`,
        chunk,
      )),
    );
  }
  return new Map((await withAnchors(db, rows)).map((r) => [r.credentialId, r]));
}
