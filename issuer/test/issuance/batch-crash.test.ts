// Kill mid-batch: a child process runs a 10,000-item batch and is SIGKILLed once ~30 % is done; a new process
// resumes it. Every row gets exactly one credential, every credential a distinct status slot, and each JWT carries
// the slot stored for it. On SQLite and PostgreSQL, with the issuer's keys in the database (as in the service).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyCredential } from 'did-jwt-vc';
import { getBatchProgress, getStatusList } from '../../src/store/index.ts';
import {
  CREDENTIAL_ISSUED_ACTION,
  DEFAULT_CHUNK_SIZE,
  createIssuanceBatch,
} from '../../src/issuance/index.ts';
import { describeStore } from '../store/harness.ts';
import {
  decodeJwtPayload,
  licenceSubject,
  seedIssuer,
  startChainFixture,
  type ChainFixture,
} from './fixture.ts';
import type { WorkerConfig } from './batch-worker.ts';

const ITEMS = 10_000;
const KILL_AT = 0.3 * ITEMS;
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const workerScript = join(here, 'batch-worker.ts');

let fixture: ChainFixture;
let tempDir: string;
before(async () => {
  fixture = await startChainFixture();
  tempDir = mkdtempSync(join(tmpdir(), 'medtrust-batch-crash-'));
});
after(async () => {
  await fixture?.stop();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

interface Worker {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startWorker(configFile: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, configFile], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stderr })),
  );
  return { child, exited };
}

describeStore('runBatch killed mid-batch', (ctx) => {
  it(`a worker SIGKILLed at ~30 % of ${ITEMS.toLocaleString('en')} items is resumed by a new one: each row exactly once`, async () => {
    const issuer = await seedIssuer(ctx.db, fixture, { records: 'sql' });
    const orgId = issuer.organisation.id;
    const batch = await createIssuanceBatch(ctx.db, {
      organisationId: orgId,
      credentialType: 'MedicalLicenseCredential',
      items: Array.from({ length: ITEMS }, (_, i) => ({
        row: i + 1,
        credentialSubject: licenceSubject(i + 1),
        expirationDate: '2029-01-15T00:00:00Z',
      })),
    });
    const config: WorkerConfig = {
      location: ctx.location,
      batchId: batch.id,
      chain: fixture.config,
      sealingSecret: fixture.sealingSecret,
      did: issuer.identity.did,
    };
    const configFile = join(tempDir, `${ctx.dialect}-worker.json`);
    writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });

    // first worker: killed once past ~30 %
    const first = startWorker(configFile);
    let exitedEarly: Awaited<Worker['exited']> | undefined;
    void first.exited.then((e) => (exitedEarly = e));
    for (;;) {
      const progress = (await getBatchProgress(ctx.db, batch.id))!;
      if (progress.processed >= KILL_AT) break;
      if (exitedEarly !== undefined)
        assert.fail(`the worker exited before being killed: ${exitedEarly.stderr}`);
      await sleep(20);
    }
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    assert.equal(killed.signal, 'SIGKILL');
    const atKill = (await getBatchProgress(ctx.db, batch.id))!;
    assert.equal(atKill.state, 'running');
    assert.ok(atKill.processed < ITEMS, 'killed before the end');
    assert.equal(atKill.processed % DEFAULT_CHUNK_SIZE, 0, 'only whole chunks were committed');

    // second worker: resumes and finishes
    const second = startWorker(configFile);
    const finished = await second.exited;
    assert.equal(finished.code, 0, finished.stderr);
    assert.deepEqual(await getBatchProgress(ctx.db, batch.id), {
      total: ITEMS,
      processed: ITEMS,
      succeeded: ITEMS,
      failed: 0,
      remaining: 0,
      state: 'completed',
    });

    const rows = await ctx.db.query<{
      id: string;
      batchRow: number;
      listId: number;
      listIndex: number;
      jwt: string;
      itemCredential: string | null;
    }>(
      `SELECT c.id, c.batch_row AS "batchRow", c.list_id AS "listId", c.list_index AS "listIndex", c.jwt,
         i.credential_id AS "itemCredential"
       FROM credentials c LEFT JOIN batch_items i ON i.batch_id = c.batch_id AND i.row = c.batch_row
       WHERE c.batch_id = $1`,
      [batch.id],
    );
    assert.equal(rows.length, ITEMS, 'one credential per row, none missing, none extra');
    const batchRows = new Set(rows.map((r) => Number(r.batchRow)));
    assert.equal(batchRows.size, ITEMS, 'each row exactly once');
    for (let row = 1; row <= ITEMS; row++) assert.ok(batchRows.has(row), `row ${row} missing`);
    assert.equal(
      new Set(rows.map((r) => `${r.listId}:${r.listIndex}`)).size,
      ITEMS,
      'distinct (list, index)',
    );
    const unlinked = await ctx.db.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM batch_items WHERE batch_id = $1 AND (credential_id IS NULL OR error IS NOT NULL)',
      [batch.id],
    );
    assert.equal(Number(unlinked[0]!.n), 0);

    for (const r of rows) {
      assert.equal(r.itemCredential, r.id, `row ${r.batchRow} points at its credential`);
      const payload = decodeJwtPayload(r.jwt);
      assert.equal(payload.jti, r.id);
      const status = payload.vc.credentialStatus;
      assert.deepEqual(
        [status.statusListId, status.statusListIndex],
        [Number(r.listId), Number(r.listIndex)],
        `row ${r.batchRow}: the JWT carries its stored slot`,
      );
      const subject = payload.vc.credentialSubject;
      assert.equal(subject.licenseNumber, `PT-${r.batchRow}`, 'the JWT carries its row’s data');
    }
    // the killed chunk's allocation was rolled back: exactly ITEMS slots were ever handed out
    assert.equal((await getStatusList(ctx.db, orgId, 1))!.nextIndex, ITEMS);
    const issuedAudit = await ctx.db.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM audit_log WHERE organisation_id = $1 AND action = $2',
      [orgId, CREDENTIAL_ISSUED_ACTION],
    );
    assert.equal(
      Number(issuedAudit[0]!.n),
      ITEMS,
      'one audit entry per credential, none from the killed chunk',
    );
    const sample = await verifyCredential(rows[0]!.jwt, fixture.resolver);
    assert.equal(sample.issuer, issuer.identity.did);
  });
});
