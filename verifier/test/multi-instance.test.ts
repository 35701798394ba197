// Stateless verifier instances: TWO verifier services on one chain and ONE PostgreSQL schema (DATABASE_URL, as
// behind a load balancer; they share the OID4VP client key). A presentation request created at A is fetched and
// answered at B (directly and over OID4VP), the replay is refused at both, and the result is read at A; a request
// outlives the instance that created it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createVerifierKey,
  loadVerifierConfig,
  startVerifierService,
  type RunningVerifier,
} from '../src/index.ts';
import { licenceSubject, startChainFixture, type ChainFixture } from './fixture.ts';
import { DATABASE_URL_TEST, dropSchemas, uniqueSchema } from './store/postgres-test-schema.ts';
import { failedCodes } from './testbed.ts';

interface RequestView {
  id: string;
  state: string;
  nonce: string;
  domain: string;
  oid4vp: { clientId: string; requestUri: string; responseUri: string };
  report?: { verified: boolean };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function json(response: Response): Promise<Answer> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('two verifier instances on one PostgreSQL', () => {
  const schema = uniqueSchema('vmulti');
  const verifierKey = createVerifierKey();
  let fixture: ChainFixture;
  let a: RunningVerifier;
  let b: RunningVerifier;
  let licence: string;

  async function startInstance(): Promise<RunningVerifier> {
    const config = loadVerifierConfig(
      {
        VERIFIER_PORT: '0',
        ANCHOR_PROOF_URLS: fixture.proofServer.url,
        DATABASE_URL: DATABASE_URL_TEST,
        VERIFIER_DATABASE_SCHEMA: schema,
        DIRECTORY_DB: ':memory:',
      },
      fixture.config,
    );
    return startVerifierService(config, { verifierKey });
  }

  before(async () => {
    fixture = await startChainFixture();
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    licence = (
      await fixture.issue(
        fixture.parties.medicalBoard,
        'MedicalLicenseCredential',
        licenceSubject(fixture.parties.doctor),
      )
    ).jwt;
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await fixture?.stop();
    await dropSchemas([schema]);
  });

  const post = async (at: RunningVerifier, path: string, body: unknown) =>
    json(
      await fetch(`${at.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  const read = async (at: RunningVerifier, id: string) =>
    (await json(await fetch(`${at.url}/presentation-requests/${id}`))) as Answer & { body: RequestView };
  /** The same path at another instance (the request's links name the instance that built them). */
  const at = (instance: RunningVerifier, link: string) => {
    const url = new URL(link);
    return `${instance.url}${url.pathname}${url.search}`;
  };

  async function create(instance: RunningVerifier): Promise<RequestView> {
    const { status, body } = await post(instance, '/presentation-requests', {
      policy: 'clinic-doctor-licence',
    });
    assert.equal(status, 201, JSON.stringify(body));
    return body as unknown as RequestView;
  }

  it('answers at B a request created at A, refuses the replay at B and at A, and shows the result at A', async () => {
    const request = await create(a);
    const seenAtB = await read(b, request.id);
    assert.equal(seenAtB.status, 200);
    assert.equal(seenAtB.body.state, 'pending');
    assert.equal(seenAtB.body.nonce, request.nonce);

    const vp = await fixture.present(fixture.parties.doctor, [licence], {
      challenge: request.nonce,
      domain: request.domain,
    });
    const answered = await post(b, `/presentation-requests/${request.id}/response`, {
      verifiablePresentation: vp,
    });
    assert.equal(answered.status, 200);
    assert.equal(answered.body.verified, true, JSON.stringify(failedCodes(answered.body.report)));

    for (const instance of [b, a]) {
      const replay = await post(instance, `/presentation-requests/${request.id}/response`, {
        verifiablePresentation: vp,
      });
      assert.equal(replay.status, 200);
      assert.equal(replay.body.verified, false);
      assert.ok(failedCodes(replay.body.report).includes('CHALLENGE_REPLAYED'), JSON.stringify(replay.body));
    }

    const resultAtA = await read(a, request.id);
    assert.equal(resultAtA.body.state, 'verified');
    assert.equal(resultAtA.body.report?.verified, true);
  });

  it('serves the OID4VP request object of A’s request at B and takes the direct_post answer there', async () => {
    const request = await create(a);
    const object = await fetch(at(b, request.oid4vp.requestUri));
    assert.equal(object.status, 200);
    const payload = JSON.parse(
      Buffer.from((await object.text()).split('.')[1]!, 'base64url').toString('utf8'),
    ) as {
      nonce: string;
      state: string;
      client_id: string;
    };
    assert.equal(payload.nonce, request.nonce);
    assert.equal(payload.state, request.id);
    assert.equal(payload.client_id, request.oid4vp.clientId);

    const vp = await fixture.present(fixture.parties.doctor, [licence], {
      challenge: request.nonce,
      domain: request.oid4vp.clientId,
    });
    const form = new URLSearchParams({
      vp_token: JSON.stringify({ medical_license: [vp] }),
      state: request.id,
    });
    const direct = await fetch(at(b, request.oid4vp.responseUri), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    assert.equal(direct.status, 200);
    const resultAtA = await read(a, request.id);
    assert.equal(resultAtA.body.state, 'verified', JSON.stringify(failedCodes(resultAtA.body.report)));

    // The same answer again, now at A: the first answer stands.
    await fetch(at(a, request.oid4vp.responseUri), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const stillAtB = await read(b, request.id);
    assert.equal(stillAtB.body.state, 'verified');
    assert.equal(stillAtB.body.report?.verified, true);
  });

  it('keeps a pending request when the instance that created it stops; a new instance answers it', async () => {
    const request = await create(a);
    await a.close();
    a = await startInstance();
    assert.equal((await read(a, request.id)).body.state, 'pending');
    const vp = await fixture.present(fixture.parties.doctor, [licence], {
      challenge: request.nonce,
      domain: request.domain,
    });
    const answered = await post(a, `/presentation-requests/${request.id}/response`, {
      verifiablePresentation: vp,
    });
    assert.equal(answered.body.verified, true, JSON.stringify(failedCodes(answered.body.report)));
    assert.equal((await read(b, request.id)).body.state, 'verified');
  });
});
