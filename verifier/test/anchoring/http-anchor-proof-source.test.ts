// HttpAnchorProofSource against real local HTTP servers speaking the issuer's proof endpoint: 200 anchored, 202
// pending, 404 unknown, 500, garbage, oversized and slow answers; precedence, caches, and failing closed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { HttpAnchorProofSource } from '../../src/anchoring/http-anchor-proof-source.ts';

type Handler = (hash: string, req: IncomingMessage, res: ServerResponse) => void;

interface Endpoint {
  url: string;
  hits: string[];
  handler: Handler;
  close(): Promise<void>;
}

async function endpoint(handler: Handler): Promise<Endpoint> {
  const hits: string[] = [];
  const ep = { handler } as Endpoint;
  const server = createServer((req, res) => {
    const match = /^\/public\/anchor-proofs\/(.+)$/.exec(req.url ?? '');
    if (match === null) {
      res.writeHead(404).end('not here');
      return;
    }
    hits.push(match[1]!);
    ep.handler(match[1]!, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  ep.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ep.hits = hits;
  ep.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return ep;
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

function hashOf(n: number): `0x${string}` {
  return `0x${n.toString(16).padStart(64, '0')}`;
}

function proofFor(hash: string): Record<string, unknown> {
  return {
    type: 'MedtrustAnchorProof',
    credentialHash: hash,
    issuer: '0x' + '11'.repeat(20),
    root: '0x' + 'ab'.repeat(32),
    proof: [],
    chainId: 31337,
    anchorRegistry: '0x' + '22'.repeat(20),
    blockNumber: '42',
    transactionHash: '0x' + 'cd'.repeat(32),
  };
}

const anchored: Handler = (hash, _req, res) => json(res, 200, { state: 'anchored', proof: proofFor(hash) });
const pending: Handler = (_hash, _req, res) => json(res, 202, { state: 'pending' });
const unknown: Handler = (_hash, _req, res) =>
  json(res, 404, { code: 'NOT_FOUND', detail: 'no such credential' });
const broken: Handler = (_hash, _req, res) => json(res, 500, { code: 'INTERNAL' });

const ISSUER = 'did:ethr:0x7a69:0x1111111111111111111111111111111111111111';

async function rejectsUnavailable(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(
    promise,
    (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.ANCHOR_UNAVAILABLE,
  );
}

describe('HttpAnchorProofSource', () => {
  const endpoints: Endpoint[] = [];
  const start = async (handler: Handler) => {
    const ep = await endpoint(handler);
    endpoints.push(ep);
    return ep;
  };
  let n = 0;
  const fresh = () => hashOf(++n);
  after(async () => {
    for (const ep of endpoints) await ep.close();
  });

  let anchoredEp: Endpoint;
  let pendingEp: Endpoint;
  let unknownEp: Endpoint;
  let brokenEp: Endpoint;
  before(async () => {
    anchoredEp = await start(anchored);
    pendingEp = await start(pending);
    unknownEp = await start(unknown);
    brokenEp = await start(broken);
  });

  it('returns the proof of a 200 anchored answer and caches it (no second request)', async () => {
    const source = new HttpAnchorProofSource({ urls: [`${anchoredEp.url}/`], timeoutMs: 2000 });
    const hash = fresh();
    const first = await source.proofFor(hash, ISSUER);
    assert.equal(first.state, 'anchored');
    assert.deepEqual((first as { proof: unknown }).proof, proofFor(hash));
    const hits = anchoredEp.hits.length;
    assert.equal((await source.proofFor(hash, ISSUER)).state, 'anchored');
    assert.equal(anchoredEp.hits.length, hits, 'served from the cache');
    assert.equal(anchoredEp.hits.at(-1), hash, 'asked at {base}/public/anchor-proofs/{hash}');
  });

  it('answers pending for 202 and unknown for 404 NOT_FOUND', async () => {
    assert.deepEqual(
      await new HttpAnchorProofSource({ urls: [pendingEp.url], timeoutMs: 2000 }).proofFor(fresh(), ISSUER),
      { state: 'pending' },
    );
    assert.deepEqual(
      await new HttpAnchorProofSource({ urls: [unknownEp.url], timeoutMs: 2000 }).proofFor(fresh(), ISSUER),
      { state: 'unknown' },
    );
  });

  it('takes the first anchored answer in configuration order, else pending, else unknown', async () => {
    const other = await start((hash, _req, res) =>
      json(res, 200, { state: 'anchored', proof: { ...proofFor(hash), blockNumber: '7' } }),
    );
    const both = new HttpAnchorProofSource({
      urls: [unknownEp.url, other.url, anchoredEp.url],
      timeoutMs: 2000,
    });
    const lookup = await both.proofFor(fresh(), ISSUER);
    assert.equal((lookup as { proof: { blockNumber: string } }).proof.blockNumber, '7');
    const mixed = new HttpAnchorProofSource({ urls: [unknownEp.url, pendingEp.url], timeoutMs: 2000 });
    assert.deepEqual(await mixed.proofFor(fresh(), ISSUER), { state: 'pending' });
    const pendingBeatsBroken = new HttpAnchorProofSource({
      urls: [brokenEp.url, pendingEp.url],
      timeoutMs: 2000,
    });
    assert.deepEqual(await pendingBeatsBroken.proofFor(fresh(), ISSUER), { state: 'pending' });
    const anchoredBeatsBroken = new HttpAnchorProofSource({
      urls: [brokenEp.url, anchoredEp.url],
      timeoutMs: 2000,
    });
    assert.equal((await anchoredBeatsBroken.proofFor(fresh(), ISSUER)).state, 'anchored');
  });

  it('throws ANCHOR_UNAVAILABLE when no URL answered (500, refused, timeout)', async () => {
    const slow = await start((hash, _req, res) => {
      setTimeout(() => anchored(hash, _req, res), 1500).unref();
    });
    const closed = await start(anchored);
    await closed.close();
    await rejectsUnavailable(
      new HttpAnchorProofSource({ urls: [brokenEp.url], timeoutMs: 2000 }).proofFor(fresh(), ISSUER),
    );
    await rejectsUnavailable(
      new HttpAnchorProofSource({ urls: [closed.url], timeoutMs: 2000 }).proofFor(fresh(), ISSUER),
    );
    const started = performance.now();
    await rejectsUnavailable(
      new HttpAnchorProofSource({ urls: [slow.url], timeoutMs: 150 }).proofFor(fresh(), ISSUER),
    );
    assert.ok(performance.now() - started < 1200, 'the timeout cut the request short');
  });

  it('does not call a credential unknown while some URL could not be asked', async () => {
    const source = new HttpAnchorProofSource({ urls: [unknownEp.url, brokenEp.url], timeoutMs: 2000 });
    await rejectsUnavailable(source.proofFor(fresh(), ISSUER));
  });

  it('refuses answers of the wrong shape: garbage, wrong state, foreign hash, 404 without NOT_FOUND, oversized', async () => {
    const cases: Handler[] = [
      (_h, _req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"state":"anch'),
      (_h, _req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'),
      (_h, _req, res) => json(res, 200, { state: 'pending' }),
      (_h, _req, res) => json(res, 200, { state: 'anchored', proof: [proofFor('0x00')] }),
      (_h, _req, res) => json(res, 200, { state: 'anchored', proof: { ...proofFor(hashOf(999_999)) } }),
      (h, _req, res) => json(res, 200, { state: 'anchored', proof: { ...proofFor(h), proof: 'nope' } }),
      (_h, _req, res) => json(res, 202, { state: 'anchored' }),
      (_h, _req, res) => res.writeHead(404).end('Not Found'),
      (h, _req, res) =>
        json(res, 200, { state: 'anchored', proof: proofFor(h), padding: 'x'.repeat(200_000) }),
      (h, _req, res) => {
        // no content-length: streamed past the bound
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(`{"state":"anchored","proof":${JSON.stringify(proofFor(h))},"padding":"`);
        for (let i = 0; i < 20; i++) res.write('y'.repeat(10_000));
        res.end('"}');
      },
      (_h, _req, res) => json(res, 301, { location: 'elsewhere' }),
    ];
    for (const [i, handler] of cases.entries()) {
      const ep = await start(handler);
      const source = new HttpAnchorProofSource({
        urls: [ep.url],
        timeoutMs: 2000,
        maxResponseBytes: 64 * 1024,
      });
      await rejectsUnavailable(source.proofFor(fresh(), ISSUER)).catch((error: unknown) => {
        throw new Error(`case ${i}: ${String(error)}`);
      });
    }
  });

  it('caches unknown briefly, so a flood of one forged credential is one request per TTL', async () => {
    let now = 1_000_000;
    const source = new HttpAnchorProofSource({
      urls: [unknownEp.url],
      timeoutMs: 2000,
      unknownTtlMs: 5000,
      now: () => now,
    });
    const hash = fresh();
    const before = unknownEp.hits.length;
    for (let i = 0; i < 20; i++) assert.equal((await source.proofFor(hash, ISSUER)).state, 'unknown');
    assert.equal(unknownEp.hits.length - before, 1);
    now += 5001;
    assert.equal((await source.proofFor(hash, ISSUER)).state, 'unknown');
    assert.equal(unknownEp.hits.length - before, 2, 'asked again once the TTL passed');
  });

  it('shares one round of requests between concurrent lookups of a hash, and bounds distinct lookups in flight', async () => {
    const gate: Array<() => void> = [];
    const held = await start((hash, req, res) => {
      gate.push(() => anchored(hash, req, res));
    });
    const source = new HttpAnchorProofSource({ urls: [held.url], timeoutMs: 5000, maxInFlight: 2 });
    const hash = fresh();
    const same = [
      source.proofFor(hash, ISSUER),
      source.proofFor(hash, ISSUER),
      source.proofFor(hash, ISSUER),
    ];
    const other = source.proofFor(fresh(), ISSUER);
    await rejectsUnavailable(source.proofFor(fresh(), ISSUER));
    for (let i = 0; i < 50 && gate.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(held.hits.length, 2);
    for (const release of gate) release();
    for (const lookup of await Promise.all(same)) assert.equal(lookup.state, 'anchored');
    assert.equal((await other).state, 'anchored');
  });

  it('does not ask for a malformed hash, and refuses a bad configuration', async () => {
    const source = new HttpAnchorProofSource({ urls: [anchoredEp.url], timeoutMs: 2000 });
    const hits = anchoredEp.hits.length;
    await assert.rejects(source.proofFor('0x1234' as `0x${string}`, ISSUER), {
      code: ErrorCodes.INVALID_ARGUMENT,
    });
    await assert.rejects(source.proofFor('../../admin' as `0x${string}`, ISSUER), {
      code: ErrorCodes.INVALID_ARGUMENT,
    });
    assert.equal(anchoredEp.hits.length, hits);
    for (const urls of [[], ['ftp://x'], ['not a url'], ['http://x/?a=1'], ['http://u:p@x']]) {
      assert.throws(() => new HttpAnchorProofSource({ urls, timeoutMs: 1000 }), {
        code: ErrorCodes.CONFIGURATION_INVALID,
      });
    }
    assert.throws(() => new HttpAnchorProofSource({ urls: [anchoredEp.url], timeoutMs: 0 }), {
      code: ErrorCodes.CONFIGURATION_INVALID,
    });
  });
});
