// `npm start` on embedded defaults: a local chain comes up, the registries are deployed, the demo organisations are
// seeded (root and delegated accreditations, status lists), the URLs are printed, and Ctrl-C stops everything.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChainPublicClient, StatusRegistryReader, TrustRegistryReader } from '@medtrust/core';
import { statusRegistryArtifact } from '@medtrust/registry-contract';
import { DEMO_ORGANISATIONS } from '../scripts/demo-organisations.ts';

describe('npm start (embedded defaults)', () => {
  let child: ChildProcess;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'medtrust-start-'));

  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: new URL('..', import.meta.url).pathname,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        RPC_URL: '',
        ISSUER_PORT: '0',
        VERIFIER_PORT: '0',
        WALLET_PORT: '0',
      },
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

  it('records the runtime settings and seeds root and delegated accreditations', async () => {
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'));
    assert.ok(output.includes(runtime.rpcUrl));
    const client = createChainPublicClient(runtime);
    const trust = new TrustRegistryReader(client, runtime.trustRegistry);
    const now = new Date();
    for (const org of DEMO_ORGANISATIONS) {
      for (const a of org.accreditations) {
        assert.equal(
          await trust.isAccredited(org.address, a.credentialType, org.jurisdiction, now),
          true,
          `${org.slug} ${a.credentialType}`,
        );
      }
    }
    const hospital = DEMO_ORGANISATIONS.find((o) => o.slug === 'hospital')!;
    assert.equal(await trust.isAccredited(hospital.address, 'MedicalLicenseCredential', 'PT', now), false);
  });

  it('runs the issuer and the verifier: a licence verifies, is revoked, the revocation lands on-chain and the verifier reports it', async () => {
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'));
    const issuerUrl = /issuer API\s+(http:\/\/\S+)/.exec(output)?.[1];
    assert.ok(issuerUrl, 'issuer URL printed');
    const demoKeys = JSON.parse(readFileSync(join(dataDir, 'demo-api-keys.json'), 'utf8'));
    const operator = demoKeys['medical-board'].operator as string;
    const headers = { authorization: `Bearer ${operator}`, 'content-type': 'application/json' };
    const issued = await fetch(`${issuerUrl}/credentials/types/medical-licenses`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        credentialSubject: {
          id: 'did:key:z6MkStartTestDoctor',
          name: 'Dr. Rui Lopes',
          licenseNumber: 'OM-55555',
          jurisdiction: 'PT',
          specialty: 'Plastic surgery',
          scopeOfPractice: ['reconstructive surgery'],
          validFrom: '2026-01-01',
          validUntil: '2030-12-31',
        },
      }),
    });
    assert.equal(issued.status, 201);
    const body = (await issued.json()) as {
      id: string;
      jwt: string;
      status: { listId: number; index: number };
    };
    const verifierUrl = /verifier API\s+(http:\/\/\S+)/.exec(output)?.[1];
    assert.ok(verifierUrl, 'verifier URL printed');
    const verify = async () => {
      const res = await fetch(`${verifierUrl}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: body.jwt }),
      });
      assert.equal(res.status, 200);
      return (await res.json()) as { verified: boolean; checks: { check: string; code?: string }[] };
    };
    // The board's first credential starts its status list, which the issuer creates on-chain at once; the verifier
    // fails closed (STATUS_UNAVAILABLE) until it has seen that block.
    const firstDeadline = Date.now() + 30_000;
    for (let before = await verify(); !before.verified; before = await verify()) {
      assert.ok(Date.now() < firstDeadline, JSON.stringify(before.checks));
      await new Promise((r) => setTimeout(r, 250));
    }
    // Published by the board, the licence appears in the public directory (the verifier polls the issuer's feed).
    const published = await fetch(`${issuerUrl}/credentials/${body.id}/publish`, { method: 'POST', headers });
    assert.equal(published.status, 201);
    for (;;) {
      const search: Response = await fetch(`${verifierUrl}/directory/search?q=OM-55555`);
      assert.equal(search.status, 200);
      const found = (await search.json()) as { items: { did: string }[] };
      if (found.items.some((item) => item.did === 'did:key:z6MkStartTestDoctor')) break;
      assert.ok(Date.now() < firstDeadline, 'the published licence did not reach the directory');
      await new Promise((r) => setTimeout(r, 250));
    }
    const revoked = await fetch(`${issuerUrl}/credentials/${body.id}/revoke`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason: 'start-up smoke test' }),
    });
    assert.equal(revoked.status, 202);
    const board = DEMO_ORGANISATIONS.find((o) => o.slug === 'medical-board')!;
    const client = createChainPublicClient(runtime);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const capacity = await new StatusRegistryReader(client, runtime.statusRegistry).capacity(
        board.address,
        BigInt(body.status.listId),
      );
      if (capacity > 0n) {
        const [isRevoked] = await client.readContract({
          address: runtime.statusRegistry,
          abi: statusRegistryArtifact.abi,
          functionName: 'statusOf',
          args: [board.address, BigInt(body.status.listId), BigInt(body.status.index)],
        });
        if (isRevoked) break;
      }
      assert.ok(Date.now() < deadline, 'revocation did not reach the chain within 30 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    for (;;) {
      const after = await verify();
      if (!after.verified) {
        assert.ok(after.checks.some((c) => c.code === 'CREDENTIAL_REVOKED'));
        break;
      }
      assert.ok(Date.now() < deadline, 'the verifier did not report the revocation');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it('serves the web app (wallet, clinic, console, directory) and proxies both services', async () => {
    const webUrl = /web app\s+(http:\/\/\S+)/.exec(output)?.[1];
    assert.ok(webUrl, 'web app URL printed');
    for (const path of ['/clinic', '/directory', '/directory/profiles/did%3Aweb%3Aexample.com']) {
      const page: Response = await fetch(`${webUrl}${path}`);
      assert.equal(page.status, 200, path);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    }
    // the first start published a demo doctor, hospital, supplier and batch: the directory lists them
    const seeded = JSON.parse(readFileSync(join(dataDir, 'demo-directory.json'), 'utf8')) as {
      doctor: { did: string };
      batch: { gtin: string; lot: string };
    };
    const deadline = Date.now() + 30_000;
    let kinds: string[] = [];
    while (Date.now() < deadline) {
      const search: Response = await fetch(`${webUrl}/api/verifier/directory/search?q=demo`);
      assert.equal(search.status, 200, 'the directory answers through the proxy');
      const { items } = (await search.json()) as { items: Array<{ did: string; kind: string }> };
      kinds = [...new Set(items.map((i) => i.kind))].sort();
      if (kinds.length === 3 && items.some((i) => i.did === seeded.doctor.did)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.deepEqual(kinds, ['doctor', 'hospital', 'supplier']);
    const batch = await fetch(
      `${webUrl}/api/verifier/directory/batches?gtin=${seeded.batch.gtin}&lot=${seeded.batch.lot}`,
    );
    assert.equal(batch.status, 200);
    const page = (await batch.json()) as { batches: Array<{ recalled: boolean; status: { state: string } }> };
    assert.deepEqual([page.batches[0]?.recalled, page.batches[0]?.status.state], [false, 'verified']);
    const health = await fetch(`${webUrl}/api/verifier/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { chain: { reachable: boolean } }).chain.reachable, true);
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
