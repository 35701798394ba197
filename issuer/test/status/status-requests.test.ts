// Status requests: one transaction writes the credential flag, the pending queue row and the audit entry; codes for
// every refusal; organisations never reach each other's credentials.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  getCredential,
  insertCredential,
  listAuditEntries,
  type Database,
  type Organisation,
} from '../../src/store/index.ts';
import { requestStatusChange, type StatusChangeRequest } from '../../src/status/index.ts';
import { caught, describeStore, seedOrganisation, fakeJwt } from '../store/harness.ts';
import { issueCredentials, type IssuedTestCredential } from './chain-harness.ts';

interface QueueRow {
  id: string;
  action: string;
  reason: string | null;
  state: string;
  requestedAt: string;
}

async function queueOf(db: Database, credentialId: string): Promise<QueueRow[]> {
  return db.query<QueueRow>(
    `SELECT id, action, reason, state, requested_at AS "requestedAt" FROM status_changes
     WHERE credential_id = $1 ORDER BY seq`,
    [credentialId],
  );
}

describeStore('status requests', (ctx) => {
  let orgA: Organisation;
  let orgB: Organisation;
  let a: IssuedTestCredential[];
  let b: IssuedTestCredential[];
  const now = new Date('2030-01-02T03:04:05.000Z');

  before(async () => {
    orgA = await seedOrganisation(ctx.db, 256);
    orgB = await seedOrganisation(ctx.db, 256);
    a = await issueCredentials(ctx.db, orgA.id, 12);
    b = await issueCredentials(ctx.db, orgB.id, 2);
  });

  function request(
    credential: IssuedTestCredential,
    action: StatusChangeRequest['action'],
    extra: Partial<StatusChangeRequest> = {},
  ) {
    return requestStatusChange(ctx.db, {
      organisationId: orgA.id,
      credentialId: credential.id,
      action,
      reason: 'licence-withdrawn',
      actor: 'api-key:test',
      now,
      ...extra,
    });
  }

  it('revoke: flag, pending queue row and audit entry in one go; repeating it changes nothing', async () => {
    const credential = a[0]!;
    const result = await request(credential, 'revoke');
    assert.equal(result.state, 'pending');
    assert.equal((await getCredential(ctx.db, credential.id))?.revoked, true);
    const queue = await queueOf(ctx.db, credential.id);
    assert.deepEqual(queue, [
      {
        id: result.changeId,
        action: 'revoke',
        reason: 'licence-withdrawn',
        state: 'pending',
        requestedAt: now.toISOString(),
      },
    ]);
    const audit = (await listAuditEntries(ctx.db, orgA.id)).entries.filter((e) => e.target === credential.id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'credential.revoked');
    assert.equal(audit[0]!.actor, 'api-key:test');
    assert.equal(audit[0]!.at, now.toISOString());
    assert.equal(audit[0]!.detail?.reason, 'licence-withdrawn');
    assert.equal(audit[0]!.detail?.changeId, result.changeId);
    const jwt = (await getCredential(ctx.db, credential.id))!.jwt;
    assert.ok(!JSON.stringify(audit[0]).includes(jwt), 'no credential contents in the audit log');

    const again = await request(credential, 'revoke', { reason: 'another reason' });
    assert.deepEqual(again, result, 'idempotent: the existing change answers');
    assert.equal((await queueOf(ctx.db, credential.id)).length, 1, 'no new queue row');
    const auditAfter = (await listAuditEntries(ctx.db, orgA.id)).entries.filter(
      (e) => e.target === credential.id,
    );
    assert.equal(auditAfter.length, 1, 'no new audit entry');
  });

  it('suspend and reinstate a revoked credential: CONFLICT, nothing written', async () => {
    const credential = a[0]!; // revoked above
    for (const action of ['suspend', 'reinstate'] as const) {
      const error = await caught(() => request(credential, action));
      assert.equal((error as { code?: string }).code, 'CONFLICT', action);
    }
    assert.equal((await queueOf(ctx.db, credential.id)).length, 1);
    assert.equal((await getCredential(ctx.db, credential.id))?.suspended, false);
  });

  it('reinstate a credential that is not suspended: CONFLICT', async () => {
    const error = await caught(() => request(a[1]!, 'reinstate'));
    assert.equal((error as { code?: string }).code, 'CONFLICT');
    assert.equal((await queueOf(ctx.db, a[1]!.id)).length, 0);
  });

  it('suspend → reinstate → suspend, each queued with its audit action; a repeated suspend is idempotent', async () => {
    const credential = a[2]!;
    const first = await request(credential, 'suspend', { reason: null });
    assert.equal((await getCredential(ctx.db, credential.id))?.suspended, true);
    const repeat = await request(credential, 'suspend');
    assert.deepEqual(repeat, first);
    const reinstated = await request(credential, 'reinstate', { reason: 'cleared' });
    assert.equal((await getCredential(ctx.db, credential.id))?.suspended, false);
    const second = await request(credential, 'suspend');
    assert.notEqual(second.changeId, first.changeId);
    assert.deepEqual(
      (await queueOf(ctx.db, credential.id)).map((r) => [r.id, r.action, r.reason]),
      [
        [first.changeId, 'suspend', null],
        [reinstated.changeId, 'reinstate', 'cleared'],
        [second.changeId, 'suspend', 'licence-withdrawn'],
      ],
    );
    const actions = (await listAuditEntries(ctx.db, orgA.id)).entries
      .filter((e) => e.target === credential.id)
      .map((e) => e.action)
      .reverse();
    assert.deepEqual(actions, ['credential.suspended', 'credential.reinstated', 'credential.suspended']);
  });

  it('a suspended credential can be revoked (both bits are kept)', async () => {
    const credential = a[3]!;
    await request(credential, 'suspend');
    await request(credential, 'revoke');
    const stored = await getCredential(ctx.db, credential.id);
    assert.deepEqual([stored?.revoked, stored?.suspended], [true, true]);
  });

  it('unknown credential and another organisation’s credential: NOT_FOUND, the other credential untouched', async () => {
    const unknown = await caught(() =>
      request({ id: `urn:uuid:${randomUUID()}`, listId: 1, listIndex: 0 }, 'revoke'),
    );
    assert.equal((unknown as { code?: string }).code, 'NOT_FOUND');
    for (const action of ['revoke', 'suspend'] as const) {
      const foreign = await caught(() => request(b[0]!, action));
      assert.equal((foreign as { code?: string }).code, 'NOT_FOUND', action);
    }
    const stored = await getCredential(ctx.db, b[0]!.id);
    assert.deepEqual([stored?.revoked, stored?.suspended], [false, false]);
    assert.equal((await queueOf(ctx.db, b[0]!.id)).length, 0);
    // organisation B can of course change its own
    const own = await requestStatusChange(ctx.db, {
      organisationId: orgB.id,
      credentialId: b[0]!.id,
      action: 'revoke',
      reason: 'x',
      actor: 'api-key:b',
    });
    assert.equal(own.state, 'pending');
  });

  it('INVALID_ARGUMENT: revoke without a reason, a reason over 500 characters, an unknown action', async () => {
    for (const reason of [undefined, null, '', '   ']) {
      const error = await caught(() => request(a[4]!, 'revoke', { reason }));
      assert.equal((error as { code?: string }).code, 'INVALID_ARGUMENT', String(reason));
    }
    const long = await caught(() => request(a[4]!, 'suspend', { reason: 'x'.repeat(501) }));
    assert.equal((long as { code?: string }).code, 'INVALID_ARGUMENT');
    const action = await caught(() => request(a[4]!, 'delete' as StatusChangeRequest['action']));
    assert.equal((action as { code?: string }).code, 'INVALID_ARGUMENT');
    assert.equal((await getCredential(ctx.db, a[4]!.id))?.revoked, false);
    assert.equal((await queueOf(ctx.db, a[4]!.id)).length, 0);
    // exactly 500 is fine
    assert.equal((await request(a[4]!, 'revoke', { reason: 'y'.repeat(500) })).state, 'pending');
  });

  it('a credential issued without a status entry: CONFLICT and the flag is rolled back', async () => {
    const id = `urn:uuid:${randomUUID()}`;
    await insertCredential(ctx.db, {
      id,
      organisationId: orgA.id,
      type: 'MedicalLicenseCredential',
      issuedAt: now.toISOString(),
      jwt: fakeJwt(),
    });
    const error = await caught(() => request({ id, listId: 0, listIndex: 0 }, 'revoke'));
    assert.equal((error as { code?: string }).code, 'CONFLICT');
    assert.equal((await getCredential(ctx.db, id))?.revoked, false, 'the transaction rolled back');
  });

  it('concurrent revokes of one credential queue exactly one change', async () => {
    const credential = a[5]!;
    const results = await Promise.all(Array.from({ length: 8 }, () => request(credential, 'revoke')));
    assert.equal(new Set(results.map((r) => r.changeId)).size, 1);
    assert.equal((await queueOf(ctx.db, credential.id)).length, 1);
  });
});
