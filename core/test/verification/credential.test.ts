// One credential through every check on a real local chain: signature (ES256K, did-jwt-vc interop, EdDSA did:key),
// DID resolution, accreditation, validity, on-chain status, schema; JSON forms and VCDM 2.0 payloads.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifiableCredentialJwt, normalizeCredential } from 'did-jwt-vc';
import { ES256KSigner } from 'did-jwt';
import { CHECK_NAMES, ErrorCodes, type Verifier, type ChainVerifierSources } from '@medtrust/core';
import { schemaIdFor } from '@medtrust/schemas';
import {
  accredit,
  accreditedIssuer,
  blockTimestamp,
  chainVerifier,
  check,
  codesOf,
  createList,
  ed25519DidKey,
  ethrIdentity,
  issueLicence,
  licenceClaims,
  licencePayload,
  setStatus,
  signEs256k,
  startChain,
  syncHead,
  waitForHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

describe('verifyCredential', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let issuer: EthrIdentity;
  let holder: EthrIdentity;
  let nextIndex = 0;

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

  it('verifies a licence: every check passes, in report order, with the status block', async () => {
    const jwt = issueLicence(fixture, issuer, { subject: holder.did, index: nextIndex++ });
    const report = await verifier.verifyCredential(jwt);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.credentials.length, 1);
    const [credential] = report.credentials;
    assert.deepEqual(
      credential!.checks.map((c) => c.check),
      CHECK_NAMES.slice(0, 8),
    );
    assert.ok(credential!.checks.every((c) => c.status === 'passed'));
    assert.deepEqual(report.checks, credential!.checks);
    const status = check(credential!.checks, 'status');
    assert.match(status.blockNumber!, /^\d+$/);
    const summary = credential!.credential!;
    assert.equal(summary.issuer, issuer.did);
    assert.equal(summary.subject, holder.did);
    assert.deepEqual(summary.type, ['VerifiableCredential', 'MedicalLicenseCredential']);
    assert.equal(summary.credentialSubject.id, holder.did);
    assert.equal(summary.credentialSubject.jurisdiction, 'PT');
    assert.equal(summary.jwt, jwt);
    assert.deepEqual(summary.status, { revoked: false, suspended: false, blockNumber: status.blockNumber });
    assert.ok(summary.expirationDate && summary.issuanceDate < summary.expirationDate);
  });

  it('verifies a credential made by did-jwt-vc, as compact JWT and as its JSON form', async () => {
    const payload = licencePayload(fixture, { issuer, subject: holder.did, index: nextIndex++ });
    const jwt = await createVerifiableCredentialJwt(payload as never, {
      did: issuer.did,
      signer: ES256KSigner(Buffer.from(issuer.privateKey.slice(2), 'hex')),
      alg: 'ES256K',
    });
    const compact = await verifier.verifyCredential(jwt);
    assert.equal(compact.verified, true, JSON.stringify(compact.checks));
    const json = normalizeCredential(jwt);
    assert.equal((json.proof as { type: string }).type, 'JwtProof2020');
    const fromJson = await verifier.verify(json);
    assert.equal(fromJson.verified, true, JSON.stringify(fromJson.checks));

    const forgedWrapper = { ...json, issuer: { id: holder.did } };
    const mismatch = await verifier.verifyCredential(forgedWrapper);
    assert.equal(mismatch.verified, false);
    assert.equal(check(mismatch.checks, 'format').code, ErrorCodes.CREDENTIAL_JSON_MISMATCH);
  });

  it('verifies a VCDM 2.0 JWT payload (the credential itself, validFrom / validUntil)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential', 'MedicalLicenseCredential'],
      id: 'urn:uuid:0b8c3d5e-2f61-4b0e-9f4f-6a1d2c3b4a59',
      issuer: issuer.did,
      validFrom: new Date(now * 1000).toISOString(), // not before its issuer's accreditation (from its block)
      validUntil: new Date((now + 86_400) * 1000).toISOString(),
      credentialSubject: { id: holder.did, ...licenceClaims() },
      credentialSchema: { id: schemaIdFor('MedicalLicenseCredential'), type: 'JsonSchema' },
      credentialStatus: (
        licencePayload(fixture, { issuer, subject: holder.did, index: nextIndex++ }).vc as never
      )['credentialStatus'],
    };
    const jwt = signEs256k(issuer.privateKey, { alg: 'ES256K', typ: 'vc+jwt' }, payload);
    const report = await verifier.verifyCredential(jwt);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.credentials[0]!.credential!.id, payload.id);

    const enveloped = await verifier.verify({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: 'EnvelopedVerifiableCredential',
      id: `data:application/vc+jwt,${jwt}`,
    });
    assert.equal(enveloped.verified, true);

    const otherIss = signEs256k(issuer.privateKey, { alg: 'ES256K' }, { ...payload, iss: holder.did });
    assert.equal(
      check((await verifier.verifyCredential(otherIss)).checks, 'signature').code,
      ErrorCodes.ISSUER_MISMATCH,
    );
  });

  it('accepts ES256K-R (recoverable) signatures', async () => {
    const payload = licencePayload(fixture, { issuer, subject: holder.did, index: nextIndex++ });
    const jwt = signEs256k(issuer.privateKey, { alg: 'ES256K-R', typ: 'JWT' }, payload, true);
    const report = await verifier.verifyCredential(jwt);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
  });

  it('refuses vc.issuer naming another DID than iss (ISSUER_MISMATCH)', async () => {
    const payload = licencePayload(fixture, { issuer, subject: holder.did, index: nextIndex++ });
    (payload.vc as Record<string, unknown>).issuer = { id: holder.did };
    const report = await verifier.verifyCredential(signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload));
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'signature').code, ErrorCodes.ISSUER_MISMATCH);
  });

  describe('issuer-accreditation', () => {
    it('fails for an issuer never accredited', async () => {
      const stranger = await ethrIdentity(fixture);
      await createList(fixture, stranger.privateKey, stranger.address, 1n);
      await syncHead(fixture, sources);
      const report = await verifier.verifyCredential(
        issueLicence(fixture, stranger, { subject: holder.did }),
      );
      assert.equal(report.verified, false);
      assert.equal(check(report.checks, 'signature').status, 'passed');
      assert.equal(check(report.checks, 'issuer-accreditation').code, ErrorCodes.ISSUER_NOT_ACCREDITED);
      assert.deepEqual(codesOf(report), [ErrorCodes.ISSUER_NOT_ACCREDITED]);
    });

    it('fails when the accreditation ended before issuance, passes for a credential issued inside it', async () => {
      const lapsed = await ethrIdentity(fixture);
      const now = Math.floor(Date.now() / 1000);
      // The registry refuses a start before the current block: the window runs from its block for 10 days, and a
      // verifier whose clock reads 20 days from now judges credentials issued after it ended and inside it.
      const { blockNumber } = await accredit(
        fixture,
        lapsed.address,
        'MedicalLicenseCredential',
        'PT',
        0,
        now + 10 * 86_400,
      );
      const from = await blockTimestamp(fixture, blockNumber);
      await createList(fixture, lapsed.privateKey, lapsed.address, 1n);
      const later = chainVerifier(fixture, { clock: () => new Date((now + 20 * 86_400) * 1000) });
      try {
        await syncHead(fixture, later.sources);
        const late = await later.verifier.verifyCredential(
          issueLicence(fixture, lapsed, { subject: holder.did, nbf: now + 20 * 86_400 - 60 }),
        );
        assert.equal(check(late.checks, 'issuer-accreditation').code, ErrorCodes.ISSUER_NOT_ACCREDITED);
        const inside = await later.verifier.verifyCredential(
          issueLicence(fixture, lapsed, {
            subject: holder.did,
            index: 1,
            nbf: from + 60,
            exp: now + 21 * 86_400,
          }),
        );
        assert.equal(check(inside.checks, 'issuer-accreditation').status, 'passed');
        assert.equal(inside.verified, true, JSON.stringify(inside.checks));
      } finally {
        later.sources.close();
      }
    });

    it('fails for another jurisdiction than the accredited one', async () => {
      const report = await verifier.verifyCredential(
        issueLicence(fixture, issuer, {
          subject: holder.did,
          index: nextIndex++,
          claims: licenceClaims({ jurisdiction: 'TR' }),
        }),
      );
      assert.equal(check(report.checks, 'issuer-accreditation').code, ErrorCodes.ISSUER_NOT_ACCREDITED);
    });

    it('is skipped for a ReviewCredential by a patient (did:key, EdDSA, no status list)', async () => {
      const patient = ed25519DidKey();
      const payload = {
        vc: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiableCredential', 'ReviewCredential'],
          credentialSubject: {
            author: patient.did,
            rating: 5,
            text: 'Excellent care.',
            treatmentCredentialHash: `0x${'ab'.repeat(32)}`,
            reviewDate: '2025-03-01',
          },
          credentialSchema: { id: schemaIdFor('ReviewCredential'), type: 'JsonSchema' },
        },
        sub: issuer.did,
        nbf: Math.floor(Date.now() / 1000) - 10,
        iss: patient.did,
      };
      const report = await verifier.verifyCredential(patient.sign({ alg: 'EdDSA', typ: 'JWT' }, payload));
      assert.equal(report.verified, true, JSON.stringify(report.checks));
      assert.equal(check(report.checks, 'issuer-accreditation').status, 'skipped');
      assert.equal(check(report.checks, 'status').status, 'skipped');
      assert.equal(check(report.checks, 'validity').status, 'passed');

      const strict = chainVerifier(fixture, { accreditationRequiredFor: ['ReviewCredential'] });
      try {
        const refused = await strict.verifier.verifyCredential(patient.sign({ alg: 'EdDSA' }, payload));
        assert.equal(check(refused.checks, 'issuer-accreditation').code, ErrorCodes.ISSUER_NOT_ACCREDITED);
      } finally {
        strict.sources.close();
      }
    });
  });

  describe('validity', () => {
    it('reports CREDENTIAL_EXPIRED and CREDENTIAL_NOT_YET_VALID beyond the clock skew, passes within it', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await verifier.verifyCredential(
        issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf: now - 3_600, exp: now - 120 }),
      );
      assert.equal(check(expired.checks, 'validity').code, ErrorCodes.CREDENTIAL_EXPIRED);
      assert.equal(expired.verified, false);
      const future = await verifier.verifyCredential(
        issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf: now + 3_600 }),
      );
      assert.equal(check(future.checks, 'validity').code, ErrorCodes.CREDENTIAL_NOT_YET_VALID);
      const withinSkew = await verifier.verifyCredential(
        issueLicence(fixture, issuer, { subject: holder.did, index: 0, nbf: now - 3_600, exp: now - 30 }),
      );
      assert.equal(check(withinSkew.checks, 'validity').status, 'passed');
    });

    it('judges the window at the injected clock', async () => {
      const now = Math.floor(Date.now() / 1000);
      const jwt = issueLicence(fixture, issuer, {
        subject: holder.did,
        index: 0,
        nbf: now - 60,
        exp: now + 3_600,
      });
      const later = chainVerifier(fixture, { clock: () => new Date((now + 7_200) * 1000) });
      try {
        assert.equal(
          check((await later.verifier.verifyCredential(jwt)).checks, 'validity').code,
          ErrorCodes.CREDENTIAL_EXPIRED,
        );
      } finally {
        later.sources.close();
      }
    });
  });

  describe('status', () => {
    it('reports CREDENTIAL_REVOKED, CREDENTIAL_SUSPENDED, and a reinstated credential as valid again', async () => {
      const revokedIndex = nextIndex++;
      const suspendedIndex = nextIndex++;
      const revoked = issueLicence(fixture, issuer, { subject: holder.did, index: revokedIndex });
      const suspended = issueLicence(fixture, issuer, { subject: holder.did, index: suspendedIndex });
      assert.equal((await verifier.verifyCredential(revoked)).verified, true);
      await setStatus(fixture, 'revoke', issuer.privateKey, issuer.address, 1n, BigInt(revokedIndex));
      const receipt = await setStatus(
        fixture,
        'suspend',
        issuer.privateKey,
        issuer.address,
        1n,
        BigInt(suspendedIndex),
      );
      await waitForHead(sources, receipt.blockNumber);
      const r = await verifier.verifyCredential(revoked);
      assert.equal(check(r.checks, 'status').code, ErrorCodes.CREDENTIAL_REVOKED);
      assert.equal(r.credentials[0]!.credential!.status!.revoked, true);
      const s = await verifier.verifyCredential(suspended);
      assert.equal(check(s.checks, 'status').code, ErrorCodes.CREDENTIAL_SUSPENDED);
      const back = await setStatus(
        fixture,
        'reinstate',
        issuer.privateKey,
        issuer.address,
        1n,
        BigInt(suspendedIndex),
      );
      await waitForHead(sources, back.blockNumber);
      const again = await verifier.verifyCredential(suspended);
      assert.equal(again.verified, true);
      assert.ok(BigInt(check(again.checks, 'status').blockNumber!) >= back.blockNumber);
    });

    it('refuses status entries it cannot trust (STATUS_ENTRY_INVALID) and missing lists (STATUS_UNAVAILABLE)', async () => {
      const otherRegistry = await verifier.verifyCredential(
        issueLicence(fixture, issuer, {
          subject: holder.did,
          statusRegistry: fixture.deployment.trustRegistry,
        }),
      );
      assert.equal(check(otherRegistry.checks, 'status').code, ErrorCodes.STATUS_ENTRY_INVALID);

      const foreignList = await verifier.verifyCredential(
        issueLicence(fixture, issuer, { subject: holder.did, status: { statusIssuer: holder.address } }),
      );
      assert.equal(check(foreignList.checks, 'status').code, ErrorCodes.STATUS_ENTRY_INVALID);

      const otherType = await verifier.verifyCredential(
        issueLicence(fixture, issuer, { subject: holder.did, status: { type: 'StatusList2021Entry' } }),
      );
      assert.equal(check(otherType.checks, 'status').code, ErrorCodes.STATUS_ENTRY_INVALID);

      const none = await verifier.verifyCredential(
        issueLicence(fixture, issuer, { subject: holder.did, status: null }),
      );
      assert.equal(check(none.checks, 'status').code, ErrorCodes.STATUS_ENTRY_INVALID);

      const missingList = await verifier.verifyCredential(
        issueLicence(fixture, issuer, { subject: holder.did, listId: 77n }),
      );
      const missing = check(missingList.checks, 'status');
      assert.equal(missing.code, ErrorCodes.STATUS_UNAVAILABLE);
      assert.equal(missing.status, 'failed');
      const outOfRange = await verifier.verifyCredential(
        issueLicence(fixture, issuer, { subject: holder.did, index: 512 }),
      );
      assert.equal(check(outOfRange.checks, 'status').code, ErrorCodes.STATUS_UNAVAILABLE);
      for (const report of [otherRegistry, foreignList, otherType, none, missingList, outOfRange]) {
        assert.equal(report.verified, false);
      }
    });
  });

  describe('schema', () => {
    it('reports SCHEMA_INVALID with the JSON pointer of the violation', async () => {
      const report = await verifier.verifyCredential(
        issueLicence(fixture, issuer, {
          subject: holder.did,
          index: 0,
          claims: licenceClaims({ scopeOfPractice: [] }),
        }),
      );
      const schema = check(report.checks, 'schema');
      assert.equal(schema.code, ErrorCodes.SCHEMA_INVALID);
      assert.match(schema.detail!, /^\/credentialSubject\/scopeOfPractice/);
      assert.equal(report.verified, false);
      assert.equal(check(report.checks, 'signature').status, 'passed');
    });

    it('reports the rules the schemas cannot express (validFrom after validUntil) and unknown types', async () => {
      const dates = await verifier.verifyCredential(
        issueLicence(fixture, issuer, {
          subject: holder.did,
          index: 0,
          claims: licenceClaims({ validFrom: '2030-01-01', validUntil: '2029-01-01' }),
        }),
      );
      assert.match(check(dates.checks, 'schema').detail!, /^\/credentialSubject\/validUntil/);
      const unknownPayload = licencePayload(fixture, { issuer, subject: holder.did, index: 0 });
      (unknownPayload.vc as Record<string, unknown>).type = ['VerifiableCredential', 'DiplomaCredential'];
      const unknown = await verifier.verifyCredential(
        signEs256k(issuer.privateKey, { alg: 'ES256K' }, unknownPayload),
      );
      assert.equal(check(unknown.checks, 'schema').code, ErrorCodes.SCHEMA_INVALID);
      assert.match(check(unknown.checks, 'schema').detail!, /^\/type/);
      assert.equal(unknown.verified, false);
      const extra = await verifier.verifyCredential(
        issueLicence(fixture, issuer, {
          subject: holder.did,
          index: 0,
          claims: licenceClaims({ diagnosis: 'not allowed' }),
        }),
      );
      assert.equal(check(extra.checks, 'schema').code, ErrorCodes.SCHEMA_INVALID);
    });
  });
});
