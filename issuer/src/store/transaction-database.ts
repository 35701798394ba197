import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Dialect } from './database.ts';
import { AsyncMutex } from './async-mutex.ts';
import { StoreError } from './store-error.ts';
import { toSqlValues, type SqlValue } from './sql-params.ts';

/** Runs statements on one connection (the connection a transaction holds). */
export interface StatementRunner {
  /** Runs one statement, returns its rows; errors are already StoreErrors. */
  query<T>(sql: string, values: SqlValue[]): Promise<T[]>;
  /** Runs one statement, returns the changed-row count; errors are already StoreErrors. */
  execute(sql: string, values: SqlValue[]): Promise<{ changes: number }>;
}

/**
 * The `tx` object handed to `Database.transaction`: statements run on the transaction's connection, nested
 * `transaction` calls run inline inside a SAVEPOINT (one at a time per level), and every method refuses once the
 * transaction (or savepoint) it belongs to has ended.
 */
export class TransactionDatabase implements Database {
  readonly dialect: Dialect;
  readonly #runner: StatementRunner;
  readonly #depth: number;
  readonly #nested = new AsyncMutex();
  #active = true;

  /**
   * @param dialect - the dialect of the connection.
   * @param runner - runs statements on the transaction's connection.
   * @param depth - 0 for the top-level transaction, n for the n-th nested savepoint.
   */
  constructor(dialect: Dialect, runner: StatementRunner, depth = 0) {
    this.dialect = dialect;
    this.#runner = runner;
    this.#depth = depth;
  }

  /** Marks the transaction (or savepoint) as ended: later calls on this object are refused. */
  finish(): void {
    this.#active = false;
  }

  /** {@inheritDoc Database.query} */
  async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    this.#assertActive();
    return this.#runner.query<T>(sql, toSqlValues(params));
  }

  /** {@inheritDoc Database.execute} */
  async execute(sql: string, params?: readonly unknown[]): Promise<{ changes: number }> {
    this.#assertActive();
    return this.#runner.execute(sql, toSqlValues(params));
  }

  /** {@inheritDoc Database.transaction} */
  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    this.#assertActive();
    return this.#nested.run(async () => {
      this.#assertActive();
      const savepoint = `medtrust_sp_${this.#depth + 1}`;
      await this.#runner.execute(`SAVEPOINT ${savepoint}`, []);
      const child = new TransactionDatabase(this.dialect, this.#runner, this.#depth + 1);
      try {
        const result = await fn(child);
        child.finish();
        await this.#runner.execute(`RELEASE SAVEPOINT ${savepoint}`, []);
        return result;
      } catch (error) {
        child.finish();
        try {
          await this.#runner.execute(`ROLLBACK TO SAVEPOINT ${savepoint}`, []);
          await this.#runner.execute(`RELEASE SAVEPOINT ${savepoint}`, []);
        } catch {
          // the outer transaction is broken anyway; its own rollback reports the failure
        }
        throw error;
      }
    });
  }

  /** Refused: a transaction ends when its function settles. */
  async close(): Promise<void> {
    throw new StoreError(
      'STORE_ERROR',
      'close() is not available on a transaction; close the database instead',
    );
  }

  #assertActive(): void {
    if (!this.#active) {
      throw new StoreError(
        'STORE_ERROR',
        'this transaction has already ended (a statement was not awaited inside transaction())',
      );
    }
  }
}

/** State of one running top-level transaction, visible to the code it runs. */
interface TransactionScope {
  active: boolean;
}

/**
 * Remembers, per root database, which asynchronous code runs inside one of its transactions, so that using the
 * root database from there (instead of `tx`) fails fast instead of deadlocking (SQLite) or silently escaping the
 * transaction (PostgreSQL).
 */
export class TransactionTracker {
  readonly #storage = new AsyncLocalStorage<TransactionScope>();

  /**
   * Runs `fn` marked as inside a transaction of this database.
   *
   * @param fn - the transaction's function.
   * @returns what `fn` returns.
   */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const scope: TransactionScope = { active: true };
    try {
      return await this.#storage.run(scope, fn);
    } finally {
      scope.active = false;
    }
  }

  /**
   * @param operation - what the caller tried, for the message.
   * @throws StoreError `STORE_ERROR` when called from inside a running transaction of this database.
   */
  assertOutside(operation: string): void {
    if (this.#storage.getStore()?.active === true) {
      throw new StoreError(
        'STORE_ERROR',
        `${operation} on the root database inside one of its transactions: use the transaction object (tx) instead`,
      );
    }
  }
}
