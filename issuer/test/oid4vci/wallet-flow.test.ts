// End to end with Sphereon's wallet-side client (@sphereon/oid4vci-client 0.20.1): offer URI → metadata → token
// (with or without PIN) → credential with a key proof signed by the holder DID's key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AccessTokenClient,
  CredentialOfferClient,
  CredentialRequestClientBuilderV1_0_15,
  OpenID4VCIClient,
  ProofOfPossessionBuilder,
} from '@sphereon/oid4vci-client';
import { OpenId4VCIVersion, type AccessTokenResponse } from '@sphereon/oid4vci-common';
import { getOffer, listAuditEntriesForTarget } from '../../src/store/index.ts';
import { createCredentialOffer, MAX_PIN_ATTEMPTS, OFFER_AUDIT_ACTIONS } from '../../src/oid4vci/index.ts';
import { ethrResolver, Holder, startTestIssuer, type TestIssuer } from './harness.ts';

const TYPES = ['VerifiableCredential', 'MedicalLicenseCredential'];

/** Console output written while `fn` runs (all levels), returned instead of printed. */
async function captureConsole<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const saved = methods.map((m) => console[m]);
  const lines: string[] = [];
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    };
  }
  try {
    return { result: await fn(), output: lines.join('\n') };
  } finally {
    methods.forEach((m, i) => {
      console[m] = saved[i]!;
    });
  }
}

/** The Sphereon token request, keeping the error body (OpenID4VCIClient only reports the status). */
async function requestToken(offerUri: string, pin?: string) {
  const credentialOffer = await CredentialOfferClient.fromURI(offerUri);
  return new AccessTokenClient().acquireAccessToken({
    credentialOffer,
    ...(pin !== undefined && { pin }),
    metadata: { token_endpoint: `${credentialOffer.credential_offer.credential_issuer}/token` } as never,
  });
}

