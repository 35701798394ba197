// The directory with its index and stored verifications on PostgreSQL (DATABASE_URL, a unique schema): search over
// HTTP, and a profile that turns revoked after an on-chain revocation without a restart — the mark written to
// PostgreSQL before the next read is served.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, credentialJwtHash } from '@medtrust/core';
import { DATABASE_URL_TEST, dropSchemas, uniqueSchema } from '../store/postgres-test-schema.ts';
import { licensedDoctor, medicalRegister, type Doctor, type MedicalRegister } from './register.ts';
import { startDirectoryTestbed, type DirectoryTestbed } from './testbed.ts';

describe('directory on PostgreSQL', () => {
  const schema = uniqueSchema('dirpg');
  let bed: DirectoryTestbed;
  let register: MedicalRegister;
  let ines: Doctor;

  const profile = (did: string) => bed.profile(did);

  before(async () => {
    bed = await startDirectoryTestbed({ DATABASE_URL: DATABASE_URL_TEST, VERIFIER_DATABASE_SCHEMA: schema });
    register = await medicalRegister(bed.world);
    ines = await licensedDoctor(bed.world, register, 'Inês Carvalho Ferreira', '54873', 'Dermatology');
    bed.feed.publish(ines.licence.jwt, 'MedicalLicenseCredential');
    bed.feed.publish(register.hospitalAccreditation.jwt, 'HospitalAccreditationCredential');
    assert.equal((await bed.sync()).feeds[0]!.listed, 2);
  });
  after(async () => {
    await bed?.stop();
    await dropSchemas([schema]);
  });

  it('searches through the PostgreSQL index', async () => {
    assert.equal(bed.verifier.directory.index.backend, 'postgres');
    const hits = await bed.get('/directory/search?q=carv%20derm');
    assert.equal(hits.status, 200);
    assert.deepEqual(
      (hits.body.items as Array<{ did: string }>).map((h) => h.did),
      [ines.did],
    );
    const first = await bed.get('/directory/search?jurisdiction=PT&limit=1');
    assert.equal((first.body.items as unknown[]).length, 1);
    assert.equal(typeof first.body.next, 'string');
    const second = await bed.get(
      `/directory/search?jurisdiction=PT&limit=1&after=${first.body.next as string}`,
    );
    assert.equal((second.body.items as unknown[]).length, 1);
    assert.notDeepEqual(second.body.items, first.body.items);
    assert.equal(second.body.next, undefined);
    const malformed = await bed.get('/directory/search?after=not-a-cursor');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, ErrorCodes.INVALID_ARGUMENT);
  });

  it('shows a revocation on the next profile read, and stores it', async () => {
    const stored = (await profile(ines.did)).credentials[0]!.status;
    assert.equal(stored.state, 'verified');
    assert.equal(
      (await profile(ines.did)).credentials[0]!.status.checkedAt,
      stored.checkedAt,
      'served stored',
    );
    const block = await bed.world.setStatus(register.board, 'revoke', ines.licence);
    await bed.waitForBlock(block);
    const licence = (await profile(ines.did)).credentials[0]!;
    assert.equal(licence.status.state, 'revoked');
    assert.ok(BigInt(licence.status.blockNumber!) >= block);
    await bed.verifier.directory.rechecker.recheckStale();
    const result = (await bed.verifier.directory.index.resultsOf([credentialJwtHash(ines.licence.jwt)])).get(
      credentialJwtHash(ines.licence.jwt),
    );
    assert.equal(result?.status.state, 'revoked');
    assert.equal(result?.stale, false);
  });
});
