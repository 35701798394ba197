import pg from 'pg';
import type { Database } from './database.ts';
import { StoreError, describeStatement } from './store-error.ts';
import { toSqlValues, type SqlValue } from './sql-params.ts';
import { APPEND_ONLY_SQLSTATE } from './migrations.ts';
import { TransactionDatabase, TransactionTracker, type StatementRunner } from './transaction-database.ts';

/** Connections in the pool. */
const POOL_SIZE = 10;
/** How long establishing one connection may take (unreachable or black-holed host) before `STORE_UNAVAILABLE`. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a statement or transaction may wait for a free pooled connection before `STORE_UNAVAILABLE` (overload). */
const POOL_WAIT_TIMEOUT_MS = 60_000;
/** A schema name usable unquoted in `search_path` and in DDL. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const INT8_OID = 20;

/**
 * Type parsers of this pool only (the process-wide `pg.types` is left alone): BIGINT (`int8`, e.g. COUNT(*),
 * BIGSERIAL) comes back as a JS number; the values stored here stay far below 2^53.
 */
const TYPE_PARSERS: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * pg-pool uses one `connectionTimeoutMillis` both for waiting in its queue and, through the client config, for
 * establishing a connection. This client overrides the latter, so a long queue under load is not mistaken for an
 * unreachable server and an unreachable server is reported quickly.
 */
class TimedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(typeof config === 'string' ? config : { ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

/**
 * Opens a PostgreSQL pool and checks it can connect. With `schema`, the schema is created if missing (under an
 * advisory lock, so concurrent openers do not race) and every pooled connection starts with it as `search_path`.
 * Does not migrate: use `openDatabase`.
 *
 * @param url - `postgres://user:password@host:port/database`.
 * @param schema - optional schema name (lower-case letters, digits, `_`).
 * @returns the database.
 * @throws StoreError `STORE_UNAVAILABLE` when the server cannot be reached, `STORE_INVALID_ARGUMENT` for a bad schema
 *   name or an unparsable URL.
 */
export async function openPostgresDatabase(url: string, schema?: string): Promise<PostgresDatabase> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      'STORE_INVALID_ARGUMENT',
      'schema names are 1-63 lower-case letters, digits or "_", not starting with a digit',
    );
  }
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: url,
      max: POOL_SIZE,
      connectionTimeoutMillis: POOL_WAIT_TIMEOUT_MS,
      Client: TimedClient,
      types: TYPE_PARSERS,
      ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
    });
  } catch {
    throw new StoreError('STORE_INVALID_ARGUMENT', 'the PostgreSQL URL cannot be parsed'); // never echo it
  }
  // An idle connection that dies (server restart) is discarded by the pool; without a listener it would crash
  // the process. The next query opens a new connection or fails with STORE_UNAVAILABLE.
  pool.on('error', () => undefined);
  const db = new PostgresDatabase(pool);
  try {
    if (schema !== undefined) {
      await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`medtrust:create-schema:${schema}`]);
        await tx.execute(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      });
    } else {
      await db.query('SELECT 1');
    }
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

