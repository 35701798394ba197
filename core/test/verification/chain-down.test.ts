// The chain stops mid-test: every verification that needs it fails closed (STATUS_UNAVAILABLE,
// ACCREDITATION_UNAVAILABLE, or DID_UNRESOLVABLE where resolution is what fails), verified:false, never a throw.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, type ChainVerifierSources, type Verifier } from '@medtrust/core';
import { freePort } from '@medtrust/registry-contract/local-chain';
import { schemaIdFor } from '@medtrust/schemas';
import {
  accreditedIssuer,
  chainVerifier,
  check,
  ed25519DidKey,
  ethrIdentity,
  issueLicence,
  presentation,
  startChain,
  syncHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('chain unavailable', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let issuer: EthrIdentity;
  let holder: EthrIdentity;
  let warm: string;
  let cold: string;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources } = chainVerifier(
      fixture,
      {},
      { headPollIntervalMs: 50, maxHeadAgeMs: 500, requestTimeoutMs: 1_000 },
    ));
    issuer = await accreditedIssuer(fixture);
    const other = await accreditedIssuer(fixture);
    holder = await ethrIdentity(fixture);
    // Accreditations start at their own block: move the chain's clock on (anvil's own methods) so that the warm
    // credential's issuance, just after them, is a settled moment before the head whose DID documents are cached.
    await fixture.publicClient.request({ method: 'evm_increaseTime', params: [2] } as never);
    await fixture.publicClient.request({ method: 'evm_mine', params: [] } as never);
    await syncHead(fixture, sources);
    warm = issueLicence(fixture, issuer, { subject: holder.did });
    cold = issueLicence(fixture, other, { subject: holder.did, nbf: Math.floor(Date.now() / 1000) + 5 });
    assert.equal((await verifier.verifyCredential(warm)).verified, true);
    await fixture.stop();
    await sleep(200); // at least one poll fails
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  it('a credential whose DID document is cached: did-resolution passes, status and accreditation fail closed', async () => {
    const report = await verifier.verifyCredential(warm);
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'signature').status, 'passed');
    const status = check(report.checks, 'status');
    assert.equal(status.status, 'error');
    assert.equal(status.code, ErrorCodes.STATUS_UNAVAILABLE);
    const accreditation = check(report.checks, 'issuer-accreditation');
    assert.equal(accreditation.status, 'error');
    assert.equal(accreditation.code, ErrorCodes.ACCREDITATION_UNAVAILABLE);
  });

  it('a credential whose DID must be fetched: DID_UNRESOLVABLE, and nothing else is trusted', async () => {
    const started = Date.now();
    const report = await verifier.verifyCredential(cold);
    assert.equal(report.verified, false);
    const resolution = check(report.checks, 'did-resolution');
    assert.equal(resolution.status, 'error');
    assert.equal(resolution.code, ErrorCodes.DID_UNRESOLVABLE);
    assert.equal(check(report.checks, 'signature').status, 'skipped');
    assert.equal(check(report.checks, 'status').status, 'skipped');
    assert.ok(Date.now() - started < 5_000, 'fails fast');
  });

  it('a presentation: the holder DID cannot be resolved now', async () => {
    const report = await verifier.verifyPresentation(presentation(holder, [warm]), {
      requireChallenge: false,
    });
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'did-resolution').code, ErrorCodes.DID_UNRESOLVABLE);
    assert.equal(check(report.credentials[0]!.checks, 'status').code, ErrorCodes.STATUS_UNAVAILABLE);
  });

  it('a ReviewCredential by a did:key patient needs no chain and still verifies', async () => {
    const patient = ed25519DidKey();
    const payload = {
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'ReviewCredential'],
        credentialSubject: {
          author: patient.did,
          rating: 4,
          text: 'Good.',
          treatmentCredentialHash: `0x${'cd'.repeat(32)}`,
          reviewDate: '2025-03-01',
        },
        credentialSchema: { id: schemaIdFor('ReviewCredential'), type: 'JsonSchema' },
      },
      sub: issuer.did,
      nbf: Math.floor(Date.now() / 1000) - 10,
      iss: patient.did,
    };
    const report = await verifier.verifyCredential(patient.sign({ alg: 'EdDSA' }, payload));
    assert.equal(report.verified, true, JSON.stringify(report.checks));
  });

  it('a verifier that never reached the chain answers every question closed, without throwing', async () => {
    const dead = { ...fixture.config, rpcUrl: `http://127.0.0.1:${await freePort()}` };
    const { verifier: deadVerifier, sources: deadSources } = chainVerifier(
      { ...fixture, config: dead },
      {},
      { requestTimeoutMs: 1_000 },
    );
    try {
      const report = await deadVerifier.verifyCredential(warm);
      assert.equal(report.verified, false);
      assert.equal(check(report.checks, 'did-resolution').code, ErrorCodes.DID_UNRESOLVABLE);
      const direct = await deadSources.status
        .statusOf({ issuer: issuer.address, listId: 1n, index: 0n })
        .catch((e: unknown) => e);
      assert.equal((direct as { code?: string }).code, ErrorCodes.CHAIN_UNAVAILABLE);
      await assert.rejects(
        deadSources.head.latestBlock(),
        (e: unknown) => (e as { code?: string }).code === ErrorCodes.CHAIN_UNAVAILABLE,
      );
      assert.equal(deadSources.head.lastSeen(), undefined);
    } finally {
      deadSources.close();
    }
  });
});
