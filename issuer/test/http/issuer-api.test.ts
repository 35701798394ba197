// The issuer service over HTTP, on a real local chain, against SQLite and PostgreSQL: VC-API issuing, per-type
// issuing, schema errors with JSON pointers, roles (401/403), organisation isolation (API and chain), status changes
// sent to the chain in batches, audit trail, and 1,000 concurrent issue requests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, http } from 'viem';
import { statusRegistryArtifact } from '@medtrust/registry-contract';
import { createEthrDidResolver } from '@medtrust/core';
import { verifyCredential } from 'did-jwt-vc';
import { licence, startServiceHarness, type ServiceHarness } from './service-harness.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`issuer HTTP API [${dialect}]`, () => {
    let harness: ServiceHarness;
    before(async () => {
      harness = await startServiceHarness(dialect);
    });
    after(async () => {
      await harness?.close();
    });
    const call: ServiceHarness['call'] = (...args) => harness.call(...args);

    it('health needs no credentials and reports the chain', async () => {
      const res = await call('GET', '/health', undefined);
      assert.equal(res.status, 200);
      assert.equal(res.body.chain.reachable, true);
    });

    it('answers 401 UNAUTHENTICATED without or with unknown credentials', async () => {
      assert.equal((await call('GET', '/credentials', undefined)).body.code, 'UNAUTHENTICATED');
      const res = await call('GET', '/credentials', 'mtk_unknown');
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'UNAUTHENTICATED');
    });

    it('answers 403 FORBIDDEN for the wrong role', async () => {
      const issue = await call('POST', '/credentials/issue', harness.keys.a.auditor, {
        credential: licence('did:key:z6Mkf1', 'L-1'),
      });
      assert.equal(issue.status, 403);
      assert.equal(issue.body.code, 'FORBIDDEN');
      const admin = await call('POST', '/api-keys', harness.keys.a.operator, { role: 'auditor' });
      assert.equal(admin.status, 403);
      assert.equal(admin.body.code, 'FORBIDDEN');
    });

    it('issues over the W3C VC-API: 201 {verifiableCredential} with a JwtProof2020 that verifies on-chain', async () => {
      const res = await call('POST', '/credentials/issue', harness.keys.a.operator, {
        credential: licence('did:key:z6MkDoctor1', 'PT-123'),
        options: {},
      });
      assert.equal(res.status, 201);
      const vc = res.body.verifiableCredential;
      assert.equal(vc.proof.type, 'JwtProof2020');
      assert.equal(vc.issuer.id ?? vc.issuer, harness.orgs.a.did);
      assert.equal(vc.credentialStatus.type, 'MedtrustStatusRegistryEntry');
      const verified = await verifyCredential(vc.proof.jwt, createEthrDidResolver(harness.chainConfig));
      assert.equal(verified.verifiableCredential.credentialSubject.licenseNumber, 'PT-123');
    });

    it('refuses a schema violation with 400 SCHEMA_INVALID and the JSON pointer of the failing field', async () => {
      const bad = licence('did:key:z6MkDoctor2', 'PT-124');
      delete (bad.credentialSubject as Record<string, unknown>).licenseNumber;
      const res = await call('POST', '/credentials/issue', harness.keys.a.operator, { credential: bad });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'SCHEMA_INVALID');
      assert.equal(res.body.pointer, '/credentialSubject');
      const typed = await call('POST', '/credentials/types/medical-licenses', harness.keys.a.operator, {
        credentialSubject: {
          ...licence('did:key:z6Mk3', 'X').credentialSubject,
          scopeOfPractice: 'not-an-array',
        },
      });
      assert.equal(typed.status, 400);
      assert.equal(typed.body.pointer, '/credentialSubject/scopeOfPractice');
    });

    it('refuses a licence whose validUntil is before its validFrom: 400 SCHEMA_INVALID at /credentialSubject/validUntil', async () => {
      const backwards = licence('did:key:z6MkDoctor5', 'PT-125');
      Object.assign(backwards.credentialSubject as Record<string, unknown>, {
        validFrom: '2026-02-01',
        validUntil: '2026-01-31',
      });
      const res = await call('POST', '/credentials/issue', harness.keys.a.operator, {
        credential: backwards,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'SCHEMA_INVALID');
      assert.equal(res.body.pointer, '/credentialSubject/validUntil');
      const typed = await call('POST', '/credentials/types/medical-licenses', harness.keys.a.operator, {
        credentialSubject: backwards.credentialSubject,
      });
      assert.equal(typed.status, 400);
      assert.equal(typed.body.code, 'SCHEMA_INVALID');
      assert.equal(typed.body.pointer, '/credentialSubject/validUntil');
      // a one-day licence (validUntil = validFrom) is in order
      Object.assign(backwards.credentialSubject as Record<string, unknown>, { validUntil: '2026-02-01' });
      const oneDay = await call('POST', '/credentials/issue', harness.keys.a.operator, {
        credential: backwards,
      });
      assert.equal(oneDay.status, 201, JSON.stringify(oneDay.body));
    });

    it('answers 400 for malformed JSON and 413 for an oversized body, never a 500', async () => {
      const malformed = await call('POST', '/credentials/issue', harness.keys.a.operator, '{"credential":', {
        'content-type': 'application/json',
      });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.code, 'INVALID_JSON');
      const big = await call('POST', '/credentials/issue', harness.keys.a.operator, {
        credential: { pad: 'x'.repeat(2_000_000) },
      });
      assert.equal(big.status, 413);
      assert.equal(big.body.code, 'PAYLOAD_TOO_LARGE');
      const notObject = await call('POST', '/credentials/issue', harness.keys.a.operator, {
        credential: 'string',
      });
      assert.equal(notObject.status, 400);
      assert.equal(notObject.body.code, 'INVALID_ARGUMENT');
    });

    it('organisation B can neither read, revoke nor issue as organisation A (API and chain)', async () => {
      const issued = await call(
        'POST',
        '/credentials/types/medical-licenses',
        harness.keys.a.operator,
        licence('did:key:z6MkDoc4', 'PT-200'),
      );
      assert.equal(issued.status, 201);
      const id = issued.body.id;
      assert.equal((await call('GET', `/credentials/${id}`, harness.keys.b.auditor)).status, 404);
      const revoke = await call('POST', `/credentials/${id}/revoke`, harness.keys.b.operator, {
        reason: 'hostile',
      });
      assert.equal(revoke.status, 404);
      assert.equal(revoke.body.code, 'NOT_FOUND');
      const asA = await call('POST', '/credentials/issue', harness.keys.b.operator, {
        credential: { ...licence('did:key:z6Mk5', 'PT-201'), issuer: harness.orgs.a.did },
      });
      assert.equal(asA.status, 403);
      assert.equal(asA.body.code, 'FORBIDDEN');
      // On-chain: B's key cannot write A's list.
      const client = createPublicClient({ transport: http(harness.chain.rpcUrl) });
      await assert.rejects(
        client.simulateContract({
          account: harness.orgs.b.address as `0x${string}`,
          address: harness.chainConfig.statusRegistry,
          abi: statusRegistryArtifact.abi,
          functionName: 'revoke',
          args: [
            harness.orgs.a.address as `0x${string}`,
            BigInt(issued.body.status.listId),
            BigInt(issued.body.status.index),
          ],
        }),
        (error: Error) => /NotIdentityController/.test(error.message),
      );
    });

    it('revokes and suspends: accepted as pending, sent to the chain in one batch each, confirmed with tx hash and block', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(
          'POST',
          '/credentials/types/medical-licenses',
          harness.keys.a.operator,
          licence(`did:key:z6MkRev${i}`, `PT-30${i}`),
        );
        ids.push(res.body.id);
      }
      const missingReason = await call('POST', `/credentials/${ids[0]}/revoke`, harness.keys.a.operator, {});
      assert.equal(missingReason.status, 400);
      assert.equal(missingReason.body.code, 'INVALID_ARGUMENT');
      for (const id of ids.slice(0, 2)) {
        const res = await call('POST', `/credentials/${id}/revoke`, harness.keys.a.operator, {
          reason: 'licence withdrawn',
        });
        assert.equal(res.status, 202);
        assert.equal(res.body.state, 'pending');
      }
      assert.equal(
        (await call('POST', `/credentials/${ids[2]}/suspend`, harness.keys.a.operator, { reason: 'inquiry' }))
          .status,
        202,
      );
      const reinstateRevoked = await call(
        'POST',
        `/credentials/${ids[0]}/reinstate`,
        harness.keys.a.operator,
        {
          reason: 'x',
        },
      );
      assert.equal(reinstateRevoked.status, 409);
      assert.equal(reinstateRevoked.body.code, 'CONFLICT');
      await harness.issuer.publisher.flush();
      const client = createPublicClient({ transport: http(harness.chain.rpcUrl) });
      const hashes = new Set<string>();
      for (const [i, id] of ids.entries()) {
        const status = await call('GET', `/credentials/${id}/status`, harness.keys.a.auditor);
        assert.equal(status.status, 200);
        const change = status.body.changes.at(-1);
        assert.equal(change.state, 'confirmed');
        assert.match(change.txHash, /^0x[0-9a-f]{64}$/);
        assert.ok(change.blockNumber > 0);
        hashes.add(change.txHash);
        const [revoked, suspended] = await client.readContract({
          address: harness.chainConfig.statusRegistry,
          abi: statusRegistryArtifact.abi,
          functionName: 'statusOf',
          args: [
            harness.orgs.a.address as `0x${string}`,
            BigInt(status.body.listId),
            BigInt(status.body.index),
          ],
        });
        assert.equal(revoked, i < 2);
        assert.equal(suspended, i === 2);
      }
      assert.equal(hashes.size, 2, 'one revoke batch and one suspend batch');
      const trail = await call('GET', `/credentials/${ids[0]}/audit`, harness.keys.a.auditor);
      assert.deepEqual(
        trail.body.entries.map((e: { action: string }) => e.action),
        ['credential.issued', 'credential.revoked'],
      );
    });

    it('records logins and API-key changes in the audit log; a revoked key stops working', async () => {
      const session = await call('POST', '/sessions', harness.keys.a.auditor);
      assert.equal(session.status, 201);
      assert.equal((await call('GET', '/credentials', session.body.token)).status, 200);
      const created = await call('POST', '/api-keys', harness.keys.a.admin, {
        role: 'auditor',
        label: 'temp',
      });
      assert.equal(created.status, 201);
      assert.equal((await call('GET', '/credentials', created.body.key)).status, 200);
      assert.equal((await call('DELETE', `/api-keys/${created.body.id}`, harness.keys.a.admin)).status, 204);
      assert.equal((await call('GET', '/credentials', created.body.key)).status, 401);
      const audit = await call('GET', '/audit', harness.keys.a.auditor);
      const actions = audit.body.entries.map((e: { action: string }) => e.action);
      for (const action of ['auth.login', 'api-key.created', 'api-key.revoked', 'credential.issued'])
        assert.ok(actions.includes(action), action);
      assert.ok(
        !JSON.stringify(audit.body).includes('Ana Sousa'),
        'audit entries never carry credential contents',
      );
    });

    it('1,000 concurrent issue requests: 1,000 stored credentials, 1,000 distinct status entries', async () => {
      const before = await call('GET', '/credentials?limit=500', harness.keys.b.auditor);
      assert.equal(before.body.items.length, 0);
      const responses = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          call(
            'POST',
            '/credentials/types/medical-licenses',
            harness.keys.b.operator,
            licence(`did:key:z6MkLoad${i}`, `LOAD-${i}`),
          ),
        ),
      );
      assert.deepEqual([...new Set(responses.map((r) => r.status))], [201]);
      const entries = new Set(responses.map((r) => `${r.body.status.listId}:${r.body.status.index}`));
      assert.equal(entries.size, 1000);
      const stored: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(
          'GET',
          `/credentials?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          harness.keys.b.auditor,
        );
        stored.push(...page.body.items.map((item: { id: string }) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.equal(stored.length, 1000);
      assert.equal(new Set(stored).size, 1000);
    });
  });
}
