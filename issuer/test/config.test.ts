// The issuer's brute-force and proxy settings from the environment: defaults, accepted values and refusals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainConfig } from '@medtrust/core';
import { loadIssuerConfig, parseIssuerTrustProxy } from '../src/config.ts';

const address = (n: number) => `0x${String(n).repeat(40)}` as `0x${string}`;
const chain: ChainConfig = {
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  didRegistry: address(1),
  statusRegistry: address(2),
  trustRegistry: address(3),
  anchorRegistry: address(4),
};
const secrets = { KMS_SECRET_KEY: 'ab'.repeat(32), SESSION_SECRET: 'cd'.repeat(32) };

describe('issuer configuration: authentication failure limit and TRUST_PROXY', () => {
  it('defaults to 20 failures per 5 minutes behind a loopback proxy', () => {
    const config = loadIssuerConfig(secrets, chain);
    assert.equal(config.authFailureLimit, 20);
    assert.equal(config.authFailureWindowMs, 300_000);
    assert.equal(config.trustProxy, 'loopback');
  });

  it('reads AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_MS and TRUST_PROXY', () => {
    const config = loadIssuerConfig(
      { ...secrets, AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW_MS: '60000', TRUST_PROXY: 'false' },
      chain,
    );
    assert.equal(config.authFailureLimit, 5);
    assert.equal(config.authFailureWindowMs, 60_000);
    assert.equal(config.trustProxy, false);
    assert.equal(parseIssuerTrustProxy('2'), 2);
    assert.equal(parseIssuerTrustProxy('loopback, 10.0.0.0/8'), 'loopback,10.0.0.0/8');
  });

  it('refuses malformed values with CONFIGURATION_INVALID', () => {
    for (const env of [
      { AUTH_FAILURE_LIMIT: '0' },
      { AUTH_FAILURE_LIMIT: 'many' },
      { AUTH_FAILURE_WINDOW_MS: '10' },
      { TRUST_PROXY: 'true' },
      { TRUST_PROXY: '*' },
    ]) {
      assert.throws(
        () => loadIssuerConfig({ ...secrets, ...env }, chain),
        (error: { code?: string }) => error.code === 'CONFIGURATION_INVALID',
        JSON.stringify(env),
      );
    }
  });
});

describe('issuer configuration: anchor flush', () => {
  it('defaults to a flush every 2,000 ms or at 256 queued credentials, and reads ANCHOR_FLUSH_MS / _MAX', () => {
    const defaults = loadIssuerConfig(secrets, chain);
    assert.equal(defaults.anchorFlushMs, 2000);
    assert.equal(defaults.anchorFlushMax, 256);
    const set = loadIssuerConfig({ ...secrets, ANCHOR_FLUSH_MS: '500', ANCHOR_FLUSH_MAX: '10' }, chain);
    assert.equal(set.anchorFlushMs, 500);
    assert.equal(set.anchorFlushMax, 10);
  });

  it('refuses malformed values with CONFIGURATION_INVALID', () => {
    for (const env of [
      { ANCHOR_FLUSH_MS: '99' },
      { ANCHOR_FLUSH_MS: 'soon' },
      { ANCHOR_FLUSH_MAX: '0' },
      { ANCHOR_FLUSH_MAX: '1.5' },
    ]) {
      assert.throws(() => loadIssuerConfig({ ...secrets, ...env }, chain), { code: 'CONFIGURATION_INVALID' });
    }
  });
});

describe('issuer configuration: batch leases', () => {
  it('defaults to a 30 s lease and no fixed instance id; reads BATCH_LEASE_MS and ISSUER_INSTANCE_ID', () => {
    const defaults = loadIssuerConfig(secrets, chain);
    assert.equal(defaults.batchLeaseMs, 30_000);
    assert.equal(defaults.instanceId, undefined);
    const set = loadIssuerConfig(
      { ...secrets, BATCH_LEASE_MS: '1500', ISSUER_INSTANCE_ID: 'issuer-eu-1.a:2' },
      chain,
    );
    assert.equal(set.batchLeaseMs, 1500);
    assert.equal(set.instanceId, 'issuer-eu-1.a:2');
  });

  it('refuses malformed values with CONFIGURATION_INVALID', () => {
    for (const env of [
      { BATCH_LEASE_MS: '0' },
      { BATCH_LEASE_MS: '1.5' },
      { BATCH_LEASE_MS: 'soon' },
      { BATCH_LEASE_MS: '3600001' },
      { ISSUER_INSTANCE_ID: 'has space' },
      { ISSUER_INSTANCE_ID: 'x'.repeat(129) },
    ]) {
      assert.throws(
        () => loadIssuerConfig({ ...secrets, ...env }, chain),
        (error: { code?: string }) => error.code === 'CONFIGURATION_INVALID',
        JSON.stringify(env),
      );
    }
  });
});
