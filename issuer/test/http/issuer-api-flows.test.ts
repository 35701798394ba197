// The rest of the issuer API over HTTP, on a real local chain, against SQLite and PostgreSQL: a CSV batch with
// progress, listing and searching, key rotation (old credentials still verify, new ones use the new key), and an
// OID4VCI offer created over the API and redeemed by Sphereon's wallet client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyCredential } from 'did-jwt-vc';
import { decodeJWT } from 'did-jwt';
import { OpenID4VCIClient } from '@sphereon/oid4vci-client';
import { createChainPublicClient, createEthrDidResolver, StatusRegistryReader } from '@medtrust/core';
import { Holder } from '../oid4vci/harness.ts';
import { licence, startServiceHarness, type ServiceHarness } from './service-harness.ts';

const HEADER =
  'credentialSubject.id,name,licenseNumber,jurisdiction,specialty,scopeOfPractice,validFrom,validUntil';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`issuer HTTP API flows [${dialect}]`, () => {
    let harness: ServiceHarness;
    before(async () => {
      harness = await startServiceHarness(dialect);
    });
    after(async () => {
      await harness?.close();
    });
    const call: ServiceHarness['call'] = (...args) => harness.call(...args);

    it("creates a new organisation's first status list on-chain before it issues anything", async () => {
      const reader = new StatusRegistryReader(
        createChainPublicClient(harness.chainConfig),
        harness.chainConfig.statusRegistry as `0x${string}`,
      );
      const pointer = { issuer: harness.orgs.a.address as `0x${string}`, listId: 1n, index: 0n };
      await assert.rejects(
        reader.statusOf(pointer),
        { code: 'CONTRACT_REVERTED' },
        'no list before the flush',
      );
      const report = await harness.issuer.publisher.flush();
      assert.equal(report.listsCreated, 2, 'one list for each of the two boards');
      const first = await reader.statusOf(pointer);
      assert.deepEqual([first.revoked, first.suspended], [false, false]);
      const issued = await call(
        'POST',
        '/credentials/types/medical-licenses',
        harness.keys.a.operator,
        licence('did:key:z6MkFirstOfTheBoard', '99001'),
      );
      assert.equal(issued.status, 201);
      assert.deepEqual(
        [issued.body.status.listId, issued.body.status.index],
        [1, 0],
        'the first credential takes slot 0 of that list',
      );
    });

    it('runs a CSV batch with progress; a bad row fails with its pointer; results are listed and searchable', async () => {
      const rows = Array.from(
        { length: 40 },
        (_, i) => `did:key:z6MkBatch${i},Doctor ${i},BT-${i},PT,Dermatology,Injections,2026-01-01,2030-12-31`,
      );
      rows.splice(7, 0, 'did:key:z6MkBad,Doctor Bad,BT-BAD,PT,Dermatology,Injections,not-a-date,2030-12-31');
      const csv = [HEADER, ...rows].join('\n');
      const refused = await call(
        'POST',
        '/batches?type=MedicalLicenseCredential',
        harness.keys.a.auditor,
        csv,
        {
          'content-type': 'text/csv',
        },
      );
      assert.equal(refused.status, 403);
      const noType = await call('POST', '/batches', harness.keys.a.operator, csv, {
        'content-type': 'text/csv',
      });
      assert.equal(noType.status, 400);
      assert.equal(noType.body.code, 'INVALID_ARGUMENT');

      const started = await call(
        'POST',
        '/batches?type=MedicalLicenseCredential',
        harness.keys.a.operator,
        csv,
        {
          'content-type': 'text/csv',
        },
      );
      assert.equal(started.status, 202);
      const location = started.headers.get('location');
      assert.ok(location);
      let progress = (await call('GET', location, harness.keys.a.auditor)).body;
      for (let i = 0; i < 200 && progress.state === 'running'; i++) {
        await sleep(50);
        progress = (await call('GET', location, harness.keys.a.auditor)).body;
      }
      assert.equal(progress.state, 'completed');
      assert.equal(progress.total, 41);
      assert.equal(progress.failed, 1);
      assert.equal(progress.succeeded ?? progress.processed - progress.failed, 40);
      assert.equal(
        (await call('GET', location, harness.keys.b.auditor)).status,
        404,
        'other boards cannot see it',
      );

      const page = await call(
        'GET',
        '/credentials?type=MedicalLicenseCredential&limit=500',
        harness.keys.a.auditor,
      );
      assert.equal(page.status, 200);
      const batchIds = page.body.items.filter(
        (c: { batchId?: string }) => c.batchId === started.body.batchId,
      );
      assert.equal(batchIds.length, 40);
      const slots = new Set(
        batchIds.map((c: { listId: number; listIndex: number }) => `${c.listId}/${c.listIndex}`),
      );
      assert.equal(slots.size, 40, 'distinct status entries');

      const bySubject = await call('GET', '/credentials?subject=did:key:z6MkBatch3', harness.keys.a.auditor);
      assert.equal(bySubject.body.items.length, 1);
      const one = await call('GET', `/credentials/${bySubject.body.items[0].id}`, harness.keys.a.auditor);
      assert.equal(one.status, 200);
      assert.equal(one.body.subjectId, 'did:key:z6MkBatch3');
      const badLimit = await call('GET', '/credentials?limit=0', harness.keys.a.auditor);
      assert.equal(badLimit.status, 400);
      assert.equal(badLimit.body.code, 'INVALID_ARGUMENT');
    });

    it('rotates the signing key: admin only; earlier credentials still verify; new ones carry the new key', async () => {
      const resolver = createEthrDidResolver(harness.chainConfig);
      const before = await call('POST', '/credentials/issue', harness.keys.a.operator, {
        credential: licence('did:key:z6MkRot1', 'ROT-1'),
      });
      assert.equal(before.status, 201);
      const oldKid = decodeJWT(before.body.verifiableCredential.proof.jwt).header.kid;

      const denied = await call('POST', '/keys/rotate', harness.keys.a.operator);
      assert.equal(denied.status, 403);
      assert.equal(denied.body.code, 'FORBIDDEN');
      const rotated = await call('POST', '/keys/rotate', harness.keys.a.admin);
      assert.equal(rotated.status, 201);
      assert.match(rotated.body.txHash, /^0x[0-9a-f]{64}$/);
      assert.notEqual(rotated.body.kid, rotated.body.retiredKid);
      assert.equal(rotated.body.retiredKid, oldKid);

      const afterRotation = await call('POST', '/credentials/issue', harness.keys.a.operator, {
        credential: licence('did:key:z6MkRot2', 'ROT-2'),
      });
      assert.equal(afterRotation.status, 201);
      const newJwt = afterRotation.body.verifiableCredential.proof.jwt;
      assert.equal(decodeJWT(newJwt).header.kid, rotated.body.kid);
      await verifyCredential(before.body.verifiableCredential.proof.jwt, resolver);
      await verifyCredential(newJwt, resolver);

      const audit = await call('GET', '/audit', harness.keys.a.auditor);
      const entry = audit.body.entries.find((e: { action: string }) => e.action === 'key.rotated');
      assert.ok(entry, 'key.rotated audited');
      assert.equal(JSON.stringify(rotated.body).includes('privateKey'), false);
    });

    it('publishes to the public feed (operators, public types only), withdraws, and the feed pages in order', async () => {
      const issued = await call('POST', '/credentials/types/medical-licenses', harness.keys.a.operator, {
        credentialSubject: licence('did:key:z6MkPub1', 'PUB-1').credentialSubject,
      });
      assert.equal(issued.status, 201);
      const id = issued.body.id;
      assert.equal((await call('POST', `/credentials/${id}/publish`, harness.keys.a.auditor)).status, 403);
      assert.equal((await call('POST', `/credentials/${id}/publish`, harness.keys.b.operator)).status, 404);
      assert.equal((await call('POST', `/credentials/${id}/publish`, harness.keys.a.operator)).status, 201);
      assert.equal((await call('POST', `/credentials/${id}/publish`, harness.keys.a.operator)).status, 200);

      const feed = await call('GET', '/public/credentials', undefined);
      assert.equal(feed.status, 200);
      const mine = feed.body.items.filter((item: { id: string }) => item.id === id);
      assert.equal(mine.length, 1);
      assert.equal(mine[0].jwt, issued.body.jwt);
      assert.equal(mine[0].withdrawn, false);
      const next = feed.body.next;

      const treatment = await call('POST', '/credentials/types/treatments', harness.keys.a.operator, {
        credentialSubject: {
          id: 'did:key:z6MkPatient',
          doctor: 'did:key:z6MkDoctor',
          hospital: harness.orgs.a.did,
          procedureCategory: 'AESTH-01',
          treatmentDate: '2026-11-01',
        },
      });
      assert.equal(treatment.status, 201, JSON.stringify(treatment.body));
      const refused = await call(
        'POST',
        `/credentials/${treatment.body.id}/publish`,
        harness.keys.a.operator,
      );
      assert.equal(refused.status, 400);
      assert.equal(refused.body.code, 'INVALID_ARGUMENT');

      assert.equal((await call('DELETE', `/credentials/${id}/publish`, harness.keys.a.operator)).status, 204);
      assert.equal((await call('DELETE', `/credentials/${id}/publish`, harness.keys.a.operator)).status, 404);
      const later = await call('GET', `/public/credentials?after=${next}`, undefined);
      assert.deepEqual(
        later.body.items.map((item: { id: string; withdrawn: boolean; jwt?: string }) => [
          item.id,
          item.withdrawn,
          item.jwt,
        ]),
        [[id, true, undefined]],
      );
      assert.equal((await call('GET', '/public/credentials?limit=0', undefined)).status, 400);
      const trail = await call('GET', `/credentials/${id}/audit`, harness.keys.a.auditor);
      assert.deepEqual(trail.body.entries.map((e: { action: string }) => e.action).slice(-2), [
        'credential.published',
        'credential.withdrawn',
      ]);
    });

    it('creates an OID4VCI offer over the API that a wallet redeems with its PIN', async () => {
      const holder = new Holder('Ed25519');
      const issued = await call('POST', '/credentials/issue', harness.keys.a.operator, {
        credential: licence(holder.did, 'OID-1'),
      });
      assert.equal(issued.status, 201);
      const id = issued.body.verifiableCredential.id;
      assert.equal((await call('POST', `/credentials/${id}/offers`, harness.keys.a.auditor, {})).status, 403);
      assert.equal(
        (await call('POST', `/credentials/${id}/offers`, harness.keys.b.operator, {})).status,
        404,
      );
      const offer = await call('POST', `/credentials/${id}/offers`, harness.keys.a.operator, { pin: true });
      assert.equal(offer.status, 201);
      assert.match(offer.body.offerUri, /^openid-credential-offer:\/\//);
      assert.match(offer.body.qrPngDataUrl, /^data:image\/png;base64,/);

      const client = await OpenID4VCIClient.fromURI({
        uri: offer.body.offerUri,
        kid: holder.kid,
        alg: holder.alg,
      });
      await client.acquireAccessToken({ pin: offer.body.pin });
      const response = await client.acquireCredentials({
        credentialTypes: ['VerifiableCredential', 'MedicalLicenseCredential'],
        format: 'jwt_vc_json',
        proofCallbacks: { signCallback: holder.signCallback },
      });
      assert.equal(response.credentials?.[0]?.credential, issued.body.verifiableCredential.proof.jwt);
    });
  });
}
