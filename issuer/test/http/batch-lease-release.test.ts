// Stopping an issuer instance mid-batch: close() stops its batch after the running chunk and releases the lease, so
// another instance on the same database resumes the batch at its next takeover pass, without waiting for the lease
// to expire; every row is issued once. Two service instances in one process, on SQLite and on PostgreSQL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { getBatchLease, getBatchProgress } from '../../src/store/index.ts';
import { startIssuerService } from '../../src/service.ts';
import { licenceSubject } from '../issuance/fixture.ts';
import { silentLogger, startServiceHarness, type ServiceHarness } from './service-harness.ts';

const ITEMS = 3_000;

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`batch lease released on close [${dialect}]`, () => {
    let harness: ServiceHarness;
    before(async () => {
      // the harness's instance is B; its takeover loop passes every 500 ms
      harness = await startServiceHarness(dialect, { instanceId: 'instance-b', batchLeaseMs: 1000 });
    });
    after(() => harness?.close());

    it('a closed instance gives its batch up at once and the other instance finishes it, each row once', async () => {
      // A: a second instance on the same database, with a lease that would hold for an hour
      const a = await startIssuerService({
        config: { ...harness.config, instanceId: 'instance-a', batchLeaseMs: 3_600_000 },
        logger: silentLogger,
      });
      let closed = false;
      try {
        const body = Array.from({ length: ITEMS }, (_, i) =>
          JSON.stringify({
            credentialSubject: licenceSubject(i + 1),
            expirationDate: '2029-01-15T00:00:00Z',
          }),
        ).join('\n');
        const started = await fetch(`${a.url}/batches?type=MedicalLicenseCredential`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${harness.keys.a.operator}`,
            'content-type': 'application/x-ndjson',
          },
          body,
        });
        assert.equal(started.status, 202);
        const { batchId } = (await started.json()) as { batchId: string };
        const db = harness.issuer.db;
        while (((await getBatchProgress(db, batchId))?.processed ?? 0) === 0) await sleep(10);
        assert.equal((await getBatchLease(db, batchId))?.owner, 'instance-a');

        await a.close();
        closed = true;
        const stopped = (await getBatchProgress(db, batchId))!;
        assert.equal(stopped.state, 'running', 'stopped after its running chunk');
        assert.ok(stopped.processed < ITEMS);
        assert.deepEqual(await getBatchLease(db, batchId), { owner: null, expiresAt: null }, 'released');

        // B resumes it (without waiting an hour for A's lease) and finishes it
        let progress = stopped;
        while (progress.state === 'running') {
          await sleep(25);
          progress = (await getBatchProgress(db, batchId))!;
        }
        assert.deepEqual(progress, {
          total: ITEMS,
          processed: ITEMS,
          succeeded: ITEMS,
          failed: 0,
          remaining: 0,
          state: 'completed',
        });
        const [counts] = await db.query<{
          n: number | string;
          rows: number | string;
          slots: number | string;
        }>(
          `SELECT COUNT(*) AS n, COUNT(DISTINCT batch_row) AS rows, COUNT(DISTINCT list_id * 1000000 + list_index) AS slots
           FROM credentials WHERE batch_id = $1`,
          [batchId],
        );
        assert.deepEqual(
          [Number(counts!.n), Number(counts!.rows), Number(counts!.slots)],
          [ITEMS, ITEMS, ITEMS],
        );
        await harness.issuer.idle();
      } finally {
        if (!closed) await a.close();
      }
    });
  });
}
