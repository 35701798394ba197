// The "owner key is compromised" runbook (docs/threat-model.md) end to end, on a real local chain, against SQLite and
// PostgreSQL: licences issued and anchored, one revoked; governance withdraws the board's accreditation;
// POST /identity/replace gives the board a fresh did:ethr identity; governance accredits it; POST /batches/reissue
// re-issues the still-valid licences as one batch; the core Verifier accepts the replacements (new issuer) and the
// originals anchored before the withdrawal; the revoked licence is not re-issued; offers are created for the
// replacements of offered originals.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWalletClient, http, keccak256, toBytes, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  Verifier,
  createChainPublicClient,
  createChainVerifierSources,
  credentialJwtHash,
  type ChainVerifierSources,
} from '@medtrust/core';
import { createSchemaValidator } from '@medtrust/schemas';
import { trustRegistryArtifact } from '@medtrust/registry-contract';
import { createCredentialSigner } from '../../src/keys/index.ts';
import { organisationIdentityFromStore, runBatch, type IssuanceContext } from '../../src/issuance/index.ts';
import { createReissueBatch } from '../../src/issuance/reissue.ts';
import { getBatchProgress, listBatchItemResults } from '../../src/store/index.ts';
import { licence, startServiceHarness, type ServiceHarness } from './service-harness.ts';

