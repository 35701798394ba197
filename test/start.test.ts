// `npm start` on embedded defaults: a local chain comes up, the registries are deployed, the demo organisations are
// seeded (root and delegated accreditations, status lists), the URLs are printed, and Ctrl-C stops everything.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChainPublicClient, StatusRegistryReader, TrustRegistryReader } from '@medtrust/core';
import { DEMO_ORGANISATIONS } from '../scripts/demo-organisations.ts';
import { DEMO_LIST_WORDS } from '../scripts/seed-demo.ts';

describe('npm start (embedded defaults)', () => {
  let child: ChildProcess;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'medtrust-start-'));

  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, DATA_DIR: dataDir, RPC_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the chain URL, the registry addresses and every demo organisation DID', () => {
    assert.match(output, /chain\s+http:\/\/127\.0\.0\.1:\d+/);
    for (const org of DEMO_ORGANISATIONS) assert.ok(output.includes(org.address), `${org.slug} missing`);
  });

  it('records the runtime settings and seeds root and delegated accreditations and status lists', async () => {
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'));
    assert.ok(output.includes(runtime.rpcUrl));
    const client = createChainPublicClient(runtime);
    const trust = new TrustRegistryReader(client, runtime.trustRegistry);
    const status = new StatusRegistryReader(client, runtime.statusRegistry);
    const now = new Date();
    for (const org of DEMO_ORGANISATIONS) {
      for (const a of org.accreditations) {
        assert.equal(
          await trust.isAccredited(org.address, a.credentialType, org.jurisdiction, now),
          true,
          `${org.slug} ${a.credentialType}`,
        );
      }
      const expected = org.accreditations.length > 0 ? BigInt(DEMO_LIST_WORDS * 256) : 0n;
      assert.equal(await status.capacity(org.address, 0n), expected);
    }
    const hospital = DEMO_ORGANISATIONS.find((o) => o.slug === 'hospital')!;
    assert.equal(await trust.isAccredited(hospital.address, 'MedicalLicenseCredential', 'PT', now), false);
  });

  it('stops the chain on Ctrl-C (SIGINT)', async () => {
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    const client = createChainPublicClient(runtime, { timeoutMs: 1000 });
    await assert.rejects(client.getBlockNumber());
  });
});
