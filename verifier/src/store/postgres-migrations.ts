/**
 * The verifier's PostgreSQL pool (nonces and presentation requests) and its migration runner. Several verifier
 * instances may start at once: migrations run under a transaction-scoped advisory lock, so exactly one applies
 * each.
 */
import pg from 'pg';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { VERIFIER_STORE_MIGRATIONS } from './verifier-store-schema.ts';

/** A schema name usable unquoted in `search_path` and DDL. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

/** Options of {@link openVerifierPostgres}. */
export interface VerifierPostgresOptions {
  /** Schema of the tables (created if missing); the server's default `search_path` when omitted. */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/**
 * Opens a pool (BIGINT parsed as numbers for this pool only), creates the schema if asked, and applies the
 * missing migrations.
 * @param url - `postgres://user:password@host:port/database`.
 * @param options - schema and pool size.
 * @returns the pool; the caller ends it.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a bad schema name or URL, `STORE_UNAVAILABLE` when the server
 *   cannot be reached.
 */
export async function openVerifierPostgres(
  url: string,
  options: VerifierPostgresOptions = {},
): Promise<pg.Pool> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, 'the verifier database schema name is invalid');
  }
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID && format !== 'binary'
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
      },
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
  } catch {
    throw new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, 'DATABASE_URL cannot be parsed'); // never echo it
  }
  pool.on('error', () => undefined); // an idle connection that dies is discarded; the next query reconnects
  try {
    await migratePostgres(pool, schema);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof MedtrustError) throw error;
    throw new MedtrustError(
      ErrorCodes.STORE_UNAVAILABLE,
      `the verifier database cannot be prepared: ${(error as Error).message}`,
    );
  }
  return pool;
}

/**
 * Applies the migrations the database lacks, in one transaction under an advisory lock.
 * @param pool - the pool.
 * @param schema - created first when given.
 * @returns the versions applied by this call.
 */
export async function migratePostgres(pool: pg.Pool, schema?: string): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `medtrust:verifier-migrate:${schema ?? ''}`,
    ]);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS verifier_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM verifier_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const migration of VERIFIER_STORE_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO verifier_migrations (version, applied_at) VALUES ($1, $2)', [
        migration.version,
        Date.now(),
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