const TYPE = 'MedicalLicenseCredential';
const FAR_FUTURE = 4_102_444_800; // 2100-01-01

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`identity replacement and re-issue [${dialect}]`, () => {
    let harness: ServiceHarness;
    let sources: ChainVerifierSources;
    before(async () => {
      harness = await startServiceHarness(dialect);
      await harness.issuer.publisher.flush(); // the boards' status lists
      sources = createChainVerifierSources(harness.chainConfig, { headPollIntervalMs: 50 });
    });
    after(async () => {
      sources?.close();
      await harness?.close();
    });
    const call: ServiceHarness['call'] = (...args) => harness.call(...args);

    async function governance(functionName: 'accredit' | 'withdraw', subject: string): Promise<bigint> {
      const { chainConfig, chain } = harness;
      const wallet = createWalletClient({
        account: privateKeyToAccount(chain.accounts[0]! as Hex),
        chain: {
          id: chainConfig.chainId,
          name: 'anvil',
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          rpcUrls: { default: { http: [chainConfig.rpcUrl] } },
        },
        transport: http(chainConfig.rpcUrl),
      });
      const typeHash = keccak256(toBytes(TYPE));
      const jurisdictionHash = keccak256(toBytes('PT'));
      const hash = await wallet.writeContract({
        address: chainConfig.trustRegistry as Address,
        abi: trustRegistryArtifact.abi as Abi,
        functionName,
        args:
          functionName === 'accredit'
            ? [subject, typeHash, jurisdictionHash, 0, FAR_FUTURE, false]
            : [subject, typeHash, jurisdictionHash],
      });
      const receipt = await createChainPublicClient(chainConfig).waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, 'success', `${functionName} reverted`);
      return receipt.blockNumber;
    }

    async function caughtUp(): Promise<void> {
      const target = await createChainPublicClient(harness.chainConfig).getBlockNumber();
      const deadline = Date.now() + 10_000;
      while ((await sources.head.latestBlock().catch(() => 0n)) < target) {
        if (Date.now() > deadline) throw new Error('verifier head did not catch up');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    function verifier(): Verifier {
      return new Verifier({
        resolver: sources.resolver,
        status: sources.status,
        accreditation: sources.accreditation,
        anchors: sources.anchors,
        anchorProofs: {
          async proofFor(credentialHash) {
            const answer = await call('GET', `/public/anchor-proofs/${credentialHash}`, undefined);
            if (answer.status === 200) return { state: 'anchored', proof: answer.body.proof };
            return answer.status === 202 ? { state: 'pending' } : { state: 'unknown' };
          },
        },
        schemas: createSchemaValidator(),
        clock: () => new Date(),
      });
    }

    async function jwtOfOrg(org: 'a' | 'b', id: string): Promise<string> {
      const details = await call('GET', `/credentials/${encodeURIComponent(id)}`, harness.keys[org].auditor);
      assert.equal(details.status, 200);
      return details.body.jwt as string;
    }
    const jwtOf = (id: string) => jwtOfOrg('a', id);

    it('replaces the identity, re-issues the still-valid licences as one batch and they verify', async () => {
      const { keys, orgs } = harness;
      await governance('accredit', orgs.a.address);

      // three licences of board a: one offered with a PIN, one plain, one revoked
      const issue = async (n: string, body: Record<string, unknown> = {}) => {
        const issued = await call('POST', '/credentials/types/medical-licenses', keys.a.operator, {
          ...licence(`did:key:z6MkReissue${n}`, `RI-${n}`),
          ...body,
        });
        assert.equal(issued.status, 201);
        return issued.body as { id: string; jwt: string; offer?: { pin?: string } };
      };
      const offered = await issue('1', { offer: { pin: true } });
      assert.equal(typeof offered.offer?.pin, 'string');
      const plain = await issue('2');
      const revoked = await issue('3');
      assert.equal(
        (
          await call('POST', `/credentials/${encodeURIComponent(revoked.id)}/revoke`, keys.a.operator, {
            reason: 'runbook',
          })
        ).status,
        202,
      );
      await harness.issuer.publisher.flush();
      await harness.issuer.anchors.flush();
      await caughtUp();
      const before = await verifier().verifyCredential(plain.jwt);
      assert.equal(before.verified, true, JSON.stringify(before.checks));

      // 1. governance withdraws the accreditation of the (compromised) identity
      await governance('withdraw', orgs.a.address);

      // 2. a new identity; only an admin may ask for it
      const forbidden = await call('POST', '/identity/replace', keys.a.operator);
      assert.equal(forbidden.status, 403);
      const replaced = await call('POST', '/identity/replace', keys.a.admin);
      assert.equal(replaced.status, 201);
      assert.equal(replaced.body.previousDid, orgs.a.did);
      assert.match(replaced.body.did, /^did:ethr:/);
      assert.notEqual(replaced.body.did, orgs.a.did);
      const newDid = replaced.body.did as string;
      const newAddress = /0x[0-9a-fA-F]{40}$/.exec(newDid)![0];
      const organisation = await call('GET', '/organisation', keys.a.auditor);
      assert.equal(organisation.body.did, newDid);
      assert.equal(organisation.body.address.toLowerCase(), newAddress.toLowerCase());
      const audit = await call('GET', '/audit', keys.a.auditor);
      const entry = audit.body.entries.find((e: { action: string }) => e.action === 'identity.replaced');
      assert.equal(entry?.target, newDid);
      assert.equal(entry?.detail?.previousDid, orgs.a.did);
      await governance('accredit', newAddress);
      await harness.issuer.publisher.flush(); // the new identity's status list, on-chain

      // 3. one re-issue batch; the current DID is not a source
      const fromCurrent = await call('POST', '/batches/reissue', keys.a.operator, { fromDid: newDid });
      assert.equal(fromCurrent.status, 400);
      assert.equal(fromCurrent.body.code, 'INVALID_ARGUMENT');
      assert.equal((await call('POST', '/batches/reissue', keys.a.auditor, {})).status, 403);
      const started = await call('POST', '/batches/reissue', keys.a.operator, {});
      assert.equal(started.status, 202);
      assert.equal(started.body.total, 2);
      assert.equal(started.body.fromDid, orgs.a.did);
      assert.deepEqual(started.body.skipped.revoked, [revoked.id]);
      await harness.issuer.idle();
      const batch = await call('GET', `/batches/${started.body.batchId}`, keys.a.auditor);
      assert.equal(batch.status, 200);
      assert.equal(batch.body.state, 'completed');
      assert.equal(batch.body.succeeded, 2);
      const items = batch.body.items as {
        credentialId: string;
        replaces: string;
        offer: { pin: boolean } | null;
      }[];
      assert.deepEqual(items.map((i) => i.replaces).sort(), [offered.id, plain.id].sort());
      assert.deepEqual(
        items.map((i) => [i.replaces, i.offer]).sort(),
        [
          [offered.id, { pin: true }],
          [plain.id, null],
        ].sort(),
      );
      await harness.issuer.publisher.flush();
      await harness.issuer.anchors.flush();
      await caughtUp();

      const check = verifier();
      for (const item of items) {
        const jwt = await jwtOf(item.credentialId);
        const report = await check.verifyCredential(jwt);
        assert.equal(report.verified, true, JSON.stringify(report.checks));
        assert.equal(report.credentials[0]!.credential!.issuer, newDid);
        const original = await check.verifyCredential(await jwtOf(item.replaces));
        assert.deepEqual(
          report.credentials[0]!.credential!.credentialSubject,
          original.credentials[0]!.credential!.credentialSubject,
        );
        const proof = await call('GET', `/public/anchor-proofs/${credentialJwtHash(jwt)}`, undefined);
        assert.equal(proof.body.proof.issuer, newAddress.toLowerCase());
      }
      // an original anchored before the withdrawal still verifies; its anchor stays under the old address
      const original = await check.verifyCredential(plain.jwt);
      assert.equal(original.verified, true, JSON.stringify(original.checks));
      const oldProof = await call('GET', `/public/anchor-proofs/${credentialJwtHash(plain.jwt)}`, undefined);
      assert.equal(oldProof.body.proof.issuer, orgs.a.address.toLowerCase());
      // the revoked one stays revoked and was not re-issued
      const revokedReport = await check.verifyCredential(revoked.jwt);
      assert.equal(revokedReport.checks.find((c) => c.check === 'status')?.code, 'CREDENTIAL_REVOKED');

      // the old identity's status lists are no longer written to: a status change of an original is refused
      const oldStatus = await call(
        'POST',
        `/credentials/${encodeURIComponent(plain.id)}/suspend`,
        keys.a.operator,
        {
          reason: 'runbook',
        },
      );
      assert.equal(oldStatus.status, 409);
      assert.equal(oldStatus.body.code, 'CONFLICT');

      // the service now issues only under the new identity
      const fresh = await issue('4');
      assert.equal((await check.verifyCredential(fresh.jwt)).credentials[0]!.credential!.issuer, newDid);
      const freshRevoke = await call(
        'POST',
        `/credentials/${encodeURIComponent(fresh.id)}/revoke`,
        keys.a.operator,
        {
          reason: 'runbook',
        },
      );
      assert.equal(freshRevoke.status, 202);
      await harness.issuer.publisher.flush();
      await caughtUp();
      const freshReport = await check.verifyCredential(fresh.jwt);
      assert.equal(freshReport.checks.find((c) => c.check === 'status')?.code, 'CREDENTIAL_REVOKED');

      // offers for the replacement of the offered original (with a PIN, as the original's)
      const offers = await call('POST', `/batches/${started.body.batchId}/offers`, keys.a.operator);
      assert.equal(offers.status, 201);
      assert.equal(offers.body.offers.length, 1);
      const [offer] = offers.body.offers;
      assert.equal(offer.replaces, offered.id);
      assert.equal(offer.credentialId, items.find((i) => i.replaces === offered.id)!.credentialId);
      assert.match(offer.offerUri, /^openid-credential-offer:\/\//);
      assert.match(offer.pin, /^\d{6}$/);
      const notReissue = await call('POST', `/batches/${started.body.batchId}x/offers`, keys.a.operator);
      assert.equal(notReissue.status, 404);
      assert.equal(notReissue.body.code, 'NOT_FOUND');

      // re-running re-issues nothing twice
      const again = await call('POST', '/batches/reissue', keys.a.operator, {});
      assert.equal(again.status, 202);
      assert.equal(again.body.total, 0);
      assert.deepEqual(again.body.skipped.alreadyReplaced.sort(), [offered.id, plain.id].sort());
      // board b has no previous identity
      const none = await call('POST', '/batches/reissue', keys.b.operator, {});
      assert.equal(none.status, 409);
      assert.equal(none.body.code, 'CONFLICT');
    });

    it('a re-issue batch stopped after its first chunk resumes where it stopped (one replacement per original)', async () => {
      const { keys, orgs, issuer } = harness;
      const ids: string[] = [];
      for (const n of ['b1', 'b2', 'b3']) {
        const issued = await call(
          'POST',
          '/credentials/types/medical-licenses',
          keys.b.operator,
          licence(`did:key:z6MkReissue${n}`, `RB-${n}`),
        );
        assert.equal(issued.status, 201);
        ids.push(issued.body.id as string);
      }
      // an already expired licence (expirationDate in the past) is not re-issued
      const expired = await call('POST', '/credentials/types/medical-licenses', keys.b.operator, {
        ...licence('did:key:z6MkReissueExpired', 'RB-x'),
        expirationDate: '2020-01-01T00:00:00Z',
      });
      await issuer.anchors.flush();
      const replaced = await call('POST', '/identity/replace', keys.b.admin);
      assert.equal(replaced.status, 201);
      assert.equal(replaced.body.previousDid, orgs.b.did);
      await issuer.publisher.flush();

      // the batch as POST /batches/reissue stores it, run here so that it can be stopped after one chunk
      const { batch, skipped } = await createReissueBatch(issuer.db, {
        organisationId: orgs.b.id,
        now: new Date(),
      });
      assert.equal(batch.total, 3);
      assert.equal(expired.status, 201);
      assert.deepEqual(skipped.expired, [expired.body.id]);
      const ctx: IssuanceContext = {
        db: issuer.db,
        signerFor: async () => createCredentialSigner(issuer.agent, { did: replaced.body.did as string }),
        organisationFor: organisationIdentityFromStore(issuer.db),
        validator: createSchemaValidator(),
        clock: () => new Date(),
        chain: { chainId: harness.chainConfig.chainId, statusRegistry: harness.chainConfig.statusRegistry },
      };
      // no second replacement while a batch of the organisation is running (it signs with the identity it started with)
      const whileRunning = await call('POST', '/identity/replace', keys.b.admin);
      assert.equal(whileRunning.status, 409);
      assert.equal(whileRunning.body.code, 'CONFLICT');
      const stop = new AbortController();
      const stopped = await runBatch(ctx, batch.id, {
        chunkSize: 1,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.processed >= 1) stop.abort();
        },
      });
      assert.equal(stopped.state, 'running');
      assert.equal(stopped.processed, 1);
      const resumed = await runBatch(ctx, batch.id, { chunkSize: 1 });
      assert.equal(resumed.state, 'completed');
      assert.equal(resumed.succeeded, 3);
      assert.equal((await getBatchProgress(issuer.db, batch.id))?.failed, 0);
      const items = await listBatchItemResults(issuer.db, batch.id);
      assert.deepEqual(items.map((i) => i.replaces).sort(), [...ids].sort());
      assert.equal(new Set(items.map((i) => i.credentialId)).size, 3);

      await issuer.publisher.flush();
      await issuer.anchors.flush();
      await caughtUp();
      const report = await verifier().verifyCredential(await jwtOfOrg('b', items[0]!.credentialId!));
      // board b's new identity is not accredited: everything else of the replacement checks out
      assert.equal(report.credentials[0]!.credential!.issuer, replaced.body.did);
      const failed = report.checks
        .filter((c) => c.status !== 'passed' && c.status !== 'skipped')
        .map((c) => [c.check, c.code]);
      assert.deepEqual(failed, [['issuer-accreditation', 'ISSUER_NOT_ACCREDITED']]);
    });
  });
}
