import type { Database } from './database.ts';
import { pageSize } from './pagination.ts';

/** One event of the public feed: a credential published, or a publication withdrawn. */
export interface PublicationEvent {
  /** Position in the feed (increasing; the cursor). */
  seq: number;
  credentialId: string;
  type: string;
  /** When it was published or withdrawn (ISO 8601). */
  at: string;
  withdrawn: boolean;
  /** The credential's compact JWT (publications only; a withdrawal carries none). */
  jwt?: string;
}

/** One page of the feed. */
export interface PublicationPage {
  items: PublicationEvent[];
  /** The `after` of the next page: the last `seq` of this one (the given `after` when it is empty). */
  next: number;
  /** Whether more events follow at once (otherwise poll `next` again later). */
  hasMore: boolean;
}

interface Row {
  seq: number | string;
  credentialId: string;
  type: string;
  at: string;
  withdrawn: number | boolean;
  jwt: string | null;
}

/** Key of the PostgreSQL advisory lock that orders feed appends (a reader must never see seq n+1 before n). */
const FEED_APPEND_LOCK = 73_501_456;

/**
 * Appends a feed event (publication or withdrawal). Call it inside the transaction of the change it records. On
 * PostgreSQL it first takes a transaction-scoped advisory lock, so feed events commit in `seq` order and a reader
 * that has seen `seq` n can never later miss an event below n (sequences alone commit out of order).
 *
 * @param tx - the transaction.
 * @param event - organisation, credential, type, time and whether it is a withdrawal.
 * @throws StoreError on database failure.
 */
export async function appendPublicationEvent(
  tx: Database,
  event: { organisationId: string; credentialId: string; type: string; at: string; withdrawn: boolean },
): Promise<void> {
  if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [FEED_APPEND_LOCK]);
  await tx.query(
    `INSERT INTO publications (organisation_id, credential_id, type, at, withdrawn) VALUES ($1, $2, $3, $4, $5)`,
    [event.organisationId, event.credentialId, event.type, event.at, event.withdrawn ? 1 : 0],
  );
}

/**
 * Whether a credential is published now (its latest feed event is a publication).
 * @param db - database or transaction.
 * @param credentialId - the credential.
 * @throws StoreError on database failure.
 */
export async function isPublished(db: Database, credentialId: string): Promise<boolean> {
  const rows = await db.query<{ withdrawn: number | boolean }>(
    `SELECT withdrawn FROM publications WHERE credential_id = $1 ORDER BY seq DESC LIMIT 1`,
    [credentialId],
  );
  return rows[0] !== undefined && !rows[0].withdrawn;
}

/**
 * Reads the feed after a position, oldest first, with each publication's JWT.
 * @param db - database.
 * @param after - the last `seq` already read (0 for the start).
 * @param limit - page size (1…500, default 100).
 * @returns the page and the next cursor.
 * @throws StoreError on database failure.
 */
export async function listPublicationEvents(
  db: Database,
  after: number,
  limit?: number,
): Promise<PublicationPage> {
  const size = pageSize(limit, 100);
  const rows = await db.query<Row>(
    `SELECT p.seq, p.credential_id AS "credentialId", p.type, p.at, p.withdrawn,
            CASE WHEN p.withdrawn = 0 THEN c.jwt ELSE NULL END AS jwt
     FROM publications p JOIN credentials c ON c.id = p.credential_id
     WHERE p.seq > $1 ORDER BY p.seq LIMIT $2`,
    [after, size],
  );
  const items = rows.map((row): PublicationEvent => ({
    seq: Number(row.seq),
    credentialId: row.credentialId,
    type: row.type,
    at: row.at,
    withdrawn: Boolean(row.withdrawn),
    ...(row.jwt === null ? {} : { jwt: row.jwt }),
  }));
  return { items, next: items.at(-1)?.seq ?? after, hasMore: items.length === size };
}
