// The audit log is append-only in the database itself, in both dialects.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { appendAuditEntry, listAuditEntries, type AuditEntry } from '../../src/store/index.ts';
import { describeStore, seedOrganisation } from './harness.ts';

describeStore('audit log', (ctx) => {
  it('appends entries with increasing seq and lists them newest first, page by page', async () => {
    const org = await seedOrganisation(ctx.db);
    const appended: AuditEntry[] = [];
    for (let i = 0; i < 7; i++) {
      appended.push(
        await appendAuditEntry(ctx.db, {
          organisationId: org.id,
          actor: 'api-key:1',
          action: 'credential.issue',
          target: `urn:uuid:${i}`,
          detail: { type: 'MedicalLicenseCredential', n: i },
        }),
      );
    }
    await appendAuditEntry(ctx.db, { actor: 'system', action: 'service.start' });
    assert.ok(appended.every((e, i) => i === 0 || e.seq > appended[i - 1]!.seq));
    assert.deepEqual(appended[3]?.detail, { type: 'MedicalLicenseCredential', n: 3 });

    const first = await listAuditEntries(ctx.db, org.id, { limit: 3 });
    assert.deepEqual(
      first.entries.map((e) => e.target),
      ['urn:uuid:6', 'urn:uuid:5', 'urn:uuid:4'],
    );
    const second = await listAuditEntries(ctx.db, org.id, { limit: 3, before: first.nextBefore });
    const third = await listAuditEntries(ctx.db, org.id, { limit: 3, before: second.nextBefore });
    assert.deepEqual(
      third.entries.map((e) => e.target),
      ['urn:uuid:0'],
    );
    assert.equal(third.nextBefore, undefined);
  });

  it('refuses UPDATE and DELETE with STORE_APPEND_ONLY, also inside a transaction', async () => {
    const org = await seedOrganisation(ctx.db);
    const entry = await appendAuditEntry(ctx.db, {
      organisationId: org.id,
      actor: 'cli:admin',
      action: 'key.rotate',
    });
    await assert.rejects(
      ctx.db.execute(`UPDATE audit_log SET actor = $1 WHERE seq = $2`, ['mallory', entry.seq]),
      {
        name: 'StoreError',
        code: 'STORE_APPEND_ONLY',
      },
    );
    await assert.rejects(ctx.db.execute(`DELETE FROM audit_log WHERE seq = $1`, [entry.seq]), {
      name: 'StoreError',
      code: 'STORE_APPEND_ONLY',
    });
    await assert.rejects(ctx.db.execute(`DELETE FROM audit_log`), {
      name: 'StoreError',
      code: 'STORE_APPEND_ONLY',
    });
    await assert.rejects(
      ctx.db.transaction((tx) => tx.execute(`UPDATE audit_log SET detail = NULL`)),
      { name: 'StoreError', code: 'STORE_APPEND_ONLY' },
    );
    if (ctx.dialect === 'postgres') {
      await assert.rejects(ctx.db.execute('TRUNCATE audit_log'), {
        name: 'StoreError',
        code: 'STORE_APPEND_ONLY',
      });
    }
    const { entries } = await listAuditEntries(ctx.db, org.id);
    assert.deepEqual(
      entries.map((e) => [e.seq, e.actor]),
      [[entry.seq, 'cli:admin']],
    );
  });

  it('an entry appended in a rolled-back transaction disappears with it', async () => {
    const org = await seedOrganisation(ctx.db);
    await assert.rejects(
      ctx.db.transaction(async (tx) => {
        await appendAuditEntry(tx, {
          organisationId: org.id,
          actor: 'api-key:2',
          action: 'credential.revoke',
        });
        throw new Error('chain rejected');
      }),
      /chain rejected/,
    );
    assert.deepEqual((await listAuditEntries(ctx.db, org.id)).entries, []);
  });
});
