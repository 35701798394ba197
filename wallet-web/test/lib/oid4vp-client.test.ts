// The wallet's OID4VP side, against a scripted verifier: the request object is checked against the verifier's
// did:key, credentials are matched to the query, and the presentation is bound to the nonce and audience.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateHolderSecret, holderKeyFromSecret, type HolderKey } from '../../src/lib/holder-key.ts';
import { decodeJwt, signJwt } from '../../src/lib/jws.ts';
import {
  buildPresentation,
  declinePresentation,
  loadPresentationRequest,
  matchCredentials,
  submitPresentation,
} from '../../src/lib/oid4vp-client.ts';
import { openPresentationLink, outcomeUrlOf } from '../../src/lib/presentation-request-link.ts';
import type { StoredCredential } from '../../src/lib/wallet-contents.ts';
import { fakeFetch } from './fake-fetch.ts';

const VERIFIER = 'https://verifier.example';

function stored(type: string, receivedAt: string, exp?: number): StoredCredential {
  const jwt = signJwt(
    { alg: 'ES256K' },
    {
      iss: 'did:ethr:0x7a69:0x01',
      ...(exp ? { exp } : {}),
      vc: { type: ['VerifiableCredential', type], credentialSubject: { name: 'Dr. A' } },
    },
    () => new Uint8Array(64),
  );
  return { id: `${type}-${receivedAt}`, jwt, receivedAt };
}

function requestObject(verifier: HolderKey, overrides: Record<string, unknown> = {}): string {
  return verifier.signJwt(
    { typ: 'oauth-authz-req+jwt' },
    {
      client_id: `decentralized_identifier:${verifier.did}`,
      response_type: 'vp_token',
      response_mode: 'direct_post',
      response_uri: `${VERIFIER}/oid4vp/responses/req-1`,
      nonce: 'nonce-1',
      state: 'req-1',
      exp: Math.floor(Date.now() / 1000) + 120,
      client_metadata: { client_name: 'Clínica do Mar' },
      dcql_query: {
        credentials: [
          {
            id: 'medical_license',
            format: 'jwt_vc_json',
            meta: { type_values: [['MedicalLicenseCredential']] },
          },
        ],
      },
      ...overrides,
    },
  );
}

function link(verifier: HolderKey): string {
  return `openid4vp://?client_id=${encodeURIComponent(`decentralized_identifier:${verifier.did}`)}&request_uri=${encodeURIComponent(`${VERIFIER}/oid4vp/requests/req-1`)}`;
}

