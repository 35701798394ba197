// On-chain status through the cache: a revocation shows within one block after the head poll; historical questions
// (asOf a block or a time) answer as the chain was then; status answers are never older than maxStatusAgeBlocks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, type ChainVerifierSources, type Verifier } from '@medtrust/core';
import {
  accreditedIssuer,
  blockTimestamp,
  chainVerifier,
  check,
  ethrIdentity,
  issueLicence,
  setStatus,
  startChain,
  syncHead,
  waitForHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('status cache and historical questions', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let issuer: EthrIdentity;
  let holder: EthrIdentity;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources } = chainVerifier(fixture));
    issuer = await accreditedIssuer(fixture);
    holder = await ethrIdentity(fixture);
    await syncHead(fixture, sources);
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  it('serves warm answers from cache labelled with the head, and shows a revocation within one block of it', async () => {
    const jwt = issueLicence(fixture, issuer, { subject: holder.did, index: 10 });
    const first = await verifier.verifyCredential(jwt);
    assert.equal(first.verified, true);
    const warm = await verifier.verifyCredential(jwt);
    assert.equal(check(warm.checks, 'status').blockNumber, check(first.checks, 'status').blockNumber);

    // Unrelated blocks do not invalidate the cached word, and answers follow the head.
    const unrelated = await setStatus(fixture, 'revoke', issuer.privateKey, issuer.address, 1n, 300n); // another word
    await waitForHead(sources, unrelated.blockNumber);
    const afterUnrelated = await verifier.verifyCredential(jwt);
    assert.equal(afterUnrelated.verified, true);
    assert.ok(BigInt(check(afterUnrelated.checks, 'status').blockNumber!) >= unrelated.blockNumber);

    const receipt = await setStatus(fixture, 'revoke', issuer.privateKey, issuer.address, 1n, 10n);
    await waitForHead(sources, receipt.blockNumber);
    const revoked = await verifier.verifyCredential(jwt);
    const status = check(revoked.checks, 'status');
    assert.equal(status.code, ErrorCodes.CREDENTIAL_REVOKED);
    assert.equal(revoked.verified, false);
    const seen = sources.head.lastSeen()!.blockNumber;
    assert.ok(BigInt(status.blockNumber!) >= receipt.blockNumber);
    assert.ok(seen - BigInt(status.blockNumber!) <= 1n, `answer at ${status.blockNumber}, head ${seen}`);
  });

  it('answers asOf a block before the revocation, and asOf a time before it', async () => {
    const jwt = issueLicence(fixture, issuer, { subject: holder.did, index: 20 });
    await sleep(1_100);
    const beforeRevocation = await fixture.publicClient.getBlockNumber({ cacheTime: 0 });
    const beforeTime = new Date((await blockTimestamp(fixture, beforeRevocation)) * 1000);
    await sleep(1_100);
    const receipt = await setStatus(fixture, 'revoke', issuer.privateKey, issuer.address, 1n, 20n);
    await waitForHead(sources, receipt.blockNumber);

    const now = await verifier.verifyCredential(jwt);
    assert.equal(check(now.checks, 'status').code, ErrorCodes.CREDENTIAL_REVOKED);

    const atBlock = await verifier.verifyCredential(jwt, { asOf: { blockNumber: beforeRevocation } });
    assert.equal(atBlock.verified, true, JSON.stringify(atBlock.checks));
    assert.equal(check(atBlock.checks, 'status').blockNumber, beforeRevocation.toString());
    assert.deepEqual(atBlock.credentials[0]!.credential!.status, {
      revoked: false,
      suspended: false,
      blockNumber: beforeRevocation.toString(),
    });

    const atTime = await verifier.verifyCredential(jwt, { asOf: { time: beforeTime } });
    assert.equal(atTime.verified, true, JSON.stringify(atTime.checks));
    assert.ok(BigInt(check(atTime.checks, 'status').blockNumber!) < receipt.blockNumber);

    const atRevocation = await verifier.verifyCredential(jwt, { asOf: { blockNumber: receipt.blockNumber } });
    assert.equal(check(atRevocation.checks, 'status').code, ErrorCodes.CREDENTIAL_REVOKED);

    const future = await verifier.verifyCredential(jwt, {
      asOf: { blockNumber: receipt.blockNumber + 1_000n },
    });
    assert.equal(check(future.checks, 'status').status, 'error');
    assert.equal(check(future.checks, 'status').code, ErrorCodes.STATUS_UNAVAILABLE);
  });

  it('judges validity at asOf.time: an expired credential was valid before it expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = issueLicence(fixture, issuer, {
      subject: holder.did,
      index: 30,
      nbf: now - 7_200,
      exp: now - 3_600,
    });
    const today = await verifier.verifyCredential(jwt);
    assert.equal(check(today.checks, 'validity').code, ErrorCodes.CREDENTIAL_EXPIRED);
    const then = await verifier.verifyCredential(jwt, { asOf: { time: new Date((now - 5_400) * 1000) } });
    assert.equal(check(then.checks, 'validity').status, 'passed');
  });

  it('keeps status answers within maxStatusAgeBlocks of the head while blocks are mined', async () => {
    const jwt = issueLicence(fixture, issuer, { subject: holder.did, index: 40 });
    for (let i = 0; i < 5; i++) {
      const receipt = await setStatus(
        fixture,
        'suspend',
        issuer.privateKey,
        issuer.address,
        1n,
        BigInt(41 + i),
      );
      await waitForHead(sources, receipt.blockNumber);
      const report = await verifier.verifyCredential(jwt);
      const seen = sources.head.lastSeen()!.blockNumber;
      assert.ok(seen - BigInt(check(report.checks, 'status').blockNumber!) <= 1n);
      assert.equal(report.verified, true);
    }
    const suspend = await setStatus(fixture, 'suspend', issuer.privateKey, issuer.address, 1n, 40n);
    await waitForHead(sources, suspend.blockNumber);
    assert.equal(
      check((await verifier.verifyCredential(jwt)).checks, 'status').code,
      ErrorCodes.CREDENTIAL_SUSPENDED,
    );
  });

  it('reports the head through ChainHead', async () => {
    const seen = sources.head.lastSeen();
    assert.ok(seen !== undefined && seen.at instanceof Date);
    assert.equal(await sources.head.latestBlock(), sources.head.lastSeen()!.blockNumber);
  });
});
