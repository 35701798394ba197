// Organisations: unique slug, lookups, identity update.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createOrganisation,
  getOrganisation,
  getOrganisationByDid,
  getOrganisationBySlug,
  listOrganisations,
  setOrganisationIdentity,
} from '../../src/store/index.ts';
import { describeStore } from './harness.ts';

describeStore('organisations', (ctx) => {
  it('creates, finds and updates an organisation; the slug is unique', async () => {
    const org = await createOrganisation(ctx.db, {
      slug: 'medical-board',
      name: 'Ordem dos Médicos (demo)',
      kind: 'medical-board',
      jurisdiction: 'PT',
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    assert.deepEqual(await getOrganisation(ctx.db, org.id), {
      id: org.id,
      slug: 'medical-board',
      name: 'Ordem dos Médicos (demo)',
      kind: 'medical-board',
      jurisdiction: 'PT',
      did: null,
      address: null,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    assert.equal((await getOrganisationBySlug(ctx.db, 'medical-board'))?.id, org.id);
    const did = 'did:ethr:0x7a69:0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
    assert.equal(
      await setOrganisationIdentity(ctx.db, org.id, {
        did,
        address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      }),
      true,
    );
    assert.equal((await getOrganisationByDid(ctx.db, did))?.slug, 'medical-board');
    assert.equal(await setOrganisationIdentity(ctx.db, 'missing', { did, address: '0x0' }), false);
    await assert.rejects(
      createOrganisation(ctx.db, {
        slug: 'medical-board',
        name: 'Other',
        kind: 'hospital',
        jurisdiction: 'ES',
      }),
      { name: 'StoreError', code: 'STORE_CONFLICT' },
    );
    await createOrganisation(ctx.db, {
      slug: 'a-hospital',
      name: 'Hospital',
      kind: 'hospital',
      jurisdiction: 'PT',
    });
    assert.deepEqual(
      (await listOrganisations(ctx.db)).map((o) => o.slug),
      ['a-hospital', 'medical-board'],
    );
    assert.equal(await getOrganisation(ctx.db, 'missing'), undefined);
  });
});
