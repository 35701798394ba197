// A hostile corpus for duplicate JSON member names in a JWS header or payload: JSON.parse keeps the last of two
// members with one name, another parser may keep the first, so `{"alg":"ES256K","alg":"none"}` means two things.
// Each such JWT, properly signed, must fail `format` with FORMAT_INVALID, in credentials, presentations and
// credentials inside presentations, while the same JWT without the duplicate still verifies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1';
import { sha256 } from '@noble/hashes/sha256';
import type { Hex } from 'viem';
import {
  ErrorCodes,
  type ChainVerifierSources,
  type InMemoryNonceStore,
  type VerificationReport,
  type Verifier,
} from '@medtrust/core';
import {
  accreditedIssuer,
  chainVerifier,
  check,
  ethrIdentity,
  licencePayload,
  presentation,
  startChain,
  syncHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

/** Signs (ES256K, low-s) a header and payload given as exact JSON text, so tests control every byte. */
function signRaw(privateKey: Hex, headerText: string, payloadText: string): string {
  const input = `${Buffer.from(headerText).toString('base64url')}.${Buffer.from(payloadText).toString('base64url')}`;
  const signature = secp256k1.sign(sha256(Buffer.from(input)), privateKey.slice(2));
  return `${input}.${Buffer.from(signature.toCompactRawBytes()).toString('base64url')}`;
}

/** `{"a":1}` + (`"b":2`) → `{"a":1,"b":2}`: appends raw members to a JSON object text. */
function withMembers(objectText: string, ...members: string[]): string {
  return `${objectText.slice(0, -1)},${members.join(',')}}`;
}

function assertFormatRefused(report: Pick<VerificationReport, 'verified' | 'checks'>): void {
  assert.equal(report.verified, false);
  const format = check(report.checks, 'format');
  assert.equal(format.status, 'failed', JSON.stringify(report.checks));
  assert.equal(format.code, ErrorCodes.FORMAT_INVALID);
}

describe('hostile input: duplicate JSON members in a JWS', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let issuer: EthrIdentity;
  let holder: EthrIdentity;
  let index = 0;

  const HEADER = JSON.stringify({ alg: 'ES256K', typ: 'JWT' });
  const payloadText = () =>
    JSON.stringify(licencePayload(fixture, { issuer, subject: holder.did, index: index++ }));
  const credential = (header: string, payload: string) => signRaw(issuer.privateKey, header, payload);

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture));
    issuer = await accreditedIssuer(fixture);
    holder = await ethrIdentity(fixture);
    await syncHead(fixture, sources);
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  it('control: the same JWT text without a duplicate verifies (one name in several objects is no duplicate)', async () => {
    const payload = payloadText();
    assert.ok((payload.match(/"id":/g) ?? []).length >= 2, 'id appears in several objects');
    const report = await verifier.verifyCredential(credential(HEADER, payload));
    assert.equal(report.verified, true, JSON.stringify(report.checks));
  });

  const headerCases: Array<[string, string]> = [
    ['two alg with the same value', withMembers(HEADER, '"alg":"ES256K"')],
    ['two alg, the last one none', withMembers(HEADER, '"alg":"none"')],
    ['two alg, the first one none', `{"alg":"none",${HEADER.slice(1)}`],
    ['two kid', withMembers(HEADER, '"kid":"a"', '"kid":"b"')],
    ['a duplicate spelled with an escape (\\u0061lg)', withMembers(HEADER, '"\\u0061lg":"ES256K"')],
  ];
  for (const [name, header] of headerCases) {
    it(`header: ${name} → format FORMAT_INVALID`, async () => {
      assertFormatRefused(await verifier.verifyCredential(credential(header, payloadText())));
      assertFormatRefused(await verifier.verify(credential(header, payloadText())));
    });
  }

  const payloadCases: Array<[string, (payload: string) => string]> = [
    ['two iss', (p) => withMembers(p, `"iss":${JSON.stringify(holder.did)}`)],
    ['two exp (the last one later)', (p) => withMembers(p, '"exp":4102444800')],
    ['two vc', (p) => withMembers(p, `"vc":${JSON.stringify(JSON.parse(p).vc)}`)],
    [
      'two licenseNumber in credentialSubject',
      (p) => p.replace('"licenseNumber":"54873"', '"licenseNumber":"54873","licenseNumber":"99999"'),
    ],
    [
      'two statusListIndex in credentialStatus',
      (p) => p.replace(/"statusListIndex":(\d+)/, '"statusListIndex":$1,"statusListIndex":7'),
    ],
  ];
  for (const [name, edit] of payloadCases) {
    it(`payload: ${name} → format FORMAT_INVALID`, async () => {
      const payload = payloadText();
      const edited = edit(payload);
      assert.notEqual(edited, payload);
      assertFormatRefused(await verifier.verifyCredential(credential(HEADER, edited)));
    });
  }

  it('a credential with a duplicate member inside a valid presentation → its report fails format', async () => {
    const tampered = credential(withMembers(HEADER, '"alg":"ES256K"'), payloadText());
    const vp = presentation(holder, [tampered], { nonce: await nonces.issue(300) });
    const report = await verifier.verifyPresentation(vp);
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'format').status, 'passed');
    assertFormatRefused(report.credentials[0]!);
  });

  it("a presentation whose own header or payload has a duplicate member → the presentation's format fails", async () => {
    const licence = credential(HEADER, payloadText());
    const vpPayload = (nonce: string) =>
      JSON.stringify({
        vp: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiablePresentation'],
          verifiableCredential: [licence],
        },
        iss: holder.did,
        nonce,
      });
    const control = await verifier.verifyPresentation(
      signRaw(holder.privateKey, HEADER, vpPayload(await nonces.issue(300))),
    );
    assert.equal(control.verified, true, JSON.stringify(control));
    for (const [header, payload] of [
      [withMembers(HEADER, '"alg":"ES256K"'), vpPayload(await nonces.issue(300))],
      [HEADER, withMembers(vpPayload(await nonces.issue(300)), `"nonce":"other"`)],
    ] as const) {
      const report = await verifier.verifyPresentation(signRaw(holder.privateKey, header, payload));
      assertFormatRefused(report);
      assert.deepEqual(report.credentials, []);
    }
  });
});