describe('OID4VCI with the Sphereon wallet client', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await startTestIssuer();
  });
  after(() => issuer.close());

  async function offerFor(holder: Holder, options: { pin?: boolean; byReference?: boolean } = {}) {
    const stored = await issuer.storeCredential(holder.did);
    const offer = await createCredentialOffer(issuer.ctx, {
      organisationId: issuer.org.id,
      credentialId: stored.id,
      ...options,
    });
    return { stored, offer };
  }

  /** Runs the whole wallet flow (the client's own console notes are captured and checked, not printed). */
  async function redeem(holder: Holder, offerUri: string, pin?: string) {
    const { result, output } = await captureConsole(async () => {
      const client = await OpenID4VCIClient.fromURI({ uri: offerUri, kid: holder.kid, alg: holder.alg });
      await client.acquireAccessToken(pin === undefined ? {} : { pin });
      return client.acquireCredentials({
        credentialTypes: TYPES,
        format: 'jwt_vc_json',
        proofCallbacks: { signCallback: holder.signCallback },
      });
    });
    const credential = result.credentials?.[0]?.credential;
    assert.ok(
      typeof credential !== 'string' || !output.includes(credential),
      'the credential never reaches the console',
    );
    assert.ok(!output.includes('Emitting'), 'Sphereon event logging is silenced');
    return result;
  }

  it('redeems a PIN offer: access token with the PIN, credential with a did:key proof, equal to the stored JWT', async () => {
    const holder = new Holder('Ed25519');
    const { stored, offer } = await offerFor(holder, { pin: true });
    assert.match(offer.pin!, /^\d{6}$/);

    const response = await redeem(holder, offer.offerUri, offer.pin);

    assert.equal(response.credentials?.[0]?.credential, stored.jwt);
    assert.equal(
      (response as unknown as { credential: string }).credential,
      stored.jwt,
      'pre-draft-15 member',
    );
    assert.equal((response as unknown as { format: string }).format, 'jwt_vc_json');

    const saved = await getOffer(issuer.db, offer.offerId);
    assert.ok(saved?.redeemedAt, 'offer marked redeemed');
    const actions = (await listAuditEntriesForTarget(issuer.db, issuer.org.id, offer.offerId)).map(
      (e) => e.action,
    );
    assert.deepEqual(actions, [
      OFFER_AUDIT_ACTIONS.create,
      OFFER_AUDIT_ACTIONS.pinAttempt,
      OFFER_AUDIT_ACTIONS.redeem,
      OFFER_AUDIT_ACTIONS.deliver,
    ]);
  });

  it('redeems an offer without PIN (no tx_code), by reference, for a did:jwk P-256 holder', async () => {
    const holder = new Holder('P-256', 'jwk');
    const { stored, offer } = await offerFor(holder, { byReference: true });
    assert.equal(offer.pin, undefined);
    assert.match(offer.offerUri, /^openid-credential-offer:\/\/\?credential_offer_uri=/);
    const response = await redeem(holder, offer.offerUri);
    assert.equal(response.credentials?.[0]?.credential, stored.jwt);
  });

  it('also delivers to a secp256k1 did:key holder (ES256K proof)', async () => {
    const holder = new Holder('secp256k1');
    const { stored, offer } = await offerFor(holder);
    assert.equal((await redeem(holder, offer.offerUri)).credentials?.[0]?.credential, stored.jwt);
  });

  it('answers invalid_grant to a wrong PIN; the right PIN still works afterwards', async () => {
    const holder = new Holder();
    const { stored, offer } = await offerFor(holder, { pin: true });
    const wrong = offer.pin === '000000' ? '111111' : '000000';
    const refused = await requestToken(offer.offerUri, wrong);
    assert.equal(refused.origResponse.status, 400);
    assert.equal(refused.errorBody?.error, 'invalid_grant');
    assert.equal((await redeem(holder, offer.offerUri, offer.pin)).credentials?.[0]?.credential, stored.jwt);
  });

  it(`locks the offer after ${MAX_PIN_ATTEMPTS} wrong PINs: the right PIN is then refused`, async () => {
    const holder = new Holder();
    const { offer } = await offerFor(holder, { pin: true });
    const wrong = offer.pin === '000000' ? '111111' : '000000';
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) {
      assert.equal((await requestToken(offer.offerUri, wrong)).errorBody?.error, 'invalid_grant');
    }
    const locked = await requestToken(offer.offerUri, offer.pin);
    assert.equal(locked.errorBody?.error, 'invalid_grant');
    const actions = (await listAuditEntriesForTarget(issuer.db, issuer.org.id, offer.offerId)).map(
      (e) => e.action,
    );
    assert.equal(actions.filter((a) => a === OFFER_AUDIT_ACTIONS.pinAttempt).length, MAX_PIN_ATTEMPTS);
    assert.ok(actions.includes(OFFER_AUDIT_ACTIONS.lock));
    assert.ok(!actions.includes(OFFER_AUDIT_ACTIONS.redeem));
  });

  it('refuses to redeem an offer twice (invalid_grant)', async () => {
    const holder = new Holder();
    const { offer } = await offerFor(holder);
    await redeem(holder, offer.offerUri);
    const again = await requestToken(offer.offerUri);
    assert.equal(again.origResponse.status, 400);
    assert.equal(again.errorBody?.error, 'invalid_grant');
  });

  it('refuses an expired offer (injected clock): invalid_grant', async () => {
    const holder = new Holder();
    const stored = await issuer.storeCredential(holder.did);
    const offer = await createCredentialOffer(issuer.ctx, {
      organisationId: issuer.org.id,
      credentialId: stored.id,
      ttlSeconds: 60,
    });
    issuer.advanceClock(60_000);
    try {
      const expired = await requestToken(offer.offerUri);
      assert.equal(expired.origResponse.status, 400);
      assert.equal(expired.errorBody?.error, 'invalid_grant');
    } finally {
      issuer.resetClock();
    }
    assert.equal((await getOffer(issuer.db, offer.offerId))?.redeemedAt, null, 'not consumed by the attempt');
  });

  describe('key proofs not controlled by the credential subject are invalid_proof', () => {
    async function credentialRequest(holder: Holder, signer: Holder, kid: string) {
      const { offer } = await offerFor(holder);
      const credentialOffer = await CredentialOfferClient.fromURI(offer.offerUri);
      const token = await requestToken(offer.offerUri);
      const accessTokenResponse = token.successBody as AccessTokenResponse;
      const client = CredentialRequestClientBuilderV1_0_15.fromCredentialOffer({ credentialOffer })
        .withCredentialEndpoint(`${issuer.baseUrl}/credential`)
        .withTokenFromResponse(accessTokenResponse)
        .build();
      const proofInput = ProofOfPossessionBuilder.fromAccessTokenResponse({
        accessTokenResponse,
        callbacks: { signCallback: signer.signCallback },
        version: OpenId4VCIVersion.VER_1_0_15,
      })
        .withIssuer(issuer.baseUrl)
        .withAlg(signer.alg)
        .withKid(kid);
      return client.acquireCredentialsUsingProof({
        proofInput,
        format: 'jwt_vc_json',
        credentialTypes: TYPES,
      });
    }

    it('a proof naming the holder key but signed by another key', async () => {
      const holder = new Holder();
      const response = await credentialRequest(holder, new Holder(), holder.kid);
      assert.equal(response.origResponse.status, 400);
      assert.equal(response.errorBody?.error, 'invalid_proof');
      assert.match(String(response.errorBody?.error_description), /not signed by an authentication key/);
    });

    it("a proof signed with the wallet's own other DID key", async () => {
      const holder = new Holder();
      const other = new Holder();
      const response = await credentialRequest(holder, other, other.kid);
      assert.equal(response.origResponse.status, 400);
      assert.equal(response.errorBody?.error, 'invalid_proof');
      assert.match(String(response.errorBody?.error_description), /not controlled by the credential subject/);
    });

    it('the holder key itself is accepted through the same path', async () => {
      const holder = new Holder();
      const response = await credentialRequest(holder, holder, holder.kid);
      assert.equal(response.origResponse.status, 200, JSON.stringify(response.errorBody));
    });
  });
});

