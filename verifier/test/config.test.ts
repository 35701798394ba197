// loadVerifierConfig: environment parsing and the ways to name a chain.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVerifierConfig } from '../src/index.ts';
import { verifierKeyFromEnv, workersConfigFromEnv } from '../src/config.ts';
import { verifierKeyFromSeed } from '../src/oid4vp/verifier-key.ts';

const ADDRESSES: Record<
  'didRegistry' | 'statusRegistry' | 'trustRegistry' | 'anchorRegistry',
  `0x${string}`
> = {
  didRegistry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  statusRegistry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  trustRegistry: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  anchorRegistry: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
};

/** The chain given by its settings (the first of the four ways). */
const CHAIN_ENV = {
  RPC_URL: 'http://127.0.0.1:8545',
  CHAIN_ID: '31337',
  DID_REGISTRY_ADDRESS: ADDRESSES.didRegistry,
  STATUS_REGISTRY_ADDRESS: ADDRESSES.statusRegistry,
  TRUST_REGISTRY_ADDRESS: ADDRESSES.trustRegistry,
  ANCHOR_REGISTRY_ADDRESS: ADDRESSES.anchorRegistry,
};

describe('loadVerifierConfig', () => {
  it('reads the chain from RPC_URL, CHAIN_ID and the registry addresses, with defaults', () => {
    const config = loadVerifierConfig({
      RPC_URL: 'http://127.0.0.1:8545',
      CHAIN_ID: '31337',
      DID_REGISTRY_ADDRESS: ADDRESSES.didRegistry,
      STATUS_REGISTRY_ADDRESS: ADDRESSES.statusRegistry,
      TRUST_REGISTRY_ADDRESS: ADDRESSES.trustRegistry,
      ANCHOR_REGISTRY_ADDRESS: ADDRESSES.anchorRegistry,
    });
    assert.equal(config.chain.chainId, 31337);
    assert.equal(config.chain.statusRegistry, ADDRESSES.statusRegistry);
    assert.equal(config.chain.anchorRegistry, ADDRESSES.anchorRegistry);
    assert.equal(config.port, 4200);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.maxStatusAgeBlocks, 1);
    assert.equal(config.clockSkewSeconds, 60);
    assert.equal(config.requestTtlSeconds, 300);
    assert.equal(config.maxBodyBytes, '1mb');
    assert.equal(config.publicBaseUrl, undefined);
    assert.equal(config.trustProxy, 'loopback');
  });

  it('reads TRUST_PROXY and refuses values that would trust every peer', () => {
    const base = CHAIN_ENV;
    assert.equal(loadVerifierConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadVerifierConfig({ ...base, TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(
      loadVerifierConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy,
      'loopback,10.0.0.0/8',
    );
    for (const bad of ['true', '*', 'everyone', '10.0.0.0/8; rm']) {
      assert.throws(
        () => loadVerifierConfig({ ...base, TRUST_PROXY: bad }),
        (e: { code?: string }) => e.code === 'CONFIGURATION_INVALID',
        bad,
      );
    }
  });

  it('reads a deployment file and the verifier settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verifier-config-'));
    const file = join(dir, 'runtime.json');
    writeFileSync(file, JSON.stringify({ rpcUrl: 'http://127.0.0.1:9999', chainId: 31337, ...ADDRESSES }));
    const config = loadVerifierConfig({
      DEPLOYMENT_FILE: file,
      VERIFIER_PORT: '0',
      VERIFIER_PUBLIC_URL: 'https://verifier.example/',
      MAX_STATUS_AGE_BLOCKS: '12',
      CLOCK_SKEW_SECONDS: '30',
      DID_NETWORK_NAME: 'medtrust',
    });
    assert.equal(config.chain.rpcUrl, 'http://127.0.0.1:9999');
    assert.equal(config.chain.didNetworkName, 'medtrust');
    assert.equal(config.port, 0);
    assert.equal(config.publicBaseUrl, 'https://verifier.example');
    assert.equal(config.maxStatusAgeBlocks, 12);
    assert.equal(config.clockSkewSeconds, 30);
    const fromDataDir = loadVerifierConfig({ DATA_DIR: dir });
    assert.equal(fromDataDir.chain.trustRegistry, ADDRESSES.trustRegistry);
    assert.equal(fromDataDir.chain.anchorRegistry, ADDRESSES.anchorRegistry);
  });

  it('refuses malformed settings with CONFIGURATION_INVALID', () => {
    const chain = { rpcUrl: 'http://x', chainId: 1, ...ADDRESSES };
    for (const env of [
      { VERIFIER_PORT: '70000' },
      { VERIFIER_PUBLIC_URL: 'ftp://x' },
      { MAX_STATUS_AGE_BLOCKS: '-1' },
      { CLOCK_SKEW_SECONDS: 'abc' },
      { VERIFIER_MAX_BODY: 'lots' },
    ]) {
      assert.throws(
        () => loadVerifierConfig(env, chain),
        { code: 'CONFIGURATION_INVALID' },
        JSON.stringify(env),
      );
    }
    assert.throws(
      () => loadVerifierConfig({ RPC_URL: 'http://x', CHAIN_ID: '1', STATUS_REGISTRY_ADDRESS: 'nope' }),
      { code: 'CONFIGURATION_INVALID' },
    );
    assert.throws(() => loadVerifierConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'empty-')) }), {
      code: 'CONFIGURATION_INVALID',
    });
  });

  it('reads the anchoring settings: proof URLs, lag, anchored types (empty = none), request timeout', () => {
    const chain = { rpcUrl: 'http://x', chainId: 1, ...ADDRESSES };
    const defaults = loadVerifierConfig({}, chain);
    assert.deepEqual(defaults.anchoring, { proofUrls: [], maxLagSeconds: 86_400 });
    assert.equal(defaults.requestTimeoutMs, 5000);
    const set = loadVerifierConfig(
      {
        ANCHOR_PROOF_URLS:
          ' http://issuer.local:4100/ , https://other.example/medtrust,http://issuer.local:4100',
        ANCHOR_MAX_LAG_SECONDS: '3600',
        ANCHOR_REQUIRED_FOR: 'MedicalLicenseCredential, DrugBatchCredential',
        VERIFIER_REQUEST_TIMEOUT_MS: '2500',
      },
      chain,
    );
    assert.deepEqual(set.anchoring, {
      proofUrls: ['http://issuer.local:4100', 'https://other.example/medtrust'],
      maxLagSeconds: 3600,
      requiredFor: ['MedicalLicenseCredential', 'DrugBatchCredential'],
    });
    assert.equal(set.requestTimeoutMs, 2500);
    // set and empty: nothing is anchored (disables the backdating protection)
    assert.deepEqual(loadVerifierConfig({ ANCHOR_REQUIRED_FOR: '' }, chain).anchoring?.requiredFor, []);
    for (const env of [
      { ANCHOR_PROOF_URLS: 'issuer.local' },
      { ANCHOR_PROOF_URLS: 'ftp://issuer.local' },
      { ANCHOR_PROOF_URLS: 'http://issuer.local/?x=1' },
      { ANCHOR_PROOF_URLS: 'http://user:pw@issuer.local' },
      { ANCHOR_MAX_LAG_SECONDS: '-1' },
      { ANCHOR_MAX_LAG_SECONDS: '1.5' },
      { ANCHOR_MAX_LAG_SECONDS: '99999999' },
      { ANCHOR_REQUIRED_FOR: 'MedicalLicenseCredential,not a type' },
      { VERIFIER_REQUEST_TIMEOUT_MS: '0' },
    ]) {
      assert.throws(
        () => loadVerifierConfig(env, chain),
        { code: 'CONFIGURATION_INVALID' },
        JSON.stringify(env),
      );
    }
  });
});

