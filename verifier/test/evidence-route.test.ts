// POST /evidence-bundles over HTTP on a real local chain: either party sends what it holds and gets the bundle
// (credentials, report, tx hash and block of every on-chain fact); malformed requests are 400 with a code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import {
  parseEvidenceBundle,
  type ChainVerifierSources,
  type InMemoryNonceStore,
  type Verifier,
} from '@medtrust/core';
import {
  chainVerifier,
  startChain,
  syncHead,
  type ChainFixture,
} from '../../core/test/verification/fixture.ts';
import { didKeyPatient } from '../../core/test/provenance/issuing.ts';
import { clinic, doctor, presentWithNonce, review, treat } from '../../core/test/reviews/clinic.ts';
import { evidenceRouter } from '../src/http/evidence-routes.ts';
import { errorHandler, notFoundHandler } from '../src/http/error-handler.ts';
import { silentLogger } from '../src/logger.ts';

describe('POST /evidence-bundles', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let server: Server;
  let url: string;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture));
    const app = express();
    app.use(
      evidenceRouter({
        engine: verifier,
        chain: { client: fixture.publicClient, chain: { ...fixture.config, didNetworkName: 'medtrust' } },
        clock: () => new Date(),
        limits: { maxBytes: '1mb', maxJsonDepth: 64 },
      }),
    );
    app.use(notFoundHandler);
    app.use(errorHandler(silentLogger));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.close();
    sources?.close();
    await fixture?.stop();
  });

  const post = async (body: unknown) => {
    const res = await fetch(`${url}/evidence-bundles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers 201 with a bundle whose report verifies and whose facts carry blocks', async () => {
    const theClinic = await clinic(fixture);
    const surgeon = await doctor(fixture, theClinic);
    await syncHead(fixture, sources);
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const written = await review(fixture, patient, surgeon, treatment);
    const { vp } = await presentWithNonce(nonces, patient, [treatment.jwt, written.jwt]);
    const res = await post({
      presentation: vp,
      licences: [surgeon.licence.jwt],
      hospitalAccreditations: [theClinic.hospitalAccreditation.jwt],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 500));
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const bundle = parseEvidenceBundle(res.body);
    assert.equal((bundle.report as { verified: boolean }).verified, true);
    const facts = JSON.stringify(bundle.facts);
    assert.match(facts, /"blockNumber"/);
  });

  it('answers 400 INVALID_ARGUMENT for a malformed request, never a 500', async () => {
    for (const body of [[], 'jwt', {}, { presentation: 42 }, { treatment: 'x', licences: 'not-a-list' }]) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'INVALID_ARGUMENT');
    }
  });
});
