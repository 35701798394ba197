import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from './database.ts';
import { AsyncMutex } from './async-mutex.ts';
import { StoreError, describeStatement } from './store-error.ts';
import { toSqlitePlaceholders, toSqlValues, type SqlValue } from './sql-params.ts';
import { APPEND_ONLY_MESSAGE } from './migrations.ts';
import { TransactionDatabase, TransactionTracker, type StatementRunner } from './transaction-database.ts';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** How many prepared statements each connection keeps. */
const STATEMENT_CACHE_SIZE = 500;
/** How long a connection waits for another process's lock before failing with `STORE_UNAVAILABLE`. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The open connections of one SQLite file, shared by every {@link SqliteDatabase} handle on that file in this
 * process. Sharing is what makes two handles safe: better-sqlite3 blocks the event loop while it waits for a lock,
 * so a second connection in the same process waiting for BEGIN IMMEDIATE would stall the very transaction that
 * holds the lock until `busy_timeout` expires. One writer + one FIFO mutex per file avoids that.
 */
class SqliteEngine {
  readonly writer: SqliteConnection;
  readonly reader: SqliteConnection | undefined;
  readonly mutex = new AsyncMutex();
  readonly tracker = new TransactionTracker();
  readonly key: string | undefined;
  handles = 0;

  constructor(writer: SqliteConnection, reader: SqliteConnection | undefined, key: string | undefined) {
    this.writer = writer;
    this.reader = reader;
    this.key = key;
  }

  /** Closes both connections once running transactions are done. */
  async close(): Promise<void> {
    await this.mutex.run(() => {
      this.reader?.close();
      this.writer.close();
    });
  }
}

/** Engines by absolute file path (`:memory:` databases are never shared). */
const engines = new Map<string, SqliteEngine>();

/**
 * Opens an SQLite file (creating its folder) with WAL, `busy_timeout = 5000` and `foreign_keys = ON`. Handles on
 * the same file in one process share one connection and one transaction queue. Does not migrate: use
 * `openDatabase`.
 *
 * @param file - path of the database file, or `:memory:`.
 * @returns a new handle on the database.
 * @throws StoreError `STORE_UNAVAILABLE` when the file cannot be created or opened.
 */
export function openSqliteDatabase(file: string): SqliteDatabase {
  const inMemory = file === ':memory:' || file === '';
  const key = inMemory ? undefined : resolve(file);
  let engine = key === undefined ? undefined : engines.get(key);
  if (engine === undefined) {
    engine = createEngine(file, key);
    if (key !== undefined) engines.set(key, engine);
  }
  engine.handles++;
  return new SqliteDatabase(engine);
}

function createEngine(file: string, key: string | undefined): SqliteEngine {
  let writer: SqliteConnection | undefined;
  try {
    if (key !== undefined) mkdirSync(dirname(key), { recursive: true });
    writer = new SqliteConnection(new BetterSqlite3(file));
    writer.pragma('journal_mode = WAL');
    writer.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    writer.pragma('foreign_keys = ON');
    let reader: SqliteConnection | undefined;
    if (key !== undefined) {
      // Statements that only read run on their own connection, so they never queue behind a transaction.
      reader = new SqliteConnection(new BetterSqlite3(file, { readonly: true }));
      reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    return new SqliteEngine(writer, reader, key);
  } catch (error) {
    writer?.close();
    throw toSqliteStoreError(error, 'open', true);
  }
}

/**
 * The SQLite {@link Database}. better-sqlite3 is synchronous and has one writing connection, so transactions take
 * turns through a FIFO {@link AsyncMutex} (BEGIN IMMEDIATE … COMMIT / ROLLBACK while holding it); statements issued
 * outside a transaction wait for the running one, except read-only statements, which run on a second, read-only
 * connection (WAL lets it read the last committed state concurrently). Other processes are kept out by SQLite's
 * own locking (`busy_timeout`).
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  readonly #engine: SqliteEngine;
  #closed = false;

  /** @param engine - the shared connections of the file. */
  constructor(engine: SqliteEngine) {
    this.#engine = engine;
  }

  /** {@inheritDoc Database.query} */
  async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    this.#assertUsable('query()');
    const values = toSqlValues(params);
    const { reader, writer } = this.#engine;
    if (reader !== undefined && writer.isReadonly(sql)) return reader.query<T>(sql, values);
    return this.#withWriter(() => writer.query<T>(sql, values));
  }

  /** {@inheritDoc Database.execute} */
  async execute(sql: string, params?: readonly unknown[]): Promise<{ changes: number }> {
    this.#assertUsable('execute()');
    const values = toSqlValues(params);
    return this.#withWriter(() => this.#engine.writer.execute(sql, values));
  }

  /** {@inheritDoc Database.transaction} */
  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    this.#assertUsable('transaction()');
    const { writer, mutex, tracker } = this.#engine;
    const release = await mutex.acquire();
    try {
      this.#assertOpen();
      writer.execute('BEGIN IMMEDIATE', []);
      const tx = new TransactionDatabase('sqlite', writer.asRunner());
      try {
        const result = await tracker.run(() => fn(tx));
        tx.finish();
        writer.execute('COMMIT', []);
        return result;
      } catch (error) {
        tx.finish();
        if (writer.inTransaction) {
          try {
            writer.execute('ROLLBACK', []);
          } catch {
            // nothing more to undo; report the original failure
          }
        }
        throw error;
      }
    } finally {
      release();
    }
  }

  /** {@inheritDoc Database.close} */
  async close(): Promise<void> {
    this.#engine.tracker.assertOutside('close()');
    if (this.#closed) return;
    this.#closed = true;
    const engine = this.#engine;
    engine.handles--;
    if (engine.handles > 0) return;
    if (engine.key !== undefined && engines.get(engine.key) === engine) engines.delete(engine.key);
    await engine.close();
  }

  /** Runs `fn` on the writer, waiting for a running transaction first. */
  async #withWriter<T>(fn: () => T): Promise<T> {
    const { mutex } = this.#engine;
    if (!mutex.locked) return fn(); // synchronous: nothing can interleave
    return mutex.run(() => {
      this.#assertOpen();
      return fn();
    });
  }

  #assertUsable(operation: string): void {
    this.#engine.tracker.assertOutside(operation);
    this.#assertOpen();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('STORE_UNAVAILABLE', 'the database is closed');
  }
}

