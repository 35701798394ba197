// Profiles on a real local chain: each published credential with its live on-chain status (turning revoked or
// suspended once the verifier's chain head has seen the block), and the accreditation chain behind its issuer —
// the board accredited by a national regulator (one delegated level) whose own root accreditation governance granted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, credentialJwtHash } from '@medtrust/core';
import { licensedDoctor, medicalRegister, type Doctor, type MedicalRegister } from './register.ts';
import { startDirectoryTestbed, type DirectoryTestbed } from './testbed.ts';

async function latestBlock(rpcUrl: string): Promise<bigint> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
  });
  return BigInt(((await response.json()) as { result: string }).result);
}

describe('directory profiles', () => {
  let bed: DirectoryTestbed;
  let register: MedicalRegister;
  let ines: Doctor;

  const profile = (did: string) => bed.profile(did);

  before(async () => {
    bed = await startDirectoryTestbed();
    register = await medicalRegister(bed.world);
    ines = await licensedDoctor(bed.world, register, 'Inês Carvalho Ferreira', '54873');
    bed.feed.publish(ines.licence.jwt, 'MedicalLicenseCredential');
    bed.feed.publish(register.hospitalAccreditation.jwt, 'HospitalAccreditationCredential');
    const summary = await bed.sync();
    assert.equal(summary.feeds[0]!.listed, 2);
  });
  after(async () => {
    await bed?.stop();
  });

  it("shows a doctor's credentials with their live status and the block it was read at", async () => {
    const view = await profile(ines.did);
    assert.equal(view.did, ines.did);
    assert.deepEqual(view.kinds, ['doctor']);
    assert.equal(view.name, 'Inês Carvalho Ferreira');
    assert.equal(view.credentials.length, 1);
    const [licence] = view.credentials;
    assert.equal(licence!.type, 'MedicalLicenseCredential');
    assert.equal(licence!.number, '54873');
    assert.equal(licence!.jurisdiction, 'PT');
    assert.equal(licence!.issuer, register.board.did);
    assert.equal(licence!.jwt, ines.licence.jwt);
    assert.equal(licence!.status.state, 'verified');
    assert.equal(licence!.status.verified, true);
    assert.equal(licence!.status.revoked, false);
    assert.match(licence!.status.blockNumber!, /^\d+$/);
    assert.deepEqual(view.reviews, []);
    assert.deepEqual(view.rating, { count: 0, average: null });
  });

  it('shows the accreditation chain: issuer → its delegated accreditation → the accreditor → governance', async () => {
    const { accreditation } = (await profile(ines.did)).credentials[0]!;
    assert.equal(accreditation.state, 'accredited');
    const issuer = accreditation.issuer!;
    assert.equal(issuer.did.toLowerCase(), register.board.did.toLowerCase());
    assert.equal(issuer.credentialType, 'MedicalLicenseCredential');
    assert.equal(issuer.jurisdiction, 'PT');
    assert.equal(issuer.accreditedNow, true);
    assert.equal(issuer.records.length, 1);
    const [record] = issuer.records;
    assert.equal(record!.grantedBy.toLowerCase(), register.regulator.did.toLowerCase());
    assert.equal(record!.delegable, false);
    assert.equal(record!.active, true);
    assert.match(record!.txHash, /^0x[0-9a-f]{64}$/);

    assert.equal(accreditation.accreditors.length, 1);
    const [accreditor] = accreditation.accreditors;
    assert.equal(accreditor!.did.toLowerCase(), register.regulator.did.toLowerCase());
    assert.equal(accreditor!.accreditedNow, true);
    assert.deepEqual(
      accreditor!.records.map((r) => [r.grantedBy, r.delegable, r.active]),
      [['governance', true, true]],
    );

    const hospital = (await profile(register.hospital.did)).credentials[0]!;
    assert.equal(hospital.kind, 'hospital');
    assert.equal(hospital.accreditation.state, 'accredited');
    assert.equal(hospital.accreditation.issuer!.did.toLowerCase(), register.authority.did.toLowerCase());
    assert.deepEqual(
      hospital.accreditation.issuer!.records.map((r) => r.grantedBy),
      ['governance'],
    );
    assert.deepEqual(hospital.accreditation.accreditors, []);
  });

  it('serves the stored verification until a relevant chain event arrives', async () => {
    const first = (await profile(ines.did)).credentials[0]!.status;
    // a status-registry event about another issuer's list leaves it as stored
    await bed.world.org();
    await bed.waitForBlock(await latestBlock(bed.world.local.rpcUrl));
    const again = (await profile(ines.did)).credentials[0]!.status;
    assert.equal(again.checkedAt, first.checkedAt, 'not verified again');
    assert.equal(again.blockNumber, first.blockNumber);
    assert.equal(again.state, 'verified');
  });

  it("turns revoked after the board revokes the licence on-chain, within the verifier's head poll", async () => {
    const stored = (await profile(ines.did)).credentials[0]!.status;
    const block = await bed.world.setStatus(register.board, 'revoke', ines.licence);
    await bed.waitForBlock(block);
    // the background recheck stores the new verdict; a read before it finishes verifies again itself
    const licence = (await profile(ines.did)).credentials[0]!;
    assert.notEqual(licence.status.checkedAt, stored.checkedAt);
    assert.equal(licence.status.state, 'revoked');
    assert.equal(licence.status.verified, false);
    assert.equal(licence.status.revoked, true);
    assert.ok(BigInt(licence.status.blockNumber!) >= block);
    assert.ok(licence.status.failedCodes.includes(ErrorCodes.CREDENTIAL_REVOKED));
    await bed.verifier.directory.rechecker.recheckStale();
    const [result] = (
      await bed.verifier.directory.index.resultsOf([credentialJwtHash(ines.licence.jwt)])
    ).values();
    assert.equal(result?.stale, false);
    assert.equal(result?.status.state, 'revoked', 'stored as revoked');
    // still listed: the register shows the withdrawn licence
    const hits = await bed.get('/directory/search?q=54873');
    assert.equal((hits.body.items as unknown[]).length, 1);

    const suspension = await bed.world.setStatus(
      register.authority,
      'suspend',
      register.hospitalAccreditation,
    );
    await bed.waitForBlock(suspension);
    const hospital = (await profile(register.hospital.did)).credentials[0]!;
    assert.equal(hospital.status.state, 'suspended');
    assert.equal(hospital.status.suspended, true);
    const reinstated = await bed.world.setStatus(
      register.authority,
      'reinstate',
      register.hospitalAccreditation,
    );
    await bed.waitForBlock(reinstated);
    assert.equal((await profile(register.hospital.did)).credentials[0]!.status.state, 'verified');
  });

  it('answers 404 for a DID the directory does not know and 400 for a malformed one', async () => {
    const stranger = await bed.world.org();
    const unknown = await bed.get(`/directory/profiles/${encodeURIComponent(stranger.did)}`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, ErrorCodes.NOT_FOUND);
    const malformed = await bed.get('/directory/profiles/did%20nope');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, ErrorCodes.INVALID_ARGUMENT);
  });
});
