// The feed indexer without a chain: a page the pipeline cannot decide (a check in `error`, as when the chain is down)
// or a feed answering garbage leaves nothing stored and the cursor where it was, and is ingested once it can be;
// and the directory's environment settings.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, type VerificationReport } from '@medtrust/core';
import { DirectoryIndexer, DirectoryStore, loadVerifierConfig, silentLogger } from '../../src/index.ts';
import { startFakeFeed, type FakeFeed } from './feed-server.ts';

const CHAIN = {
  rpcUrl: 'http://127.0.0.1:1',
  chainId: 31337,
  didRegistry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  statusRegistry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  trustRegistry: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  anchorRegistry: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
} as const;

const DOCTOR = 'did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function report(chainDown: boolean): VerificationReport {
  const checks: VerificationReport['checks'] = [
    { check: 'signature', status: 'passed' },
    chainDown
      ? { check: 'status', status: 'error', code: ErrorCodes.STATUS_UNAVAILABLE }
      : { check: 'status', status: 'passed', blockNumber: '7' },
  ];
  const credential = {
    verified: !chainDown,
    checks,
    credential: {
      id: 'urn:uuid:1',
      type: ['VerifiableCredential', 'MedicalLicenseCredential'],
      issuer: 'did:ethr:0x7a69:0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      subject: DOCTOR,
      issuanceDate: new Date().toISOString(),
      credentialSubject: { id: DOCTOR, name: 'Inês Ferreira', licenseNumber: '54873', jurisdiction: 'PT' },
      jwt: 'a.b.c',
    },
  };
  return { verified: !chainDown, checks, credentials: [credential] };
}

