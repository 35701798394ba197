// OID4VCI offers: code stored hashed, redeemed at most once, not after expiry.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createOffer,
  deleteExpiredOffers,
  findOfferByPreAuthorizedCode,
  getOffer,
  redeemOffer,
  setOfferCredential,
  insertCredential,
  sha256Hex,
} from '../../src/store/index.ts';
import { describeStore, seedOrganisation, fakeJwt } from './harness.ts';

describeStore('offers', (ctx) => {
  it('stores the code hashed, finds it by the plaintext, redeems once and only before expiry', async () => {
    const org = await seedOrganisation(ctx.db);
    await insertCredential(ctx.db, {
      id: 'urn:uuid:offered',
      organisationId: org.id,
      type: 'MedicalLicenseCredential',
      issuedAt: new Date().toISOString(),
      jwt: fakeJwt(),
    });
    const offer = await createOffer(ctx.db, {
      organisationId: org.id,
      preAuthorizedCode: 'code-123',
      pinHash: 'scrypt$salt$hash',
      expiresAt: '2025-01-01T00:10:00.000Z',
    });
    assert.equal(offer.preAuthorizedCodeHash, sha256Hex('code-123'));
    assert.equal(offer.credentialId, null);
    assert.equal((await findOfferByPreAuthorizedCode(ctx.db, 'code-123'))?.id, offer.id);
    assert.equal(await findOfferByPreAuthorizedCode(ctx.db, 'code-124'), undefined);
    assert.equal(await setOfferCredential(ctx.db, offer.id, 'urn:uuid:offered'), true);

    assert.equal(
      await redeemOffer(ctx.db, offer.id, '2025-01-01T00:10:00.000Z'),
      false,
      'expired at expiresAt',
    );
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => redeemOffer(ctx.db, offer.id, '2025-01-01T00:05:00.000Z')),
    );
    assert.equal(attempts.filter(Boolean).length, 1, 'redeemed exactly once');
    const redeemed = await getOffer(ctx.db, offer.id);
    assert.deepEqual(
      [redeemed?.redeemedAt, redeemed?.credentialId],
      ['2025-01-01T00:05:00.000Z', 'urn:uuid:offered'],
    );

    await assert.rejects(
      createOffer(ctx.db, {
        organisationId: org.id,
        preAuthorizedCode: 'code-123',
        expiresAt: '2030-01-01T00:00:00.000Z',
      }),
      { name: 'StoreError', code: 'STORE_CONFLICT' },
    );
    const stale = await createOffer(ctx.db, {
      organisationId: org.id,
      preAuthorizedCode: 'old',
      expiresAt: '2024-01-01T00:00:00.000Z',
    });
    assert.equal(await deleteExpiredOffers(ctx.db, '2025-01-01T00:00:00.000Z'), 1);
    assert.equal(await getOffer(ctx.db, stale.id), undefined);
    assert.ok(await getOffer(ctx.db, offer.id), 'redeemed offers are kept');
  });
});
