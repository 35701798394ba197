import type { Database } from './database.ts';
import { pageSize } from './pagination.ts';

/**
 * One audit entry. The table is append-only: database triggers refuse UPDATE and DELETE (`STORE_APPEND_ONLY`),
 * and this module has no function to change or remove entries.
 */
export interface AuditEntry {
  /** Position in the log (increasing). */
  seq: number;
  at: string;
  /** The organisation concerned; null for service-wide events. */
  organisationId: string | null;
  /** Who acted: API key id, `cli:<user>`, `system`. */
  actor: string;
  /** What happened, e.g. `credential.revoke`. */
  action: string;
  /** What it happened to, e.g. a credential id. */
  target: string | null;
  /** Extra facts (JSON); never credential bodies or personal data. */
  detail: Record<string, unknown> | null;
}

/** What {@link appendAuditEntry} needs. */
export interface NewAuditEntry {
  at?: string;
  organisationId?: string | null;
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
}

/** One page of {@link listAuditEntries}, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; undefined on the last page. */
  nextBefore: number | undefined;
}

type Row = Omit<AuditEntry, 'detail'> & { detail: string | null };

const COLUMNS = `seq, at, organisation_id AS "organisationId", actor, action, target, detail`;

function fromRow(row: Row): AuditEntry {
  return { ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>) };
}

/**
 * Appends an entry (in the transaction of the action it records, so both happen or neither).
 *
 * @param db - database or transaction.
 * @param entry - the entry; `at` defaults to now.
 * @returns the stored entry with its `seq`.
 * @throws StoreError on database failure.
 */
export async function appendAuditEntry(db: Database, entry: NewAuditEntry): Promise<AuditEntry> {
  const rows = await db.query<Row>(
    `INSERT INTO audit_log (at, organisation_id, actor, action, target, detail)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [
      entry.at ?? new Date().toISOString(),
      entry.organisationId ?? null,
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail),
    ],
  );
  return fromRow(rows[0]!);
}

/**
 * Appends several entries with one statement, in order (the batch form of {@link appendAuditEntry}, for a batch
 * chunk's per-credential entries).
 *
 * @param db - database or transaction.
 * @param entries - the entries; `at` defaults to now.
 * @throws StoreError on database failure.
 */
export async function appendAuditEntries(db: Database, entries: readonly NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const now = new Date().toISOString();
  const params: unknown[] = [];
  const values = entries.map((entry) => {
    const n = params.push(
      entry.at ?? now,
      entry.organisationId ?? null,
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail),
    );
    return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  await db.execute(
    `INSERT INTO audit_log (at, organisation_id, actor, action, target, detail) VALUES ${values.join(', ')}`,
    params,
  );
}

/**
 * Lists an organisation's entries, newest first, one page at a time.
 *
 * @param db - database or transaction.
 * @param organisationId - the organisation.
 * @param options - page size (1…500, default 50) and `before` (the previous page's `nextBefore`).
 * @returns one page and the position of the next.
 * @throws StoreError on database failure.
 */
export async function listAuditEntries(
  db: Database,
  organisationId: string,
  options: { limit?: number; before?: number } = {},
): Promise<AuditPage> {
  const limit = pageSize(options.limit);
  const rows =
    options.before === undefined
      ? await db.query<Row>(
          `SELECT ${COLUMNS} FROM audit_log WHERE organisation_id = $1 ORDER BY seq DESC LIMIT $2`,
          [organisationId, limit + 1],
        )
      : await db.query<Row>(
          `SELECT ${COLUMNS} FROM audit_log WHERE organisation_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`,
          [organisationId, options.before, limit + 1],
        );
  const entries = rows.slice(0, limit).map(fromRow);
  return {
    entries,
    nextBefore: rows.length > limit ? entries[entries.length - 1]?.seq : undefined,
  };
}

/**
 * Lists the entries about one target (e.g. a credential's audit trail), oldest first.
 *
 * @param db - database or transaction.
 * @param organisationId - the organisation (entries of other organisations are never returned).
 * @param target - the target id.
 * @param limit - at most this many entries (1…500, default 500).
 * @returns the entries.
 * @throws StoreError on database failure.
 */
export async function listAuditEntriesForTarget(
  db: Database,
  organisationId: string,
  target: string,
  limit = 500,
): Promise<AuditEntry[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM audit_log WHERE organisation_id = $1 AND target = $2 ORDER BY seq LIMIT $3`,
    [organisationId, target, pageSize(limit)],
  );
  return rows.map(fromRow);
}
