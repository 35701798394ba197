// Batch takeover between issuer instances: two issuer services, each in its own process started as `npm start`
// starts the issuer (configuration from the environment), on one database (PostgreSQL, or one SQLite file in WAL
// mode, which SQLite's file locks make safe for several processes on one machine) and a real local chain. Instance A
// starts a 10,000-item batch over HTTP and is SIGKILLed mid-batch; instance B takes the batch over once A's lease
// (BATCH_LEASE_MS=1500) has expired and finishes it: every row issued exactly once, the batch completed.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import type { ChainConfig } from '@medtrust/core';
import { getBatchLease, getBatchProgress, type BatchProgress } from '../../src/store/index.ts';
import { closeIssuerAgent, createIssuerAgent } from '../../src/keys/index.ts';
import { sqlIssuerKeyRecords } from '../../src/issuance/index.ts';
import { createRoleKeys, ensureOrganisation } from '../../src/organisations/ensure-organisation.ts';
import { describeStore } from '../store/harness.ts';
import { decodeJwtPayload, licenceSubject } from '../issuance/fixture.ts';

const ITEMS = 10_000;
/** A's kill point: some chunks committed, most of the batch left. */
const KILL_AFTER = 1_000;
const LEASE_MS = 1500;
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const processScript = join(here, 'issuer-process.ts');
/** What issuer-process.ts prints before its JSON once it listens. */
const READY_PREFIX = 'ISSUER_READY ';

let chain: LocalChain;
let chainConfig: ChainConfig;
let tempDir: string;
let chainFile: string;
before(async () => {
  chain = await startLocalChain();
  const deployment = await deployRegistries({ rpcUrl: chain.rpcUrl, deployerPrivateKey: chain.accounts[0]! });
  chainConfig = { ...deployment, rpcUrl: chain.rpcUrl };
  tempDir = mkdtempSync(join(tmpdir(), 'medtrust-takeover-'));
  chainFile = join(tempDir, 'chain.json');
  writeFileSync(chainFile, JSON.stringify(chainConfig));
});
after(async () => {
  await chain?.stop();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

interface IssuerProcess {
  child: ChildProcess;
  url: string;
  instanceId: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts one issuer process and waits for its ready line. */
async function startIssuerProcess(env: NodeJS.ProcessEnv): Promise<IssuerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', processScript, chainFile], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  const ready = await new Promise<{ url: string; instanceId: string }>((done, fail) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      output += chunk.toString('utf8');
      const line = stdout.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line !== undefined) done(JSON.parse(line.slice(READY_PREFIX.length)) as never);
    });
    void exited.then(({ code }) =>
      fail(new Error(`issuer process exited (${code}) before listening: ${output}`)),
    );
  });
  return { child, ...ready, exited, output: () => output };
}