describe('OID4VP presentation (wallet side)', () => {
  const verifier = holderKeyFromSecret(generateHolderSecret());

  it('loads a request object signed by the verifier’s did:key', async () => {
    const { fetch } = fakeFetch({
      [`GET ${VERIFIER}/oid4vp/requests/req-1`]: {
        body: requestObject(verifier),
        contentType: 'application/oauth-authz-req+jwt',
      },
    });
    const request = await loadPresentationRequest(link(verifier), fetch);
    assert.equal(request.verifierName, 'Clínica do Mar');
    assert.equal(request.verifierHost, 'verifier.example');
    assert.equal(request.verifierDid, verifier.did);
    assert.equal(request.nonce, 'nonce-1');
    assert.deepEqual(
      request.credentials.map((c) => [c.id, c.typeSets]),
      [['medical_license', [['MedicalLicenseCredential']]]],
    );
  });

  it('refuses a request object signed by another key, or naming another verifier', async () => {
    const impostor = holderKeyFromSecret(generateHolderSecret());
    const forged = requestObject(impostor, { client_id: `decentralized_identifier:${verifier.did}` }).replace(
      /^[^.]+/,
      Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: verifier.kid })).toString('base64url'),
    );
    const { fetch } = fakeFetch({ [`GET ${VERIFIER}/oid4vp/requests/req-1`]: { body: forged } });
    await assert.rejects(loadPresentationRequest(link(verifier), fetch), /signature is invalid/);
    const other = fakeFetch({ [`GET ${VERIFIER}/oid4vp/requests/req-1`]: { body: requestObject(impostor) } });
    await assert.rejects(
      loadPresentationRequest(link(verifier), other.fetch),
      /not signed by a key|another verifier/,
    );
    const gone = fakeFetch({});
    await assert.rejects(
      loadPresentationRequest(link(verifier), gone.fetch),
      /expired or was already answered/,
    );
  });

  it('adds the policy’s names and purposes published by a medtrust verifier', async () => {
    const { fetch } = fakeFetch({
      [`GET ${VERIFIER}/oid4vp/requests/req-1`]: { body: requestObject(verifier) },
      [`GET ${VERIFIER}/presentation-requests/req-1`]: {
        body: {
          title: "Clinic checks a doctor's medical licence",
          presentationDefinition: {
            purpose: 'Before you practise here.',
            input_descriptors: [
              {
                id: 'medical_license',
                name: 'Medical licence',
                purpose: 'Issued by an accredited board.',
                constraints: {
                  fields: [
                    { path: ['$.credentialSubject.licenseNumber', '$.vc.credentialSubject.licenseNumber'] },
                  ],
                },
              },
            ],
          },
        },
      },
    });
    const request = await openPresentationLink(link(verifier), fetch);
    assert.equal(request.title, "Clinic checks a doctor's medical licence");
    assert.equal(request.credentials[0]?.name, 'Medical licence');
    assert.deepEqual(request.credentials[0]?.claims, [{ name: 'licenseNumber' }]);
    assert.equal(outcomeUrlOf(request.responseUri), `${VERIFIER}/presentation-requests/req-1`);
  });

  it('matches the newest unexpired credential of the asked type', async () => {
    const { fetch } = fakeFetch({
      [`GET ${VERIFIER}/oid4vp/requests/req-1`]: { body: requestObject(verifier) },
    });
    const request = await loadPresentationRequest(link(verifier), fetch);
    const old = stored('MedicalLicenseCredential', '2025-01-01T00:00:00Z');
    const newer = stored('MedicalLicenseCredential', '2026-01-01T00:00:00Z');
    const expired = stored('MedicalLicenseCredential', '2027-01-01T00:00:00Z', 1000);
    const other = stored('DrugBatchCredential', '2027-01-01T00:00:00Z');
    assert.equal(matchCredentials(request, [old, expired, newer, other])[0]?.credential, newer);
    assert.equal(matchCredentials(request, [other])[0]?.credential, undefined);
  });

  it('posts a VP JWT bound to the nonce and the verifier, or a refusal', async () => {
    const holder = holderKeyFromSecret(generateHolderSecret());
    const { fetch, calls } = fakeFetch({
      [`GET ${VERIFIER}/oid4vp/requests/req-1`]: { body: requestObject(verifier) },
      [`POST ${VERIFIER}/oid4vp/responses/req-1`]: { body: {} },
    });
    const request = await loadPresentationRequest(link(verifier), fetch);
    const licence = stored('MedicalLicenseCredential', '2026-01-01T00:00:00Z');
    const vp = buildPresentation(holder, [licence.jwt], { nonce: request.nonce, audience: request.clientId });
    await submitPresentation(request, vp, fetch);
    const form = new URLSearchParams(calls.at(-1)!.body);
    assert.equal(form.get('state'), 'req-1');
    const token = JSON.parse(form.get('vp_token')!) as Record<string, string[]>;
    assert.deepEqual(Object.keys(token), ['medical_license']);
    const payload = decodeJwt(token.medical_license![0]!)!.payload as Record<string, unknown> & {
      vp: { verifiableCredential: string[] };
    };
    assert.equal(payload.iss, holder.did);
    assert.equal(payload.aud, `decentralized_identifier:${verifier.did}`);
    assert.equal(payload.nonce, 'nonce-1');
    assert.deepEqual(payload.vp.verifiableCredential, [licence.jwt]);

    await declinePresentation(request, fetch);
    assert.equal(new URLSearchParams(calls.at(-1)!.body).get('error'), 'access_denied');
  });
});
