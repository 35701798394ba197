// The durable status-change queue: pending → sent → confirmed, failures retried, order kept, nothing lost.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocateStatusIndex,
  claimPendingStatusChanges,
  countPendingStatusChanges,
  enqueueStatusChange,
  getStatusChange,
  insertCredential,
  listStatusChanges,
  markStatusChangesConfirmed,
  markStatusChangesSent,
  recordStatusChangeFailure,
  setCredentialRevoked,
  setCredentialSuspended,
  type Organisation,
  type StatusAction,
} from '../../src/store/index.ts';
import { describeStore, seedOrganisation, fakeJwt } from './harness.ts';

describeStore('status changes', (ctx) => {
  let org: Organisation;
  const credentials: { id: string; listId: number; listIndex: number }[] = [];

  before(async () => {
    org = await seedOrganisation(ctx.db, 256);
    for (let i = 0; i < 4; i++) {
      const slot = await allocateStatusIndex(ctx.db, org.id);
      const id = `urn:uuid:status-${i}`;
      await insertCredential(ctx.db, {
        id,
        organisationId: org.id,
        type: 'MedicalLicenseCredential',
        issuedAt: new Date().toISOString(),
        jwt: fakeJwt(),
        listId: slot.listId,
        listIndex: slot.index,
      });
      credentials.push({ id, listId: slot.listId, listIndex: slot.index });
    }
  });

  async function request(index: number, action: StatusAction): Promise<string> {
    const credential = credentials[index]!;
    return ctx.db.transaction(async (tx) => {
      if (action === 'revoke') assert.ok(await setCredentialRevoked(tx, org.id, credential.id));
      else assert.ok(await setCredentialSuspended(tx, org.id, credential.id, action === 'suspend'));
      const change = await enqueueStatusChange(tx, {
        organisationId: org.id,
        credentialId: credential.id,
        listId: credential.listId,
        listIndex: credential.listIndex,
        action,
        reason: 'test',
      });
      return change.id;
    });
  }

  it('runs the lifecycle pending → sent → confirmed, with failures retried in queue order', async () => {
    const a = await request(0, 'revoke');
    const b = await request(1, 'suspend');
    const c = await request(1, 'reinstate');
    const d = await request(2, 'suspend');
    assert.equal(await countPendingStatusChanges(ctx.db), 4);
    assert.equal(await countPendingStatusChanges(ctx.db, org.id), 4);

    const claimed = await claimPendingStatusChanges(ctx.db, 3);
    assert.deepEqual(
      claimed.map((x) => [x.id, x.action, x.state, x.attempts]),
      [
        [a, 'revoke', 'pending', 0],
        [b, 'suspend', 'pending', 0],
        [c, 'reinstate', 'pending', 0],
      ],
    );
    assert.ok(claimed[0]!.seq < claimed[1]!.seq && claimed[1]!.seq < claimed[2]!.seq);

    assert.equal(await markStatusChangesSent(ctx.db, [a, b, c], '0xtx1'), 3);
    assert.equal(await markStatusChangesSent(ctx.db, [a], '0xother'), 0, 'only pending changes become sent');
    assert.equal(await countPendingStatusChanges(ctx.db), 1);
    assert.deepEqual(
      (await claimPendingStatusChanges(ctx.db, 10)).map((x) => x.id),
      [d],
    );

    // the transaction carrying c was dropped: c goes back to pending, ahead of d
    assert.equal(await recordStatusChangeFailure(ctx.db, [c], 'nonce too low'), 1);
    const retried = await getStatusChange(ctx.db, c);
    assert.equal(retried?.state, 'pending');
    assert.equal(retried?.txHash, null);
    assert.equal(retried?.attempts, 1);
    assert.equal(retried?.lastError, 'nonce too low');
    assert.deepEqual(
      (await claimPendingStatusChanges(ctx.db, 10)).map((x) => x.id),
      [c, d],
    );

    // chain unreachable: attempts accumulate, rows stay pending
    assert.equal(await recordStatusChangeFailure(ctx.db, [c, d], 'CHAIN_UNAVAILABLE'), 2);
    assert.equal((await getStatusChange(ctx.db, c))?.attempts, 2);
    assert.equal((await getStatusChange(ctx.db, d))?.attempts, 1);

    assert.equal(
      await markStatusChangesConfirmed(ctx.db, [a, b, c], 1234),
      2,
      'only sent changes get confirmed',
    );
    const confirmed = await getStatusChange(ctx.db, a);
    assert.deepEqual(
      [confirmed?.state, confirmed?.txHash, confirmed?.blockNumber],
      ['confirmed', '0xtx1', 1234],
    );
    assert.equal(await recordStatusChangeFailure(ctx.db, [a], 'late'), 0, 'confirmed changes are final');

    assert.deepEqual(
      (await listStatusChanges(ctx.db, { state: 'confirmed' })).map((x) => x.id),
      [a, b],
    );
    assert.equal(await countPendingStatusChanges(ctx.db), 2);
  });

  it('a pending change survives closing and reopening the database', async () => {
    const id = await request(3, 'suspend');
    await ctx.reopen();
    const pending = await claimPendingStatusChanges(ctx.db, 100);
    assert.ok(pending.some((x) => x.id === id && x.state === 'pending'));
  });

  it('handles id lists longer than one statement', async () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `not-there-${i}`);
    assert.equal(await markStatusChangesSent(ctx.db, ids, '0x'), 0);
  });

  it('refuses an unknown action', async () => {
    await assert.rejects(
      enqueueStatusChange(ctx.db, {
        organisationId: org.id,
        credentialId: credentials[0]!.id,
        listId: 1,
        listIndex: 0,
        action: 'delete' as StatusAction,
      }),
      { name: 'StoreError', code: 'STORE_ERROR' },
    );
  });
});
