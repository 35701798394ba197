// runBatch under a lease, on SQLite and PostgreSQL with a real local chain: a batch whose lease another live
// instance holds is left alone; once that lease expires this instance takes it over and issues every row once.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { claimBatchLease, getBatchLease } from '../../src/store/index.ts';
import { createIssuanceBatch, parseBatch, runBatch } from '../../src/issuance/index.ts';
import { describeStore } from '../store/harness.ts';
import { licenceSubject, seedIssuer, startChainFixture, type ChainFixture } from './fixture.ts';

let fixture: ChainFixture;
before(async () => {
  fixture = await startChainFixture();
});
after(async () => {
  await fixture?.stop();
});

describeStore('runBatch under a lease', (ctx) => {
  it('waits while another instance holds the lease, takes over after it expired, issues each row once', async () => {
    const issuer = await seedIssuer(ctx.db, fixture, { statusListCapacity: 64 });
    const ndjson = Array.from({ length: 7 }, (_, i) =>
      JSON.stringify({ credentialSubject: licenceSubject(i + 1), expirationDate: '2029-01-15T00:00:00Z' }),
    ).join('\n');
    const items = parseBatch('jsonl', ndjson, { credentialType: 'MedicalLicenseCredential' });
    const batch = await createIssuanceBatch(ctx.db, {
      organisationId: issuer.organisation.id,
      credentialType: 'MedicalLicenseCredential',
      items,
    });
    let clock = 1_800_000_000_000;
    const lease = { owner: 'instance-2', leaseMs: 30_000, now: () => clock };
    assert.ok(await claimBatchLease(ctx.db, batch.id, 'instance-1', clock, 30_000));

    const blocked = await runBatch(issuer.ctx, batch.id, { chunkSize: 3, lease });
    assert.equal(blocked.state, 'running');
    assert.equal(blocked.processed, 0);

    clock += 30_000; // instance-1 stopped renewing: its lease has expired
    const final = await runBatch(issuer.ctx, batch.id, { chunkSize: 3, lease });
    assert.equal(final.state, 'completed');
    assert.equal(final.succeeded, 7);
    const rows = await ctx.db.query<{ n: number | string; hashes: number | string; slots: number | string }>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT jwt) AS hashes, COUNT(DISTINCT list_id * 1000000 + list_index) AS slots
       FROM credentials WHERE batch_id = $1`,
      [batch.id],
    );
    assert.deepEqual([Number(rows[0]!.n), Number(rows[0]!.hashes), Number(rows[0]!.slots)], [7, 7, 7]);
    assert.deepEqual(await getBatchLease(ctx.db, batch.id), { owner: null, expiresAt: null }, 'released');
  });
});
