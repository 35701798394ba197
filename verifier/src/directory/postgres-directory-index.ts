/**
 * The {@link DirectoryIndex} on PostgreSQL (when `DATABASE_URL` is set): tables `directory_parties` (a `tsvector` of
 * each party's tokens — built from the tokens as they are, `array_to_tsvector`, so no text-search parser splits
 * them differently from SQLite — on a GIN index; names and keys in `COLLATE "C"`, so the order is SQLite's byte
 * order) and `directory_results` (stored verifications), shared by every verifier instance on the database. The
 * planner picks, per query, between the GIN index and a walk of the name order.
 */
import type pg from 'pg';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { openVerifierPostgres } from '../store/postgres-migrations.ts';
import type {
  DirectoryIndex,
  PartySearch,
  RecordWrite,
  SearchPage,
  StaleMarks,
  StoredVerification,
} from './directory-index.ts';
import { pageOf } from './directory-index.ts';
import { partyOfColumns, resultOfColumns, type PartyColumns, type ResultColumns } from './index-rows.ts';
import type { PartyChanges } from './party-row.ts';

/** One schema step of the directory's PostgreSQL tables. */
interface DirectoryMigration {
  version: number;
  sql: string;
}

const MIGRATIONS: readonly DirectoryMigration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE directory_parties (
  subject_key TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  did TEXT NOT NULL,
  name TEXT,
  number TEXT,
  jurisdiction TEXT,
  country TEXT,
  issuer TEXT NOT NULL,
  specialty TEXT,
  role TEXT,
  credentials INTEGER NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL,
  tokens TEXT NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (array_to_tsvector(string_to_array(tokens, ' '))) STORED,
  PRIMARY KEY (subject_key, kind)
);
CREATE INDEX directory_parties_order ON directory_parties (name_key, subject_key, kind);
CREATE INDEX directory_parties_kind ON directory_parties (kind, name_key, subject_key);
CREATE INDEX directory_parties_country ON directory_parties (country, name_key, subject_key, kind);
CREATE INDEX directory_parties_tsv ON directory_parties USING GIN (tsv);
CREATE TABLE directory_results (
  jwt_hash TEXT COLLATE "C" PRIMARY KEY,
  issuer_address TEXT,
  subject_address TEXT,
  status_list TEXT,
  status TEXT NOT NULL,
  accreditation TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  recheck_after TEXT NOT NULL,
  stale BOOLEAN NOT NULL DEFAULT false,
  generation BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX directory_results_issuer ON directory_results (issuer_address);
CREATE INDEX directory_results_subject ON directory_results (subject_address);
CREATE INDEX directory_results_list ON directory_results (status_list);
CREATE INDEX directory_results_stale ON directory_results (jwt_hash) WHERE stale;
CREATE TABLE directory_result_accreditors (
  address TEXT NOT NULL,
  jwt_hash TEXT NOT NULL,
  PRIMARY KEY (address, jwt_hash)
);
CREATE INDEX directory_result_accreditors_hash ON directory_result_accreditors (jwt_hash);
`,
  },
];

/** The `tsquery` of tokens: each a prefix, all required (tokens are letters and digits only). */
function tsqueryOf(tokens: readonly string[]): string {
  return tokens.map((t) => `'${t.replace(/'/g, "''")}':*`).join(' & ');
}

/** Options of {@link PostgresDirectoryIndex.open}. */
export interface PostgresDirectoryIndexOptions {
  /** Schema of the tables (created if missing); the server default when omitted. */
  schema?: string;
  /** Connections in the pool (default 4). */
  poolSize?: number;
}

/** {@link DirectoryIndex} on PostgreSQL. */
export class PostgresDirectoryIndex implements DirectoryIndex {
  readonly backend = 'postgres' as const;
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /**
   * Opens a pool and applies the directory's migrations (under an advisory lock: instances may start together).
   * @param url - `DATABASE_URL`.
   * @param options - schema and pool size.
   * @returns the index.
   * @throws MedtrustError `CONFIGURATION_INVALID` / `STORE_UNAVAILABLE`.
   */
  static async open(
    url: string,
    options: PostgresDirectoryIndexOptions = {},
  ): Promise<PostgresDirectoryIndex> {
    const pool = await openVerifierPostgres(url, {
      poolSize: options.poolSize ?? 4,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    });
    try {
      await migrate(pool, options.schema);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new MedtrustError(
        ErrorCodes.STORE_UNAVAILABLE,
        `the directory tables cannot be prepared: ${(error as Error).message}`,
      );
    }
    return new PostgresDirectoryIndex(pool);
  }

