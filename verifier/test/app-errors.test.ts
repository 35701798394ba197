// The HTTP app with injected fakes (no chain): unexpected failures, logging hygiene, health timeouts, CORS and
// capacity limits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryNonceStore, type ChainHead, type VerificationReport } from '@medtrust/core';
import {
  InMemoryPresentationRequestStore,
  createVerifierApp,
  createVerifierKey,
  type Logger,
  type VerificationEngine,
  type VerifierAppDependencies,
} from '../src/index.ts';

const SECRET_JWT = 'eyJhbGciOiJFUzI1NksifQ.eyJzZWNyZXQiOiJwYXRpZW50LWRhdGEifQ.c2lnbmF0dXJl';

const failingEngine: VerificationEngine = {
  verify: async () => {
    throw new Error(`boom ${SECRET_JWT}`);
  },
  verifyCredential: async () => {
    throw new Error(`boom ${SECRET_JWT}`);
  },
  verifyPresentation: async (): Promise<VerificationReport> => ({
    verified: false,
    checks: [],
    credentials: [],
  }),
};

async function listen(deps: Partial<VerifierAppDependencies>): Promise<{ url: string; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const head: ChainHead = {
    latestBlock: async () => 7n,
    lastSeen: () => ({ blockNumber: 7n, at: new Date(0) }),
  };
  server.on(
    'request',
    createVerifierApp({
      engine: failingEngine,
      nonces: new InMemoryNonceStore(() => new Date()),
      chainHead: head,
      requests: new InMemoryPresentationRequestStore(),
      verifierKey: createVerifierKey(),
      publicBaseUrl: url,
      ...deps,
    }),
  );
  return { url, server };
}

describe('verifier app (injected dependencies)', () => {
  const logs: unknown[] = [];
  const logger: Logger = {
    info: (message, fields) => logs.push({ message, fields }),
    error: (message, fields) => logs.push({ message, fields }),
  };
  let app: { url: string; server: Server };

  before(async () => {
    app = await listen({
      logger,
      requests: new InMemoryPresentationRequestStore({ maxEntries: 1 }),
    });
  });
  after(() => app.server.close());

  it('answers 500 {code: INTERNAL, requestId} without a message or stack, and logs no body', async () => {
    const response = await fetch(`${app.url}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: SECRET_JWT }),
    });
    assert.equal(response.status, 500);
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['code', 'requestId']);
    assert.equal(body.code, 'INTERNAL');
    assert.equal(body.requestId, response.headers.get('x-request-id'));
    assert.ok(logs.length > 0);
    assert.ok(!JSON.stringify(logs).includes(SECRET_JWT), 'the credential never reaches the log');
    assert.ok(!JSON.stringify(logs).includes('boom'), 'nor the error message that quotes it');
  });

  it('refuses new presentation requests with 429 RATE_LIMITED when the store is full', async () => {
    const create = () =>
      fetch(`${app.url}/presentation-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ policy: 'clinic-doctor-licence' }),
      });
    assert.equal((await create()).status, 201);
    const second = await create();
    assert.equal(second.status, 429);
    assert.equal(((await second.json()) as { code: string }).code, 'RATE_LIMITED');
  });

  it('answers CORS preflights', async () => {
    const response = await fetch(`${app.url}/verify`, { method: 'OPTIONS' });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });

  it('reports the chain down when the head fails or hangs', async () => {
    for (const latestBlock of [
      async () => {
        throw new Error('down');
      },
      () => new Promise<bigint>(() => undefined),
    ]) {
      const down = await listen({
        chainHead: { latestBlock, lastSeen: () => undefined },
        limits: { healthTimeoutMs: 200 },
        chainId: 31337,
      });
      const response = await fetch(`${down.url}/health`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), {
        status: 'unavailable',
        chain: { reachable: false, chainId: 31337, latestBlock: null, lastSeen: null },
      });
      down.server.close();
    }
  });
});
