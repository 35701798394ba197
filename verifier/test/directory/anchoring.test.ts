// The directory and anchoring, on a real local chain: the feed's anchorProof is given to the pipeline and kept with
// the entry (re-verification needs nobody else), a publication whose anchor is pending waits aside without holding
// up the feed and is listed once anchored, a tampered proof is rejected, and profiles say where the credential is
// registered on-chain.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { credentialJwtHash, ErrorCodes, type CheckResult, type VerificationReport } from '@medtrust/core';
import type { ProfileView } from '../../src/index.ts';
import { judgeFeedItem } from '../../src/directory/ingestion-verdict.ts';
import { licensedDoctor, medicalRegister, type MedicalRegister } from './register.ts';
import { startDirectoryTestbed, type DirectoryTestbed } from './testbed.ts';

describe('directory and anchoring', () => {
  let bed: DirectoryTestbed;
  let register: MedicalRegister;

  async function feedState() {
    const answer = await bed.get('/directory/feeds');
    assert.equal(answer.status, 200);
    return (answer.body.feeds as Array<Record<string, unknown>>)[0]!;
  }

  async function profile(did: string): Promise<ProfileView> {
    const answer = await bed.get(`/directory/profiles/${encodeURIComponent(did)}`);
    assert.equal(answer.status, 200, answer.text);
    return answer.body as unknown as ProfileView;
  }

  before(async () => {
    bed = await startDirectoryTestbed();
    register = await medicalRegister(bed.world);
  });
  after(async () => {
    await bed?.stop();
  });

  it('lists a publication with its feed proof, keeps the proof, and shows where it is registered on-chain', async () => {
    const ines = await licensedDoctor(bed.world, register, 'Inês Carvalho Ferreira', '54873');
    bed.feed.publish(ines.licence.jwt, 'MedicalLicenseCredential');
    const summary = await bed.sync();
    assert.equal(summary.feeds[0]!.listed, 1, JSON.stringify(summary));
    const entry = bed.verifier.directory.store.entries.entriesAbout(ines.did, 5)[0]!;
    assert.deepEqual(entry.anchorProof, ines.licence.anchorProof);

    // the issuer stops serving it: the stored proof still verifies the listing
    bed.world.proofs.delete(credentialJwtHash(ines.licence.jwt));
    const [licence] = (await profile(ines.did)).credentials;
    assert.equal(licence!.status.state, 'verified', JSON.stringify(licence!.status.failedCodes));
    const anchor = licence!.status.anchor!;
    assert.equal(anchor.blockNumber, ines.licence.anchorProof!.blockNumber);
    assert.match(
      anchor.text,
      new RegExp(
        `^registered on-chain in block ${anchor.blockNumber} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`,
      ),
    );
  });

  it('sets a pending publication aside (neither listed nor rejected), lists what follows it, then lists it once anchored', async () => {
    const before = await feedState();
    const late = await licensedDoctor(bed.world, register, 'Rui Almeida Costa', '80001');
    // not anchored yet: the feed item carries anchorProof null and the issuer's endpoint answers 202
    const hash = credentialJwtHash(late.licence.jwt);
    const proof = bed.world.proofs.get(hash)!;
    bed.world.proofs.delete(hash);
    bed.feed.pending.add(hash);
    bed.feed.publish(late.licence.jwt, 'MedicalLicenseCredential');
    const next = await licensedDoctor(bed.world, register, 'Marta Sousa Lopes', '80002');
    bed.feed.publish(next.licence.jwt, 'MedicalLicenseCredential');

    const first = (await bed.sync()).feeds[0]!;
    assert.equal(first.error, undefined);
    assert.equal(first.pending, 1);
    assert.equal(first.listed, 1, 'the next publication is not held up');
    const waiting = await feedState();
    assert.equal(waiting.listed, (before.listed as number) + 1);
    assert.equal(waiting.rejected, before.rejected, 'not rejected');
    assert.equal(waiting.pending, 1);
    assert.equal((await bed.get(`/directory/profiles/${encodeURIComponent(late.did)}`)).status, 404);

    // still pending at the next poll: still aside
    assert.equal((await bed.sync()).feeds[0]!.pending, 1);

    // its issuer anchors it: the next poll lists it
    bed.world.proofs.set(hash, proof);
    bed.feed.pending.delete(hash);
    const second = (await bed.sync()).feeds[0]!;
    assert.equal(second.pending, 0);
    assert.equal(second.listed, 1);
    const done = await feedState();
    assert.equal(done.pending, 0);
    assert.equal(done.listed, (before.listed as number) + 2);
    assert.equal((await profile(late.did)).credentials[0]!.status.state, 'verified');
  });

  it('rejects a publication whose feed proof is tampered with (ANCHOR_INVALID)', async () => {
    const before = await feedState();
    const doctor = await licensedDoctor(bed.world, register, 'Paulo Nunes Reis', '80003');
    const proof = doctor.licence.anchorProof!;
    bed.feed.raw({
      id: 'tampered-proof',
      type: 'MedicalLicenseCredential',
      jwt: doctor.licence.jwt,
      anchorProof: { ...proof, root: '0x' + 'ee'.repeat(32) },
      publishedAt: new Date().toISOString(),
      withdrawn: false,
    });
    bed.feed.raw({
      id: 'proof-not-an-object',
      type: 'MedicalLicenseCredential',
      jwt: doctor.licence.jwt,
      anchorProof: 'yes',
      publishedAt: new Date().toISOString(),
      withdrawn: false,
    });
    const result = (await bed.sync()).feeds[0]!;
    assert.equal(result.error, undefined);
    assert.equal(result.rejected, 2);
    const after = await feedState();
    assert.equal(after.rejected, (before.rejected as number) + 2);
    assert.equal(after.pending, 0);
    const db = new BetterSqlite3(bed.dbFile, { readonly: true });
    try {
      const codes = (id: string) =>
        (db.prepare('SELECT codes FROM rejections WHERE item_id = ?').get(id) as { codes: string }).codes;
      assert.equal(codes('tampered-proof'), ErrorCodes.ANCHOR_INVALID);
      assert.equal(codes('proof-not-an-object'), ErrorCodes.FORMAT_INVALID);
    } finally {
      db.close();
    }
  });
});

