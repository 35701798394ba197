// Issuer keys judged as of issuance: a credential signed with a key valid when it was issued still verifies after the
// key is rotated away; a key published later cannot sign a backdated credential.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ErrorCodes, type ChainVerifierSources, type Verifier } from '@medtrust/core';
import {
  accreditedIssuer,
  addSigningKey,
  blockTimestamp,
  chainVerifier,
  changeOwner,
  check,
  ethrIdentity,
  issueLicence,
  publicKeyOf,
  startChain,
  syncHead,
  waitForHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('key rotation', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let holder: EthrIdentity;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources } = chainVerifier(fixture));
    holder = await ethrIdentity(fixture);
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  it('owner change: old credentials keep verifying, the old key cannot sign new ones, the new key cannot sign old ones', async () => {
    const issuer = await accreditedIssuer(fixture);
    await syncHead(fixture, sources);
    const before = Math.floor(Date.now() / 1000); // not before the accreditation's own block (never retroactive)
    const old = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf: before });
    assert.equal((await verifier.verifyCredential(old)).verified, true);

    const newOwner = await ethrIdentity(fixture);
    await sleep(1_100); // the rotation lands in a later second than the credential's nbf
    const receipt = await changeOwner(fixture, issuer.privateKey, issuer.address, newOwner.address);
    const rotatedAt = await blockTimestamp(fixture, receipt.blockNumber);
    await waitForHead(sources, receipt.blockNumber);
    await sleep(1_100);

    const stillValid = await verifier.verifyCredential(old);
    assert.equal(stillValid.verified, true, JSON.stringify(stillValid.checks));

    const now = Math.floor(Date.now() / 1000);
    const oldKeyNewCredential = await verifier.verifyCredential(
      issueLicence(fixture, issuer, { subject: holder.did, index: 1, nbf: now }),
    );
    assert.equal(check(oldKeyNewCredential.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);

    const newKey = await verifier.verifyCredential(
      issueLicence(fixture, issuer, { subject: holder.did, index: 2, nbf: now }, newOwner.privateKey),
    );
    assert.equal(newKey.verified, true, JSON.stringify(newKey.checks));

    const backdated = await verifier.verifyCredential(
      issueLicence(
        fixture,
        issuer,
        { subject: holder.did, index: 3, nbf: rotatedAt - 3_600 },
        newOwner.privateKey,
      ),
    );
    assert.equal(backdated.verified, false);
    assert.equal(check(backdated.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
  });

  it('published signing key (ERC-1056 veriKey attribute): valid from its block on, not before', async () => {
    const issuer = await accreditedIssuer(fixture);
    // The key is published 30 s (chain time) after the accreditation started, so "20 s before the key" is still
    // inside the accreditation (which can no longer be recorded with a start in the past).
    await fixture.publicClient.request({ method: 'evm_increaseTime', params: [30] } as never);
    await fixture.publicClient.request({ method: 'evm_mine', params: [] } as never);
    const delegateKey = `0x${randomBytes(32).toString('hex')}` as Hex;
    const receipt = await addSigningKey(fixture, issuer.privateKey, issuer.address, publicKeyOf(delegateKey));
    const addedAt = await blockTimestamp(fixture, receipt.blockNumber);
    await waitForHead(sources, receipt.blockNumber);
    await sleep(1_100);

    const current = await verifier.verifyCredential(
      issueLicence(
        fixture,
        issuer,
        { subject: holder.did, index: 0, nbf: Math.floor(Date.now() / 1000) },
        delegateKey,
      ),
    );
    assert.equal(current.verified, true, JSON.stringify(current.checks));

    const backdated = await verifier.verifyCredential(
      issueLicence(fixture, issuer, { subject: holder.did, index: 1, nbf: addedAt - 3_600 }, delegateKey),
    );
    assert.equal(backdated.verified, false);
    assert.equal(check(backdated.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);

    // Within the clock skew (issuer clock behind the chain by a few seconds) the new key is accepted.
    const slightlyEarly = await verifier.verifyCredential(
      issueLicence(fixture, issuer, { subject: holder.did, index: 2, nbf: addedAt - 20 }, delegateKey),
    );
    assert.equal(slightlyEarly.verified, true, JSON.stringify(slightlyEarly.checks));

    // The controller key stays valid alongside the published key.
    const controller = await verifier.verifyCredential(
      issueLicence(fixture, issuer, { subject: holder.did, index: 3 }),
    );
    assert.equal(controller.verified, true);
    assert.equal(privateKeyToAccount(issuer.privateKey).address, issuer.address);
  });

  it('a presentation is judged against the holder keys of now', async () => {
    const issuer = await accreditedIssuer(fixture);
    const subject = await ethrIdentity(fixture);
    await syncHead(fixture, sources);
    // chain time may run ahead of the wall clock (an earlier test moved it): issue at the chain's present
    const head = await fixture.publicClient.getBlock();
    const licence = issueLicence(fixture, issuer, {
      subject: subject.did,
      index: 0,
      nbf: Number(head.timestamp),
    });
    const { presentation } = await import('./fixture.ts');
    const vp = presentation(subject, [licence]);
    const storeless = chainVerifier(fixture, { nonces: undefined });
    try {
      assert.equal((await storeless.verifier.verifyPresentation(vp)).verified, true);
      const newOwner = await ethrIdentity(fixture);
      const receipt = await changeOwner(fixture, subject.privateKey, subject.address, newOwner.address);
      await waitForHead(storeless.sources, receipt.blockNumber);
      const after = await storeless.verifier.verifyPresentation(vp);
      assert.equal(check(after.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
      const byNewOwner = await storeless.verifier.verifyPresentation(
        presentation(subject, [licence], {}, newOwner.privateKey),
      );
      assert.equal(byNewOwner.verified, true, JSON.stringify(byNewOwner));
    } finally {
      storeless.sources.close();
    }
  });
});