/**
 * The PostgreSQL {@link Database} over a `pg.Pool`: statements outside a transaction use any pooled connection;
 * each transaction checks out its own client (BEGIN … COMMIT / ROLLBACK) and returns it, or destroys it when the
 * connection broke. Transactions run at PostgreSQL's default READ COMMITTED level.
 */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #tracker = new TransactionTracker();
  #closed = false;

  /** @param pool - the pool to use; closed by {@link PostgresDatabase.close}. */
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** {@inheritDoc Database.query} */
  async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    this.#assertUsable('query()');
    const values = toSqlValues(params);
    try {
      const result = await this.#pool.query({ text: sql, values });
      return result.rows as T[];
    } catch (error) {
      throw toPostgresStoreError(error, sql);
    }
  }

  /** {@inheritDoc Database.execute} */
  async execute(sql: string, params?: readonly unknown[]): Promise<{ changes: number }> {
    this.#assertUsable('execute()');
    const values = toSqlValues(params);
    try {
      const result = await this.#pool.query({ text: sql, values });
      return { changes: result.rowCount ?? 0 };
    } catch (error) {
      throw toPostgresStoreError(error, sql);
    }
  }

  /** {@inheritDoc Database.transaction} */
  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    this.#assertUsable('transaction()');
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw toPostgresStoreError(error, 'connect');
    }
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error; // the connection died while checked out: destroy it on release
    };
    client.on('error', onError);
    const runner = clientRunner(client);
    try {
      await runner.execute('BEGIN', []);
      const tx = new TransactionDatabase('postgres', runner);
      try {
        const result = await this.#tracker.run(() => fn(tx));
        tx.finish();
        await runner.execute('COMMIT', []);
        return result;
      } catch (error) {
        tx.finish();
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken ??= rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
        }
        throw error;
      }
    } catch (error) {
      if (error instanceof StoreError && error.code === 'STORE_UNAVAILABLE') {
        broken ??= new Error('connection failure');
      }
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** {@inheritDoc Database.close} */
  async close(): Promise<void> {
    this.#tracker.assertOutside('close()');
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  #assertUsable(operation: string): void {
    this.#tracker.assertOutside(operation);
    if (this.#closed) throw new StoreError('STORE_UNAVAILABLE', 'the database is closed');
  }
}

/** Statements on one checked-out client. */
function clientRunner(client: pg.PoolClient): StatementRunner {
  return {
    async query<T>(sql: string, values: SqlValue[]): Promise<T[]> {
      try {
        return (await client.query({ text: sql, values })).rows as T[];
      } catch (error) {
        throw toPostgresStoreError(error, sql);
      }
    },
    async execute(sql: string, values: SqlValue[]): Promise<{ changes: number }> {
      try {
        return { changes: (await client.query({ text: sql, values })).rowCount ?? 0 };
      } catch (error) {
        throw toPostgresStoreError(error, sql);
      }
    },
  };
}

/** SQLSTATE classes whose server messages name objects but never row values (class 22 does quote values). */
const SAFE_MESSAGE_CLASSES = new Set([
  '08',
  '23',
  '25',
  '28',
  '3D',
  '40',
  '42',
  '53',
  '54',
  '55',
  '57',
  'MT',
]);
const UNAVAILABLE_SQLSTATES = new Set(['3D000', '53300', '57P01', '57P02', '57P03']);
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Cannot use a pool after calling end/i;

/**
 * Maps a `pg` failure to a {@link StoreError}. Messages of SQLSTATE classes that can quote values (data exceptions)
 * are replaced by the bare SQLSTATE, and `detail` (which lists the row's values) is never used.
 *
 * @param error - what `pg` threw.
 * @param sql - the statement, or a word naming the operation.
 * @returns the StoreError to throw.
 */
export function toPostgresStoreError(error: unknown, sql: string): StoreError {
  if (error instanceof StoreError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    constraint?: unknown;
    table?: unknown;
    column?: unknown;
  };
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const rawMessage = typeof fields.message === 'string' ? fields.message : 'unknown failure';
  const constraint = typeof fields.constraint === 'string' ? fields.constraint : undefined;
  const where = `PostgreSQL ${describeStatement(sql)}`;
  const isSqlState = code !== undefined && /^[0-9A-Z]{5}$/.test(code);

  if (!isSqlState) {
    // a client-side failure: URL, socket, pool, protocol
    if (code === 'ERR_INVALID_URL') {
      return new StoreError('STORE_INVALID_ARGUMENT', 'the PostgreSQL URL cannot be parsed', {
        driverCode: code,
      });
    }
    if ((code !== undefined && UNAVAILABLE_SOCKET_CODES.has(code)) || UNAVAILABLE_MESSAGES.test(rawMessage)) {
      return new StoreError('STORE_UNAVAILABLE', `${where}: ${rawMessage}`, { driverCode: code });
    }
    return new StoreError('STORE_ERROR', `${where}: ${rawMessage}`, { driverCode: code });
  }

  const sqlClass = code.slice(0, 2);
  let message: string;
  if (SAFE_MESSAGE_CLASSES.has(sqlClass)) {
    message = `${where}: ${rawMessage} (SQLSTATE ${code})`;
  } else {
    const table = typeof fields.table === 'string' ? ` table ${fields.table}` : '';
    const column = typeof fields.column === 'string' ? ` column ${fields.column}` : '';
    message = `${where}: failed with SQLSTATE ${code}${table}${column}`;
  }
  if (code === '23505') return new StoreError('STORE_CONFLICT', message, { driverCode: code, constraint });
  if (code === APPEND_ONLY_SQLSTATE)
    return new StoreError('STORE_APPEND_ONLY', message, { driverCode: code });
  if (sqlClass === '08' || sqlClass === '28' || UNAVAILABLE_SQLSTATES.has(code)) {
    return new StoreError('STORE_UNAVAILABLE', message, { driverCode: code });
  }
  return new StoreError('STORE_ERROR', message, { driverCode: code, constraint });
}
