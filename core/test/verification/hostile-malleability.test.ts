// A hostile corpus for ECDSA malleability: for every signature (r, s) the twin (r, n − s) verifies under OpenSSL, so
// without a low-s rule one signed JWT has two byte forms. Every twin must fail `signature` with SIGNATURE_INVALID,
// on every path (credential, JSON form, presentation, credential inside a presentation, both signature verifiers),
// while the untampered JWT still verifies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCredential } from 'did-jwt-vc';
import {
  createNobleSignatureVerifier,
  credentialJwtHash,
  credentialSigningInputHash,
  ErrorCodes,
  Verifier,
  type ChainVerifierSources,
  type InMemoryNonceStore,
  type VerificationReport,
} from '@medtrust/core';
import {
  accreditedIssuer,
  chainVerifier,
  check,
  ethrIdentity,
  fixtureProofSource,
  issueLicence,
  licencePayload,
  presentation,
  schemas,
  signEs256k,
  startChain,
  syncHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The same JWT with s' = n − s (and, for a 65-byte ES256K-R signature, the recovery bit flipped to match). */
function flipS(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const bytes = Buffer.from(signature, 'base64url');
  const s = BigInt(`0x${bytes.subarray(32, 64).toString('hex')}`);
  const flipped = Buffer.from(bytes);
  Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex').copy(flipped, 32);
  if (flipped.length === 65) flipped[64] = flipped[64]! ^ 1;
  return `${header}.${payload}.${flipped.toString('base64url')}`;
}

function assertVerified(report: Pick<VerificationReport, 'verified' | 'checks'>): void {
  assert.equal(report.verified, true, JSON.stringify(report.checks));
}

function assertSignatureRefused(report: Pick<VerificationReport, 'verified' | 'checks'>): void {
  assert.equal(report.verified, false);
  const signature = check(report.checks, 'signature');
  assert.equal(signature.status, 'failed', JSON.stringify(report.checks));
  assert.equal(signature.code, ErrorCodes.SIGNATURE_INVALID);
}

describe('hostile input: ECDSA malleability (high-s)', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let noble: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let issuer: EthrIdentity;
  let holder: EthrIdentity;
  let licence: string;
  let recoverable: string;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture));
    noble = new Verifier({
      resolver: sources.resolver,
      status: sources.status,
      accreditation: sources.accreditation,
      anchors: sources.anchors,
      anchorProofs: fixtureProofSource(fixture),
      schemas: schemas(),
      clock: () => new Date(),
      signatureVerifier: createNobleSignatureVerifier(),
    });
    issuer = await accreditedIssuer(fixture);
    holder = await ethrIdentity(fixture);
    await syncHead(fixture, sources);
    licence = issueLicence(fixture, issuer, { subject: holder.did, index: 1 });
    recoverable = signEs256k(
      issuer.privateKey,
      { alg: 'ES256K-R', typ: 'JWT' },
      licencePayload(fixture, { issuer, subject: holder.did, index: 2 }),
      true,
    );
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  it('control: the untampered ES256K and ES256K-R credentials verify, with both signature verifiers', async () => {
    for (const v of [verifier, noble]) {
      assertVerified(await v.verifyCredential(licence));
      assertVerified(await v.verifyCredential(recoverable));
    }
  });

  it('the high-s twin of an ES256K credential → signature SIGNATURE_INVALID (node:crypto and noble)', async () => {
    const twin = flipS(licence);
    assert.notEqual(twin, licence);
    for (const v of [verifier, noble]) {
      assertSignatureRefused(await v.verifyCredential(twin));
      assertSignatureRefused(await v.verify(twin));
    }
  });

  it('the high-s twin of an ES256K-R credential (recovery byte adjusted) → SIGNATURE_INVALID', async () => {
    for (const v of [verifier, noble]) assertSignatureRefused(await v.verifyCredential(flipS(recoverable)));
  });

  it('the high-s twin of an ES256K-R credential without its recovery byte → SIGNATURE_INVALID', async () => {
    const [header, payload, signature] = flipS(recoverable).split('.') as [string, string, string];
    const short = Buffer.from(signature, 'base64url').subarray(0, 64).toString('base64url');
    for (const v of [verifier, noble])
      assertSignatureRefused(await v.verifyCredential(`${header}.${payload}.${short}`));
  });

  it('an ES256K-R recovery byte outside {0, 1, 27, 28} → SIGNATURE_INVALID', async () => {
    const [header, payload, signature] = recoverable.split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    bytes[64] = 9;
    for (const v of [verifier, noble]) {
      assertSignatureRefused(await v.verifyCredential(`${header}.${payload}.${bytes.toString('base64url')}`));
    }
  });

  it('the JSON form (JwtProof2020) of a high-s twin → SIGNATURE_INVALID; of the original → verified', async () => {
    assertVerified(await verifier.verify(normalizeCredential(licence)));
    assertSignatureRefused(await verifier.verify(normalizeCredential(flipS(licence))));
  });

  it('a high-s credential inside a valid presentation → its report fails signature with SIGNATURE_INVALID', async () => {
    const nonce = () => nonces.issue(300).then((n) => ({ nonce: n }));
    assertVerified(await verifier.verifyPresentation(presentation(holder, [licence], await nonce())));
    const report = await verifier.verifyPresentation(presentation(holder, [flipS(licence)], await nonce()));
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'signature').status, 'passed');
    assert.equal(report.credentials.length, 1);
    assertSignatureRefused(report.credentials[0]!);
  });

  it("the high-s twin of a presentation's own signature → the presentation fails signature (SIGNATURE_INVALID)", async () => {
    // the noble verifier has no nonce store, so it does not require a challenge
    for (const [v, claims] of [
      [verifier, { nonce: await nonces.issue(300) }],
      [noble, {}],
    ] as const) {
      const vp = presentation(holder, [licence], claims);
      const report = await v.verifyPresentation(flipS(vp));
      assertSignatureRefused(report);
      assert.equal(report.holder, holder.did);
      assertVerified(await v.verifyPresentation(vp)); // the nonce is still unused: the twin's signature failed
    }
  });

  it('the signing-input hash is the same for both byte forms, the JWT hash is not (uniqueness keys use the former)', () => {
    const twin = flipS(licence);
    assert.equal(credentialSigningInputHash(twin), credentialSigningInputHash(licence));
    assert.notEqual(credentialJwtHash(twin), credentialJwtHash(licence));
    assert.match(credentialSigningInputHash(licence), /^0x[0-9a-f]{64}$/);
    assert.equal(
      credentialSigningInputHash(licence),
      credentialJwtHash(licence.slice(0, licence.lastIndexOf('.'))),
    );
  });
});
