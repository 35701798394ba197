// Any EVM network: `npm run deploy` with RPC_URL + DEPLOYER_PRIVATE_KEY records registry-contract/deployments/<chainId>.json,
// and `npm start` with RPC_URL uses the recorded deployment (and never stops a chain it did not start).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { createChainPublicClient } from '@medtrust/core';

const root = new URL('..', import.meta.url).pathname;

describe('deploying to and starting on an external EVM network', () => {
  let chain: LocalChain;
  const deploymentsDir = mkdtempSync(join(tmpdir(), 'medtrust-deployments-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'medtrust-data-'));

  before(async () => {
    chain = await startLocalChain({ chainId: 31338 });
  });
  after(async () => {
    await chain?.stop();
    rmSync(deploymentsDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  function run(script: string, env: Record<string, string>) {
    return spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  it('refuses to deploy without RPC_URL and a well-formed key (exit 2, usage)', () => {
    const result = run('registry-contract/scripts/deploy.ts', {
      RPC_URL: chain.rpcUrl,
      DEPLOYER_PRIVATE_KEY: 'not-a-key',
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /usage/);
  });

  it('refuses to start on a chain with no recorded deployment and no deployer key', () => {
    const result = run('scripts/start.ts', {
      RPC_URL: chain.rpcUrl,
      DEPLOYMENTS_DIR: deploymentsDir,
      DATA_DIR: dataDir,
      DEPLOYER_PRIVATE_KEY: '',
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /CONFIGURATION_INVALID/);
  });

  it('deploys with RPC_URL + DEPLOYER_PRIVATE_KEY and records deployments/<chainId>.json', async () => {
    const result = run('registry-contract/scripts/deploy.ts', {
      RPC_URL: chain.rpcUrl,
      DEPLOYER_PRIVATE_KEY: chain.accounts[3]!,
      DEPLOYMENTS_DIR: deploymentsDir,
    });
    assert.equal(result.status, 0, result.stderr);
    const file = join(deploymentsDir, '31338.json');
    assert.ok(existsSync(file));
    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(recorded.chainId, 31338);
    const client = createChainPublicClient({ rpcUrl: chain.rpcUrl, chainId: 31338 });
    for (const key of ['didRegistry', 'statusRegistry', 'trustRegistry'] as const) {
      const code = await client.getCode({ address: recorded[key] });
      assert.ok(code && code.length > 2, `${key} has no code`);
    }
  });

  it('starts against the recorded deployment and leaves the external chain running on Ctrl-C', async () => {
    const recorded = JSON.parse(readFileSync(join(deploymentsDir, '31338.json'), 'utf8'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, RPC_URL: chain.rpcUrl, DEPLOYMENTS_DIR: deploymentsDir, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        assert.fail(`start did not come up:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(output.includes(recorded.statusRegistry));
    assert.ok(!output.includes('embedded anvil'));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    const client = createChainPublicClient({ rpcUrl: chain.rpcUrl, chainId: 31338 });
    assert.ok((await client.getBlockNumber()) > 0n, 'the external chain must keep running');
  });
});
