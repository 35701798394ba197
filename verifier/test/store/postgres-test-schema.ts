// A unique PostgreSQL schema per test run on DATABASE_URL_TEST, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test server (`.ci/run` sets it; the local default otherwise). */
export const DATABASE_URL_TEST = process.env.DATABASE_URL_TEST || 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other run uses. */
export function uniqueSchema(prefix = 'vstore'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops the schemas (and their tables). */
export async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: DATABASE_URL_TEST });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
