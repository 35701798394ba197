/**
 * The {@link DirectoryIndex} in the directory's SQLite database (schema version 3): an FTS5 index over each party's
 * tokens, and the stored verifications. A party's id follows the search order (`PartyOrderIds`), so a page is the
 * first FTS5 matches (in rowid order) after the cursor that pass the filters: its cost does not grow with how many
 * parties match.
 */
import type { SqliteConnection } from './directory-database.ts';
import type {
  DirectoryIndex,
  PartySearch,
  RecordWrite,
  SearchPage,
  StaleMarks,
  StoredVerification,
} from './directory-index.ts';
import { pageOf } from './directory-index.ts';
import { PartyOrderIds } from './party-order-ids.ts';
import type { PartyChanges } from './party-row.ts';
import { partyOfColumns, resultOfColumns, type PartyColumns, type ResultColumns } from './index-rows.ts';

/** Most values bound in one `IN (…)` list. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The FTS5 query of tokens: each a prefix, all required. */
function matchOf(tokens: readonly string[]): string {
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' AND ');
}

/** {@link DirectoryIndex} on SQLite (synchronous underneath). */
export class SqliteDirectoryIndex implements DirectoryIndex {
  readonly backend = 'sqlite' as const;
  readonly #connection: () => SqliteConnection;

  /**
   * @param db - the directory database (schema version 3 or later), or how to open it on first use.
   */
  constructor(db: SqliteConnection | (() => SqliteConnection)) {
    this.#connection = typeof db === 'function' ? db : () => db;
  }

