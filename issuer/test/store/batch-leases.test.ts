// Batch leases: one holder at a time; a batch is taken over only after its lease expired, by exactly one instance.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cancelBatch,
  claimBatchLease,
  createBatch,
  getBatchLease,
  releaseBatchLease,
  renewBatchLease,
} from '../../src/store/index.ts';
import { describeStore, seedOrganisation, type StoreTestContext } from './harness.ts';

const LEASE = 30_000;
const T0 = 1_800_000_000_000;

async function newBatch(ctx: StoreTestContext): Promise<string> {
  const org = await seedOrganisation(ctx.db);
  const batch = await createBatch(ctx.db, {
    organisationId: org.id,
    credentialType: 'T',
    items: [{ row: 1, payload: '{"credentialSubject":{"a":1}}' }],
  });
  return batch.id;
}

describeStore('batch leases', (ctx) => {
  it('a live lease keeps other instances out; its holder renews it; once expired exactly one claimant wins', async () => {
    const id = await newBatch(ctx);
    assert.equal(await claimBatchLease(ctx.db, id, 'instance-1', T0, LEASE), true);
    assert.deepEqual(await getBatchLease(ctx.db, id), { owner: 'instance-1', expiresAt: T0 + LEASE });
    assert.equal(await claimBatchLease(ctx.db, id, 'instance-2', T0 + LEASE - 1, LEASE), false);
    assert.equal(await renewBatchLease(ctx.db, id, 'instance-1', T0 + 10_000, LEASE), true);
    assert.equal(await claimBatchLease(ctx.db, id, 'instance-2', T0 + LEASE, LEASE), false, 'renewed');

    // instance-1 dies: after expiry, two instances race; one conditional UPDATE each, one winner
    const expired = T0 + 10_000 + LEASE;
    const results = await Promise.all(
      ['instance-2', 'instance-3'].map((owner) => claimBatchLease(ctx.db, id, owner, expired, LEASE)),
    );
    assert.deepEqual(results.filter(Boolean).length, 1);
    const winner = results[0] ? 'instance-2' : 'instance-3';
    assert.equal((await getBatchLease(ctx.db, id))?.owner, winner);
    assert.equal(await renewBatchLease(ctx.db, id, 'instance-1', expired, LEASE), false, 'the lost lease');
  });

  it('a released lease is claimable at once; a batch no longer running is never claimed', async () => {
    const id = await newBatch(ctx);
    assert.equal(await claimBatchLease(ctx.db, id, 'a', T0, LEASE), true);
    assert.equal(await releaseBatchLease(ctx.db, id, 'b'), false);
    assert.equal(await releaseBatchLease(ctx.db, id, 'a'), true);
    assert.equal(await claimBatchLease(ctx.db, id, 'b', T0 + 1, LEASE), true);
    assert.ok(await cancelBatch(ctx.db, id));
    assert.equal(await claimBatchLease(ctx.db, id, 'c', T0 + 10 * LEASE, LEASE), false);
    assert.equal(await renewBatchLease(ctx.db, id, 'b', T0 + 2, LEASE), false);
  });
});