/** One better-sqlite3 connection with a prepared-statement cache and error mapping. */
class SqliteConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, Statement>();

  /** @param db - an open better-sqlite3 connection. */
  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  /** Whether a transaction is open on this connection. */
  get inTransaction(): boolean {
    return this.#db.inTransaction;
  }

  /**
   * Sets a PRAGMA.
   *
   * @param pragma - e.g. `journal_mode = WAL`.
   */
  pragma(pragma: string): void {
    this.#db.pragma(pragma);
  }

  /**
   * @param sql - a statement with `$n` placeholders.
   * @returns whether it only reads the database.
   * @throws StoreError when it does not compile.
   */
  isReadonly(sql: string): boolean {
    return this.#prepare(sql).readonly;
  }

  /**
   * Runs one statement and returns its rows.
   *
   * @param sql - a statement with `$n` placeholders.
   * @param values - normalised parameter values.
   * @returns the rows (`[]` when the statement returns none).
   * @throws StoreError mapped from the SQLite failure.
   */
  query<T>(sql: string, values: SqlValue[]): T[] {
    const statement = this.#prepare(sql);
    try {
      if (!statement.reader) {
        statement.run(...bindArguments(values));
        return [];
      }
      return statement.all(...bindArguments(values)) as T[];
    } catch (error) {
      throw toSqliteStoreError(error, sql);
    }
  }

  /**
   * Runs one statement and returns the number of changed rows.
   *
   * @param sql - a statement with `$n` placeholders.
   * @param values - normalised parameter values.
   * @returns `{ changes }` (for a statement that returns rows: how many it returned).
   * @throws StoreError mapped from the SQLite failure.
   */
  execute(sql: string, values: SqlValue[]): { changes: number } {
    const statement = this.#prepare(sql);
    try {
      if (statement.reader) return { changes: statement.all(...bindArguments(values)).length };
      return { changes: statement.run(...bindArguments(values)).changes };
    } catch (error) {
      throw toSqliteStoreError(error, sql);
    }
  }

  /** @returns this connection as the {@link StatementRunner} of a transaction holding it. */
  asRunner(): StatementRunner {
    return {
      query: async <T>(sql: string, values: SqlValue[]) => this.query<T>(sql, values),
      execute: async (sql: string, values: SqlValue[]) => this.execute(sql, values),
    };
  }

  /** Closes the connection (idempotent). */
  close(): void {
    this.#statements.clear();
    if (this.#db.open) this.#db.close();
  }

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement !== undefined) return statement;
    try {
      statement = this.#db.prepare<unknown[], unknown>(toSqlitePlaceholders(sql));
    } catch (error) {
      throw toSqliteStoreError(error, sql);
    }
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

/** better-sqlite3 binds numbered parameters (`?1`) by name: `{ 1: v1, 2: v2 }`. */
function bindArguments(values: SqlValue[]): unknown[] {
  if (values.length === 0) return [];
  const named: Record<number, SqlValue> = {};
  values.forEach((value, i) => {
    named[i + 1] = value;
  });
  return [named];
}

const UNAVAILABLE_CODES = [
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_PERM',
  'SQLITE_READONLY',
];

/**
 * Maps a better-sqlite3 failure to a {@link StoreError}. SQLite messages name tables, columns and constraints but
 * never bound values, so they are kept; the raw error is not attached.
 *
 * @param error - what better-sqlite3 threw.
 * @param sql - the statement, or a word naming the operation.
 * @param opening - whether the failure happened while opening the file (then every failure is `STORE_UNAVAILABLE`).
 * @returns the StoreError to throw.
 */
export function toSqliteStoreError(error: unknown, sql: string, opening = false): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown }).code;
  const driverCode = typeof code === 'string' ? code : undefined;
  const message = error instanceof Error ? error.message : 'unknown failure';
  const where = `SQLite ${describeStatement(sql)}`;
  if (opening) return new StoreError('STORE_UNAVAILABLE', `${where}: ${message}`, { driverCode });
  if (driverCode === 'SQLITE_CONSTRAINT_UNIQUE' || driverCode === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const constraint = /constraint failed: (.*)$/.exec(message)?.[1];
    return new StoreError('STORE_CONFLICT', `${where}: ${message}`, { driverCode, constraint });
  }
  if (message.includes(APPEND_ONLY_MESSAGE)) {
    return new StoreError('STORE_APPEND_ONLY', `${where}: ${message}`, { driverCode });
  }
  if (driverCode !== undefined && UNAVAILABLE_CODES.some((c) => driverCode.startsWith(c))) {
    return new StoreError('STORE_UNAVAILABLE', `${where}: ${message}`, { driverCode });
  }
  if (error instanceof TypeError && /not open/.test(message)) {
    return new StoreError('STORE_UNAVAILABLE', `${where}: the database is closed`);
  }
  return new StoreError('STORE_ERROR', `${where}: ${message}`, { driverCode });
}