  get #db(): SqliteConnection {
    return this.#connection();
  }

  /** {@inheritDoc DirectoryIndex.putParties} */
  async putParties(changes: PartyChanges): Promise<void> {
    this.putPartiesNow(changes);
  }

  /**
   * {@link DirectoryIndex.putParties}, synchronously (inside a caller's transaction, e.g. the bench's fill).
   * @param changes - rows to write and remove.
   */
  putPartiesNow(changes: PartyChanges): void {
    const db = this.#db;
    const ids = new PartyOrderIds(db);
    const existing = db.prepare<[string, string], { id: number; name_key: string }>(
      'SELECT id, name_key FROM parties WHERE subject_key = ? AND kind = ?',
    );
    const insert = db.prepare(
      `INSERT INTO parties (id, subject_key, kind, did, name, number, jurisdiction, country, issuer, specialty, role,
         credentials, name_key, tokens)
       VALUES (@id, @subjectKey, @kind, @did, @name, @number, @jurisdiction, @country, @issuer, @specialty, @role,
         @credentials, @nameKey, @tokens)`,
    );
    const update = db.prepare(
      `UPDATE parties SET did = @did, name = @name, number = @number, jurisdiction = @jurisdiction,
         country = @country, issuer = @issuer, specialty = @specialty, role = @role, credentials = @credentials,
         tokens = @tokens
       WHERE id = @id`,
    );
    const remove = db.prepare('DELETE FROM parties WHERE subject_key = ? AND kind = ?');
    db.transaction(() => {
      for (const row of changes.upserts) {
        const values = {
          subjectKey: row.subjectKey,
          kind: row.kind,
          did: row.did,
          name: row.name ?? null,
          number: row.number ?? null,
          jurisdiction: row.jurisdiction ?? null,
          country: row.jurisdiction?.slice(0, 2) ?? null,
          issuer: row.issuer,
          specialty: row.specialty ?? null,
          role: row.role ?? null,
          credentials: row.credentials,
          nameKey: row.nameKey,
          tokens: row.tokens,
        };
        const found = existing.get(row.subjectKey, row.kind);
        if (found !== undefined && found.name_key === row.nameKey) {
          update.run({ ...values, id: found.id });
          continue;
        }
        // new, or renamed (its place in the order moved): a new id between its neighbours
        if (found !== undefined) remove.run(row.subjectKey, row.kind);
        insert.run({ ...values, id: ids.allocate(row) });
      }
      for (const key of changes.removed) remove.run(key.subjectKey, key.kind);
    })();
  }

  /** {@inheritDoc DirectoryIndex.partyCount} */
  async partyCount(): Promise<number> {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM parties').get()?.n ?? 0;
  }

  /** {@inheritDoc DirectoryIndex.search} */
  async search(search: PartySearch): Promise<SearchPage> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (search.subjectKey !== undefined) {
      where.push('p.subject_key = ?');
      params.push(search.subjectKey);
    }
    if (search.kind !== undefined) {
      where.push('p.kind = ?');
      params.push(search.kind);
    }
    if (search.jurisdiction !== undefined) {
      const j = search.jurisdiction;
      where.push('p.country = ? AND (p.jurisdiction = ? OR substr(p.jurisdiction, 1, ?) = ?)');
      params.push(j.slice(0, 2), j, j.length + 1, `${j}-`);
    }
    // ids follow the search order: rows after the cursor are those with a larger id
    const after = search.after === undefined ? 0 : new PartyOrderIds(this.#db).idAtOrBefore(search.after);
    const filters = where.length > 0 ? `AND ${where.join(' AND ')}` : '';
    const tokens = search.tokens ?? [];
    const rows =
      tokens.length > 0
        ? this.#db
            .prepare<Array<string | number>, PartyColumns>(
              `SELECT p.* FROM parties_fts JOIN parties p ON p.id = parties_fts.rowid
               WHERE parties_fts MATCH ? AND parties_fts.rowid > ? ${filters}
               ORDER BY parties_fts.rowid LIMIT ? OFFSET ?`,
            )
            .all(matchOf(tokens), after, ...params, search.limit + 1, search.offset)
        : this.#db
            .prepare<Array<string | number>, PartyColumns>(
              `SELECT p.* FROM parties p WHERE p.id > ? ${filters} ORDER BY p.id LIMIT ? OFFSET ?`,
            )
            .all(after, ...params, search.limit + 1, search.offset);
    return pageOf(rows.map(partyOfColumns), search.limit);
  }

  /** {@inheritDoc DirectoryIndex.resultsOf} */
  async resultsOf(jwtHashes: readonly string[]): Promise<Map<string, StoredVerification>> {
    const out = new Map<string, StoredVerification>();
    const read = this.#db.prepare<[string], ResultColumns>(
      'SELECT * FROM verification_results WHERE jwt_hash IN (SELECT value FROM json_each(?))',
    );
    for (const chunk of chunks(jwtHashes)) {
      for (const row of read.all(JSON.stringify(chunk))) out.set(row.jwt_hash, resultOfColumns(row));
    }
    return out;
  }

  /** {@inheritDoc DirectoryIndex.putResults} */
  async putResults(writes: readonly RecordWrite[]): Promise<void> {
    this.putResultsNow(writes);
  }

  /**
   * {@link DirectoryIndex.putResults}, synchronously.
   * @param writes - the records.
   */
  putResultsNow(writes: readonly RecordWrite[]): void {
    const upsert = this.#db.prepare(
      `INSERT INTO verification_results (jwt_hash, issuer_address, subject_address, status_list, status,
         accreditation, checked_at, recheck_after, stale, generation)
       VALUES (@jwtHash, @issuer, @subject, @list, @status, @accreditation, @checkedAt, @recheckAfter, @stale,
         @generation)
       ON CONFLICT (jwt_hash) DO UPDATE SET issuer_address = excluded.issuer_address,
         subject_address = excluded.subject_address, status_list = excluded.status_list, status = excluded.status,
         accreditation = excluded.accreditation, checked_at = excluded.checked_at,
         recheck_after = excluded.recheck_after,
         stale = CASE WHEN excluded.stale = 0 AND verification_results.generation = excluded.generation THEN 0 ELSE 1 END`,
    );
    const forget = this.#db.prepare('DELETE FROM verification_result_accreditors WHERE jwt_hash = ?');
    const link = this.#db.prepare(
      'INSERT OR IGNORE INTO verification_result_accreditors (address, jwt_hash) VALUES (?, ?)',
    );
    this.#db.transaction(() => {
      for (const { record, generation, stale } of writes) {
        upsert.run({
          jwtHash: record.jwtHash,
          issuer: record.issuerAddress ?? null,
          subject: record.subjectAddress ?? null,
          list: record.statusList ?? null,
          status: JSON.stringify(record.status),
          accreditation: JSON.stringify(record.accreditation),
          checkedAt: record.checkedAt,
          recheckAfter: record.recheckAfter,
          stale: stale ? 1 : 0,
          generation,
        });
        forget.run(record.jwtHash);
        for (const address of record.accreditors) link.run(address, record.jwtHash);
      }
    })();
  }

  /** {@inheritDoc DirectoryIndex.markStale} */
  async markStale(marks: StaleMarks): Promise<number> {
    return this.markStaleNow(marks);
  }

  /**
   * {@link DirectoryIndex.markStale}, synchronously (so a mark made by a chain-head listener is in the database
   * before the head advances).
   * @param marks - what changed.
   * @returns how many verifications were marked.
   */
  markStaleNow(marks: StaleMarks): number {
    const set = 'UPDATE verification_results SET stale = 1, generation = generation + 1';
    if (marks.all) return this.#db.prepare(set).run().changes;
    const conditions: Array<[string, readonly string[]]> = [
      ['issuer_address IN (SELECT value FROM json_each(?))', marks.issuers ?? []],
      ['subject_address IN (SELECT value FROM json_each(?))', marks.subjects ?? []],
      ['status_list IN (SELECT value FROM json_each(?))', marks.lists ?? []],
      [
        `jwt_hash IN (SELECT jwt_hash FROM verification_result_accreditors
           WHERE address IN (SELECT value FROM json_each(?)))`,
        marks.accreditors ?? [],
      ],
    ];
    let changed = 0;
    this.#db.transaction(() => {
      for (const [condition, values] of conditions) {
        const statement = this.#db.prepare(`${set} WHERE ${condition}`);
        for (const chunk of chunks(values)) changed += statement.run(JSON.stringify(chunk)).changes;
      }
    })();
    return changed;
  }

  /** {@inheritDoc DirectoryIndex.staleHashes} */
  async staleHashes(limit: number, after = ''): Promise<string[]> {
    return this.#db
      .prepare<[string, number], { jwt_hash: string }>(
        'SELECT jwt_hash FROM verification_results WHERE stale = 1 AND jwt_hash > ? ORDER BY jwt_hash LIMIT ?',
      )
      .all(after, limit)
      .map((r) => r.jwt_hash);
  }

  /** {@inheritDoc DirectoryIndex.forgetResults} */
  async forgetResults(jwtHashes: readonly string[]): Promise<void> {
    this.#db.transaction(() => {
      for (const chunk of chunks(jwtHashes)) {
        const list = JSON.stringify(chunk);
        this.#db
          .prepare('DELETE FROM verification_results WHERE jwt_hash IN (SELECT value FROM json_each(?))')
          .run(list);
        this.#db
          .prepare(
            'DELETE FROM verification_result_accreditors WHERE jwt_hash IN (SELECT value FROM json_each(?))',
          )
          .run(list);
      }
    })();
  }

  /** The database belongs to the `DirectoryStore`: nothing to close here. */
  async close(): Promise<void> {}
}
