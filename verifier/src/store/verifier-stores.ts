import type { NonceStore } from '@medtrust/core';
import type { Logger } from '../logger.ts';
import type { PresentationRequestStore } from '../requests/presentation-request-store.ts';
import { startExpiredRowPurger } from './expired-row-purger.ts';
import { openVerifierPostgres } from './postgres-migrations.ts';
import { PostgresNonceStore } from './postgres-nonce-store.ts';
import { PostgresPresentationRequestStore } from './postgres-presentation-request-store.ts';
import { openVerifierSqlite } from './sqlite-migrations.ts';
import { SqliteNonceStore } from './sqlite-nonce-store.ts';
import { SqlitePresentationRequestStore } from './sqlite-presentation-request-store.ts';

/** Where the verifier keeps nonces and presentation requests. */
export interface VerifierStoreConfig {
  /** PostgreSQL (`DATABASE_URL`): shared by every verifier instance on it. Takes precedence over `sqlitePath`. */
  databaseUrl?: string;
  /** PostgreSQL schema of the tables (`VERIFIER_DATABASE_SCHEMA`, created if missing); the server default when omitted. */
  databaseSchema?: string;
  /** The embedded SQLite file (`<DATA_DIR>/verifier.sqlite`, or `VERIFIER_DB`); `:memory:` allowed. */
  sqlitePath: string;
  /** How often expired nonces and requests are deleted, seconds (300). */
  purgeIntervalSeconds: number;
}

/** The durable stores of one verifier instance. */
export interface VerifierStores {
  nonces: NonceStore;
  requests: PresentationRequestStore;
  /** Which backend they use. */
  backend: 'postgres' | 'sqlite';
  /** Stops purging and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the nonce and presentation-request stores (PostgreSQL when `databaseUrl` is set, else SQLite), migrates
 * them and starts the periodic purge of expired rows.
 * @param config - backend settings.
 * @param clock - the verifier's clock.
 * @param logger - where purge failures go.
 * @returns the stores.
 * @throws MedtrustError `CONFIGURATION_INVALID` / `STORE_UNAVAILABLE` when the database cannot be opened.
 */
export async function openVerifierStores(
  config: VerifierStoreConfig,
  clock: () => Date,
  logger: Logger,
): Promise<VerifierStores> {
  const intervalMs = config.purgeIntervalSeconds * 1000;
  if (config.databaseUrl) {
    const pool = await openVerifierPostgres(config.databaseUrl, {
      ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    });
    const nonces = new PostgresNonceStore(pool, clock);
    const requests = new PostgresPresentationRequestStore(pool, { clock });
    const stop = startExpiredRowPurger([nonces, requests], intervalMs, logger);
    return {
      nonces,
      requests,
      backend: 'postgres',
      async close() {
        stop();
        await pool.end();
      },
    };
  }
  const db = openVerifierSqlite(config.sqlitePath);
  const nonces = new SqliteNonceStore(db, clock);
  const requests = new SqlitePresentationRequestStore(db, { clock });
  const stop = startExpiredRowPurger([nonces, requests], intervalMs, logger);
  return {
    nonces,
    requests,
    backend: 'sqlite',
    async close() {
      stop();
      db.close();
    },
  };
}