  /** {@inheritDoc DirectoryIndex.putParties} */
  async putParties(changes: PartyChanges): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const rows = changes.upserts;
      if (rows.length > 0) {
        const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((r) => r[key] ?? null);
        await client.query(
          `INSERT INTO directory_parties (subject_key, kind, did, name, number, jurisdiction, country, issuer,
             specialty, role, credentials, name_key, tokens)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
             $7::text[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[], $13::text[])
           ON CONFLICT (subject_key, kind) DO UPDATE SET did = excluded.did, name = excluded.name,
             number = excluded.number, jurisdiction = excluded.jurisdiction, country = excluded.country,
             issuer = excluded.issuer, specialty = excluded.specialty, role = excluded.role,
             credentials = excluded.credentials, name_key = excluded.name_key, tokens = excluded.tokens`,
          [
            column('subjectKey'),
            column('kind'),
            column('did'),
            column('name'),
            column('number'),
            column('jurisdiction'),
            rows.map((r) => r.jurisdiction?.slice(0, 2) ?? null),
            column('issuer'),
            column('specialty'),
            column('role'),
            column('credentials'),
            column('nameKey'),
            column('tokens'),
          ],
        );
      }
      if (changes.removed.length > 0) {
        await client.query(
          `DELETE FROM directory_parties p USING unnest($1::text[], $2::text[]) AS r (subject_key, kind)
           WHERE p.subject_key = r.subject_key AND p.kind = r.kind`,
          [changes.removed.map((r) => r.subjectKey), changes.removed.map((r) => r.kind)],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw unavailable('write the directory index', error);
    } finally {
      client.release();
    }
  }

