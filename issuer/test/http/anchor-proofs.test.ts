// Anchoring over HTTP, on a real local chain, against SQLite and PostgreSQL: GET /public/anchor-proofs/:hash answers
// 202 pending, then 200 with a proof that verifies against the on-chain event, 404 for an unknown hash and 400 for a
// malformed one (CORS and the public rate limit like the feed); credential details and the publication feed carry
// the proof; a CSV batch is anchored too; a key rotation anchors first, and is refused (409 CONFLICT, key unchanged)
// when the organisation's anchors cannot be confirmed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { privateKeyToAccount } from 'viem/accounts';
import {
  AnchorRegistryReader,
  createChainPublicClient,
  credentialJwtHash,
  parseAnchorProof,
  verifyAnchorInclusion,
} from '@medtrust/core';
import { changeIdentityOwner } from '../status/chain-harness.ts';
import { licence, startServiceHarness, type ServiceHarness } from './service-harness.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`anchor proofs over HTTP [${dialect}]`, () => {
    let harness: ServiceHarness;
    before(async () => {
      harness = await startServiceHarness(dialect);
      await harness.issuer.publisher.flush(); // the boards' status lists
    });
    after(async () => {
      await harness?.close();
    });
    const call: ServiceHarness['call'] = (...args) => harness.call(...args);

    async function issue(org: 'a' | 'b', n: string) {
      const issued = await call(
        'POST',
        '/credentials/types/medical-licenses',
        harness.keys[org].operator,
        licence(`did:key:z6MkAnchor${n}`, `AN-${n}`),
      );
      assert.equal(issued.status, 201);
      return { id: issued.body.id as string, hash: credentialJwtHash(issued.body.jwt as string) };
    }

    it('answers 202 while pending, 200 with a verifying proof once anchored, 404 unknown, 400 malformed', async () => {
      const first = await issue('a', '1');
      const second = await issue('a', '2');
      const pending = await call('GET', `/public/anchor-proofs/${first.hash}`, undefined);
      assert.equal(pending.status, 202);
      assert.deepEqual(pending.body, { state: 'pending' });
      assert.equal(pending.headers.get('access-control-allow-origin'), '*');
      assert.ok(pending.headers.get('ratelimit-policy'), 'behind the public rate limit');

      const details = await call(
        'GET',
        `/credentials/${encodeURIComponent(first.id)}`,
        harness.keys.a.auditor,
      );
      assert.deepEqual(details.body.anchor, { state: 'pending' });

      const report = await harness.issuer.anchors.flush();
      assert.deepEqual(
        report.transactions.map((t) => [t.organisationId, t.credentialCount, t.outcome]),
        [[harness.orgs.a.id, 2, 'confirmed']],
      );

      const anchored = await call(
        'GET',
        `/public/anchor-proofs/${first.hash.toUpperCase().replace('0X', '0x')}`,
        undefined,
      );
      assert.equal(anchored.status, 200);
      assert.equal(anchored.body.state, 'anchored');
      const parsed = parseAnchorProof(anchored.body.proof);
      assert.ok(parsed.ok);
      const proof = parsed.proof;
      assert.equal(proof.credentialHash, first.hash);
      assert.equal(proof.issuer, harness.orgs.a.address.toLowerCase());
      assert.equal(proof.chainId, harness.chainConfig.chainId);
      assert.equal(proof.anchorRegistry, harness.chainConfig.anchorRegistry.toLowerCase());
      assert.equal(proof.transactionHash, report.transactions[0]!.txHash);
      assert.equal(proof.blockNumber, String(report.transactions[0]!.blockNumber));
      const reader = new AnchorRegistryReader(
        createChainPublicClient(harness.chainConfig),
        harness.chainConfig.anchorRegistry,
      );
      const event = await reader.findAnchor(proof.issuer, proof.root, BigInt(proof.blockNumber));
      assert.equal(event?.credentialCount, 2n);
      assert.ok(verifyAnchorInclusion(event!.root, first.hash, proof.proof));
      const other = await call('GET', `/public/anchor-proofs/${second.hash}`, undefined);
      assert.ok(verifyAnchorInclusion(event!.root, second.hash, other.body.proof.proof));

      const withProof = await call(
        'GET',
        `/credentials/${encodeURIComponent(first.id)}`,
        harness.keys.a.auditor,
      );
      assert.equal(withProof.body.anchor.state, 'anchored');
      assert.deepEqual(withProof.body.anchor.proof, anchored.body.proof);

      const unknown = await call('GET', `/public/anchor-proofs/0x${'0'.repeat(64)}`, undefined);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'NOT_FOUND');
      assert.equal(typeof unknown.body.detail, 'string');
      for (const bad of ['0x1234', `${'a'.repeat(64)}`, `0x${'g'.repeat(64)}`, `0x${'a'.repeat(65)}`]) {
        const malformed = await call('GET', `/public/anchor-proofs/${bad}`, undefined);
        assert.equal(malformed.status, 400, bad);
        assert.equal(malformed.body.code, 'INVALID_ARGUMENT');
        assert.equal(typeof malformed.body.detail, 'string');
      }
      const preflight = await call('OPTIONS', `/public/anchor-proofs/${first.hash}`, undefined);
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    });

    it('the publication feed carries each published credential’s anchor proof (null while pending)', async () => {
      const anchoredOne = await issue('b', '3');
      await harness.issuer.anchors.flush();
      const pendingOne = await issue('b', '4');
      for (const { id } of [anchoredOne, pendingOne]) {
        const published = await call(
          'POST',
          `/credentials/${encodeURIComponent(id)}/publish`,
          harness.keys.b.operator,
        );
        assert.equal(published.status, 201);
      }
      const feed = await call('GET', '/public/credentials?after=0&limit=500', undefined);
      assert.equal(feed.status, 200);
      const byId = new Map(feed.body.items.map((item: { id: string }) => [item.id, item]));
      const anchoredItem = byId.get(anchoredOne.id) as { anchorProof: unknown; jwt: string };
      const pendingItem = byId.get(pendingOne.id) as { anchorProof: unknown };
      assert.equal(parseAnchorProof(anchoredItem.anchorProof).ok, true);
      assert.equal((anchoredItem.anchorProof as { credentialHash: string }).credentialHash, anchoredOne.hash);
      assert.equal(credentialJwtHash(anchoredItem.jwt), anchoredOne.hash);
      assert.equal(pendingItem.anchorProof, null);
      await harness.issuer.anchors.flush();
    });

    it('anchors the credentials of a CSV batch', async () => {
      const rows = Array.from(
        { length: 5 },
        (_, i) =>
          `did:key:z6MkAnchorBatch${i},Doctor ${i},AB-${i},PT,Dermatology,Injections,2026-01-01,2030-12-31`,
      );
      const body = [
        'credentialSubject.id,name,licenseNumber,jurisdiction,specialty,scopeOfPractice,validFrom,validUntil',
        ...rows,
      ].join('\n');
      const started = await call(
        'POST',
        '/batches?type=MedicalLicenseCredential',
        harness.keys.a.operator,
        body,
        {
          'content-type': 'text/csv',
        },
      );
      assert.equal(started.status, 202);
      await harness.issuer.idle();
      const report = await harness.issuer.anchors.flush();
      assert.deepEqual(
        report.transactions.map((t) => [t.organisationId, t.credentialCount, t.outcome]),
        [[harness.orgs.a.id, 5, 'confirmed']],
      );
    });

    it('a key rotation anchors what the old key signed first; it is refused (409) when that cannot be confirmed', async () => {
      const signedByOldKey = await issue('a', '5');
      const rotated = await call('POST', '/keys/rotate', harness.keys.a.admin);
      assert.equal(rotated.status, 201);
      const proof = await call('GET', `/public/anchor-proofs/${signedByOldKey.hash}`, undefined);
      assert.equal(proof.status, 200, 'anchored before the rotation');

      // board b's controller hands its identity away on-chain: its anchors revert
      await issue('b', '6');
      await changeIdentityOwner(
        harness.chainConfig,
        harness.chainConfig.didRegistry,
        privateKeyToAccount(harness.chain.accounts[2]!),
        privateKeyToAccount(harness.chain.accounts[9]!).address,
      );
      const before = await call('GET', '/audit', harness.keys.b.auditor);
      const refused = await call('POST', '/keys/rotate', harness.keys.b.admin);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'CONFLICT');
      assert.equal(typeof refused.body.detail, 'string');
      const afterRefusal = await call('GET', '/audit', harness.keys.b.auditor);
      assert.equal(
        afterRefusal.body.entries.filter((e: { action: string }) => e.action === 'key.rotated').length,
        before.body.entries.filter((e: { action: string }) => e.action === 'key.rotated').length,
        'not rotated',
      );
    });
  });
}
