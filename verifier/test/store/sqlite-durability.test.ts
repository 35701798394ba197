// Restart durability of the embedded default: close the SQLite file and open it again; a pending request and its
// nonce survive, answered state and consumption too, and reopening applies no migration twice.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SqliteNonceStore,
  SqlitePresentationRequestStore,
  migrateSqlite,
  openVerifierSqlite,
  openVerifierStores,
  silentLogger,
} from '../../src/index.ts';

const clock = () => new Date();

describe('SQLite stores across a restart', () => {
  it('keeps a pending request and its unused nonce, and a consumed nonce stays consumed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'verifier-restart-')), 'nested', 'verifier.sqlite');
    const before = openVerifierSqlite(file);
    const nonces = new SqliteNonceStore(before, clock);
    const requests = new SqlitePresentationRequestStore(before, { clock });
    const pendingNonce = await nonces.issue(300);
    const usedNonce = await nonces.issue(300);
    assert.equal(await nonces.consume(usedNonce), 'valid');
    const now = clock();
    await requests.put({
      id: 'pending-request',
      policyId: 'clinic-doctor-licence',
      nonce: pendingNonce,
      domain: 'clinic.example',
      state: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 300_000),
    });
    before.close();

    const after = openVerifierSqlite(file);
    try {
      assert.deepEqual(migrateSqlite(after), []);
      const reopenedRequests = new SqlitePresentationRequestStore(after, { clock });
      const reopenedNonces = new SqliteNonceStore(after, clock);
      const read = await reopenedRequests.get('pending-request');
      assert.equal(read?.state, 'pending');
      assert.equal(read?.nonce, pendingNonce);
      assert.equal(await reopenedNonces.consume(usedNonce), 'replayed');
      assert.equal(await reopenedNonces.consume(pendingNonce), 'valid');
    } finally {
      after.close();
    }
  });

  it('openVerifierStores uses SQLite without DATABASE_URL and the file outlives the stores', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'verifier-open-')), 'verifier.sqlite');
    const config = { sqlitePath: file, purgeIntervalSeconds: 300 };
    const first = await openVerifierStores(config, clock, silentLogger);
    assert.equal(first.backend, 'sqlite');
    const nonce = await first.nonces.issue(60);
    await first.close();
    const second = await openVerifierStores(config, clock, silentLogger);
    try {
      assert.equal(await second.nonces.consume(nonce), 'valid');
    } finally {
      await second.close();
    }
  });
});