  /** {@inheritDoc DirectoryIndex.partyCount} */
  async partyCount(): Promise<number> {
    const { rows } = await this.#query<{ n: number }>(
      'count the directory',
      'SELECT COUNT(*)::int AS n FROM directory_parties',
    );
    return rows[0]?.n ?? 0;
  }

  /** {@inheritDoc DirectoryIndex.search} */
  async search(search: PartySearch): Promise<SearchPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown, cast = '') => {
      params.push(value);
      return `$${params.length}${cast}`;
    };
    if (search.subjectKey !== undefined) where.push(`p.subject_key = ${param(search.subjectKey)}`);
    if (search.kind !== undefined) where.push(`p.kind = ${param(search.kind)}`);
    if (search.jurisdiction !== undefined) {
      const j = search.jurisdiction;
      where.push(
        `p.country = ${param(j.slice(0, 2))} AND (p.jurisdiction = ${param(j)} OR ` +
          `substr(p.jurisdiction, 1, ${param(j.length + 1, '::int')}) = ${param(`${j}-`)})`,
      );
    }
    if (search.after !== undefined) {
      where.push(
        `(p.name_key, p.subject_key, p.kind) > (${param(search.after.nameKey)}, ` +
          `${param(search.after.subjectKey)}, ${param(search.after.kind)})`,
      );
    }
    const tokens = search.tokens ?? [];
    if (tokens.length > 0) where.push(`p.tsv @@ ${param(tsqueryOf(tokens), '::tsquery')}`);
    const limit = param(search.limit + 1, '::int');
    const offset = param(search.offset, '::int');
    const { rows } = await this.#query<PartyColumns>(
      'search the directory',
      `SELECT p.subject_key, p.kind, p.did, p.name, p.number, p.jurisdiction, p.issuer, p.specialty, p.role,
         p.credentials, p.name_key, p.tokens
       FROM directory_parties p ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY p.name_key, p.subject_key, p.kind LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return pageOf(rows.map(partyOfColumns), search.limit);
  }

  /** {@inheritDoc DirectoryIndex.resultsOf} */
  async resultsOf(jwtHashes: readonly string[]): Promise<Map<string, StoredVerification>> {
    const out = new Map<string, StoredVerification>();
    if (jwtHashes.length === 0) return out;
    const { rows } = await this.#query<ResultColumns>(
      'read stored verifications',
      `SELECT jwt_hash, status, accreditation, checked_at, recheck_after, stale, generation
       FROM directory_results WHERE jwt_hash = ANY($1::text[])`,
      [jwtHashes],
    );
    for (const row of rows) out.set(row.jwt_hash, resultOfColumns(row));
    return out;
  }

  /** {@inheritDoc DirectoryIndex.putResults} */
  async putResults(writes: readonly RecordWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const records = writes.map((w) => w.record);
      await client.query(
        `INSERT INTO directory_results (jwt_hash, issuer_address, subject_address, status_list, status,
           accreditation, checked_at, recheck_after, stale, generation)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::boolean[], $10::bigint[])
         ON CONFLICT (jwt_hash) DO UPDATE SET issuer_address = excluded.issuer_address,
           subject_address = excluded.subject_address, status_list = excluded.status_list,
           status = excluded.status, accreditation = excluded.accreditation, checked_at = excluded.checked_at,
           recheck_after = excluded.recheck_after,
           stale = NOT (NOT excluded.stale AND directory_results.generation = excluded.generation)`,
        [
          records.map((r) => r.jwtHash),
          records.map((r) => r.issuerAddress ?? null),
          records.map((r) => r.subjectAddress ?? null),
          records.map((r) => r.statusList ?? null),
          records.map((r) => JSON.stringify(r.status)),
          records.map((r) => JSON.stringify(r.accreditation)),
          records.map((r) => r.checkedAt),
          records.map((r) => r.recheckAfter),
          writes.map((w) => w.stale),
          writes.map((w) => w.generation),
        ],
      );
      await client.query('DELETE FROM directory_result_accreditors WHERE jwt_hash = ANY($1::text[])', [
        records.map((r) => r.jwtHash),
      ]);
      const links = records.flatMap((r) => r.accreditors.map((a) => [a, r.jwtHash] as const));
      if (links.length > 0) {
        await client.query(
          `INSERT INTO directory_result_accreditors (address, jwt_hash)
           SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
          [links.map((l) => l[0]), links.map((l) => l[1])],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw unavailable('store verifications', error);
    } finally {
      client.release();
    }
  }

  /** {@inheritDoc DirectoryIndex.markStale} */
  async markStale(marks: StaleMarks): Promise<number> {
    const set = 'UPDATE directory_results SET stale = true, generation = generation + 1';
    if (marks.all) return (await this.#query('mark verifications stale', set)).rowCount ?? 0;
    const { rowCount } = await this.#query(
      'mark verifications stale',
      `${set} WHERE issuer_address = ANY($1::text[]) OR subject_address = ANY($2::text[])
         OR status_list = ANY($3::text[])
         OR jwt_hash IN (SELECT jwt_hash FROM directory_result_accreditors WHERE address = ANY($4::text[]))`,
      [marks.issuers ?? [], marks.subjects ?? [], marks.lists ?? [], marks.accreditors ?? []],
    );
    return rowCount ?? 0;
  }

  /** {@inheritDoc DirectoryIndex.staleHashes} */
  async staleHashes(limit: number, after = ''): Promise<string[]> {
    const { rows } = await this.#query<{ jwt_hash: string }>(
      'read stale verifications',
      'SELECT jwt_hash FROM directory_results WHERE stale AND jwt_hash > $1 ORDER BY jwt_hash LIMIT $2',
      [after, limit],
    );
    return rows.map((r) => r.jwt_hash);
  }

  /** {@inheritDoc DirectoryIndex.forgetResults} */
  async forgetResults(jwtHashes: readonly string[]): Promise<void> {
    if (jwtHashes.length === 0) return;
    await this.#query(
      'forget verifications',
      'DELETE FROM directory_results WHERE jwt_hash = ANY($1::text[])',
      [jwtHashes],
    );
    await this.#query(
      'forget verifications',
      'DELETE FROM directory_result_accreditors WHERE jwt_hash = ANY($1::text[])',
      [jwtHashes],
    );
  }

  /** Ends the pool. */
  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #query<R extends pg.QueryResultRow>(
    what: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.#pool.query<R>(sql, params);
    } catch (error) {
      throw unavailable(what, error);
    }
  }
}

function unavailable(what: string, error: unknown): MedtrustError {
  if (error instanceof MedtrustError) return error;
  const code = (error as { code?: unknown }).code;
  return new MedtrustError(
    ErrorCodes.STORE_UNAVAILABLE,
    `the directory database failed to ${what}${typeof code === 'string' ? ` (${code})` : ''}`,
  );
}

async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `medtrust:directory-migrate:${schema ?? ''}`,
    ]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS directory_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM directory_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO directory_migrations (version, applied_at) VALUES ($1, $2)', [
        migration.version,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
