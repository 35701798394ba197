// Credentials: insert, get, search with keyset pagination, revoke / suspend scoped to the issuer.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocateStatusIndex,
  getCredential,
  getCredentialByStatusIndex,
  insertCredential,
  searchCredentials,
  setCredentialRevoked,
  setCredentialSuspended,
  type Organisation,
} from '../../src/store/index.ts';
import { describeStore, seedOrganisation, fakeJwt } from './harness.ts';

describeStore('credentials', (ctx) => {
  let org: Organisation;
  let other: Organisation;

  before(async () => {
    org = await seedOrganisation(ctx.db, 256);
    other = await seedOrganisation(ctx.db, 256);
    for (let i = 0; i < 25; i++) {
      const slot = await allocateStatusIndex(ctx.db, org.id);
      await insertCredential(ctx.db, {
        id: `urn:uuid:cred-${String(i).padStart(2, '0')}`,
        organisationId: org.id,
        type: i % 2 === 0 ? 'MedicalLicenseCredential' : 'HospitalAccreditationCredential',
        subjectId: i < 5 ? 'did:ethr:0x7a69:0xDoctorAlice' : `did:ethr:0x7a69:0xdoctor${i}`,
        issuedAt: `2025-01-01T00:00:${String(Math.floor(i / 2)).padStart(2, '0')}.000Z`, // pairs share a timestamp
        expiresAt: '2030-01-01T00:00:00.000Z',
        jwt: fakeJwt(`cred-${i}`),
        listId: slot.listId,
        listIndex: slot.index,
      });
    }
    await insertCredential(ctx.db, {
      id: 'urn:uuid:other-org',
      organisationId: other.id,
      type: 'MedicalLicenseCredential',
      subjectId: 'did:ethr:0x7a69:0xDoctorAlice',
      issuedAt: '2025-01-01T00:00:00.000Z',
      jwt: fakeJwt(),
    });
  });

  it('gets a credential with its JWT and status slot, scoped to the issuer when asked', async () => {
    const credential = await getCredential(ctx.db, 'urn:uuid:cred-03');
    assert.equal(credential?.jwt, fakeJwt('cred-3'));
    assert.equal(credential?.revoked, false);
    assert.equal(credential?.suspended, false);
    assert.equal(credential?.listId, 1);
    assert.equal(credential?.listIndex, 3);
    assert.equal(await getCredential(ctx.db, 'urn:uuid:cred-03', other.id), undefined);
    assert.equal((await getCredentialByStatusIndex(ctx.db, org.id, 1, 3))?.id, 'urn:uuid:cred-03');
    assert.equal(await getCredential(ctx.db, 'urn:uuid:missing'), undefined);
  });

  it('pages through every credential newest first, without duplicates or gaps (ties on issued_at included)', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchCredentials(ctx.db, { organisationId: org.id, limit: 4, cursor });
      assert.ok(page.items.length <= 4);
      assert.ok(
        page.items.every((c) => !('jwt' in c)),
        'search results carry no JWT',
      );
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    assert.equal(pages, 7);
    assert.equal(seen.length, 25);
    assert.equal(new Set(seen).size, 25);
    assert.deepEqual(seen, [...seen].sort().reverse());
  });

  it('filters by type, subject and case-insensitive text (LIKE wildcards are literal)', async () => {
    const byType = await searchCredentials(ctx.db, {
      organisationId: org.id,
      type: 'HospitalAccreditationCredential',
      limit: 100,
    });
    assert.equal(byType.items.length, 12);
    assert.ok(byType.items.every((c) => c.type === 'HospitalAccreditationCredential'));

    const bySubject = await searchCredentials(ctx.db, {
      organisationId: org.id,
      subjectId: 'did:ethr:0x7a69:0xDoctorAlice',
    });
    assert.equal(bySubject.items.length, 5, 'the other organisation’s credential is not listed');

    const byText = await searchCredentials(ctx.db, { organisationId: org.id, text: 'doctoralice' });
    assert.equal(byText.items.length, 5);
    const byId = await searchCredentials(ctx.db, { organisationId: org.id, text: 'CRED-1' });
    assert.equal(byId.items.length, 10);
    assert.equal((await searchCredentials(ctx.db, { organisationId: org.id, text: '%' })).items.length, 0);
    assert.equal(
      (await searchCredentials(ctx.db, { organisationId: org.id, text: 'cred_0' })).items.length,
      0,
    );
  });

  it('refuses a malformed cursor with STORE_INVALID_ARGUMENT', async () => {
    await assert.rejects(searchCredentials(ctx.db, { organisationId: org.id, cursor: 'not-a-cursor' }), {
      name: 'StoreError',
      code: 'STORE_INVALID_ARGUMENT',
    });
  });

  it('revokes once, suspends and reinstates, only for the issuing organisation', async () => {
    assert.equal(await setCredentialRevoked(ctx.db, other.id, 'urn:uuid:cred-10'), false);
    assert.equal(await setCredentialSuspended(ctx.db, org.id, 'urn:uuid:cred-10', true), true);
    assert.equal(await setCredentialSuspended(ctx.db, org.id, 'urn:uuid:cred-10', true), false);
    assert.equal((await getCredential(ctx.db, 'urn:uuid:cred-10'))?.suspended, true);
    assert.equal(await setCredentialSuspended(ctx.db, org.id, 'urn:uuid:cred-10', false), true);
    assert.equal((await getCredential(ctx.db, 'urn:uuid:cred-10'))?.suspended, false);

    assert.equal(await setCredentialRevoked(ctx.db, org.id, 'urn:uuid:cred-10'), true);
    assert.equal(await setCredentialRevoked(ctx.db, org.id, 'urn:uuid:cred-10'), false);
    assert.equal((await getCredential(ctx.db, 'urn:uuid:cred-10'))?.revoked, true);
    assert.equal(
      await setCredentialSuspended(ctx.db, org.id, 'urn:uuid:cred-10', true),
      false,
      'revoked is final',
    );
  });

  it('refuses a duplicate credential id with STORE_CONFLICT', async () => {
    await assert.rejects(
      insertCredential(ctx.db, {
        id: 'urn:uuid:cred-00',
        organisationId: org.id,
        type: 'MedicalLicenseCredential',
        issuedAt: new Date().toISOString(),
        jwt: fakeJwt(),
      }),
      { name: 'StoreError', code: 'STORE_CONFLICT' },
    );
  });
});