describe('directory indexer', () => {
  let feed: FakeFeed;
  let store: DirectoryStore;
  let garbage: Server;
  let garbageUrl: string;
  let chainDown = true;
  const engine = { verifyCredential: async () => report(chainDown) };

  before(async () => {
    feed = await startFakeFeed();
    store = DirectoryStore.open(join(mkdtempSync(join(tmpdir(), 'medtrust-indexer-')), 'directory.sqlite'));
    garbage = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"items": "none"}');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', () => resolve()));
    garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/public/credentials`;
  });
  after(async () => {
    store?.close();
    await feed?.close();
    await new Promise<void>((resolve) => garbage.close(() => resolve()));
  });

  it('defers a page the pipeline cannot decide, keeping the cursor, and ingests it once it can', async () => {
    feed.publish('a.b.c', 'MedicalLicenseCredential');
    const indexer = new DirectoryIndexer({
      feeds: [feed.url, garbageUrl],
      store,
      index: store.index,
      engine,
      clock: () => new Date(),
      logger: silentLogger,
      pollIntervalMs: 3_600_000,
      pageSize: 100,
    });
    const deferred = await indexer.sync();
    assert.equal(deferred.feeds[0]!.error, ErrorCodes.DIRECTORY_FEED_UNAVAILABLE);
    assert.equal(deferred.feeds[0]!.listed, 0);
    assert.equal(store.entries.feedState(feed.url).cursor, null);
    assert.equal(store.entries.feedState(feed.url).lastError?.code, ErrorCodes.DIRECTORY_FEED_UNAVAILABLE);
    assert.equal(deferred.feeds[1]!.error, ErrorCodes.DIRECTORY_FEED_UNAVAILABLE, 'a garbage page');

    chainDown = false;
    const ingested = await indexer.sync();
    assert.equal(ingested.feeds[0]!.error, undefined);
    assert.equal(ingested.feeds[0]!.listed, 1);
    const state = store.entries.feedState(feed.url);
    assert.equal(state.cursor, '1');
    assert.equal(state.lastError, null);
    const found = await store.index.search({ tokens: ['ines'], limit: 10, offset: 0 });
    assert.equal(found.items[0]?.did, DOCTOR);
    await indexer.stop();
  });

  it('retries a credential whose status list is not on-chain yet while its publication is recent, then rejects it', async () => {
    const pending = await startFakeFeed();
    const pendingStore = DirectoryStore.open(':memory:');
    let listOnChain = false;
    let now = new Date();
    const listReport = (): VerificationReport => {
      const base = report(false);
      const checks: VerificationReport['checks'] = listOnChain
        ? base.checks
        : [
            { check: 'signature', status: 'passed' },
            { check: 'status', status: 'failed', code: ErrorCodes.STATUS_UNAVAILABLE },
          ];
      return { verified: listOnChain, checks, credentials: [{ ...base.credentials[0]!, checks }] };
    };
    const indexer = new DirectoryIndexer({
      feeds: [pending.url],
      store: pendingStore,
      engine: { verifyCredential: async () => listReport() },
      clock: () => now,
      logger: silentLogger,
      pollIntervalMs: 3_600_000,
      pageSize: 100,
    });
    try {
      pending.publish('a.b.c', 'MedicalLicenseCredential');
      const early = await indexer.sync();
      assert.equal(early.feeds[0]!.listed, 0);
      assert.equal(early.feeds[0]!.rejected, 0, 'not rejected while the list may still be created');
      assert.equal(pendingStore.entries.feedState(pending.url).cursor, null, 'the page is retried');

      listOnChain = true;
      const later = await indexer.sync();
      assert.equal(later.feeds[0]!.listed, 1, 'listed once the issuer created the list');

      // a list still missing long after publication is a credential pointing nowhere: rejected
      listOnChain = false;
      pending.publish('d.e.f', 'MedicalLicenseCredential');
      now = new Date(Date.now() + 11 * 60_000);
      const late = await indexer.sync();
      assert.equal(late.feeds[0]!.rejected, 1);
      assert.equal(pendingStore.entries.feedState(pending.url).cursor, '2');
    } finally {
      await indexer.stop();
      pendingStore.close();
      await pending.close();
    }
  });

  it('reads the directory settings from the environment and refuses malformed ones', () => {
    const config = loadVerifierConfig(
      {
        DATA_DIR: '/srv/medtrust',
        DIRECTORY_FEEDS:
          ' https://issuer.example/public/credentials, http://127.0.0.1:4100/public/credentials ',
        DIRECTORY_POLL_SECONDS: '15',
        DIRECTORY_RATE_LIMIT: '50',
        DIRECTORY_WRITE_RATE_LIMIT: '5',
        DIRECTORY_RATE_WINDOW_SECONDS: '30',
      },
      CHAIN,
    );
    assert.deepEqual(config.directory?.feeds, [
      'https://issuer.example/public/credentials',
      'http://127.0.0.1:4100/public/credentials',
    ]);
    assert.equal(config.directory?.dbPath, join('/srv/medtrust', 'directory.sqlite'));
    assert.equal(config.directory?.pollIntervalSeconds, 15);
    assert.deepEqual(config.directory?.rateLimit, { windowSeconds: 30, maxRequests: 50, maxWrites: 5 });
    assert.equal(loadVerifierConfig({ DIRECTORY_DB: ':memory:' }, CHAIN).directory?.dbPath, ':memory:');
    assert.deepEqual(loadVerifierConfig({}, CHAIN).directory?.feeds, []);
    for (const env of [
      { DIRECTORY_FEEDS: 'ftp://issuer.example/feed' },
      { DIRECTORY_FEEDS: 'not a url' },
      { DIRECTORY_POLL_SECONDS: '0' },
      { DIRECTORY_RATE_LIMIT: 'many' },
      { DIRECTORY_FEED_PAGE_SIZE: '501' },
    ]) {
      assert.throws(
        () => loadVerifierConfig(env, CHAIN),
        { code: ErrorCodes.CONFIGURATION_INVALID },
        JSON.stringify(env),
      );
    }
  });
});