describe('workersConfigFromEnv', () => {
  it('defaults to one verification worker per core and 256 queued requests per worker', () => {
    const { count, maxQueue } = workersConfigFromEnv({});
    assert.equal(count, availableParallelism());
    assert.equal(maxQueue, 256 * count);
    assert.deepEqual(workersConfigFromEnv({ VERIFIER_WORKERS: '0' }), { count: 0, maxQueue: 256 });
    assert.deepEqual(workersConfigFromEnv({ VERIFIER_WORKERS: '3', VERIFIER_MAX_QUEUE: '10' }), {
      count: 3,
      maxQueue: 10,
    });
  });

  it('refuses malformed sizes with CONFIGURATION_INVALID', () => {
    for (const env of [
      { VERIFIER_WORKERS: '-1' },
      { VERIFIER_WORKERS: 'all' },
      { VERIFIER_WORKERS: '1000' },
      { VERIFIER_MAX_QUEUE: '0' },
      { VERIFIER_MAX_QUEUE: '1.5' },
    ]) {
      assert.throws(
        () => workersConfigFromEnv(env),
        (error: unknown) => (error as { code?: string }).code === 'CONFIGURATION_INVALID',
        JSON.stringify(env),
      );
    }
  });
});

describe('VERIFIER_KEY', () => {
  const seed = Buffer.alloc(32, 7).toString('base64url');

  it('gives every instance the same OID4VP did:key from the same seed', () => {
    const a = verifierKeyFromEnv({ VERIFIER_KEY: seed });
    const b = verifierKeyFromEnv({ VERIFIER_KEY: seed });
    assert.equal(a.verifierKeySeed, seed);
    const keyA = verifierKeyFromSeed(a.verifierKeySeed!)!;
    const keyB = verifierKeyFromSeed(b.verifierKeySeed!)!;
    assert.match(keyA.did, /^did:key:z6Mk/);
    assert.equal(keyA.did, keyB.did);
    assert.notEqual(verifierKeyFromSeed(Buffer.alloc(32, 8).toString('base64url'))!.did, keyA.did);
    assert.deepEqual(verifierKeyFromEnv({}), {});
  });

  it('refuses a malformed seed with CONFIGURATION_INVALID, never echoing it', () => {
    for (const value of [
      seed.slice(1),
      `${seed}A`,
      'not base64url at all!!',
      Buffer.alloc(31).toString('base64url'),
    ]) {
      assert.throws(
        () => verifierKeyFromEnv({ VERIFIER_KEY: value }),
        (error: unknown) =>
          (error as { code?: string }).code === 'CONFIGURATION_INVALID' &&
          !String((error as Error).message).includes(value),
      );
    }
  });
});