async function stopIssuerProcess(p: IssuerProcess | undefined): Promise<void> {
  if (p === undefined || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await p.exited;
}

/** Polls the batch's progress until `done` says so (short polling; no timing is asserted). */
async function waitForProgress(
  read: () => Promise<BatchProgress | undefined>,
  done: (p: BatchProgress) => boolean,
  alive: () => string | undefined,
): Promise<BatchProgress> {
  for (;;) {
    const progress = (await read())!;
    if (done(progress)) return progress;
    const died = alive();
    if (died !== undefined) assert.fail(died);
    await sleep(25);
  }
}

describeStore('batch takeover between issuer processes', (ctx) => {
  it(`instance B finishes a ${ITEMS.toLocaleString('en')}-item batch of instance A, SIGKILLed mid-batch, once A's lease expired: each row once`, async () => {
    const kmsSecret = randomBytes(32);
    const agent = createIssuerAgent({
      chain: chainConfig,
      sealingSecret: kmsSecret,
      records: sqlIssuerKeyRecords(ctx.db),
    });
    const org = await ensureOrganisation(ctx.db, agent, chainConfig, {
      slug: `board-${ctx.dialect}`,
      name: 'Board',
      kind: 'medical-board',
      jurisdiction: 'PT',
      privateKeyHex: chain.accounts[1]!,
    }).finally(() => closeIssuerAgent(agent));
    const keys = await createRoleKeys(ctx.db, org.id);
    const location = ctx.location;
    const env: NodeJS.ProcessEnv = {
      ...(location.url
        ? { DATABASE_URL: location.url, DATABASE_SCHEMA: location.schema }
        : { DATABASE_URL: '', DATA_DIR: dirname(location.sqliteFile!) }),
      KMS_SECRET_KEY: kmsSecret.toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ISSUER_HOST: '127.0.0.1',
      ISSUER_PORT: '0',
      BATCH_LEASE_MS: String(LEASE_MS),
      // the chain publishers of two processes would both write from the organisation's account: only at the end
      STATUS_FLUSH_MS: '3600000',
      ANCHOR_FLUSH_MS: '3600000',
      NODE_ENV: 'test',
    };
    let a: IssuerProcess | undefined;
    let b: IssuerProcess | undefined;
    try {
      a = await startIssuerProcess({ ...env, ISSUER_INSTANCE_ID: `instance-a-${ctx.dialect}` });
      b = await startIssuerProcess({ ...env, ISSUER_INSTANCE_ID: `instance-b-${ctx.dialect}` });
      assert.equal(a.instanceId, `instance-a-${ctx.dialect}`);

      const body = Array.from({ length: ITEMS }, (_, i) =>
        JSON.stringify({ credentialSubject: licenceSubject(i + 1), expirationDate: '2029-01-15T00:00:00Z' }),
      ).join('\n');
      const started = await fetch(`${a.url}/batches?type=MedicalLicenseCredential`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.operator}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      assert.equal(started.status, 202);
      const { batchId, total } = (await started.json()) as { batchId: string; total: number };
      assert.equal(total, ITEMS);

      // A runs it under its lease; B, alive, leaves it alone
      const running = await waitForProgress(
        () => getBatchProgress(ctx.db, batchId),
        (p) => p.processed >= KILL_AFTER,
        () => (a!.child.exitCode === null ? undefined : `A exited: ${a!.output()}`),
      );
      assert.equal(running.state, 'running');
      assert.equal((await getBatchLease(ctx.db, batchId))?.owner, a.instanceId);

      a.child.kill('SIGKILL');
      assert.equal((await a.exited).signal, 'SIGKILL');
      const atKill = (await getBatchProgress(ctx.db, batchId))!;
      assert.equal(atKill.state, 'running');
      assert.ok(atKill.processed < ITEMS, 'killed mid-batch');

      // B takes it over after A's lease expired and finishes it
      const final = await waitForProgress(
        () => getBatchProgress(ctx.db, batchId),
        (p) => p.state !== 'running',
        () => (b!.child.exitCode === null ? undefined : `B exited: ${b!.output()}`),
      );
      assert.deepEqual(final, {
        total: ITEMS,
        processed: ITEMS,
        succeeded: ITEMS,
        failed: 0,
        remaining: 0,
        state: 'completed',
      });
      // B releases the lease right after its last chunk committed
      while ((await getBatchLease(ctx.db, batchId))?.owner != null) {
        assert.equal(b.child.exitCode, null, `B exited: ${b.output()}`);
        await sleep(25);
      }
      const seen = await fetch(`${b.url}/batches/${batchId}`, {
        headers: { authorization: `Bearer ${keys.auditor}` },
      });
      assert.equal(seen.status, 200);
      assert.equal(((await seen.json()) as { state: string }).state, 'completed');

      const rows = await ctx.db.query<{
        id: string;
        batchRow: number | string;
        listId: number | string;
        listIndex: number | string;
        jwt: string;
      }>(
        `SELECT id, batch_row AS "batchRow", list_id AS "listId", list_index AS "listIndex", jwt
         FROM credentials WHERE batch_id = $1`,
        [batchId],
      );
      assert.equal(rows.length, ITEMS, 'as many credentials as input items');
      assert.equal(new Set(rows.map((r) => r.jwt)).size, ITEMS, 'distinct JWTs');
      assert.equal(new Set(rows.map((r) => Number(r.batchRow))).size, ITEMS, 'each row once');
      assert.equal(
        new Set(rows.map((r) => `${r.listId}:${r.listIndex}`)).size,
        ITEMS,
        'distinct status indices',
      );
      for (const r of rows) {
        const payload = decodeJwtPayload(r.jwt);
        assert.equal(payload.jti, r.id);
        assert.deepEqual(
          [payload.vc.credentialStatus.statusListId, payload.vc.credentialStatus.statusListIndex],
          [Number(r.listId), Number(r.listIndex)],
        );
        assert.equal(payload.vc.credentialSubject.licenseNumber, `PT-${r.batchRow}`);
      }
      const items = await ctx.db.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM batch_items WHERE batch_id = $1 AND credential_id IS NOT NULL AND error IS NULL`,
        [batchId],
      );
      assert.equal(Number(items[0]!.n), ITEMS);
    } finally {
      if (a !== undefined && a.child.exitCode === null && a.child.signalCode === null) {
        a.child.kill('SIGKILL');
        await a.exited;
      }
      await stopIssuerProcess(b);
    }
  });
});
