// Issuing one credential, on SQLite and PostgreSQL and a real local chain: the JWT verifies through the chain
// resolver, a schema violation is refused before any status index is taken, another issuer is refused, and 1,000
// concurrent issuances get 1,000 distinct status slots.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyCredential } from 'did-jwt-vc';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { schemaIdFor } from '@medtrust/schemas';
import {
  getCredential,
  getStatusList,
  listAuditEntriesForTarget,
  type Database,
} from '../../src/store/index.ts';
import { SchemaInvalidError, issueCredential, CREDENTIAL_ISSUED_ACTION } from '../../src/issuance/index.ts';
import { caught, describeStore } from '../store/harness.ts';
import {
  decodeJwtPayload,
  licenceRequest,
  seedIssuer,
  startChainFixture,
  type ChainFixture,
} from './fixture.ts';

let fixture: ChainFixture;
before(async () => {
  fixture = await startChainFixture();
});
after(async () => {
  await fixture?.stop();
});

async function count(db: Database, sql: string, params: unknown[]): Promise<number> {
  const rows = await db.query<{ n: number }>(sql, params);
  return Number(rows[0]!.n);
}

describeStore('issueCredential', (ctx) => {
  it('issues a credential whose JWT verifies on the chain; stores it with its slot and a value-free audit entry', async () => {
    const issuer = await seedIssuer(ctx.db, fixture);
    const issued = await issueCredential(issuer.ctx, {
      organisationId: issuer.organisation.id,
      actor: 'api-key:test',
      credential: licenceRequest(1),
    });

    assert.match(issued.credentialId, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.deepEqual([issued.listId, issued.index], [1, 0]);
    const verified = await verifyCredential(issued.jwt, fixture.resolver);
    assert.equal(verified.issuer, issuer.identity.did);
    assert.equal(verified.signer.id, issuer.identity.kid);

    const vc = issued.verifiableCredential;
    assert.deepEqual(vc.type, ['VerifiableCredential', 'MedicalLicenseCredential']);
    assert.deepEqual(vc['@context'], ['https://www.w3.org/2018/credentials/v1']);
    assert.equal(vc.issuer.id, issuer.identity.did);
    assert.equal(vc.id, issued.credentialId);
    assert.deepEqual(vc.credentialSchema, {
      id: schemaIdFor('MedicalLicenseCredential'),
      type: 'JsonSchema',
    });
    const { chainId, statusRegistry } = fixture.config;
    const address = issuer.identity.address;
    assert.deepEqual(vc.credentialStatus, {
      id: `urn:medtrust:status:${chainId}:${statusRegistry}:${address}:1:0`,
      type: 'MedtrustStatusRegistryEntry',
      statusRegistry,
      statusIssuer: address,
      statusListId: 1,
      statusListIndex: 0,
    });
    assert.deepEqual(decodeJwtPayload(issued.jwt).vc.credentialStatus, vc.credentialStatus);
    // the signed credential still satisfies its schema (with the real status)
    const { proof: _proof, ...unsigned } = vc;
    assert.deepEqual(issuer.ctx.validator.validate(unsigned), { valid: true });

    const stored = await getCredential(ctx.db, issued.credentialId, issuer.organisation.id);
    assert.ok(stored);
    assert.equal(stored.jwt, issued.jwt);
    assert.equal(stored.type, 'MedicalLicenseCredential');
    assert.equal(stored.subjectId, 'did:ethr:medtrust:0xa0Ee7A142d267C1f36714E4a8F75612F20a79720');
    assert.deepEqual([stored.listId, stored.listIndex], [1, 0]);
    assert.equal(stored.issuedAt, vc.issuanceDate);
    assert.equal(stored.expiresAt, '2029-01-15T00:00:00.000Z');

    const audit = await listAuditEntriesForTarget(ctx.db, issuer.organisation.id, issued.credentialId);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, CREDENTIAL_ISSUED_ACTION);
    assert.equal(audit[0]!.actor, 'api-key:test');
    assert.deepEqual(audit[0]!.detail, { type: 'MedicalLicenseCredential' });
  });

  it('refuses a schema violation with SCHEMA_INVALID and its JSON pointer, consuming no status index', async () => {
    const issuer = await seedIssuer(ctx.db, fixture);
    const orgId = issuer.organisation.id;
    await issueCredential(issuer.ctx, { organisationId: orgId, actor: 'a', credential: licenceRequest(1) });
    const credentialsBefore = await count(
      ctx.db,
      'SELECT COUNT(*) AS n FROM credentials WHERE organisation_id = $1',
      [orgId],
    );
    const auditBefore = await count(
      ctx.db,
      'SELECT COUNT(*) AS n FROM audit_log WHERE organisation_id = $1',
      [orgId],
    );

    const bad = licenceRequest(2) as { credentialSubject: Record<string, unknown> };
    bad.credentialSubject.licenseNumber = '!! not a licence number';
    const error = await caught(() =>
      issueCredential(issuer.ctx, { organisationId: orgId, actor: 'a', credential: bad }),
    );
    assert.ok(error instanceof SchemaInvalidError);
    assert.ok(error instanceof MedtrustError);
    assert.equal(error.code, ErrorCodes.SCHEMA_INVALID);
    assert.equal(error.pointer, '/credentialSubject/licenseNumber');
    assert.equal(error.errors[0]!.keyword, 'pattern');
    assert.equal(error.message.includes('not a licence number'), false, 'the message never quotes the value');

    const missing = licenceRequest(3) as { credentialSubject: Record<string, unknown> };
    delete missing.credentialSubject.scopeOfPractice;
    const missingError = await caught(() =>
      issueCredential(issuer.ctx, { organisationId: orgId, actor: 'a', credential: missing }),
    );
    assert.ok(missingError instanceof SchemaInvalidError);
    assert.equal(missingError.pointer, '/credentialSubject');
    assert.equal(missingError.errors[0]!.keyword, 'required');

    const unknownType = await caught(() =>
      issueCredential(issuer.ctx, {
        organisationId: orgId,
        actor: 'a',
        credential: { type: 'PassportCredential', credentialSubject: { a: 1 } },
      }),
    );
    assert.ok(unknownType instanceof SchemaInvalidError);
    assert.equal(unknownType.pointer, '/type');

    assert.equal((await getStatusList(ctx.db, orgId, 1))!.nextIndex, 1, 'no status index consumed');
    assert.equal(
      await count(ctx.db, 'SELECT COUNT(*) AS n FROM credentials WHERE organisation_id = $1', [orgId]),
      credentialsBefore,
    );
    assert.equal(
      await count(ctx.db, 'SELECT COUNT(*) AS n FROM audit_log WHERE organisation_id = $1', [orgId]),
      auditBefore,
    );
  });

  it('refuses issuing as another organisation (FORBIDDEN) and issuer-controlled members (INVALID_ARGUMENT)', async () => {
    const issuer = await seedIssuer(ctx.db, fixture);
    const other = await seedIssuer(ctx.db, fixture);
    const orgId = issuer.organisation.id;

    for (const foreign of [other.identity.did, { id: other.identity.did, name: 'Someone else' }]) {
      const error = await caught(() =>
        issueCredential(issuer.ctx, {
          organisationId: orgId,
          actor: 'a',
          credential: { ...licenceRequest(1), issuer: foreign },
        }),
      );
      assert.ok(error instanceof MedtrustError);
      assert.equal(error.code, ErrorCodes.FORBIDDEN);
    }
    for (const member of ['id', 'issuanceDate', 'credentialStatus', 'credentialSchema', 'proof']) {
      const error = await caught(() =>
        issueCredential(issuer.ctx, {
          organisationId: orgId,
          actor: 'a',
          credential: { ...licenceRequest(1), [member]: 'x' },
        }),
      );
      assert.ok(error instanceof MedtrustError);
      assert.equal(error.code, ErrorCodes.INVALID_ARGUMENT, member);
    }
    assert.equal(await getStatusList(ctx.db, orgId, 1), undefined, 'nothing was allocated');

    // its own DID (any letter case of the address, or as an object with a name) is accepted
    const own = await issueCredential(issuer.ctx, {
      organisationId: orgId,
      actor: 'a',
      credential: { ...licenceRequest(1), issuer: { id: issuer.identity.did.toLowerCase(), name: 'Ordem' } },
    });
    assert.deepEqual(own.verifiableCredential.issuer, { id: issuer.identity.did, name: 'Ordem' });
    await verifyCredential(own.jwt, fixture.resolver);
  });

  it('1,000 concurrent issuances give 1,000 stored credentials with 1,000 distinct status entries', async () => {
    const issuer = await seedIssuer(ctx.db, fixture, { statusListCapacity: 256 });
    const orgId = issuer.organisation.id;
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        issueCredential(issuer.ctx, { organisationId: orgId, actor: 'a', credential: licenceRequest(i) }),
      ),
    );
    const rows = await ctx.db.query<{ id: string; listId: number; listIndex: number; jwt: string }>(
      `SELECT id, list_id AS "listId", list_index AS "listIndex", jwt FROM credentials WHERE organisation_id = $1`,
      [orgId],
    );
    assert.equal(rows.length, 1000);
    assert.equal(new Set(rows.map((r) => `${r.listId}:${r.listIndex}`)).size, 1000);
    assert.equal(
      new Set(
        results
          .map((r) => r.verifiableCredential.credentialStatus as unknown as string)
          .map((s) => JSON.stringify(s)),
      ).size,
      1000,
    );
    // capacity 256: lists 1…4 are used, each slot once
    assert.deepEqual([...new Set(rows.map((r) => Number(r.listId)))].sort(), [1, 2, 3, 4]);
    const byId = new Map(results.map((r) => [r.credentialId, r]));
    for (const row of rows) {
      const status = decodeJwtPayload(row.jwt).vc.credentialStatus;
      assert.deepEqual(
        [status.statusListId, status.statusListIndex],
        [Number(row.listId), Number(row.listIndex)],
      );
      const result = byId.get(row.id)!;
      assert.deepEqual([result.listId, result.index], [Number(row.listId), Number(row.listIndex)]);
    }
  });
});