describe('registry mirror settings', () => {
  const base = CHAIN_ENV;

  it('defaults to 12 blocks of reorg depth, unbounded log ranges, and the deployment block of the record', () => {
    const config = loadVerifierConfig(base);
    assert.deepEqual(config.mirror, { safeDepth: 12 });
    assert.equal(config.chain.deploymentBlock, undefined);
    const tuned = loadVerifierConfig({
      ...base,
      MIRROR_SAFE_DEPTH: '64',
      CHAIN_MAX_LOG_RANGE: '10000',
      REGISTRY_DEPLOYMENT_BLOCK: '123',
    });
    assert.deepEqual(tuned.mirror, { safeDepth: 64, maxLogRange: 10_000 });
    assert.equal(tuned.chain.deploymentBlock, 123);
    const dir = mkdtempSync(join(tmpdir(), 'medtrust-verifier-config-'));
    const file = join(dir, 'deployment.json');
    writeFileSync(file, JSON.stringify({ chainId: 31337, ...ADDRESSES, blockNumber: 42 }));
    const fromRecord = loadVerifierConfig({ RPC_URL: 'http://127.0.0.1:8545', DEPLOYMENT_FILE: file });
    assert.equal(fromRecord.chain.deploymentBlock, 42);
  });

  it('refuses malformed values with CONFIGURATION_INVALID', () => {
    for (const env of [
      { MIRROR_SAFE_DEPTH: '-1' },
      { MIRROR_SAFE_DEPTH: 'deep' },
      { CHAIN_MAX_LOG_RANGE: '0' },
      { REGISTRY_DEPLOYMENT_BLOCK: '1.5' },
    ]) {
      assert.throws(
        () => loadVerifierConfig({ ...base, ...env }),
        (error: unknown) => (error as { code?: string }).code === 'CONFIGURATION_INVALID',
        JSON.stringify(env),
      );
    }
  });
});

describe('directory recheck settings', () => {
  it('reads DIRECTORY_RECHECK_CONCURRENCY and DIRECTORY_RESULT_MAX_AGE_SECONDS, and refuses malformed ones', () => {
    const defaults = loadVerifierConfig(CHAIN_ENV).directory!;
    assert.equal(defaults.recheckConcurrency, undefined);
    assert.equal(defaults.resultMaxAgeSeconds, undefined);
    const tuned = loadVerifierConfig({
      ...CHAIN_ENV,
      DIRECTORY_RECHECK_CONCURRENCY: '8',
      DIRECTORY_RESULT_MAX_AGE_SECONDS: '600',
    }).directory!;
    assert.equal(tuned.recheckConcurrency, 8);
    assert.equal(tuned.resultMaxAgeSeconds, 600);
    for (const env of [
      { DIRECTORY_RECHECK_CONCURRENCY: '0' },
      { DIRECTORY_RECHECK_CONCURRENCY: 'many' },
      { DIRECTORY_RESULT_MAX_AGE_SECONDS: '-5' },
    ]) {
      assert.throws(
        () => loadVerifierConfig({ ...CHAIN_ENV, ...env }),
        (error: unknown) => (error as { code?: string }).code === 'CONFIGURATION_INVALID',
        JSON.stringify(env),
      );
    }
  });
});
