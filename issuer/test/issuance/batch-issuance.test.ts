// Batch issuance on SQLite and PostgreSQL and a real local chain: chunks of one transaction each, invalid rows
// failed with their JSON pointer (not fatal), progress reported, status slots allocated as blocks across lists.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyCredential } from 'did-jwt-vc';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import {
  getBatchProgress,
  listAuditEntries,
  listStatusLists,
  type BatchProgress,
} from '../../src/store/index.ts';
import {
  BATCH_COMPLETED_ACTION,
  CREDENTIAL_ISSUED_ACTION,
  allocateStatusBlock,
  createIssuanceBatch,
  parseBatch,
  runBatch,
} from '../../src/issuance/index.ts';
import { caught, describeStore, seedOrganisation } from '../store/harness.ts';
import {
  decodeJwtPayload,
  licenceSubject,
  seedIssuer,
  startChainFixture,
  type ChainFixture,
} from './fixture.ts';

let fixture: ChainFixture;
before(async () => {
  fixture = await startChainFixture();
});
after(async () => {
  await fixture?.stop();
});

const CSV_HEADER =
  'id,name,licenseNumber,jurisdiction,specialty,scopeOfPractice,validFrom,validUntil,expirationDate';

function csvLine(n: number): string {
  const s = licenceSubject(n);
  return [
    s.id,
    s.name,
    s.licenseNumber,
    s.jurisdiction,
    s.specialty,
    (s.scopeOfPractice as string[]).join(';'),
    s.validFrom,
    s.validUntil,
    '2029-01-15T00:00:00Z',
  ].join(',');
}

