// A hostile corpus for JSON forms: a credential or presentation in JSON with a JwtProof2020 proof is only the signed
// document when its JSON (minus proof) is what its JWT carries. Each edited member must fail `format` with
// CREDENTIAL_JSON_MISMATCH (PRESENTATION_JSON_MISMATCH for a presentation's own JSON form), while the JSON forms
// did-jwt-vc / Veramo produce — whatever their member order or date spelling — still verify.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCredential, normalizePresentation } from 'did-jwt-vc';
import {
  ErrorCodes,
  type ChainVerifierSources,
  type ErrorCode,
  type InMemoryNonceStore,
  type VerificationReport,
  type Verifier,
} from '@medtrust/core';
import {
  accreditedIssuer,
  chainVerifier,
  check,
  ethrIdentity,
  issueLicence,
  licenceClaims,
  presentation,
  signEs256k,
  startChain,
  syncHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

type Json = Record<string, unknown>;

/** A deep copy of a JSON value. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function assertFormatRefused(report: Pick<VerificationReport, 'verified' | 'checks'>, code: ErrorCode): void {
  assert.equal(report.verified, false);
  const format = check(report.checks, 'format');
  assert.equal(format.status, 'failed', JSON.stringify(report.checks));
  assert.equal(format.code, code);
  for (const c of report.checks.filter((c) => c.check !== 'format')) assert.equal(c.status, 'skipped');
}

describe('hostile input: JSON forms that are not the signed document', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let issuer: EthrIdentity;
  let holder: EthrIdentity;
  let licence: string;
  /** did-jwt-vc's JSON form of `licence` (what Veramo hands out). */
  let json: Json;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture));
    issuer = await accreditedIssuer(fixture);
    holder = await ethrIdentity(fixture);
    await syncHead(fixture, sources);
    licence = issueLicence(fixture, issuer, { subject: holder.did, index: 4 });
    json = copy(normalizeCredential(licence)) as unknown as Json;
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  describe('credentials', () => {
    it('control: the did-jwt-vc JSON form verifies (and so do reordered members, issuer as a string, other date spellings)', async () => {
      const reports = [
        await verifier.verifyCredential(json),
        await verifier.verify(json),
        await verifier.verifyCredential(Object.fromEntries(Object.entries(json).reverse())),
        await verifier.verifyCredential({ ...json, issuer: issuer.did }),
        await verifier.verifyCredential({
          ...json,
          issuanceDate: new Date(Date.parse(json.issuanceDate as string)).toISOString().replace('.000Z', 'Z'),
          expirationDate: new Date(Date.parse(json.expirationDate as string)).toISOString(),
        }),
      ];
      for (const report of reports) assert.equal(report.verified, true, JSON.stringify(report.checks));
    });

    const edits: Array<[string, (form: Json) => void]> = [
      ['credentialSubject (licenseNumber)', (f) => ((f.credentialSubject as Json).licenseNumber = '99999')],
      [
        'credentialSubject (an added claim)',
        (f) => ((f.credentialSubject as Json).specialty2 = 'Cardiology'),
      ],
      ['credentialSubject (id)', (f) => ((f.credentialSubject as Json).id = issuer.did)],
      ['type (an added type)', (f) => (f.type as string[]).push('HospitalAccreditationCredential')],
      ['type (a type removed)', (f) => (f.type = ['VerifiableCredential'])],
      [
        'expirationDate (ten years later)',
        (f) =>
          (f.expirationDate = new Date(
            Date.parse(f.expirationDate as string) + 3650 * 86_400_000,
          ).toISOString()),
      ],
      ['expirationDate (removed)', (f) => delete f.expirationDate],
      [
        'issuanceDate (a day earlier)',
        (f) => (f.issuanceDate = new Date(Date.parse(f.issuanceDate as string) - 86_400_000).toISOString()),
      ],
      [
        '@context (an added context)',
        (f) => (f['@context'] as string[]).push('https://evil.example/context/v1'),
      ],
      ['credentialStatus (status index)', (f) => ((f.credentialStatus as Json).statusListIndex = 5)],
      ['credentialStatus (removed)', (f) => delete f.credentialStatus],
      ['issuer (another DID)', (f) => (f.issuer = { id: holder.did })],
      [
        'issuer (a name the JWT does not carry)',
        (f) => (f.issuer = { id: issuer.did, name: 'Ordem dos Médicos' }),
      ],
      ['id (another credential id)', (f) => (f.id = 'urn:uuid:00000000-0000-4000-8000-000000000000')],
      ['id (removed)', (f) => delete f.id],
      ['an added member (evidence)', (f) => (f.evidence = [{ type: 'DocumentVerification' }])],
      [
        'credentialSchema (another schema)',
        (f) => ((f.credentialSchema as Json).id = 'https://evil.example/schema.json'),
      ],
    ];
    for (const [name, edit] of edits) {
      it(`${name} → format CREDENTIAL_JSON_MISMATCH`, async () => {
        const edited = copy(json);
        edit(edited);
        assert.notDeepEqual(edited, json);
        assertFormatRefused(await verifier.verifyCredential(edited), ErrorCodes.CREDENTIAL_JSON_MISMATCH);
        assertFormatRefused(await verifier.verify(edited), ErrorCodes.CREDENTIAL_JSON_MISMATCH);
      });
    }

    it('a VCDM 2.0 credential: its JSON form is the payload itself; an edited subject → CREDENTIAL_JSON_MISMATCH', async () => {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential', 'MedicalLicenseCredential'],
        issuer: issuer.did,
        validFrom: new Date(now * 1000).toISOString(),
        validUntil: new Date((now + 86_400 * 365) * 1000).toISOString(),
        credentialSubject: { id: holder.did, ...licenceClaims() },
        credentialStatus: {
          id: `urn:medtrust:status:${fixture.config.chainId}:${issuer.address}:1:6`,
          type: 'MedtrustStatusRegistryEntry',
          statusRegistry: fixture.deployment.statusRegistry,
          statusIssuer: issuer.address,
          statusListId: 1,
          statusListIndex: 6,
        },
      };
      const jwt = signEs256k(issuer.privateKey, { alg: 'ES256K', typ: 'vc+jwt' }, payload);
      const form = { ...copy(payload), proof: { type: 'JwtProof2020', jwt } };
      const control = await verifier.verifyCredential(form);
      assert.equal(check(control.checks, 'format').status, 'passed', JSON.stringify(control.checks));
      assert.equal(check(control.checks, 'signature').status, 'passed');
      const edited = copy(form);
      (edited.credentialSubject as Record<string, unknown>).licenseNumber = '1';
      assertFormatRefused(await verifier.verifyCredential(edited), ErrorCodes.CREDENTIAL_JSON_MISMATCH);
      const later = copy(form);
      later.validUntil = new Date((now + 86_400 * 3650) * 1000).toISOString();
      assertFormatRefused(await verifier.verifyCredential(later), ErrorCodes.CREDENTIAL_JSON_MISMATCH);
    });

    it('an edited JSON-form credential signed inside a presentation → its own report fails format', async () => {
      const edited = copy(json);
      (edited.credentialSubject as Json).licenseNumber = '99999';
      const control = await verifier.verifyPresentation(
        presentation(holder, [json], { nonce: await nonces.issue(300) }),
      );
      assert.equal(control.verified, true, JSON.stringify(control));
      const report = await verifier.verifyPresentation(
        presentation(holder, [edited], { nonce: await nonces.issue(300) }),
      );
      assert.equal(report.verified, false);
      assert.equal(check(report.checks, 'signature').status, 'passed');
      assertFormatRefused(report.credentials[0]!, ErrorCodes.CREDENTIAL_JSON_MISMATCH);
    });
  });

  describe('presentations', () => {
    async function vpJson(credentials: unknown[] = [licence]): Promise<Json> {
      return copy(
        normalizePresentation(presentation(holder, credentials, { nonce: await nonces.issue(300) })),
      ) as unknown as Json;
    }

    it("control: did-jwt-vc's JSON form of a presentation verifies (its credentials in their JSON forms)", async () => {
      const form = await vpJson();
      assert.equal(typeof (form.verifiableCredential as unknown[])[0], 'object');
      const report = await verifier.verify(form);
      assert.equal(report.verified, true, JSON.stringify(report));
    });

    const edits: Array<[string, (form: Json) => void]> = [
      ['holder (another DID)', (f) => (f.holder = issuer.did)],
      ['type (an added type)', (f) => (f.type as string[]).push('ReviewPresentation')],
      ['an added member', (f) => (f.id = 'urn:uuid:00000000-0000-4000-8000-000000000001')],
      [
        "a credential's JSON (its subject)",
        (f) => (((f.verifiableCredential as Json[])[0]!.credentialSubject as Json).licenseNumber = '99999'),
      ],
      [
        "a credential's JSON (its status index)",
        (f) => (((f.verifiableCredential as Json[])[0]!.credentialStatus as Json).statusListIndex = 9),
      ],
      ['a credential added', (f) => (f.verifiableCredential as unknown[]).push(licence)],
      ['a credential removed', (f) => (f.verifiableCredential = [])],
    ];
    for (const [name, edit] of edits) {
      it(`${name} → format PRESENTATION_JSON_MISMATCH`, async () => {
        const form = await vpJson();
        const edited = copy(form);
        edit(edited);
        assert.notDeepEqual(edited, form);
        const report = await verifier.verifyPresentation(edited);
        assertFormatRefused(report, ErrorCodes.PRESENTATION_JSON_MISMATCH);
        assert.deepEqual(report.credentials, []);
      });
    }
  });
});
