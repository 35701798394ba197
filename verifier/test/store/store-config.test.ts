// loadVerifierConfig's store settings: PostgreSQL with DATABASE_URL, else SQLite under DATA_DIR.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadVerifierConfig } from '../../src/index.ts';

const chain = {
  rpcUrl: 'http://127.0.0.1:1',
  chainId: 31337,
  didRegistry: `0x${'1'.repeat(40)}`,
  statusRegistry: `0x${'2'.repeat(40)}`,
  trustRegistry: `0x${'3'.repeat(40)}`,
  anchorRegistry: `0x${'4'.repeat(40)}`,
} as const;

describe('verifier store configuration', () => {
  it('defaults to <DATA_DIR>/verifier.sqlite and a 300 s purge', () => {
    assert.deepEqual(loadVerifierConfig({ DATA_DIR: '/srv/medtrust' }, chain).store, {
      sqlitePath: join('/srv/medtrust', 'verifier.sqlite'),
      purgeIntervalSeconds: 300,
    });
    assert.equal(loadVerifierConfig({ VERIFIER_DB: ':memory:' }, chain).store?.sqlitePath, ':memory:');
  });

  it('uses PostgreSQL when DATABASE_URL is set, with its schema and purge interval', () => {
    const store = loadVerifierConfig(
      {
        DATABASE_URL: 'postgres://v@db/medtrust',
        VERIFIER_DATABASE_SCHEMA: 'verifier',
        VERIFIER_PURGE_SECONDS: '60',
      },
      chain,
    ).store;
    assert.equal(store?.databaseUrl, 'postgres://v@db/medtrust');
    assert.equal(store?.databaseSchema, 'verifier');
    assert.equal(store?.purgeIntervalSeconds, 60);
  });

  it('refuses a malformed schema or purge interval with CONFIGURATION_INVALID', () => {
    for (const env of [
      { VERIFIER_DATABASE_SCHEMA: 'Bad-Name' },
      { VERIFIER_DATABASE_SCHEMA: 'x; DROP TABLE y' },
      { VERIFIER_PURGE_SECONDS: '0' },
      { VERIFIER_PURGE_SECONDS: 'soon' },
    ]) {
      assert.throws(
        () => loadVerifierConfig(env, chain),
        { code: 'CONFIGURATION_INVALID' },
        JSON.stringify(env),
      );
    }
  });
});
