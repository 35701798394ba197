// Hostile corpus: backdating and anchors. A credential's time of reference is the block that anchored it, so a key
// that was once valid (a retired owner, a revoked signing key or StatusWriter delegate, an issuer whose accreditation
// was withdrawn) cannot mint "historical" credentials at any nbf, and a forged or borrowed anchor proof is refused
// with its own stable code. Against a real local chain; chain time moves with anvil's evm_increaseTime / evm_mine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  ErrorCodes,
  InMemoryNonceStore,
  Verifier,
  type AnchorProof,
  type AnchorProofSource,
  type ChainVerifierSources,
  type VerificationReport,
} from '@medtrust/core';
import {
  accredit,
  accreditedIssuer,
  addSigningKey,
  addStatusWriter,
  advanceChain,
  anchorCredentials,
  chainVerifier,
  changeOwner,
  check,
  codesOf,
  createList,
  ed25519DidKey,
  ethrIdentity,
  fixtureProofSource,
  headTimestamp,
  issueLicence,
  licenceClaims,
  licencePayload,
  presentation,
  publicKeyOf,
  revokeSigningKey,
  revokeStatusWriter,
  schemas,
  syncHead,
  withdrawAccreditation,
  type ChainFixture,
  type EthrIdentity,
  startChain,
} from './fixture.ts';

