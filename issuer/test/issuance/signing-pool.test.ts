// Signing in worker threads: runBatch with signingWorkers issues the same verifiable credentials as in-thread signing,
// the workers read the key records from the pool's thread (never the database), and a pool that cannot build its
// signer fails with the signer's error code.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyCredential } from 'did-jwt-vc';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { KeyErrorCodes } from '../../src/keys/index.ts';
import {
  SigningPool,
  buildCredential,
  createIssuanceBatch,
  runBatch,
  sqlIssuerKeyRecords,
  type WorkerSignerSpec,
} from '../../src/issuance/index.ts';
import { caught, describeStore } from '../store/harness.ts';
import {
  decodeJwtPayload,
  licenceSubject,
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

describeStore('signing in worker threads', (ctx) => {
  it('runBatch signs in worker threads (signingWorkers, or a started pool); the credentials verify, each with its slot', async () => {
    const issuer = await seedIssuer(ctx.db, fixture, { records: 'sql' });
    const spec: WorkerSignerSpec = {
      records: sqlIssuerKeyRecords(ctx.db),
      sealingSecret: fixture.sealingSecret,
      chain: fixture.config,
      did: issuer.identity.did,
    };
    const issuanceCtx = { ...issuer.ctx, workerSignerFor: async () => spec };
    const newBatch = (size: number) =>
      createIssuanceBatch(ctx.db, {
        organisationId: issuer.organisation.id,
        credentialType: 'MedicalLicenseCredential',
        items: Array.from({ length: size }, (_, i) => ({
          row: i + 1,
          credentialSubject: licenceSubject(i + 1),
        })),
      });

    // the pool runBatch starts (signing stays in this thread until it is up) and closes
    const first = await newBatch(300);
    const poolErrors: unknown[] = [];
    const firstProgress = await runBatch(issuanceCtx, first.id, {
      signingWorkers: 2,
      chunkSize: 100,
      onSigningPoolError: (error) => poolErrors.push(error),
    });
    assert.deepEqual(poolErrors, []);
    assert.equal(firstProgress.succeeded, 300);

    // a pool that is already up signs every chunk
    const second = await newBatch(600);
    const pool = await SigningPool.start({ ...spec, size: 2 });
    try {
      const progress = await runBatch(issuanceCtx, second.id, { batchSigner: pool, chunkSize: 100 });
      assert.equal(progress.state, 'completed');
      assert.equal(progress.succeeded, 600);
    } finally {
      await pool.close();
    }

    for (const batch of [first, second]) {
      const rows = await ctx.db.query<{ jwt: string; listId: number; listIndex: number; batchRow: number }>(
        `SELECT jwt, list_id AS "listId", list_index AS "listIndex", batch_row AS "batchRow" FROM credentials
         WHERE batch_id = $1`,
        [batch.id],
      );
      assert.equal(rows.length, batch.total);
      for (const row of rows) {
        const payload = decodeJwtPayload(row.jwt);
        assert.deepEqual(
          [payload.vc.credentialStatus.statusListId, payload.vc.credentialStatus.statusListIndex],
          [Number(row.listId), Number(row.listIndex)],
        );
        assert.equal(payload.vc.credentialSubject.licenseNumber, `PT-${row.batchRow}`);
      }
      for (const row of [rows[0]!, rows.at(-1)!]) {
        const verified = await verifyCredential(row.jwt, fixture.resolver);
        assert.equal(verified.signer.id, issuer.identity.kid);
      }
    }
    const slots = await ctx.db.query<{ n: number }>(
      `SELECT COUNT(DISTINCT list_index) AS n FROM credentials WHERE organisation_id = $1`,
      [issuer.organisation.id],
    );
    assert.equal(Number(slots[0]!.n), 900);
  });

  it('a started pool signs in input order; a closed pool refuses; a bad DID fails start-up with KEY_NOT_FOUND', async () => {
    const issuer = await seedIssuer(ctx.db, fixture, { records: 'sql' });
    const records = sqlIssuerKeyRecords(ctx.db);
    const spec = {
      records,
      sealingSecret: fixture.sealingSecret,
      chain: fixture.config,
      did: issuer.identity.did,
    };
    const credentials = Array.from({ length: 20 }, (_, i) =>
      buildCredential(
        { type: 'MedicalLicenseCredential', credentialSubject: licenceSubject(i) },
        {
          issuer: issuer.identity,
          chain: issuer.ctx.chain,
          slot: { listId: 1, index: i },
          issuedAt: new Date(),
        },
      ),
    );
    const pool = await SigningPool.start({ ...spec, size: 2, sliceSize: 3 });
    try {
      assert.equal(pool.size, 2);
      const jwts = await pool.signAll(credentials);
      assert.deepEqual(
        jwts.map((jwt) => decodeJwtPayload(jwt).jti),
        credentials.map((c) => c.id),
      );
      await verifyCredential(jwts[7]!, fixture.resolver);
    } finally {
      await pool.close();
    }
    await assert.rejects(pool.signAll(credentials.slice(0, 1)), /closed/);

    const error = await caught(() =>
      SigningPool.start({
        ...spec,
        did: 'did:ethr:medtrust:0x000000000000000000000000000000000000dEaD',
        size: 1,
      }),
    );
    assert.ok(error instanceof MedtrustError);
    assert.equal(error.code, KeyErrorCodes.KEY_NOT_FOUND);
    const badSize = await caught(() => SigningPool.start({ ...spec, size: 0 }));
    assert.equal((badSize as MedtrustError).code, ErrorCodes.INVALID_ARGUMENT);
  });
});
