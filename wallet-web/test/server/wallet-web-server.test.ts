// The web app server: static files with a client-side-route fallback and security headers, /config.json, the
// schemas, and the same-origin proxies to the issuer and verifier (headers filtered, Location mapped back).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWalletWeb, type RunningWalletWeb } from '../../src/server/index.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function upstream(seen: Seen[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.setHeader('set-cookie', 'tracking=1');
      res.setHeader('location', '/batches/b-1');
      res
        .writeHead(202, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, path: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('web app server', () => {
  const seen: Seen[] = [];
  let dist: string;
  let issuer: { server: Server; url: string };
  let web: RunningWalletWeb;

  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'medtrust-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    mkdirSync(join(dist, '.vite'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>medtrust</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, '.vite', 'manifest.json'), '{}');
    issuer = await upstream(seen);
    web = await startWalletWeb({
      port: 0,
      issuerUrl: issuer.url,
      verifierUrl: 'http://127.0.0.1:9', // nothing listens there
      distDir: dist,
      build: 'never',
    });
  });

  after(async () => {
    await web.close();
    await new Promise((resolve) => issuer.server.close(resolve));
    rmSync(dist, { recursive: true, force: true });
  });

  it('publishes the service URLs at /config.json', async () => {
    const response = await fetch(`${web.url}/config.json`);
    assert.deepEqual(await response.json(), {
      issuerUrl: issuer.url,
      verifierUrl: 'http://127.0.0.1:9',
      issuerApi: '/api/issuer',
      verifierApi: '/api/verifier',
    });
  });

  it('serves the app for client-side routes with a strict content security policy', async () => {
    for (const path of ['/', '/clinic', '/console']) {
      const response = await fetch(`${web.url}${path}`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /<title>medtrust<\/title>/);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assert.match(response.headers.get('content-security-policy')!, /script-src 'self'; style-src 'self'/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    }
    const asset = await fetch(`${web.url}/assets/index-abc123.js`);
    assert.equal(asset.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(asset.headers.get('cache-control')!, /immutable/);
  });

  it('serves the app for directory deep links, even when their DID or lot has a dot', async () => {
    for (const path of [
      '/directory',
      '/directory?q=Ferreira&kind=doctor',
      `/directory/profiles/${encodeURIComponent('did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8')}`,
      `/directory/profiles/${encodeURIComponent('did:web:clinic.example.com')}`,
      `/directory/batches/${encodeURIComponent('urn:gtin:05601234567891:lot:L2026.07')}`,
    ]) {
      const response = await fetch(`${web.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(await response.text(), '<!doctype html><title>medtrust</title>', path);
    }
    // a dotted name elsewhere is still a missing file, not a page
    assert.equal((await fetch(`${web.url}/directory/logo.png`)).status, 404);
  });

  it('never serves hidden files or anything outside the build folder', async () => {
    for (const path of ['/.vite/manifest.json', '/assets/missing.js', '/.medtrust-build.json']) {
      assert.equal((await fetch(`${web.url}${path}`)).status, 404, path);
    }
    for (const path of [
      '/..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fhostname',
    ]) {
      const text = await (await fetch(`${web.url}${path}`)).text();
      assert.ok(
        text === '<!doctype html><title>medtrust</title>' || text === 'not found',
        `${path}: ${text}`,
      );
    }
    assert.equal((await fetch(`${web.url}/config.json`, { method: 'POST' })).status, 405);
  });

  it('serves the credential JSON Schemas under the path of their $id', async () => {
    const index = (await (await fetch(`${web.url}/schemas/index.json`)).json()) as {
      types: Array<{ type: string; path: string }>;
    };
    assert.equal(index.types.length, 7);
    const licence = index.types.find((t) => t.type === 'MedicalLicenseCredential')!;
    assert.equal(licence.path, '/schemas/MedicalLicenseCredential/v1/schema.json');
    const schema = (await (await fetch(`${web.url}${licence.path}`)).json()) as { $id: string };
    assert.equal(schema.$id, 'https://schemas.medtrust.dev/MedicalLicenseCredential/v1/schema.json');
    assert.equal((await fetch(`${web.url}/schemas/common/v1/definitions.json`)).status, 200);
    assert.equal((await fetch(`${web.url}/schemas/Nope/v1/schema.json`)).status, 404);
  });

  it('proxies /api/issuer/* with only the API headers, and maps Location back under the prefix', async () => {
    const response = await fetch(`${web.url}/api/issuer/batches?type=MedicalLicenseCredential`, {
      method: 'POST',
      headers: { authorization: 'Bearer mts_x.y', 'content-type': 'text/csv', cookie: 'session=secret' },
      body: 'name\nA',
    });
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { ok: true, path: '/batches?type=MedicalLicenseCredential' });
    assert.equal(response.headers.get('location'), '/api/issuer/batches/b-1');
    assert.equal(response.headers.get('set-cookie'), null);
    const request = seen.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.authorization, 'Bearer mts_x.y');
    assert.equal(request.headers['content-type'], 'text/csv');
    assert.equal(request.headers.cookie, undefined);
    assert.equal(request.body, 'name\nA');
  });

  it('answers 502 UPSTREAM_UNAVAILABLE when a service is down', async () => {
    const response = await fetch(`${web.url}/api/verifier/policies`);
    assert.equal(response.status, 502);
    assert.equal(((await response.json()) as { code: string }).code, 'UPSTREAM_UNAVAILABLE');
  });
});