describe('hostile input: backdating and anchors', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let holder: EthrIdentity;
  /** Chain time minus wall time, ms: the verifier's clock follows the chain (which the tests move on). */
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);

  /** Moves chain time on and keeps the verifier's clock with it. */
  async function advance(seconds: number): Promise<number> {
    const timestamp = await advanceChain(fixture, seconds);
    offsetMs = Math.max(0, timestamp * 1000 - Date.now());
    await syncHead(fixture, sources);
    return timestamp;
  }

  /** The chain's present, Unix seconds. */
  const chainNow = () => headTimestamp(fixture);

  const proofsOnly = (): AnchorProofSource => fixtureProofSource(fixture, { anchorOnDemand: false });

  function anchoringCode(report: VerificationReport): string | undefined {
    return check(report.credentials[0]!.checks, 'anchoring').code;
  }

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture, { clock, anchorProofs: proofsOnly() }));
    holder = await ethrIdentity(fixture);
    await advance(2);
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  it('control: a licence anchored by its issuer verifies, and its report names the anchor block', async () => {
    const issuer = await accreditedIssuer(fixture);
    const licence = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf: await chainNow() });
    const { receipt } = await anchorCredentials(fixture, issuer.privateKey, issuer.address, [licence]);
    await syncHead(fixture, sources);
    const report = await verifier.verifyCredential(licence);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(check(report.checks, 'anchoring').status, 'passed');
    assert.equal(report.credentials[0]!.credential!.anchor!.blockNumber, receipt.blockNumber.toString());
  });

  it('the verifier refuses to start without an anchor registry while types require anchoring', () => {
    assert.throws(
      () =>
        new Verifier({
          resolver: sources.resolver,
          status: sources.status,
          accreditation: sources.accreditation,
          schemas: schemas(),
          clock,
        }),
      { code: ErrorCodes.CONFIGURATION_INVALID },
    );
  });

  it('a retired owner key: cannot anchor, and nothing it signs after retirement verifies at any nbf', async () => {
    const issuer = await accreditedIssuer(fixture);
    const nbf = await chainNow();
    const before = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf });
    const [beforeProof] = (await anchorCredentials(fixture, issuer.privateKey, issuer.address, [before]))
      .proofs;
    const newOwner = await ethrIdentity(fixture);
    await advance(5);
    await changeOwner(fixture, issuer.privateKey, issuer.address, newOwner.address);
    await advance(5);

    // What was signed and anchored before still verifies.
    assert.equal((await verifier.verifyCredential(before)).verified, true);

    // The leaked retired key signs a "historical" licence inside its old window…
    const forged = issueLicence(fixture, issuer, { subject: holder.did, index: 1, nbf });
    // …but can no longer anchor it for the issuer.
    await assert.rejects(
      anchorCredentials(fixture, issuer.privateKey, issuer.address, [forged]),
      /NotIdentityController/,
    );
    assert.equal(anchoringCode(await verifier.verifyCredential(forged)), ErrorCodes.ANCHOR_MISSING);
    // A borrowed proof (the genuine credential's) does not fit it.
    assert.equal(
      anchoringCode(
        await verifier.verifyCredential(forged, {
          anchorProofs: [{ ...beforeProof!, credentialHash: beforeProof!.credentialHash }],
        }),
      ),
      ErrorCodes.ANCHOR_MISSING,
    );
    const relabelled = { ...beforeProof! };
    const forgedHash = (await import('@medtrust/core')).credentialJwtHash(forged);
    relabelled.credentialHash = forgedHash;
    assert.equal(
      anchoringCode(await verifier.verifyCredential(forged, { anchorProofs: [relabelled] })),
      ErrorCodes.ANCHOR_INVALID,
    );
    // Anchored under the attacker's own identity: another issuer.
    const attacker = await ethrIdentity(fixture);
    const own = await anchorCredentials(fixture, attacker.privateKey, attacker.address, [forged]);
    await syncHead(fixture, sources);
    assert.equal(
      anchoringCode(await verifier.verifyCredential(forged, { anchorProofs: own.proofs })),
      ErrorCodes.ANCHOR_INVALID,
    );
    // Even anchored by the new owner (a compromised pipeline), the retired key is not the issuer's at the anchor.
    const laundered = await anchorCredentials(fixture, newOwner.privateKey, issuer.address, [forged]);
    await syncHead(fixture, sources);
    const report = await verifier.verifyCredential(forged, { anchorProofs: laundered.proofs });
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'anchoring').status, 'passed');
    assert.equal(check(report.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
  });

  it('a revoked signing key (veriKey): what it signed and got anchored before stays valid; nothing after', async () => {
    const issuer = await accreditedIssuer(fixture);
    const signingKey = `0x${randomBytes(32).toString('hex')}` as Hex;
    await addSigningKey(fixture, issuer.privateKey, issuer.address, publicKeyOf(signingKey));
    await advance(2);
    const nbf = await chainNow();
    const early = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf }, signingKey);
    await anchorCredentials(fixture, issuer.privateKey, issuer.address, [early]);
    await advance(5);
    await revokeSigningKey(fixture, issuer.privateKey, issuer.address, publicKeyOf(signingKey));
    await advance(5);

    assert.equal((await verifier.verifyCredential(early)).verified, true);
    const late = issueLicence(fixture, issuer, { subject: holder.did, index: 1, nbf }, signingKey);
    const { proofs } = await anchorCredentials(fixture, issuer.privateKey, issuer.address, [late]);
    await syncHead(fixture, sources);
    const report = await verifier.verifyCredential(late, { anchorProofs: proofs });
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
  });

  it('an expired signing key on an idle chain: judged at the anchor block, not at an older cached head', async () => {
    const issuer = await accreditedIssuer(fixture);
    const signingKey = `0x${randomBytes(32).toString('hex')}` as Hex;
    await addSigningKey(fixture, issuer.privateKey, issuer.address, publicKeyOf(signingKey), 30);
    await advance(2);
    const valid = issueLicence(
      fixture,
      issuer,
      { subject: holder.did, index: 0, nbf: await chainNow() },
      signingKey,
    );
    await anchorCredentials(fixture, issuer.privateKey, issuer.address, [valid]);
    await syncHead(fixture, sources);
    assert.equal((await verifier.verifyCredential(valid)).verified, true);
    await advance(60); // the key's validity ran out; no event says so
    const afterExpiry = issueLicence(
      fixture,
      issuer,
      { subject: holder.did, index: 1, nbf: await chainNow() },
      signingKey,
    );
    const { proofs } = await anchorCredentials(fixture, issuer.privateKey, issuer.address, [afterExpiry]);
    await syncHead(fixture, sources);
    const report = await verifier.verifyCredential(afterExpiry, { anchorProofs: proofs });
    assert.equal(check(report.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
    assert.equal((await verifier.verifyCredential(valid)).verified, true);
  });

  it('without anchoring (a type outside anchorRequiredFor), an expired key is not served from an older head', async () => {
    const unanchored = chainVerifier(fixture, { clock, anchorRequiredFor: [] });
    try {
      const issuer = await accreditedIssuer(fixture);
      const signingKey = `0x${randomBytes(32).toString('hex')}` as Hex;
      await addSigningKey(fixture, issuer.privateKey, issuer.address, publicKeyOf(signingKey), 30);
      await advance(2);
      await syncHead(fixture, unanchored.sources);
      const first = issueLicence(
        fixture,
        issuer,
        { subject: holder.did, index: 0, nbf: await chainNow() },
        signingKey,
      );
      assert.equal((await unanchored.verifier.verifyCredential(first)).verified, true);
      await advance(60); // one new block, past the key's validity; no ERC-1056 event says so
      await syncHead(fixture, unanchored.sources);
      const second = issueLicence(
        fixture,
        issuer,
        { subject: holder.did, index: 1, nbf: await chainNow() },
        signingKey,
      );
      const report = await unanchored.verifier.verifyCredential(second);
      assert.equal(check(report.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
    } finally {
      unanchored.sources.close();
    }
  });

  it('a StatusWriter delegate anchors for its issuer until revoked or expired, then the registry refuses it', async () => {
    const issuer = await accreditedIssuer(fixture);
    const delegate = await ethrIdentity(fixture);
    await addStatusWriter(fixture, issuer.privateKey, issuer.address, delegate.address);
    const first = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf: await chainNow() });
    await anchorCredentials(fixture, delegate.privateKey, issuer.address, [first]);
    await syncHead(fixture, sources);
    assert.equal((await verifier.verifyCredential(first)).verified, true);

    await revokeStatusWriter(fixture, issuer.privateKey, issuer.address, delegate.address);
    const second = issueLicence(fixture, issuer, { subject: holder.did, index: 1, nbf: await chainNow() });
    await assert.rejects(
      anchorCredentials(fixture, delegate.privateKey, issuer.address, [second]),
      /NotIdentityController/,
    );
    assert.equal(anchoringCode(await verifier.verifyCredential(second)), ErrorCodes.ANCHOR_MISSING);

    const shortLived = await ethrIdentity(fixture);
    await addStatusWriter(fixture, issuer.privateKey, issuer.address, shortLived.address, 30);
    await advance(60);
    await assert.rejects(
      anchorCredentials(fixture, shortLived.privateKey, issuer.address, [second]),
      /NotIdentityController/,
    );
    // What the revoked delegate anchored while it was valid still verifies.
    assert.equal((await verifier.verifyCredential(first)).verified, true);
  });

  it('accreditation withdrawn from block B: anchored before B verifies; signed "before B" but anchored after fails', async () => {
    const issuer = await accreditedIssuer(fixture);
    const nbf = await chainNow();
    const early = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf });
    await anchorCredentials(fixture, issuer.privateKey, issuer.address, [early]);
    await advance(5);
    await withdrawAccreditation(fixture, issuer.address, 'MedicalLicenseCredential', 'PT');
    await advance(5);

    assert.equal((await verifier.verifyCredential(early)).verified, true);
    const backdated = issueLicence(fixture, issuer, { subject: holder.did, index: 1, nbf });
    const { proofs } = await anchorCredentials(fixture, issuer.privateKey, issuer.address, [backdated]);
    await syncHead(fixture, sources);
    const report = await verifier.verifyCredential(backdated, { anchorProofs: proofs });
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'anchoring').status, 'passed');
    assert.equal(check(report.checks, 'issuer-accreditation').code, ErrorCodes.ISSUER_NOT_ACCREDITED);
  });

  it('an accreditation recorded later cannot rewrite the past: read as of the anchor block', async () => {
    const issuer = await ethrIdentity(fixture);
    await createList(fixture, issuer.privateKey, issuer.address, 1n, 1);
    const nbf = await chainNow();
    const unaccredited = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf });
    const { proofs } = await anchorCredentials(fixture, issuer.privateKey, issuer.address, [unaccredited]);
    await advance(5);
    // Governance accredits afterwards (a start in the past is refused by the registry; 0 = from this block).
    await accredit(fixture, issuer.address, 'MedicalLicenseCredential', 'PT', 0, nbf + 10 * 365 * 86_400);
    await advance(5);
    const report = await verifier.verifyCredential(unaccredited, { anchorProofs: proofs });
    assert.equal(check(report.checks, 'issuer-accreditation').code, ErrorCodes.ISSUER_NOT_ACCREDITED);
  });

  it('anchored more than the allowed lag after nbf → ANCHOR_LAG_EXCEEDED; a longer configured lag accepts it', async () => {
    const issuer = await accreditedIssuer(fixture);
    const nbf = await chainNow();
    await advance(2 * 86_400);
    const late = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf });
    const { proofs } = await anchorCredentials(fixture, issuer.privateKey, issuer.address, [late]);
    await syncHead(fixture, sources);
    const report = await verifier.verifyCredential(late, { anchorProofs: proofs });
    assert.equal(anchoringCode(report), ErrorCodes.ANCHOR_LAG_EXCEEDED);
    assert.equal(report.verified, false);
    const lenient = chainVerifier(fixture, {
      clock,
      anchorProofs: proofsOnly(),
      anchorMaxLagSeconds: 3 * 86_400,
    });
    try {
      await syncHead(fixture, lenient.sources);
      const accepted = await lenient.verifier.verifyCredential(late, { anchorProofs: proofs });
      assert.equal(accepted.verified, true, JSON.stringify(accepted.checks));
    } finally {
      lenient.sources.close();
    }
  });

  it('anchored before the date it claims (future nbf beyond the skew) → ANCHOR_INVALID', async () => {
    const issuer = await accreditedIssuer(fixture);
    const future = issueLicence(fixture, issuer, {
      subject: holder.did,
      index: 0,
      nbf: (await chainNow()) + 3_600,
    });
    const { proofs } = await anchorCredentials(fixture, issuer.privateKey, issuer.address, [future]);
    await syncHead(fixture, sources);
    assert.equal(
      anchoringCode(await verifier.verifyCredential(future, { anchorProofs: proofs })),
      ErrorCodes.ANCHOR_INVALID,
    );
  });

  describe('forged and mismatched proofs', () => {
    let issuer: EthrIdentity;
    let licence: string;
    let proof: AnchorProof;
    let sibling: AnchorProof;

    before(async () => {
      issuer = await accreditedIssuer(fixture);
      const nbf = await chainNow();
      licence = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf });
      const other = issueLicence(fixture, issuer, { subject: holder.did, index: 1, nbf });
      [proof, sibling] = (
        await anchorCredentials(fixture, issuer.privateKey, issuer.address, [licence, other])
      ).proofs as [AnchorProof, AnchorProof];
      fixture.proofs.delete(proof.credentialHash); // only what each case presents
      fixture.proofs.delete(sibling.credentialHash);
      await syncHead(fixture, sources);
    });

    const flip = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}` as `0x${string}`;
    const cases: Array<[string, (p: AnchorProof) => unknown, string]> = [
      ['the genuine proof (control)', (p) => p, 'passed'],
      [
        'an inclusion path with one bit changed',
        (p) => ({ ...p, proof: [flip(p.proof[0]!)] }),
        ErrorCodes.ANCHOR_INVALID,
      ],
      ['an empty inclusion path', (p) => ({ ...p, proof: [] }), ErrorCodes.ANCHOR_INVALID],
      ['another root', (p) => ({ ...p, root: flip(p.root) }), ErrorCodes.ANCHOR_INVALID],
      [
        'the block before the anchor',
        (p) => ({ ...p, blockNumber: String(BigInt(p.blockNumber) - 1n) }),
        ErrorCodes.ANCHOR_INVALID,
      ],
      [
        'a block the chain has not reached',
        (p) => ({ ...p, blockNumber: '99999999' }),
        ErrorCodes.ANCHOR_PENDING,
      ],
      ['another chain id', (p) => ({ ...p, chainId: 1 }), ErrorCodes.ANCHOR_INVALID],
      [
        'another anchor registry',
        (p) => ({ ...p, anchorRegistry: `0x${'11'.repeat(20)}` }),
        ErrorCodes.ANCHOR_INVALID,
      ],
      [
        'another transaction',
        (p) => ({ ...p, transactionHash: flip(p.transactionHash) }),
        ErrorCodes.ANCHOR_INVALID,
      ],
      [
        'another issuer address',
        (p) => ({ ...p, issuer: `0x${'22'.repeat(20)}` }),
        ErrorCodes.ANCHOR_INVALID,
      ],
      ['a wrong type', (p) => ({ ...p, type: 'MerkleProof' }), ErrorCodes.ANCHOR_INVALID],
      [
        'a block number that is not a decimal',
        (p) => ({ ...p, blockNumber: '0x10' }),
        ErrorCodes.ANCHOR_INVALID,
      ],
      ['a 33-hash path', (p) => ({ ...p, proof: Array(33).fill(p.root) }), ErrorCodes.ANCHOR_INVALID],
      ['nothing but the hash', (p) => ({ credentialHash: p.credentialHash }), ErrorCodes.ANCHOR_INVALID],
    ];
    for (const [name, mutate, expected] of cases) {
      it(`${name} → ${expected}`, async () => {
        const report = await verifier.verifyCredential(licence, { anchorProofs: [mutate(proof) as object] });
        const anchoring = check(report.checks, 'anchoring');
        if (expected === 'passed') {
          assert.equal(report.verified, true, JSON.stringify(report.checks));
        } else {
          assert.equal(report.verified, false);
          assert.equal(anchoring.code, expected, JSON.stringify(anchoring));
        }
      });
    }

    it("a sibling's proof (same root, other leaf) does not prove this credential → ANCHOR_INVALID", async () => {
      const report = await verifier.verifyCredential(licence, {
        anchorProofs: [{ ...sibling, credentialHash: proof.credentialHash }],
      });
      assert.equal(anchoringCode(report), ErrorCodes.ANCHOR_INVALID);
    });

    it('a proof carried in a holder-signed presentation is used; a tampered one fails the credential', async () => {
      const good = await verifier.verifyPresentation(
        presentationWithProofs(holder, [licence], [proof], await nonces.issue(60)),
      );
      assert.equal(good.verified, true, JSON.stringify(good));
      const bad = await verifier.verifyPresentation(
        presentationWithProofs(
          holder,
          [licence],
          [{ ...proof, root: flip(proof.root) }],
          await nonces.issue(60),
        ),
      );
      assert.equal(bad.verified, false);
      assert.equal(anchoringCode(bad), ErrorCodes.ANCHOR_INVALID);
      const malformed = await verifier.verifyPresentation(
        presentationWithProofs(holder, [licence], 'not a list' as never, await nonces.issue(60)),
      );
      assert.equal(check(malformed.checks, 'format').code, ErrorCodes.FORMAT_INVALID);
    });
  });

  describe('proof sources that cannot or will not answer', () => {
    let issuer: EthrIdentity;
    let licence: string;

    before(async () => {
      issuer = await accreditedIssuer(fixture);
      licence = issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf: await chainNow() });
      await syncHead(fixture, sources);
    });

    async function withSource(source: AnchorProofSource, anchors = sources.anchors) {
      return withSourceFor(licence, source, anchors);
    }

    async function withSourceFor(jwt: string, source: AnchorProofSource, anchors = sources.anchors) {
      const custom = new Verifier({
        resolver: sources.resolver,
        status: sources.status,
        accreditation: sources.accreditation,
        anchors,
        anchorProofs: source,
        schemas: schemas(),
        clock,
      });
      return custom.verifyCredential(jwt);
    }

    it('the issuer says pending → ANCHOR_PENDING (not a verdict: ask again)', async () => {
      const report = await withSource({ proofFor: async () => ({ state: 'pending' }) });
      assert.equal(anchoringCode(report), ErrorCodes.ANCHOR_PENDING);
      assert.equal(check(report.checks, 'anchoring').status, 'failed');
    });

    it('nobody knows it → ANCHOR_MISSING', async () => {
      assert.equal(
        anchoringCode(await withSource({ proofFor: async () => ({ state: 'unknown' }) })),
        ErrorCodes.ANCHOR_MISSING,
      );
    });

    it('the proof endpoint is down → ANCHOR_UNAVAILABLE (error, fail closed)', async () => {
      const report = await withSource({ proofFor: () => Promise.reject(new Error('ECONNREFUSED')) });
      assert.equal(check(report.checks, 'anchoring').status, 'error');
      assert.equal(anchoringCode(report), ErrorCodes.ANCHOR_UNAVAILABLE);
      assert.equal(report.verified, false);
    });

    it('the anchor registry cannot be read → ANCHOR_UNAVAILABLE', async () => {
      const { proofs } = await anchorCredentials(fixture, issuer.privateKey, issuer.address, [licence]);
      const down = {
        chainId: sources.anchors.chainId,
        registry: sources.anchors.registry,
        anchorAt: () => Promise.reject(new Error('chain down')),
      };
      const report = await withSource(
        { proofFor: async () => ({ state: 'anchored', proof: proofs[0] }) },
        down,
      );
      assert.equal(anchoringCode(report), ErrorCodes.ANCHOR_UNAVAILABLE);
      assert.equal(report.verified, false);
    });

    it("a forged credential (signed by a key that is not the issuer's) never makes the verifier fetch a proof", async () => {
      let asked = 0;
      const mallory = `0x${randomBytes(32).toString('hex')}` as Hex;
      const forged = issueLicence(
        fixture,
        issuer,
        { subject: holder.did, index: 3, nbf: await chainNow() },
        mallory,
      );
      const report = await withSourceFor(forged, {
        proofFor: async () => {
          asked++;
          return { state: 'unknown' };
        },
      });
      assert.equal(asked, 0);
      assert.equal(check(report.checks, 'anchoring').status, 'skipped');
      assert.equal(check(report.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
      assert.equal(report.verified, false);
    });

    it('a licence by an issuer that is not a did:ethr cannot be anchored → ANCHOR_MISSING', async () => {
      const key = ed25519DidKey();
      const payload = licencePayload(fixture, {
        issuer: { did: key.did, address: privateKeyToAccount(issuer.privateKey).address as Address },
        subject: holder.did,
        status: null,
        claims: licenceClaims(),
      });
      const report = await verifier.verifyCredential(key.sign({ alg: 'EdDSA', typ: 'JWT' }, payload));
      assert.equal(anchoringCode(report), ErrorCodes.ANCHOR_MISSING);
      assert.ok(codesOf(report).includes(ErrorCodes.ANCHOR_MISSING));
    });
  });
});

/** A holder-signed presentation carrying `anchorProofs` beside its credentials. */
function presentationWithProofs(
  holder: EthrIdentity,
  credentials: readonly string[],
  anchorProofs: readonly unknown[],
  nonce: string,
): string {
  return presentation(holder, credentials, { nonce }, undefined, { anchorProofs });
}
