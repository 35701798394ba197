// The wallet's anchor proofs against a real local HTTP issuer (node:http, real fetch): the public proof route's
// answers (anchored, pending, unknown, failing, rate limited), a proof for another credential refused, retries with
// back-off until anchored, and the proof kept beside the credential and put in presentations.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  anchorProofOfReport,
  anchorProofUrl,
  fetchAnchorProof,
  issuerBaseUrl,
  parseAnchorProof,
  proofMatchesCredential,
  waitForAnchorProof,
  type AnchorLookup,
  type AnchorProof,
} from '../../src/lib/anchor-proof.ts';
import { generateHolderSecret, holderKeyFromSecret } from '../../src/lib/holder-key.ts';
import { decodeJwt } from '../../src/lib/jws.ts';
import { buildPresentation } from '../../src/lib/oid4vp-client.ts';
import { credentialJwtHash } from '../../src/lib/review-signing.ts';
import {
  anchorProofsOf,
  needsAnchorProof,
  newWalletContents,
  withAnchorLookup,
  withCredential,
  type StoredCredential,
} from '../../src/lib/wallet-contents.ts';

const ISSUER_ADDRESS = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const ISSUER_DID = `did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8`;
const hex64 = (digit: string) => `0x${digit.repeat(64)}` as `0x${string}`;
/** Hex with upper-case digits (the `0x` prefix kept). */
const upper = (hex: string) => `0x${hex.slice(2).toUpperCase()}`;

/** A credential JWT from a did:ethr issuer (its signature is not checked here). */
function credentialJwt(subject: string, iss = ISSUER_DID): string {
  const signer = holderKeyFromSecret(generateHolderSecret());
  return signer.signJwt(
    { typ: 'JWT' },
    {
      iss,
      sub: subject,
      nbf: 1_780_000_000,
      jti: `urn:uuid:${crypto.randomUUID()}`,
      vc: { type: ['VerifiableCredential', 'MedicalLicenseCredential'], credentialSubject: { id: subject } },
    },
  );
}

function proofFor(jwt: string, overrides: Partial<AnchorProof> = {}): AnchorProof {
  return {
    type: 'MedtrustAnchorProof',
    credentialHash: credentialJwtHash(jwt) as `0x${string}`,
    issuer: ISSUER_ADDRESS,
    root: hex64('a'),
    proof: [hex64('b'), hex64('c')],
    chainId: 31337,
    anchorRegistry: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
    blockNumber: '41',
    transactionHash: hex64('d'),
    ...overrides,
  };
}

/** What the scripted issuer answers for a hash: a list consumed one answer per request (the last one repeats). */
type Scripted = { status: number; body?: unknown; headers?: Record<string, string> };

