// API keys: only the SHA-256 is stored; lookup by plaintext; revocation.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createApiKey,
  findApiKeyByPlaintext,
  listApiKeys,
  revokeApiKey,
  sha256Hex,
  type ApiKeyRole,
} from '../../src/store/index.ts';
import { describeStore, seedOrganisation } from './harness.ts';

describeStore('api keys', (ctx) => {
  it('stores only the hash, finds the key by its plaintext, and stops finding it once revoked', async () => {
    const org = await seedOrganisation(ctx.db);
    const { apiKey, plaintextKey } = await createApiKey(ctx.db, {
      organisationId: org.id,
      role: 'operator',
      label: 'ci',
    });
    assert.match(plaintextKey, /^mtk_[A-Za-z0-9_-]{43}$/);
    assert.ok(!('keyHash' in apiKey));

    const [row] = await ctx.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [
      apiKey.id,
    ]);
    assert.equal(row?.key_hash, sha256Hex(plaintextKey));
    const everything = JSON.stringify(await ctx.db.query('SELECT * FROM api_keys'));
    assert.ok(!everything.includes(plaintextKey), 'the plaintext is never stored');

    assert.deepEqual(await findApiKeyByPlaintext(ctx.db, plaintextKey), apiKey);
    assert.equal(await findApiKeyByPlaintext(ctx.db, `${plaintextKey}x`), undefined);

    assert.equal(await revokeApiKey(ctx.db, 'other-org', apiKey.id), false);
    assert.equal(await revokeApiKey(ctx.db, org.id, apiKey.id, '2025-06-01T00:00:00.000Z'), true);
    assert.equal(await revokeApiKey(ctx.db, org.id, apiKey.id), false);
    assert.equal(await findApiKeyByPlaintext(ctx.db, plaintextKey), undefined);
    assert.equal(
      (await findApiKeyByPlaintext(ctx.db, plaintextKey, { includeRevoked: true }))?.revokedAt,
      '2025-06-01T00:00:00.000Z',
    );
    assert.equal((await listApiKeys(ctx.db, org.id)).length, 1);
  });

  it('refuses a reused secret (STORE_CONFLICT) and an unknown role (STORE_ERROR)', async () => {
    const org = await seedOrganisation(ctx.db);
    await createApiKey(ctx.db, { organisationId: org.id, role: 'admin', plaintextKey: 'mtk_fixed' });
    await assert.rejects(
      createApiKey(ctx.db, { organisationId: org.id, role: 'auditor', plaintextKey: 'mtk_fixed' }),
      {
        name: 'StoreError',
        code: 'STORE_CONFLICT',
      },
    );
    await assert.rejects(createApiKey(ctx.db, { organisationId: org.id, role: 'root' as ApiKeyRole }), {
      name: 'StoreError',
      code: 'STORE_ERROR',
    });
  });
});
