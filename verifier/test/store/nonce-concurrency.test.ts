// Single use across instances: two PostgreSQL pools (two "verifier instances") and two SQLite connections to one
// file consume the same nonces concurrently; for each nonce exactly one consumer gets `valid`.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import {
  PostgresNonceStore,
  SqliteNonceStore,
  openVerifierPostgres,
  openVerifierSqlite,
  type VerifierSqliteConnection,
} from '../../src/index.ts';
import { DATABASE_URL_TEST, dropSchemas, uniqueSchema } from './postgres-test-schema.ts';

const clock = () => new Date();
const NONCES = 40;

describe('nonce consumption across instances', () => {
  const schema = uniqueSchema('vconc');
  const pools: pg.Pool[] = [];
  const connections: VerifierSqliteConnection[] = [];
  after(async () => {
    for (const pool of pools) await pool.end();
    for (const db of connections) db.close();
    await dropSchemas([schema]);
  });

  it('PostgreSQL: two pools racing on each nonce, exactly one valid and one replayed', async () => {
    // Both open (and migrate) the same schema at once, as two instances starting together would.
    const [a, b] = await Promise.all([
      openVerifierPostgres(DATABASE_URL_TEST, { schema }),
      openVerifierPostgres(DATABASE_URL_TEST, { schema }),
    ]);
    pools.push(a!, b!);
    const storeA = new PostgresNonceStore(a!, clock);
    const storeB = new PostgresNonceStore(b!, clock);
    const nonces = await Promise.all(Array.from({ length: NONCES }, () => storeA.issue(60)));
    const outcomes = await Promise.all(
      nonces.map((nonce) =>
        Promise.all([storeA.consume(nonce), storeB.consume(nonce), storeB.consume(nonce)]),
      ),
    );
    for (const perNonce of outcomes) {
      assert.equal(perNonce.filter((o) => o === 'valid').length, 1, JSON.stringify(perNonce));
      assert.equal(perNonce.filter((o) => o === 'replayed').length, 2, JSON.stringify(perNonce));
    }
    // Issued at B, consumed at A.
    const atB = await storeB.issue(60);
    assert.equal(await storeA.consume(atB), 'valid');
    assert.equal(await storeB.consume(atB), 'replayed');
  });

  it('SQLite: two connections to one file, exactly one valid per nonce', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'verifier-conc-')), 'verifier.sqlite');
    const first = openVerifierSqlite(file);
    const second = openVerifierSqlite(file);
    connections.push(first, second);
    const storeA = new SqliteNonceStore(first, clock);
    const storeB = new SqliteNonceStore(second, clock);
    const nonces = await Promise.all(Array.from({ length: NONCES }, () => storeA.issue(60)));
    const outcomes = await Promise.all(
      nonces.map((nonce) => Promise.all([storeB.consume(nonce), storeA.consume(nonce)])),
    );
    for (const perNonce of outcomes) {
      assert.deepEqual([...perNonce].sort(), ['replayed', 'valid']);
    }
  });
});
