// The batch forms of the issuing writes, as a batch chunk uses them: several credentials with one INSERT (each
// queued for anchoring), several audit entries in order, several items marked done with the counters and the
// completion; an item already done makes the whole call a STORE_CONFLICT and the transaction keeps nothing.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { credentialJwtHash } from '@medtrust/core';
import { allocateStatusBlock } from '../../src/issuance/index.ts';
import {
  appendAuditEntries,
  createBatch,
  getBatchProgress,
  insertCredentials,
  listAuditEntries,
  markBatchItemsDone,
  type NewCredential,
} from '../../src/store/index.ts';
import { caught, describeStore, fakeJwt, seedOrganisation } from './harness.ts';

describeStore('batch writes', (ctx) => {
  it('stores a chunk with one statement per table, marks its items done and completes the batch', async () => {
    const org = await seedOrganisation(ctx.db, 256);
    const batch = await createBatch(ctx.db, {
      organisationId: org.id,
      credentialType: 'MedicalLicenseCredential',
      items: Array.from({ length: 5 }, (_, i) => ({ row: i + 1, payload: '{}' })),
    });
    await ctx.db.transaction(async (tx) => {
      const slots = await allocateStatusBlock(tx, org.id, 4, { initialCapacity: 256 });
      const credentials: NewCredential[] = slots.map((slot, i) => ({
        id: `urn:uuid:${batch.id}-${i + 1}`,
        organisationId: org.id,
        type: 'MedicalLicenseCredential',
        subjectId: `did:example:${i + 1}`,
        issuedAt: '2026-12-07T00:00:00.000Z',
        expiresAt: i === 0 ? null : '2029-01-15T00:00:00Z',
        jwt: fakeJwt(),
        listId: slot.listId,
        listIndex: slot.index,
        batchId: batch.id,
        batchRow: i + 1,
      }));
      await insertCredentials(tx, credentials);
      await appendAuditEntries(
        tx,
        credentials.map((c) => ({
          organisationId: org.id,
          actor: 'system:batch',
          action: 'credential.issued',
          target: c.id,
          detail: { batchId: batch.id },
        })),
      );
      await markBatchItemsDone(tx, batch.id, [
        ...credentials.map((c, i) => ({ row: i + 1, outcome: { credentialId: c.id } })),
        { row: 5, outcome: { error: 'SCHEMA_INVALID at /credentialSubject' } },
      ]);
    });
    assert.deepEqual(await getBatchProgress(ctx.db, batch.id), {
      total: 5,
      processed: 5,
      succeeded: 4,
      failed: 1,
      remaining: 0,
      state: 'completed',
    });
    const stored = await ctx.db.query<{ id: string; jwt: string; hash: string; queued: string | null }>(
      `SELECT c.id, c.jwt, c.credential_hash AS hash, a.credential_hash AS queued
       FROM credentials c LEFT JOIN credential_anchors a ON a.credential_id = c.id
       WHERE c.batch_id = $1 ORDER BY c.batch_row`,
      [batch.id],
    );
    assert.equal(stored.length, 4);
    for (const row of stored) {
      assert.equal(row.hash, credentialJwtHash(row.jwt));
      assert.equal(row.queued, row.hash, 'queued for anchoring');
    }
    const audit = await listAuditEntries(ctx.db, org.id);
    assert.deepEqual(
      audit.entries.map((e) => e.target).reverse(),
      stored.map((r) => r.id),
      'in order',
    );
  });

  it('refuses items already done with STORE_CONFLICT, keeping nothing of the transaction', async () => {
    const org = await seedOrganisation(ctx.db, 256);
    const batch = await createBatch(ctx.db, {
      organisationId: org.id,
      credentialType: 'MedicalLicenseCredential',
      items: Array.from({ length: 3 }, (_, i) => ({ row: i + 1, payload: '{}' })),
    });
    await markBatchItemsDone(ctx.db, batch.id, [{ row: 2, outcome: { error: 'INVALID_ARGUMENT' } }]);
    const error = await caught(() =>
      ctx.db.transaction((tx) =>
        markBatchItemsDone(tx, batch.id, [
          { row: 1, outcome: { error: 'INVALID_ARGUMENT' } },
          { row: 2, outcome: { error: 'INVALID_ARGUMENT' } },
        ]),
      ),
    );
    assert.equal((error as { code?: string }).code, 'STORE_CONFLICT');
    const progress = await getBatchProgress(ctx.db, batch.id);
    assert.deepEqual([progress?.processed, progress?.failed, progress?.state], [1, 1, 'running']);
  });
});
