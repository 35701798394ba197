// The wallet's OID4VCI pre-authorised flow, against a scripted issuer: offer parsing, the token request with the
// PIN, the nonce, the key proof, and errors explained for the holder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateHolderSecret, holderKeyFromSecret, type HolderKey } from '../../src/lib/holder-key.ts';
import { decodeJwt, signJwt } from '../../src/lib/jws.ts';
import {
  OfferError,
  PRE_AUTHORIZED_GRANT,
  previewOffer,
  receiveCredential,
  resolveOfferLink,
} from '../../src/lib/oid4vci-client.ts';
import { fakeFetch } from './fake-fetch.ts';

const ISSUER = 'https://issuer.example/oid4vci';
const CONFIG = 'MedicalLicenseCredential_jwt_vc_json';

function offerLink(withPin: boolean): string {
  const offer = {
    credential_issuer: ISSUER,
    credential_configuration_ids: [CONFIG],
    grants: {
      [PRE_AUTHORIZED_GRANT]: {
        'pre-authorized_code': 'code-123',
        ...(withPin
          ? { tx_code: { length: 6, input_mode: 'numeric', description: 'PIN given to you by the issuer' } }
          : {}),
      },
    },
  };
  return `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
}

function credentialFor(holder: HolderKey): string {
  return signJwt(
    { alg: 'ES256K', typ: 'JWT' },
    {
      iss: 'did:ethr:0x7a69:0x01',
      sub: holder.did,
      jti: 'urn:uuid:1',
      vc: {
        type: ['VerifiableCredential', 'MedicalLicenseCredential'],
        credentialSubject: { id: holder.did },
      },
    },
    () => new Uint8Array(64),
  );
}

function issuerRoutes() {
  return {
    [`GET ${ISSUER}/.well-known/openid-credential-issuer`]: {
      body: {
        credential_issuer: ISSUER,
        credential_endpoint: `${ISSUER}/credential`,
        nonce_endpoint: `${ISSUER}/nonce`,
        credential_configurations_supported: { [CONFIG]: { format: 'jwt_vc_json' } },
      },
    },
    [`GET ${ISSUER}/.well-known/oauth-authorization-server`]: { body: { token_endpoint: `${ISSUER}/token` } },
    [`POST ${ISSUER}/token`]: { body: { access_token: 'at-1', token_type: 'Bearer' } },
  };
}

function issuer(holder: HolderKey, options: { pin?: string } = {}) {
  return fakeFetch({
    [`GET ${ISSUER}/.well-known/openid-credential-issuer`]: {
      body: {
        credential_issuer: ISSUER,
        credential_endpoint: `${ISSUER}/credential`,
        nonce_endpoint: `${ISSUER}/nonce`,
        display: [{ name: 'Ordem dos Médicos', locale: 'en' }],
        credential_configurations_supported: {
          [CONFIG]: { format: 'jwt_vc_json', display: [{ name: 'Medical License', locale: 'en' }] },
        },
      },
    },
    [`GET ${ISSUER}/.well-known/oauth-authorization-server`]: { body: { token_endpoint: `${ISSUER}/token` } },
    [`POST ${ISSUER}/token`]: (call) => {
      const form = new URLSearchParams(call.body);
      if (options.pin !== undefined && form.get('tx_code') !== options.pin) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'tx_code is wrong' } };
      }
      return { body: { access_token: 'at-1', token_type: 'Bearer', c_nonce: 'old-nonce' } };
    },
    [`POST ${ISSUER}/nonce`]: { body: { c_nonce: 'fresh-nonce' } },
    [`POST ${ISSUER}/credential`]: { body: { credentials: [{ credential: credentialFor(holder) }] } },
  });
}

describe('OID4VCI pre-authorised flow (wallet side)', () => {
  it('reads inline offers, with and without a PIN', async () => {
    const { fetch } = fakeFetch({});
    const offer = await resolveOfferLink(offerLink(true), fetch);
    assert.equal(offer.credentialIssuer, ISSUER);
    assert.equal(offer.preAuthorizedCode, 'code-123');
    assert.deepEqual(offer.txCode, {
      inputMode: 'numeric',
      length: 6,
      description: 'PIN given to you by the issuer',
    });
    assert.equal((await resolveOfferLink(offerLink(false), fetch)).txCode, undefined);
  });

  it('fetches offers passed by reference, and explains unusable links', async () => {
    const inline = JSON.parse(new URL(offerLink(false)).searchParams.get('credential_offer')!) as unknown;
    const { fetch } = fakeFetch({ [`GET ${ISSUER}/credential-offers/abc`]: { body: inline } });
    const link = `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(`${ISSUER}/credential-offers/abc`)}`;
    assert.equal((await resolveOfferLink(link, fetch)).preAuthorizedCode, 'code-123');
    await assert.rejects(
      resolveOfferLink(
        `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(`${ISSUER}/credential-offers/gone`)}`,
        fetch,
      ),
      /expired or was already used/,
    );
    await assert.rejects(resolveOfferLink('hello', fetch), OfferError);
    await assert.rejects(
      resolveOfferLink('openid-credential-offer://?credential_offer=%7B%7D', fetch),
      /credential issuer is missing/,
    );
  });

  it('runs token → nonce → credential with a key proof bound to the issuer and the fresh nonce', async () => {
    const holder = holderKeyFromSecret(generateHolderSecret());
    const { fetch, calls } = issuer(holder, { pin: '123456' });
    const preview = await previewOffer(await resolveOfferLink(offerLink(true), fetch), fetch);
    assert.equal(preview.issuerName, 'Ordem dos Médicos');
    assert.equal(preview.credentialName, 'Medical License');
    const received = await receiveCredential({ preview, txCode: '123456', holder, fetchFn: fetch });
    assert.equal(decodeJwt(received.credential)?.payload.sub, holder.did);

    const token = new URLSearchParams(calls.find((c) => c.url.endsWith('/token'))!.body);
    assert.equal(token.get('grant_type'), PRE_AUTHORIZED_GRANT);
    assert.equal(token.get('pre-authorized_code'), 'code-123');
    assert.equal(token.get('tx_code'), '123456');
    const request = calls.find((c) => c.url.endsWith('/credential'))!;
    assert.equal(request.headers.authorization, 'Bearer at-1');
    const body = JSON.parse(request.body!) as {
      credential_configuration_id: string;
      proof: { proof_type: string; jwt: string };
    };
    assert.equal(body.credential_configuration_id, CONFIG);
    const proof = decodeJwt(body.proof.jwt)!;
    assert.deepEqual(
      [proof.header.typ, proof.header.alg, proof.header.kid],
      ['openid4vci-proof+jwt', 'EdDSA', holder.kid],
    );
    assert.equal(proof.payload.aud, ISSUER);
    assert.equal(proof.payload.nonce, 'fresh-nonce');
  });

  it('explains a wrong PIN, and refuses a credential issued to another DID', async () => {
    const holder = holderKeyFromSecret(generateHolderSecret());
    const { fetch } = issuer(holder, { pin: '123456' });
    const preview = await previewOffer(await resolveOfferLink(offerLink(true), fetch), fetch);
    await assert.rejects(
      receiveCredential({ preview, txCode: '000000', holder, fetchFn: fetch }),
      /The PIN is wrong/,
    );
    await assert.rejects(receiveCredential({ preview, holder, fetchFn: fetch }), /needs the PIN/);
    const stranger = holderKeyFromSecret(generateHolderSecret());
    await assert.rejects(
      receiveCredential({ preview, txCode: '123456', holder: stranger, fetchFn: fetch }),
      /not about this wallet’s DID/,
    );
  });

  it('tries the wallet’s visit keys when the issuer refuses the main key’s proof, each with a fresh nonce', async () => {
    const main = holderKeyFromSecret(generateHolderSecret());
    const visits = [holderKeyFromSecret(generateHolderSecret()), holderKeyFromSecret(generateHolderSecret())];
    const subject = visits[1]!;
    let nonces = 0;
    const proofs: Array<{ kid: unknown; nonce: unknown }> = [];
    const { fetch } = fakeFetch({
      ...issuerRoutes(),
      [`POST ${ISSUER}/nonce`]: () => ({ body: { c_nonce: `nonce-${++nonces}` } }),
      [`POST ${ISSUER}/credential`]: (call) => {
        const proof = decodeJwt((JSON.parse(call.body!) as { proof: { jwt: string } }).proof.jwt)!;
        proofs.push({ kid: proof.header.kid, nonce: proof.payload.nonce });
        if (proof.header.kid !== subject.kid) {
          return { status: 400, body: { error: 'invalid_proof', error_description: 'not the subject' } };
        }
        return { body: { credentials: [{ credential: credentialFor(subject) }] } };
      },
    });
    const preview = await previewOffer(await resolveOfferLink(offerLink(false), fetch), fetch);
    const received = await receiveCredential({ preview, holder: main, alternates: visits, fetchFn: fetch });
    assert.equal(received.holderDid, subject.did);
    assert.deepEqual(proofs, [
      { kid: main.kid, nonce: 'nonce-1' },
      { kid: visits[0]!.kid, nonce: 'nonce-2' },
      { kid: subject.kid, nonce: 'nonce-3' },
    ]);

    // no key of the wallet is the subject: the holder is told, after every key was tried once
    proofs.length = 0;
    const stranger = holderKeyFromSecret(generateHolderSecret());
    await assert.rejects(
      receiveCredential({ preview, holder: main, alternates: [stranger], fetchFn: fetch }),
      /issued to another DID/,
    );
    assert.equal(proofs.length, 2);
  });
});
