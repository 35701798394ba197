// Offer creation: random code and PIN returned once, only their hashes stored, QR code, expiry, refusals.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createOrganisation, getOffer, listAuditEntriesForTarget, sha256Hex } from '../../src/store/index.ts';
import { createCredentialOffer, OFFER_AUDIT_ACTIONS } from '../../src/oid4vci/index.ts';
import { codeOfOfferUri, ethrResolver, Holder, startTestIssuer, type TestIssuer } from './harness.ts';

describe('createCredentialOffer', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await startTestIssuer();
  });
  after(() => issuer.close());

  it('returns the URI, a PNG QR code and the PIN once; stores only hashes', async () => {
    const holder = new Holder();
    const stored = await issuer.storeCredential(holder.did);
    const before = Date.now();
    const offer = await createCredentialOffer(issuer.ctx, {
      organisationId: issuer.org.id,
      credentialId: stored.id,
      pin: true,
      actor: 'cli:alice',
    });

    assert.match(offer.offerUri, /^openid-credential-offer:\/\/\?credential_offer=/);
    const credentialOffer = JSON.parse(
      new URL(offer.offerUri).searchParams.get('credential_offer')!,
    ) as Record<string, unknown>;
    assert.deepEqual(credentialOffer, {
      credential_issuer: issuer.baseUrl,
      credential_configuration_ids: ['MedicalLicenseCredential_jwt_vc_json'],
      grants: {
        'urn:ietf:params:oauth:grant-type:pre-authorized_code': {
          'pre-authorized_code': codeOfOfferUri(offer.offerUri),
          tx_code: { length: 6, input_mode: 'numeric', description: 'PIN given to you by the issuer' },
        },
      },
    });
    const code = codeOfOfferUri(offer.offerUri);
    assert.ok(Buffer.from(code, 'base64url').length >= 16, 'at least 128 bits');
    assert.match(offer.pin!, /^\d{6}$/);
    assert.match(offer.qrPngDataUrl, /^data:image\/png;base64,/);
    const png = Buffer.from(offer.qrPngDataUrl.split(',')[1]!, 'base64');
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');

    const expiresAt = Date.parse(offer.expiresAt);
    assert.ok(expiresAt >= before + 600_000 && expiresAt <= Date.now() + 600_000, 'default lifetime 600 s');

    const row = await getOffer(issuer.db, offer.offerId);
    assert.equal(row?.preAuthorizedCodeHash, sha256Hex(code));
    assert.equal(row?.credentialId, stored.id);
    assert.match(row?.pinHash ?? '', /^scrypt\$/);
    const raw = JSON.stringify(await issuer.db.query('SELECT * FROM offers WHERE id = $1', [offer.offerId]));
    assert.ok(!raw.includes(code) && !raw.includes(offer.pin!), 'neither code nor PIN stored in clear');

    const audit = await listAuditEntriesForTarget(issuer.db, issuer.org.id, offer.offerId);
    assert.equal(audit[0]?.action, OFFER_AUDIT_ACTIONS.create);
    assert.equal(audit[0]?.actor, 'cli:alice');
    assert.ok(!JSON.stringify(audit).includes(code) && !JSON.stringify(audit).includes(offer.pin!));
  });

  it('gives every offer a different code and PIN', async () => {
    const holder = new Holder();
    const stored = await issuer.storeCredential(holder.did);
    const offers = await Promise.all(
      Array.from({ length: 5 }, () =>
        createCredentialOffer(issuer.ctx, {
          organisationId: issuer.org.id,
          credentialId: stored.id,
          pin: true,
        }),
      ),
    );
    assert.equal(new Set(offers.map((o) => codeOfOfferUri(o.offerUri))).size, 5);
    assert.ok(new Set(offers.map((o) => o.pin)).size > 1);
  });

  it('puts the offer behind credential_offer_uri on request, served while the offer is live', async () => {
    const holder = new Holder();
    const stored = await issuer.storeCredential(holder.did);
    const offer = await createCredentialOffer(issuer.ctx, {
      organisationId: issuer.org.id,
      credentialId: stored.id,
      byReference: true,
      ttlSeconds: 120,
    });
    const reference = new URL(offer.offerUri).searchParams.get('credential_offer_uri')!;
    assert.ok(reference.startsWith(`${issuer.baseUrl}/credential-offers/`));
    const response = await fetch(reference);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as { credential_configuration_ids: string[]; grants: object };
    assert.deepEqual(body.credential_configuration_ids, ['MedicalLicenseCredential_jwt_vc_json']);
    assert.ok(!JSON.stringify(body.grants).includes('tx_code'));

    issuer.advanceClock(120_000);
    try {
      assert.equal((await fetch(reference)).status, 404, 'not served once expired');
    } finally {
      issuer.resetClock();
    }
    assert.equal((await fetch(`${issuer.baseUrl}/credential-offers/unknown`)).status, 404);
  });

  it('refuses unknown credentials, credentials without a supported subject DID and bad lifetimes', async () => {
    const base = { organisationId: issuer.org.id };
    await assert.rejects(createCredentialOffer(issuer.ctx, { ...base, credentialId: 'urn:uuid:nope' }), {
      name: 'MedtrustError',
      code: 'NOT_FOUND',
    });
    const anonymous = await issuer.storeCredential(null);
    await assert.rejects(createCredentialOffer(issuer.ctx, { ...base, credentialId: anonymous.id }), {
      code: 'INVALID_ARGUMENT',
    });
    const ethrHolder = new Holder('secp256k1', 'ethr');
    const ethr = await issuer.storeCredential(ethrHolder.did);
    await assert.rejects(createCredentialOffer(issuer.ctx, { ...base, credentialId: ethr.id }), {
      code: 'INVALID_ARGUMENT',
    });
    const holder = new Holder();
    const stored = await issuer.storeCredential(holder.did);
    for (const ttlSeconds of [0, 29, 86_401, 1.5]) {
      await assert.rejects(
        createCredentialOffer(issuer.ctx, { ...base, credentialId: stored.id, ttlSeconds }),
        {
          code: 'INVALID_ARGUMENT',
        },
      );
    }
    const otherOrg = await createOrganisation(issuer.db, {
      slug: `hospital-${randomUUID()}`,
      name: 'Another Hospital',
      kind: 'hospital',
      jurisdiction: 'ES',
    });
    await assert.rejects(
      createCredentialOffer(issuer.ctx, { organisationId: otherOrg.id, credentialId: stored.id }),
      { code: 'NOT_FOUND' },
      "another organisation's credential",
    );
  });

  it('accepts did:ethr subjects when the context has a DID resolver', async () => {
    const holder = new Holder('secp256k1', 'ethr');
    const withResolver = await startTestIssuer({ didResolver: ethrResolver([holder]) });
    try {
      const stored = await withResolver.storeCredential(holder.did);
      const offer = await createCredentialOffer(withResolver.ctx, {
        organisationId: withResolver.org.id,
        credentialId: stored.id,
      });
      assert.match(offer.offerUri, /^openid-credential-offer:/);
    } finally {
      await withResolver.close();
    }
  });
});
