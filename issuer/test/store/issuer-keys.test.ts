// Issuer key rows: insert, list by status / purpose, retire, delete.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  deleteIssuerKey,
  getIssuerKey,
  insertIssuerKey,
  listIssuerKeys,
  retireIssuerKey,
} from '../../src/store/index.ts';
import { describeStore, seedOrganisation } from './harness.ts';

describeStore('issuer keys', (ctx) => {
  it('stores sealed keys as given, retires and deletes them', async () => {
    const org = await seedOrganisation(ctx.db);
    const owner = await insertIssuerKey(ctx.db, {
      kid: 'kid-owner',
      organisationId: org.id,
      type: 'Secp256k1',
      publicKeyHex: '04abcd',
      encryptedPrivateKey: 'v1.sealed-bytes-base64',
      purpose: 'owner',
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    assert.deepEqual(owner, {
      kid: 'kid-owner',
      organisationId: org.id,
      type: 'Secp256k1',
      publicKeyHex: '04abcd',
      encryptedPrivateKey: 'v1.sealed-bytes-base64',
      purpose: 'owner',
      status: 'active',
      createdAt: '2025-01-01T00:00:00.000Z',
      retiredAt: null,
    });
    await insertIssuerKey(ctx.db, {
      kid: 'kid-veri',
      organisationId: org.id,
      type: 'Secp256k1',
      publicKeyHex: '04ef01',
      encryptedPrivateKey: null,
      purpose: 'veriKey',
      createdAt: '2025-01-02T00:00:00.000Z',
    });
    await assert.rejects(insertIssuerKey(ctx.db, { ...owner, encryptedPrivateKey: 'x' }), {
      name: 'StoreError',
      code: 'STORE_CONFLICT',
    });

    assert.equal(await retireIssuerKey(ctx.db, 'kid-owner', '2025-02-01T00:00:00.000Z'), true);
    assert.equal(await retireIssuerKey(ctx.db, 'kid-owner'), false);
    assert.deepEqual(
      (await listIssuerKeys(ctx.db, org.id, { status: 'active' })).map((k) => k.kid),
      ['kid-veri'],
    );
    assert.deepEqual(
      (await listIssuerKeys(ctx.db, org.id, { status: 'retired', purpose: 'owner' })).map((k) => [
        k.kid,
        k.retiredAt,
      ]),
      [['kid-owner', '2025-02-01T00:00:00.000Z']],
    );
    assert.equal((await listIssuerKeys(ctx.db, org.id)).length, 2);
    assert.equal(await deleteIssuerKey(ctx.db, 'kid-veri'), true);
    assert.equal(await getIssuerKey(ctx.db, 'kid-veri'), undefined);
    assert.equal(await deleteIssuerKey(ctx.db, 'kid-veri'), false);
  });
});
