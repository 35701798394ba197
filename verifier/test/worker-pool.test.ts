// The HTTP routes verify in worker threads (VERIFIER_WORKERS, the number of cores by default): the same reports as
// the main-thread verifier, single-use challenges across threads, and admission control (OVERLOADED) when the bounded
// queue is full.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import {
  loadVerifierConfig,
  startVerifierService,
  VerificationPool,
  type RunningVerifier,
} from '../src/index.ts';
import { licenceSubject, startChainFixture, type ChainFixture } from './fixture.ts';
import { failedCodes } from './testbed.ts';

describe('verification worker pool', () => {
  let fixture: ChainFixture;
  let pooled: RunningVerifier;
  let inProcess: RunningVerifier;
  let dataDir: string;
  const credentials: Record<string, string> = {};

  const post = async (service: RunningVerifier, path: string, body: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    fixture = await startChainFixture();
    dataDir = mkdtempSync(join(tmpdir(), 'medtrust-pool-test-'));
    const env = { VERIFIER_PORT: '0', ANCHOR_PROOF_URLS: fixture.proofServer.url, DATA_DIR: dataDir };
    pooled = await startVerifierService(
      loadVerifierConfig({ ...env, VERIFIER_WORKERS: '2' }, fixture.config),
    );
    inProcess = await startVerifierService(
      loadVerifierConfig({ ...env, VERIFIER_WORKERS: '0', VERIFIER_DB: ':memory:' }, fixture.config),
    );
    const { medicalBoard, rogue, doctor } = fixture.parties;
    credentials.valid = (
      await fixture.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor))
    ).jwt;
    const toRevoke = await fixture.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor));
    credentials.revoked = toRevoke.jwt;
    const revokedAt = await fixture.revoke(medicalBoard, toRevoke.index);
    credentials.unaccredited = (
      await fixture.issue(rogue, 'MedicalLicenseCredential', licenceSubject(doctor))
    ).jwt;
    const [header, payload] = credentials.valid.split('.');
    credentials.forged = `${header}.${payload}.${'A'.repeat(86)}`;
    // both services' heads have seen the revocation's block (the workers read the head on their first task)
    for (const service of [pooled, inProcess]) {
      for (let seen = -1n; seen < revokedAt;) {
        const health = (await (await fetch(`${service.url}/health`)).json()) as {
          chain?: { latestBlock?: string | null };
        };
        seen = BigInt(health.chain?.latestBlock ?? -1);
      }
    }
  });

  after(async () => {
    await pooled?.close();
    await inProcess?.close();
    await fixture?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const name of ['valid', 'revoked', 'unaccredited', 'forged']) {
    it(`gives the main-thread verifier's report for a ${name} credential`, async () => {
      const body = { verifiableCredential: credentials[name] };
      const [fromPool, fromMain] = await Promise.all([
        post(pooled, '/verify', body),
        post(inProcess, '/verify', body),
      ]);
      assert.equal(fromPool.status, 200);
      assert.equal(fromPool.body.verified, fromMain.body.verified);
      assert.deepEqual(failedCodes(fromPool.body), failedCodes(fromMain.body));
      assert.deepEqual(
        (fromPool.body.checks as Array<{ check: string; status: string }>).map((c) => [c.check, c.status]),
        (fromMain.body.checks as Array<{ check: string; status: string }>).map((c) => [c.check, c.status]),
      );
      if (name === 'valid') assert.equal(fromPool.body.verified, true);
      else assert.equal(fromPool.body.verified, false);
    });
  }

  it('consumes a challenge issued on the main thread exactly once, whichever thread verifies', async () => {
    const { status, body } = await post(pooled, '/challenges', {});
    assert.equal(status, 201);
    const challenge = String(body.challenge);
    const domain = 'https://verifier.example';
    const vp = await fixture.present(fixture.parties.doctor, [credentials.valid!], { challenge, domain });
    const first = await post(pooled, '/verify', {
      verifiablePresentation: vp,
      options: { challenge, domain },
    });
    assert.equal(first.status, 200);
    assert.equal(first.body.verified, true, JSON.stringify(failedCodes(first.body)));
    const again = await Promise.all(
      [1, 2, 3, 4].map(() =>
        post(pooled, '/verify', { verifiablePresentation: vp, options: { challenge, domain } }),
      ),
    );
    for (const replay of again) {
      assert.equal(replay.body.verified, false);
      assert.ok(
        failedCodes(replay.body).includes(ErrorCodes.CHALLENGE_REPLAYED),
        JSON.stringify(replay.body),
      );
    }
  });

  it('answers 400 with a stable code for a malformed body, from the pool as from the main thread', async () => {
    const bad = await post(pooled, '/verify', { verifiableCredential: 42 });
    assert.equal(bad.status, 400);
    assert.equal(typeof bad.body.code, 'string');
  });

  it('refuses work beyond the queue bound at once with OVERLOADED, and serves again once drained', async () => {
    const config = loadVerifierConfig(
      { VERIFIER_PORT: '0', DATA_DIR: dataDir, ANCHOR_PROOF_URLS: fixture.proofServer.url },
      fixture.config,
    );
    const pool = new VerificationPool(config, { workers: 1, maxQueue: 2, concurrentTasksPerWorker: 1 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => pool.verifyCredential(credentials.valid)),
      );
      const refused = results.filter(
        (r) =>
          r.status === 'rejected' &&
          r.reason instanceof MedtrustError &&
          r.reason.code === ErrorCodes.OVERLOADED,
      );
      const served = results.filter((r) => r.status === 'fulfilled');
      assert.ok(refused.length >= 40, `${refused.length} refused`);
      assert.ok(served.length >= 1);
      assert.equal(refused.length + served.length, 50, 'every call either served or refused with OVERLOADED');
      const later = await pool.verifyCredential(credentials.valid);
      assert.equal(later.verified, true);
    } finally {
      await pool.close();
    }
  });

  it('is ready once every worker has synced its registry mirror, and a pool on a dead chain says why', async () => {
    const config = loadVerifierConfig(
      { VERIFIER_PORT: '0', DATA_DIR: dataDir, ANCHOR_PROOF_URLS: fixture.proofServer.url },
      fixture.config,
    );
    await pooled.ready(); // the running service: its main-thread mirror and its workers' have synced
    const pool = new VerificationPool(config, { workers: 2 });
    try {
      await pool.ready();
      assert.equal((await pool.verifyCredential(credentials.valid)).verified, true);
    } finally {
      await pool.close();
    }
    const dead = new VerificationPool(
      { ...config, chain: { ...config.chain, rpcUrl: 'http://127.0.0.1:9' }, requestTimeoutMs: 500 },
      { workers: 1 },
    );
    try {
      await assert.rejects(
        dead.ready(),
        (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CHAIN_UNAVAILABLE,
      );
    } finally {
      await dead.close();
    }
  });
});