describe('OID4VCI to a did:ethr holder (DID resolver in the context)', () => {
  it('delivers when the proof is signed by the did:ethr controller key, refuses another secp256k1 key', async () => {
    const holder = new Holder('secp256k1', 'ethr');
    const issuer = await startTestIssuer({ didResolver: ethrResolver([holder]) });
    try {
      const metadata = (await (
        await fetch(`${issuer.baseUrl}/.well-known/openid-credential-issuer`)
      ).json()) as {
        credential_configurations_supported: Record<
          string,
          { cryptographic_binding_methods_supported: string[] }
        >;
      };
      assert.ok(
        metadata.credential_configurations_supported[
          'MedicalLicenseCredential_jwt_vc_json'
        ]?.cryptographic_binding_methods_supported.includes('did:ethr'),
      );
      for (const signer of [holder, new Holder('secp256k1')]) {
        const stored = await issuer.storeCredential(holder.did);
        const offer = await createCredentialOffer(issuer.ctx, {
          organisationId: issuer.org.id,
          credentialId: stored.id,
        });
        const attempt = captureConsole(async () => {
          const client = await OpenID4VCIClient.fromURI({
            uri: offer.offerUri,
            kid: holder.kid,
            alg: 'ES256K',
          });
          await client.acquireAccessToken();
          return client.acquireCredentials({
            credentialTypes: TYPES,
            format: 'jwt_vc_json',
            proofCallbacks: { signCallback: signer.signCallback },
          });
        });
        if (signer === holder) assert.equal((await attempt).result.credentials?.[0]?.credential, stored.jwt);
        else await assert.rejects(attempt, /failed with status: 400/);
      }
    } finally {
      await issuer.close();
    }
  });
});