describe('anchor proofs from the issuer’s public endpoint (real HTTP)', () => {
  let server: Server;
  let base = '';
  const script = new Map<string, Scripted[]>();
  const requests: Array<{ method: string; url: string; at: number }> = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now() });
      const match = /^\/public\/anchor-proofs\/(0x[0-9a-f]{64})$/.exec(req.url ?? '');
      const answers = match ? script.get(match[1]!) : undefined;
      const answer =
        answers === undefined
          ? { status: 404, body: { code: 'NOT_FOUND', detail: 'no credential issued here has that hash' } }
          : answers.length > 1
            ? answers.shift()!
            : answers[0]!;
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
        ...answer.headers,
      });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    script.clear();
    requests.length = 0;
  });

  const realFetch = (input: string, init?: RequestInit) => fetch(input, init);

  it('derives the issuer’s public route from its OID4VCI identifier', () => {
    assert.equal(issuerBaseUrl('https://issuer.example/oid4vci'), 'https://issuer.example');
    assert.equal(issuerBaseUrl('https://issuer.example/oid4vci/'), 'https://issuer.example');
    assert.equal(issuerBaseUrl('https://issuer.example/tenant'), 'https://issuer.example/tenant');
    assert.equal(
      anchorProofUrl('https://issuer.example/oid4vci', hex64('e')),
      `https://issuer.example/public/anchor-proofs/${hex64('e')}`,
    );
  });

  it('reads an anchored proof (200), checking it names this credential and its issuer', async () => {
    const jwt = credentialJwt('did:key:z6MkA');
    const proof = proofFor(jwt);
    script.set(proof.credentialHash, [
      { status: 200, body: { state: 'anchored', proof: { ...proof, root: upper(proof.root) } } },
    ]);
    const lookup = await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt);
    assert.deepEqual(lookup, { state: 'anchored', proof: { ...proof, root: `0x${'a'.repeat(64)}` } });
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.url}`),
      [`GET /public/anchor-proofs/${credentialJwtHash(jwt)}`],
    );
  });

  it('says pending (202), not found (404) and unavailable (5xx, unreachable, garbage) apart', async () => {
    const jwt = credentialJwt('did:key:z6MkB');
    const hash = credentialJwtHash(jwt);
    script.set(hash, [{ status: 202, body: { state: 'pending' } }]);
    assert.deepEqual(await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt), { state: 'pending' });

    script.delete(hash);
    assert.deepEqual(await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt), { state: 'not-found' });

    script.set(hash, [{ status: 503, body: { code: 'CHAIN_UNAVAILABLE', detail: 'chain down' } }]);
    assert.deepEqual(await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt), {
      state: 'unavailable',
      detail: 'chain down',
    });

    script.set(hash, [{ status: 429, body: { code: 'RATE_LIMITED' }, headers: { 'retry-after': '7' } }]);
    const limited = await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt);
    assert.equal(limited.state, 'unavailable');
    assert.equal((limited as Extract<AnchorLookup, { state: 'unavailable' }>).retryAfterMs, 7000);

    script.set(hash, [{ status: 200, body: 'not json' }]);
    assert.equal((await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt)).state, 'unavailable');

    script.set(hash, [{ status: 200, body: { state: 'anchored', proof: { type: 'MedtrustAnchorProof' } } }]);
    assert.equal((await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt)).state, 'unavailable');

    const closed = await fetchAnchorProof(realFetch, 'http://127.0.0.1:1/oid4vci', jwt);
    assert.deepEqual(closed, { state: 'unavailable', detail: 'cannot reach 127.0.0.1:1' });
  });

  it('refuses a proof of another credential or another issuer', async () => {
    const jwt = credentialJwt('did:key:z6MkC');
    const other = credentialJwt('did:key:z6MkD');
    const hash = credentialJwtHash(jwt);
    script.set(hash, [{ status: 200, body: { state: 'anchored', proof: proofFor(other) } }]);
    const wrongHash = await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt);
    assert.deepEqual(wrongHash, {
      state: 'unavailable',
      detail: 'the issuer sent an anchor proof of another credential',
    });
    script.set(hash, [
      {
        status: 200,
        body: { state: 'anchored', proof: proofFor(jwt, { issuer: `0x${'1'.repeat(40)}` as `0x${string}` }) },
      },
    ]);
    assert.equal((await fetchAnchorProof(realFetch, `${base}/oid4vci`, jwt)).state, 'unavailable');
    // a did:ethr named by public key (not an address) is not compared
    const byKey = credentialJwt('did:key:z6MkE', `did:ethr:0x7a69:0x02${'ab'.repeat(32)}`);
    assert.equal(proofMatchesCredential(proofFor(byKey, { issuer: `0x${'1'.repeat(40)}` }), byKey), true);
  });

  it('asks again with back-off while pending or unreachable, until anchored', async () => {
    const jwt = credentialJwt('did:key:z6MkF');
    const proof = proofFor(jwt);
    script.set(proof.credentialHash, [
      { status: 202, body: { state: 'pending' } },
      { status: 503, body: { code: 'UNAVAILABLE', detail: 'flush in progress' } },
      { status: 202, body: { state: 'pending' } },
      { status: 200, body: { state: 'anchored', proof } },
    ]);
    const answers: string[] = [];
    const started = Date.now();
    const lookup = await waitForAnchorProof(realFetch, `${base}/oid4vci`, jwt, {
      delaysMs: [20, 40, 80, 160, 320],
      onAnswer: (answer, attempt) => answers.push(`${attempt}:${answer.state}`),
    });
    assert.deepEqual(lookup, { state: 'anchored', proof });
    assert.deepEqual(answers, ['0:pending', '1:unavailable', '2:pending', '3:anchored']);
    assert.equal(requests.length, 4);
    // the waits grow: 20, 40, 80 ms between the four requests
    const gaps = requests.slice(1).map((r, i) => r.at - requests[i]!.at);
    assert.ok(gaps[0]! >= 15 && gaps[1]! >= 35 && gaps[2]! >= 75, `gaps ${gaps.join(', ')}`);
    assert.ok(Date.now() - started < 2000);
  });

  it('stops at not-found, when the delays run out, and when aborted', async () => {
    const unknown = credentialJwt('did:key:z6MkG');
    assert.deepEqual(
      await waitForAnchorProof(realFetch, `${base}/oid4vci`, unknown, { delaysMs: [10, 10, 10] }),
      { state: 'not-found' },
    );
    assert.equal(requests.length, 1, 'a hash the issuer does not know is not asked again');

    requests.length = 0;
    const pending = credentialJwt('did:key:z6MkH');
    script.set(credentialJwtHash(pending), [{ status: 202, body: { state: 'pending' } }]);
    assert.deepEqual(await waitForAnchorProof(realFetch, `${base}/oid4vci`, pending, { delaysMs: [5, 5] }), {
      state: 'pending',
    });
    assert.equal(requests.length, 3, 'one attempt, then one per delay');

    requests.length = 0;
    const controller = new AbortController();
    const waiting = waitForAnchorProof(realFetch, `${base}/oid4vci`, pending, {
      delaysMs: [60_000],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    assert.deepEqual(await waiting, { state: 'pending' });
    assert.ok(Date.now() - started < 5000, 'the abort ends the wait at once');
    assert.equal(requests.length, 1);
  });

  it('waits at least as long as a rate limit asks (Retry-After)', async () => {
    const jwt = credentialJwt('did:key:z6MkI');
    const proof = proofFor(jwt);
    script.set(proof.credentialHash, [
      { status: 429, body: { code: 'RATE_LIMITED' }, headers: { 'retry-after': '1' } },
      { status: 200, body: { state: 'anchored', proof } },
    ]);
    const waits: number[] = [];
    const lookup = await waitForAnchorProof(realFetch, `${base}/oid4vci`, jwt, {
      delaysMs: [10],
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    assert.equal(lookup.state, 'anchored');
    assert.deepEqual(waits, [1000]);
  });
});

describe('anchor proofs in the wallet', () => {
  const now = new Date('2026-12-07T15:00:00Z');
  const holder = holderKeyFromSecret(generateHolderSecret());
  const jwt = credentialJwt(holder.did);
  const proof = proofFor(jwt);
  const stored: StoredCredential = {
    id: 'urn:uuid:licence',
    jwt,
    receivedAt: now.toISOString(),
    deliveredBy: 'https://issuer.example/oid4vci',
  };

  it('parses proofs strictly (shape only), normalising hex', () => {
    assert.deepEqual(parseAnchorProof({ ...proof, transactionHash: upper(proof.transactionHash) }), proof);
    for (const broken of [
      null,
      [],
      { ...proof, type: 'Other' },
      { ...proof, credentialHash: '0x12' },
      { ...proof, issuer: 'not an address' },
      { ...proof, chainId: 0 },
      { ...proof, blockNumber: 41 },
      { ...proof, blockNumber: '041' },
      { ...proof, proof: ['0x1'] },
      { ...proof, proof: Array.from({ length: 33 }, () => hex64('b')) },
    ]) {
      assert.equal(parseAnchorProof(broken), undefined, JSON.stringify(broken)?.slice(0, 80));
    }
  });

  it('keeps the proof beside the credential; pending answers are recorded until then, never over a proof', () => {
    let contents = withCredential(newWalletContents(generateHolderSecret(), now), stored);
    assert.equal(needsAnchorProof(contents.credentials[0]!), true);
    contents = withAnchorLookup(contents, stored.id, { state: 'pending' }, now);
    assert.deepEqual(contents.credentials[0]!.anchorLookup, {
      state: 'pending',
      checkedAt: now.toISOString(),
    });
    contents = withAnchorLookup(contents, stored.id, { state: 'anchored', proof }, now);
    assert.deepEqual(contents.credentials[0]!.anchorProof, proof);
    assert.equal(contents.credentials[0]!.anchorLookup, undefined);
    assert.equal(needsAnchorProof(contents.credentials[0]!), false);
    assert.equal(withAnchorLookup(contents, stored.id, { state: 'pending' }, now), contents, 'proof kept');
    assert.equal(
      withAnchorLookup(contents, stored.id, { state: 'anchored', proof }, now),
      contents,
      'no change, no new contents (nothing to seal)',
    );
    assert.equal(withAnchorLookup(contents, 'urn:uuid:gone', { state: 'pending' }, now), contents);
    // a credential received before proofs existed, or without a known issuer URL
    assert.equal(needsAnchorProof({ ...stored, deliveredBy: undefined }), false);
  });

  it('keeps the proof a verifier checked and returned, only when it is this credential’s', () => {
    const anchor = { blockNumber: '41', anchoredAt: '2026-12-07T15:00:00Z', transactionHash: hex64('d') };
    const reportWith = (proofValue: unknown, forJwt = jwt) => ({
      credentials: [{ credential: { jwt: forJwt, anchor: { ...anchor, proof: proofValue } } }],
    });
    assert.deepEqual(anchorProofOfReport(reportWith(proof), jwt), proof);
    assert.equal(anchorProofOfReport(reportWith(proofFor(credentialJwt('did:key:z6MkX'))), jwt), undefined);
    assert.equal(anchorProofOfReport(reportWith({ junk: true }), jwt), undefined);
    assert.equal(anchorProofOfReport(reportWith(proof, 'another.jwt.x'), jwt), undefined);
    assert.equal(anchorProofOfReport(undefined, jwt), undefined);
  });

  it('puts the stored proofs of the credentials presented in the holder-signed vp claim', () => {
    const other = credentialJwt(holder.did);
    const otherProof = proofFor(other, { blockNumber: '42' });
    const credentials: StoredCredential[] = [
      { ...stored, anchorProof: proof },
      { ...stored, id: 'urn:uuid:2', jwt: other, anchorProof: otherProof },
      { ...stored, id: 'urn:uuid:3', jwt: credentialJwt(holder.did) },
    ];
    const proofs = anchorProofsOf([...credentials, credentials[0]]);
    assert.deepEqual(proofs, [proof, otherProof]);
    const vp = buildPresentation(
      holder,
      credentials.map((c) => c.jwt),
      { nonce: 'n-1', audience: 'decentralized_identifier:did:key:z6MkV', anchorProofs: proofs },
      now,
    );
    const claim = decodeJwt(vp)!.payload.vp as { verifiableCredential: string[]; anchorProofs: unknown[] };
    assert.deepEqual(claim.verifiableCredential, [jwt, other, credentials[2]!.jwt]);
    assert.deepEqual(claim.anchorProofs, [proof, otherProof]);

    // only proofs of credentials in this presentation; none at all leaves the claim as it was
    const lone = decodeJwt(
      buildPresentation(holder, [other], { nonce: 'n', audience: 'a', anchorProofs: proofs }, now),
    )!.payload.vp as { anchorProofs: unknown[] };
    assert.deepEqual(lone.anchorProofs, [otherProof]);
    const none = decodeJwt(buildPresentation(holder, [jwt], { nonce: 'n', audience: 'a' }, now))!.payload
      .vp as Record<string, unknown>;
    assert.equal('anchorProofs' in none, false);
  });
});