describe('judgeFeedItem and anchors', () => {
  const check = (name: string, status: CheckResult['status'], code?: string): CheckResult =>
    ({ check: name, status, ...(code ? { code } : {}) }) as CheckResult;
  const reportWith = (checks: CheckResult[], issuanceDate: string): VerificationReport => ({
    verified: false,
    checks,
    credentials: [
      {
        verified: false,
        checks,
        credential: {
          type: ['VerifiableCredential', 'MedicalLicenseCredential'],
          issuer: 'did:ethr:0x7a69:0x1111111111111111111111111111111111111111',
          issuanceDate,
          credentialSubject: { id: 'did:example:doctor' },
          jwt: 'a.b.c',
        },
      },
    ],
  });
  const engineOf = (report: VerificationReport, seen: unknown[] = []) => ({
    verifyCredential: async (_input: unknown, options?: unknown) => {
      seen.push(options);
      return report;
    },
  });
  const item = (anchorProof: Record<string, unknown> | null | undefined) => ({
    id: 'item-1',
    jwt: 'a.b.c',
    withdrawn: false,
    publishedAt: new Date().toISOString(),
    ...(anchorProof === undefined ? {} : { anchorProof }),
  });
  const now = new Date();

  it('gives the feed proof to the pipeline as options.anchorProofs', async () => {
    const seen: unknown[] = [];
    const proof = { type: 'MedtrustAnchorProof' };
    await judgeFeedItem(
      engineOf(reportWith([check('anchoring', 'passed')], now.toISOString()), seen),
      'feed',
      item(proof),
      now,
    );
    assert.deepEqual(seen, [{ anchorProofs: [proof] }]);
  });

  it('waits on ANCHOR_PENDING, and on ANCHOR_MISSING only when the feed said null (pending)', async () => {
    const pending = reportWith([check('anchoring', 'failed', ErrorCodes.ANCHOR_PENDING)], now.toISOString());
    assert.equal((await judgeFeedItem(engineOf(pending), 'feed', item(undefined), now)).verdict, 'pending');
    const missing = reportWith([check('anchoring', 'failed', ErrorCodes.ANCHOR_MISSING)], now.toISOString());
    assert.equal((await judgeFeedItem(engineOf(missing), 'feed', item(null), now)).verdict, 'pending');
    const rejected = await judgeFeedItem(engineOf(missing), 'feed', item(undefined), now);
    assert.equal(rejected.verdict, 'reject');
    assert.deepEqual((rejected as { codes: string[] }).codes, [ErrorCodes.ANCHOR_MISSING]);
    // another failure besides: a verdict now
    const forged = reportWith(
      [
        check('anchoring', 'failed', ErrorCodes.ANCHOR_PENDING),
        check('signature', 'failed', ErrorCodes.SIGNATURE_INVALID),
      ],
      now.toISOString(),
    );
    assert.equal((await judgeFeedItem(engineOf(forged), 'feed', item(null), now)).verdict, 'reject');
  });

  it('rejects a publication still waiting once it can no longer be anchored in time', async () => {
    const old = new Date(now.getTime() - 3_600_000).toISOString();
    const pending = reportWith([check('anchoring', 'failed', ErrorCodes.ANCHOR_PENDING)], old);
    const within = await judgeFeedItem(engineOf(pending), 'feed', item(null), now, {
      anchorDeadlineMs: 7_200_000,
    });
    assert.equal(within.verdict, 'pending');
    const beyond = await judgeFeedItem(engineOf(pending), 'feed', item(null), now, {
      anchorDeadlineMs: 1_800_000,
    });
    assert.equal(beyond.verdict, 'reject');
  });
});
