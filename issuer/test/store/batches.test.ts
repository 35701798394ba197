// Batch issuance survives restarts: what was marked done stays done, the rest is handed out again, and a row can
// never get two credentials.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocateStatusIndex,
  cancelBatch,
  createBatch,
  getBatch,
  getBatchProgress,
  insertCredential,
  listBatches,
  listRunningBatches,
  markBatchItemDone,
  nextUnprocessedBatchItems,
  StoreError,
  type BatchItem,
  type Database,
  type Organisation,
} from '../../src/store/index.ts';
import { describeStore, seedOrganisation, fakeJwt } from './harness.ts';

/** Issues the credential of one item the way the issuance module does: one transaction per item. */
async function issueItem(db: Database, org: Organisation, item: BatchItem): Promise<string> {
  return db.transaction(async (tx) => {
    const slot = await allocateStatusIndex(tx, org.id);
    const id = `urn:uuid:${item.batchId}-${item.row}`;
    await insertCredential(tx, {
      id,
      organisationId: org.id,
      type: 'MedicalLicenseCredential',
      subjectId: `did:example:${item.row}`,
      issuedAt: new Date().toISOString(),
      jwt: fakeJwt(),
      listId: slot.listId,
      listIndex: slot.index,
      batchId: item.batchId,
      batchRow: item.row,
    });
    assert.ok(await markBatchItemDone(tx, item.batchId, item.row, { credentialId: id }));
    return id;
  });
}

describeStore('batches', (ctx) => {
  it('resumes after closing and reopening the database; UNIQUE (batch_id, batch_row) refuses a second credential', async () => {
    const org = await seedOrganisation(ctx.db, 256);
    const items = Array.from({ length: 10 }, (_, i) => ({
      row: i + 2,
      payload: JSON.stringify({ licence: `L-${i}` }),
    }));
    const batch = await createBatch(ctx.db, {
      organisationId: org.id,
      credentialType: 'MedicalLicenseCredential',
      items,
    });
    assert.deepEqual([batch.total, batch.processed, batch.failed, batch.state], [10, 0, 0, 'running']);

    // first run: 4 issued, 1 failed, then the service stops
    const firstRun = await nextUnprocessedBatchItems(ctx.db, batch.id, 5);
    assert.deepEqual(
      firstRun.map((i) => i.row),
      [2, 3, 4, 5, 6],
    );
    assert.equal(firstRun[0]!.payload, items[0]!.payload);
    for (const item of firstRun.slice(0, 4)) await issueItem(ctx.db, org, item);
    assert.ok(
      await markBatchItemDone(ctx.db, batch.id, 6, { error: 'INVALID_ARGUMENT: licence number missing' }),
    );

    const db = await ctx.reopen();

    assert.deepEqual(await getBatchProgress(db, batch.id), {
      total: 10,
      processed: 5,
      succeeded: 4,
      failed: 1,
      remaining: 5,
      state: 'running',
    });
    assert.ok((await listRunningBatches(db)).some((b) => b.id === batch.id));
    const rest = await nextUnprocessedBatchItems(db, batch.id, 100);
    assert.deepEqual(
      rest.map((i) => i.row),
      [7, 8, 9, 10, 11],
    );

    // a second credential for an already issued row is refused, and marking it again changes nothing
    const done = firstRun[0]!;
    await assert.rejects(issueItem(db, org, { ...done, payload: 'replay' }), {
      name: 'StoreError',
      code: 'STORE_CONFLICT',
    });
    await assert.rejects(
      insertCredential(db, {
        id: 'urn:uuid:replayed-row',
        organisationId: org.id,
        type: 'MedicalLicenseCredential',
        issuedAt: new Date().toISOString(),
        jwt: fakeJwt(),
        batchId: batch.id,
        batchRow: done.row,
      }),
      (error: unknown) => {
        assert.ok(error instanceof StoreError);
        assert.equal(error.code, 'STORE_CONFLICT');
        assert.match(error.constraint ?? '', /batch_row/); // the batch UNIQUE, not the id
        return true;
      },
    );
    assert.equal(await markBatchItemDone(db, batch.id, done.row, { credentialId: 'urn:uuid:x' }), false);

    for (const item of rest) await issueItem(db, org, item);
    const finished = await getBatch(db, batch.id, org.id);
    assert.deepEqual([finished?.processed, finished?.failed, finished?.state], [10, 1, 'completed']);
    assert.ok(finished?.finishedAt);
    assert.deepEqual(await nextUnprocessedBatchItems(db, batch.id), []);
    const [count] = await db.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM credentials WHERE batch_id = $1',
      [batch.id],
    );
    assert.equal(count?.n, 9);
  });

  it('creates large batches in chunks, refuses duplicate rows, and cancels', async () => {
    const org = await seedOrganisation(ctx.db);
    const items = Array.from({ length: 1000 }, (_, i) => ({ row: i + 1, payload: `{"n":${i}}` }));
    const batch = await createBatch(ctx.db, { organisationId: org.id, credentialType: 'T', items });
    const [count] = await ctx.db.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM batch_items WHERE batch_id = $1',
      [batch.id],
    );
    assert.equal(count?.n, 1000);

    await assert.rejects(
      createBatch(ctx.db, {
        organisationId: org.id,
        credentialType: 'T',
        items: [
          { row: 1, payload: 'a' },
          { row: 1, payload: 'b' },
        ],
      }),
      { name: 'StoreError', code: 'STORE_CONFLICT' },
    );
    assert.equal((await listBatches(ctx.db, org.id)).length, 1, 'the refused batch left nothing behind');

    assert.equal(await cancelBatch(ctx.db, batch.id), true);
    assert.equal(await cancelBatch(ctx.db, batch.id), false);
    assert.equal((await getBatchProgress(ctx.db, batch.id))?.state, 'cancelled');
    assert.equal(await getBatchProgress(ctx.db, 'missing'), undefined);

    const empty = await createBatch(ctx.db, { organisationId: org.id, credentialType: 'T', items: [] });
    assert.deepEqual([empty.state, empty.finishedAt !== null], ['completed', true]);
  });
});