describeStore('runBatch', (ctx) => {
  it('fails a CSV row whose validUntil is before its validFrom with the verifier’s rule (dateOrder), per row', async () => {
    const issuer = await seedIssuer(ctx.db, fixture, { statusListCapacity: 16 });
    const lines = [
      CSV_HEADER,
      csvLine(1),
      csvLine(2).replace(',2024-01-15,2029-01-14,', ',2026-02-01,2026-01-31,'),
      csvLine(3),
    ];
    assert.notEqual(lines[2], csvLine(2), 'the row was changed');
    const items = parseBatch('csv', lines.join('\n'), { credentialType: 'MedicalLicenseCredential' });
    const batch = await createIssuanceBatch(ctx.db, {
      organisationId: issuer.organisation.id,
      credentialType: 'MedicalLicenseCredential',
      items,
    });
    const final = await runBatch(issuer.ctx, batch.id, { chunkSize: 2 });
    assert.equal(final.succeeded, 2);
    assert.equal(final.failed, 1);
    const failures = await ctx.db.query<{ row: number; error: string }>(
      `SELECT row, error FROM batch_items WHERE batch_id = $1 AND error IS NOT NULL ORDER BY row`,
      [batch.id],
    );
    assert.deepEqual(
      failures.map((f) => f.row),
      [3], // the CSV line of subject 2
    );
    assert.match(failures[0]!.error, /^SCHEMA_INVALID at \/credentialSubject\/validUntil: .*\[dateOrder\]$/);
  });

  it('issues a CSV batch in chunks; invalid rows fail with their pointer; progress is reported', async () => {
    const issuer = await seedIssuer(ctx.db, fixture, { statusListCapacity: 16 });
    const orgId = issuer.organisation.id;
    const lines = [CSV_HEADER];
    for (let n = 1; n <= 40; n++) {
      let line = csvLine(n);
      if (n === 7) line = line.replace('PT-7', 'PT 7!'); // licence number pattern
      if (n === 23) line = line.replace(',PT,', ',Portugal,'); // jurisdiction pattern
      lines.push(line);
    }
    const items = parseBatch('csv', lines.join('\n'), { credentialType: 'MedicalLicenseCredential' });
    const batch = await createIssuanceBatch(ctx.db, {
      organisationId: orgId,
      credentialType: 'MedicalLicenseCredential',
      items,
    });

    const reports: BatchProgress[] = [];
    const final = await runBatch(issuer.ctx, batch.id, { chunkSize: 7, onProgress: (p) => reports.push(p) });
    assert.deepEqual(final, {
      total: 40,
      processed: 40,
      succeeded: 38,
      failed: 2,
      remaining: 0,
      state: 'completed',
    });
    assert.deepEqual(
      reports.map((r) => r.processed),
      [0, 7, 14, 21, 28, 35, 40],
    );
    assert.equal(reports.at(-1)!.state, 'completed');

    const failures = await ctx.db.query<{ row: number; error: string }>(
      `SELECT row, error FROM batch_items WHERE batch_id = $1 AND error IS NOT NULL ORDER BY row`,
      [batch.id],
    );
    assert.deepEqual(
      failures.map((f) => f.row),
      [8, 24], // CSV lines of subjects 7 and 23
    );
    assert.match(
      failures[0]!.error,
      /^SCHEMA_INVALID at \/credentialSubject\/licenseNumber: must match pattern/,
    );
    assert.match(failures[1]!.error, /^SCHEMA_INVALID at \/credentialSubject\/jurisdiction: /);
    assert.equal(failures[0]!.error.includes('PT 7!'), false);

    const credentials = await ctx.db.query<{
      id: string;
      batchRow: number;
      listId: number;
      listIndex: number;
      jwt: string;
    }>(
      `SELECT id, batch_row AS "batchRow", list_id AS "listId", list_index AS "listIndex", jwt FROM credentials
       WHERE batch_id = $1 ORDER BY batch_row`,
      [batch.id],
    );
    assert.equal(credentials.length, 38);
    // 38 slots over lists of 16: no gaps, no index consumed by the failed rows
    assert.deepEqual(
      credentials.map((c) => `${c.listId}:${c.listIndex}`).sort(),
      Array.from({ length: 38 }, (_, i) => `${Math.floor(i / 16) + 1}:${i % 16}`).sort(),
    );
    assert.deepEqual(
      (await listStatusLists(ctx.db, orgId)).map((l) => [l.listId, l.nextIndex]),
      [
        [1, 16],
        [2, 16],
        [3, 6],
      ],
    );
    for (const c of credentials) {
      const payload = decodeJwtPayload(c.jwt);
      assert.equal(payload.jti, c.id);
      assert.deepEqual(
        [payload.vc.credentialStatus.statusListId, payload.vc.credentialStatus.statusListIndex],
        [Number(c.listId), Number(c.listIndex)],
      );
      const subject = payload.vc.credentialSubject;
      assert.equal(subject.licenseNumber, `PT-${Number(c.batchRow) - 1}`);
    }
    const verified = await verifyCredential(credentials[0]!.jwt, fixture.resolver);
    assert.equal(verified.issuer, issuer.identity.did);

    const audit = (await listAuditEntries(ctx.db, orgId, { limit: 100 })).entries;
    assert.equal(audit.filter((e) => e.action === CREDENTIAL_ISSUED_ACTION).length, 38);
    const completed = audit.filter((e) => e.action === BATCH_COMPLETED_ACTION);
    assert.deepEqual(
      completed.map((e) => [e.target, e.detail]),
      [[batch.id, { total: 40, failed: 2 }]],
    );
    for (const entry of audit) assert.equal(JSON.stringify(entry).includes('Inês'), false);

    // running a completed batch again changes nothing
    assert.deepEqual(await runBatch(issuer.ctx, batch.id), final);
  });

  it('takes status slots as blocks, draining a nearly full list before rolling over', async () => {
    const org = await seedOrganisation(ctx.db, 10);
    await ctx.db.transaction(async (tx) => {
      assert.deepEqual(
        await allocateStatusBlock(tx, org.id, 4),
        [0, 1, 2, 3].map((index) => ({ listId: 1, index })),
      );
      const next = await allocateStatusBlock(tx, org.id, 9);
      assert.deepEqual(next, [
        ...[4, 5, 6, 7, 8, 9].map((index) => ({ listId: 1, index })),
        ...[0, 1, 2].map((index) => ({ listId: 2, index })),
      ]);
      assert.deepEqual(await allocateStatusBlock(tx, org.id, 0), []);
    });
    const fresh = await seedOrganisation(ctx.db);
    await ctx.db.transaction(async (tx) => {
      assert.deepEqual(await allocateStatusBlock(tx, fresh.id, 3, { initialCapacity: 100 }), [
        { listId: 1, index: 0 },
        { listId: 1, index: 1 },
        { listId: 1, index: 2 },
      ]);
    });
  });

  it('refuses an unknown batch, a bad chunk size and an unknown credential type', async () => {
    const issuer = await seedIssuer(ctx.db, fixture);
    const unknown = await caught(() => runBatch(issuer.ctx, '00000000-0000-4000-8000-000000000000'));
    assert.ok(unknown instanceof MedtrustError);
    assert.equal(unknown.code, ErrorCodes.NOT_FOUND);
    const items = [{ row: 1, credentialSubject: licenceSubject(1) }];
    const badType = await caught(() =>
      createIssuanceBatch(ctx.db, {
        organisationId: issuer.organisation.id,
        credentialType: 'Passport',
        items,
      }),
    );
    assert.equal((badType as MedtrustError).code, ErrorCodes.INVALID_ARGUMENT);
    const batch = await createIssuanceBatch(ctx.db, {
      organisationId: issuer.organisation.id,
      credentialType: 'MedicalLicenseCredential',
      items,
    });
    const badChunk = await caught(() => runBatch(issuer.ctx, batch.id, { chunkSize: 0 }));
    assert.equal((badChunk as MedtrustError).code, ErrorCodes.INVALID_ARGUMENT);
    assert.equal((await getBatchProgress(ctx.db, batch.id))!.processed, 0);
  });
});
