// The two durable backends of the verifier's stores, each opened fresh (its own SQLite file or PostgreSQL schema).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import {
  PostgresNonceStore,
  PostgresPresentationRequestStore,
  SqliteNonceStore,
  SqlitePresentationRequestStore,
  openVerifierPostgres,
  openVerifierSqlite,
} from '../../src/index.ts';
import { DATABASE_URL_TEST, dropSchemas, uniqueSchema } from './postgres-test-schema.ts';

/** One open backend. */
export interface OpenStores {
  nonces: SqliteNonceStore | PostgresNonceStore;
  requests: SqlitePresentationRequestStore | PostgresPresentationRequestStore;
  close(): Promise<void>;
}

/** A backend the contract runs against. */
export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** Fresh, empty stores on `clock`. */
  open(clock: () => Date): Promise<OpenStores>;
  /** Removes what `open` created. */
  cleanUp(): Promise<void>;
}

/** SQLite files in a temporary folder. */
export function sqliteBackend(): StoreBackend {
  const dir = mkdtempSync(join(tmpdir(), 'verifier-store-'));
  let n = 0;
  return {
    name: 'sqlite',
    async open(clock) {
      const db = openVerifierSqlite(join(dir, `stores-${++n}.sqlite`));
      return {
        nonces: new SqliteNonceStore(db, clock),
        requests: new SqlitePresentationRequestStore(db, { clock }),
        async close() {
          db.close();
        },
      };
    },
    async cleanUp() {},
  };
}

/** A fresh schema per `open` on DATABASE_URL_TEST. */
export function postgresBackend(): StoreBackend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async open(clock) {
      const schema = uniqueSchema();
      schemas.push(schema);
      const pool: pg.Pool = await openVerifierPostgres(DATABASE_URL_TEST, { schema });
      return {
        nonces: new PostgresNonceStore(pool, clock),
        requests: new PostgresPresentationRequestStore(pool, { clock }),
        async close() {
          await pool.end();
        },
      };
    },
    cleanUp: () => dropSchemas(schemas),
  };
}
