// The token and credential endpoints over plain HTTP (fetch): RFC 6749 §5.2 error shape, RFC 6750 bearer errors,
// single use, PIN attempts under concurrency, and the metadata documents.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getOffer, listAuditEntriesForTarget } from '../../src/store/index.ts';
import { createCredentialOffer, MAX_PIN_ATTEMPTS, OFFER_AUDIT_ACTIONS } from '../../src/oid4vci/index.ts';
import {
  codeOfOfferUri,
  Holder,
  postToken,
  PRE_AUTH_GRANT,
  startTestIssuer,
  type TestIssuer,
} from './harness.ts';

describe('OID4VCI token endpoint over raw HTTP', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await startTestIssuer();
  });
  after(() => issuer.close());

  async function newOffer(pin: boolean) {
    const holder = new Holder();
    const stored = await issuer.storeCredential(holder.did);
    const offer = await createCredentialOffer(issuer.ctx, {
      organisationId: issuer.org.id,
      credentialId: stored.id,
      pin,
    });
    return { holder, stored, offer, code: codeOfOfferUri(offer.offerUri) };
  }

  function assertOAuthError(
    result: { status: number; headers: Headers; body: Record<string, unknown> },
    error: string,
  ): void {
    assert.equal(result.status, 400);
    assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(result.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(result.body).sort(), ['error', 'error_description']);
    assert.equal(result.body.error, error);
    assert.equal(typeof result.body.error_description, 'string');
  }

  it('answers RFC 6749 errors as 400 {error, error_description}', async () => {
    const { code, offer } = await newOffer(true);
    assertOAuthError(await postToken(issuer.baseUrl, {}), 'invalid_request');
    assertOAuthError(
      await postToken(issuer.baseUrl, { grant_type: 'authorization_code', code: 'x' }),
      'unsupported_grant_type',
    );
    assertOAuthError(await postToken(issuer.baseUrl, { grant_type: PRE_AUTH_GRANT }), 'invalid_request');
    assertOAuthError(
      await postToken(issuer.baseUrl, {
        grant_type: [PRE_AUTH_GRANT, PRE_AUTH_GRANT],
        'pre-authorized_code': code,
      }),
      'invalid_request',
    );
    assertOAuthError(
      await postToken(issuer.baseUrl, { grant_type: PRE_AUTH_GRANT, 'pre-authorized_code': 'no-such-code' }),
      'invalid_grant',
    );
    // PIN required but missing
    assertOAuthError(
      await postToken(issuer.baseUrl, { grant_type: PRE_AUTH_GRANT, 'pre-authorized_code': code }),
      'invalid_request',
    );
    const wrong = offer.pin === '123456' ? '654321' : '123456';
    const refused = await postToken(issuer.baseUrl, {
      grant_type: PRE_AUTH_GRANT,
      'pre-authorized_code': code,
      tx_code: wrong,
    });
    assertOAuthError(refused, 'invalid_grant');
    assert.ok(!JSON.stringify(refused.body).includes(wrong), 'the PIN is not echoed');
  });

  it('refuses a tx_code for an offer without PIN (invalid_request)', async () => {
    const { code } = await newOffer(false);
    assertOAuthError(
      await postToken(issuer.baseUrl, {
        grant_type: PRE_AUTH_GRANT,
        'pre-authorized_code': code,
        tx_code: '123456',
      }),
      'invalid_request',
    );
  });

  it('issues a bearer token once (pre-draft-13 user_pin accepted), then answers invalid_grant', async () => {
    const { code, offer } = await newOffer(true);
    const ok = await postToken(issuer.baseUrl, {
      grant_type: PRE_AUTH_GRANT,
      'pre-authorized_code': code,
      user_pin: offer.pin!,
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    assert.equal(ok.body.token_type, 'Bearer');
    assert.equal(typeof ok.body.access_token, 'string');
    assert.equal(ok.body.expires_in, 300);
    assert.equal(typeof ok.body.c_nonce, 'string');
    assert.ok(!String(ok.body.access_token).includes(code), 'the token does not carry the code');
    const payload = JSON.parse(
      Buffer.from(String(ok.body.access_token).split('.')[1]!, 'base64url').toString(),
    );
    assert.ok(!JSON.stringify(payload).includes(code));
    assertOAuthError(
      await postToken(issuer.baseUrl, {
        grant_type: PRE_AUTH_GRANT,
        'pre-authorized_code': code,
        tx_code: offer.pin!,
      }),
      'invalid_grant',
    );
  });

  it(`checks at most ${MAX_PIN_ATTEMPTS} PINs even when guesses arrive concurrently`, async () => {
    const { code, offer } = await newOffer(true);
    const guesses = Array.from({ length: 12 }, (_, i) => String(i).padStart(6, '0')).filter(
      (g) => g !== offer.pin,
    );
    const results = await Promise.all(
      guesses.map((tx_code) =>
        postToken(issuer.baseUrl, { grant_type: PRE_AUTH_GRANT, 'pre-authorized_code': code, tx_code }),
      ),
    );
    for (const result of results) assertOAuthError(result, 'invalid_grant');
    const entries = await listAuditEntriesForTarget(issuer.db, issuer.org.id, offer.offerId);
    assert.equal(entries.filter((e) => e.action === OFFER_AUDIT_ACTIONS.pinAttempt).length, MAX_PIN_ATTEMPTS);
    assert.ok((await getOffer(issuer.db, offer.offerId))?.redeemedAt, 'locked');
    assertOAuthError(
      await postToken(issuer.baseUrl, {
        grant_type: PRE_AUTH_GRANT,
        'pre-authorized_code': code,
        tx_code: offer.pin!,
      }),
      'invalid_grant',
    );
  });

  it('answers malformed JSON bodies with invalid_request, not an HTML page', async () => {
    const response = await fetch(`${issuer.baseUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
  });

  it('answers a credential request without a valid bearer token with 401 invalid_token', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token', 'Basic abc']) {
      const response = await fetch(`${issuer.baseUrl}/credential`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
        body: '{}',
      });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_token');
    }
  });

  it('validates the credential request: configuration, proof, nonce (draft 15 and draft 13 forms)', async () => {
    const { holder, stored, code } = await newOffer(false);
    const token = await postToken(issuer.baseUrl, {
      grant_type: PRE_AUTH_GRANT,
      'pre-authorized_code': code,
    });
    const auth = {
      authorization: `Bearer ${String(token.body.access_token)}`,
      'content-type': 'application/json',
    };
    const post = async (body: unknown) => {
      const response = await fetch(`${issuer.baseUrl}/credential`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const nonce = async () =>
      String(
        ((await (await fetch(`${issuer.baseUrl}/nonce`, { method: 'POST' })).json()) as { c_nonce: string })
          .c_nonce,
      );
    const config = 'MedicalLicenseCredential_jwt_vc_json';
    const proof = async () => ({
      proof_type: 'jwt',
      jwt: holder.proof({ aud: issuer.baseUrl, nonce: await nonce() }),
    });

    assert.equal(
      (await post({ credential_configuration_id: 'DrugBatchCredential_jwt_vc_json', proof: await proof() }))
        .body.error,
      'unknown_credential_configuration',
    );
    assert.equal((await post({ credential_configuration_id: config })).body.error, 'invalid_proof');
    assert.equal((await post({ proof: await proof() })).body.error, 'invalid_credential_request');
    const badNonce = await post({
      credential_configuration_id: config,
      proof: { proof_type: 'jwt', jwt: holder.proof({ aud: issuer.baseUrl, nonce: 'forged' }) },
    });
    assert.equal(badNonce.body.error, 'invalid_nonce');
    assert.equal(typeof badNonce.body.c_nonce, 'string', 'a fresh nonce comes with invalid_nonce');
    const wrongAud = await post({
      credential_configuration_id: config,
      proof: {
        proof_type: 'jwt',
        jwt: holder.proof({ aud: 'https://elsewhere.example', nonce: await nonce() }),
      },
    });
    assert.equal(wrongAud.body.error, 'invalid_proof');

    // draft 13 request form, proof as a `proofs.jwt` array
    const legacy = await post({
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'MedicalLicenseCredential'] },
      proofs: { jwt: [(await proof()).jwt] },
    });
    assert.equal(legacy.status, 200, JSON.stringify(legacy.body));
    assert.equal(legacy.body.credential, stored.jwt);
    assert.deepEqual(legacy.body.credentials, [{ credential: stored.jwt }]);

    // a nonce is single use
    const p = await proof();
    assert.equal((await post({ credential_configuration_id: config, proof: p })).status, 200);
    assert.equal((await post({ credential_configuration_id: config, proof: p })).body.error, 'invalid_nonce');
  });

  it('publishes issuer and authorization server metadata', async () => {
    const metadata = (await (
      await fetch(`${issuer.baseUrl}/.well-known/openid-credential-issuer`)
    ).json()) as {
      credential_issuer: string;
      credential_endpoint: string;
      nonce_endpoint: string;
      credential_configurations_supported: Record<string, Record<string, unknown>>;
    };
    assert.equal(metadata.credential_issuer, issuer.baseUrl);
    assert.equal(metadata.credential_endpoint, `${issuer.baseUrl}/credential`);
    assert.equal(metadata.nonce_endpoint, `${issuer.baseUrl}/nonce`);
    const license = metadata.credential_configurations_supported['MedicalLicenseCredential_jwt_vc_json'];
    assert.equal(license?.format, 'jwt_vc_json');
    assert.deepEqual(license?.credential_definition, {
      type: ['VerifiableCredential', 'MedicalLicenseCredential'],
    });
    assert.deepEqual(license?.cryptographic_binding_methods_supported, ['did:key', 'did:jwk']);
    assert.equal(Object.keys(metadata.credential_configurations_supported).length, 7);

    const as = (await (
      await fetch(`${issuer.baseUrl}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    assert.equal(as.issuer, issuer.baseUrl);
    assert.equal(as.token_endpoint, `${issuer.baseUrl}/token`);
    assert.equal(as['pre-authorized_grant_anonymous_access_supported'], true);
    assert.deepEqual(as.grant_types_supported, [PRE_AUTH_GRANT]);

    // RFC 8615 form: well-known segment inserted between host and the issuer path
    const origin = new URL(issuer.baseUrl).origin;
    const inserted = await fetch(`${origin}/.well-known/openid-credential-issuer/oid4vci`);
    assert.deepEqual(await inserted.json(), metadata);
    const insertedAs = await fetch(`${origin}/.well-known/oauth-authorization-server/oid4vci`);
    assert.deepEqual(await insertedAs.json(), as);
    assert.equal((await fetch(`${origin}/.well-known/openid-credential-issuer/other`)).status, 404);
  });
});

describe('OID4VCI PIN attempts on PostgreSQL (row lock instead of the SQLite write lock)', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await startTestIssuer({ dialect: 'postgres' });
  });
  after(() => issuer.close());

  it(`checks at most ${MAX_PIN_ATTEMPTS} concurrent PIN guesses, then redeems nothing; a fresh offer redeems once`, async () => {
    const holder = new Holder();
    const stored = await issuer.storeCredential(holder.did);
    const offer = await createCredentialOffer(issuer.ctx, {
      organisationId: issuer.org.id,
      credentialId: stored.id,
      pin: true,
    });
    const code = codeOfOfferUri(offer.offerUri);
    const guesses = Array.from({ length: 12 }, (_, i) => String(i).padStart(6, '0')).filter(
      (g) => g !== offer.pin,
    );
    const results = await Promise.all(
      guesses.map((tx_code) =>
        postToken(issuer.baseUrl, { grant_type: PRE_AUTH_GRANT, 'pre-authorized_code': code, tx_code }),
      ),
    );
    assert.ok(results.every((r) => r.status === 400 && r.body.error === 'invalid_grant'));
    const entries = await listAuditEntriesForTarget(issuer.db, issuer.org.id, offer.offerId);
    assert.equal(entries.filter((e) => e.action === OFFER_AUDIT_ACTIONS.pinAttempt).length, MAX_PIN_ATTEMPTS);

    const second = await createCredentialOffer(issuer.ctx, {
      organisationId: issuer.org.id,
      credentialId: stored.id,
      pin: true,
    });
    const secondCode = codeOfOfferUri(second.offerUri);
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () =>
        postToken(issuer.baseUrl, {
          grant_type: PRE_AUTH_GRANT,
          'pre-authorized_code': secondCode,
          tx_code: second.pin!,
        }),
      ),
    );
    assert.equal(attempts.filter((r) => r.status === 200).length, 1, 'redeemed exactly once');
  });
});
