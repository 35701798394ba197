/**
 * The verifier's own SQLite database (nonces and presentation requests): opening (WAL, busy timeout, its folder
 * created) and a small migration runner. Tables carry a `verifier_` prefix so they can share a database file or
 * server with other components.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { VERIFIER_STORE_MIGRATIONS } from './verifier-store-schema.ts';

/** An open better-sqlite3 connection of the verifier's stores. */
export type VerifierSqliteConnection = BetterSqlite3.Database;

/**
 * Opens (creating if missing) the SQLite file and applies every migration not applied yet, each in one
 * transaction, recorded in `verifier_migrations`.
 * @param path - the file, or `:memory:`.
 * @returns the open connection.
 * @throws MedtrustError `CONFIGURATION_INVALID` when the file cannot be opened.
 */
export function openVerifierSqlite(path: string): VerifierSqliteConnection {
  let db: VerifierSqliteConnection;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    db = new BetterSqlite3(path);
  } catch (error) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      `cannot open the verifier database ${path}: ${(error as Error).message}`,
    );
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    migrateSqlite(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Applies the migrations `db` lacks (idempotent; `BEGIN IMMEDIATE` so two processes opening one file do not race).
 * @param db - an open connection.
 * @returns the versions applied by this call.
 */
export function migrateSqlite(db: VerifierSqliteConnection): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS verifier_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied: number[] = [];
  const run = db.transaction(() => {
    const done = new Set(
      (db.prepare('SELECT version FROM verifier_migrations').all() as Array<{ version: number }>).map(
        (row) => row.version,
      ),
    );
    for (const migration of VERIFIER_STORE_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO verifier_migrations (version, applied_at) VALUES (?, ?)').run(
        migration.version,
        Date.now(),
      );
      applied.push(migration.version);
    }
  });
  run.immediate();
  return applied;
}
