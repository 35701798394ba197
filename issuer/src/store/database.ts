import { StoreError } from './store-error.ts';
import { openSqliteDatabase } from './sqlite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import { runMigrations } from './migrations.ts';

/** The SQL dialect behind a {@link Database}. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The issuer's SQL database: SQLite (better-sqlite3) or PostgreSQL (`pg`), one API. Repositories take a `Database`,
 * so the same function runs on the root database (each statement commits on its own) or inside a transaction
 * (the `tx` handed to {@link Database.transaction}).
 *
 * Conventions shared by both dialects: `$1, $2 …` placeholders; identifiers are application UUIDs; timestamps are
 * ISO-8601 UTC text; booleans are 0/1 integers; integer columns come back as JS numbers.
 * Every failure is a {@link StoreError}.
 */
export interface Database {
  /** Which dialect this is, for the rare statement that must differ. */
  readonly dialect: Dialect;
  /**
   * Runs one statement and returns its rows (`[]` for a statement without result rows).
   * SQL uses $1, $2 … placeholders in both dialects (rewritten to ?1, ?2 for SQLite).
   *
   * @param sql - one statement with `$n` placeholders; never interpolate values into it.
   * @param params - the values of `$1 … $n` (strings, numbers, bigints, booleans, Dates, Buffers, null).
   * @returns the result rows.
   * @throws StoreError `STORE_CONFLICT`, `STORE_APPEND_ONLY`, `STORE_UNAVAILABLE`, `STORE_INVALID_ARGUMENT` or `STORE_ERROR`.
   */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs one statement and returns how many rows it changed.
   *
   * @param sql - one statement with `$n` placeholders.
   * @param params - the values of `$1 … $n`.
   * @returns `{ changes }`, the number of rows inserted, updated or deleted.
   * @throws StoreError as {@link Database.query}.
   */
  execute(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
  /**
   * Runs fn in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: a pooled client), commits or rolls back.
   * Use only the `tx` it receives inside `fn`: using the root database there is refused (`STORE_ERROR`), since on
   * SQLite it would wait for the transaction it runs in. Calling `tx.transaction` nests through a SAVEPOINT, inline:
   * if the inner function throws, only its own statements are undone. A `tx` is unusable once `fn` settled.
   *
   * @param fn - the work; its promise decides commit (fulfilled) or rollback (rejected).
   * @returns what `fn` returns, after COMMIT succeeded.
   * @throws whatever `fn` throws (after ROLLBACK), or StoreError when BEGIN/COMMIT fails.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /**
   * Waits for running transactions, then closes the connection(s). Later calls fail with `STORE_UNAVAILABLE`.
   * On a transaction object this is refused (`STORE_ERROR`).
   */
  close(): Promise<void>;
}

/** Where the database lives. */
export interface OpenDatabaseOptions {
  /** `postgres://…` or `postgresql://…` selects PostgreSQL (any other scheme is refused). */
  url?: string;
  /** SQLite file (its folder is created), used when `url` is not set; default `data/issuer.sqlite`. `:memory:` works. */
  sqliteFile?: string;
  /**
   * PostgreSQL only: schema to use (created if missing, set as `search_path` on every pooled connection).
   * Lower-case letters, digits and `_`, at most 63 characters.
   */
  schema?: string;
}

/** The SQLite file used when neither `url` nor `sqliteFile` is given (relative to the working directory). */
export const DEFAULT_SQLITE_FILE = 'data/issuer.sqlite';

/**
 * Opens the issuer database and applies pending migrations (see `migrations.ts`).
 *
 * @param options - `url` for PostgreSQL, otherwise `sqliteFile` for SQLite; `schema` for PostgreSQL.
 * @returns the open, migrated database; close it with {@link Database.close}.
 * @throws StoreError `STORE_UNAVAILABLE` when the server cannot be reached or the file cannot be opened,
 *   `STORE_INVALID_ARGUMENT` for an unsupported URL scheme or schema name, `STORE_ERROR` when a migration fails.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  let db: Database;
  if (options.url !== undefined && options.url !== '') {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(options.url)?.[1]?.toLowerCase();
    if (scheme !== 'postgres' && scheme !== 'postgresql') {
      // never echo the URL: it may carry a password
      throw new StoreError(
        'STORE_INVALID_ARGUMENT',
        `unsupported database URL scheme "${scheme ?? '(none)'}": use postgres:// or postgresql://, or a SQLite file`,
      );
    }
    db = await openPostgresDatabase(options.url, options.schema);
  } else {
    if (options.schema !== undefined) {
      throw new StoreError('STORE_INVALID_ARGUMENT', 'the schema option applies to PostgreSQL only');
    }
    db = openSqliteDatabase(options.sqliteFile ?? DEFAULT_SQLITE_FILE);
  }
  try {
    await runMigrations(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
