// Without a chain: injected sources that throw or misbehave make the matching check `error` (fail closed), never a
// throw; misconfiguration throws CONFIGURATION_INVALID.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'did-resolver';
import { getResolver as keyResolver } from 'key-did-resolver';
import { schemaIdFor } from '@medtrust/schemas';
import {
  ErrorCodes,
  InMemoryNonceStore,
  MedtrustError,
  Verifier,
  createNobleSignatureVerifier,
  type StatusSource,
  type VerifierDependencies,
} from '@medtrust/core';
import { randomBytes } from 'node:crypto';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { check, ed25519DidKey, licencePayload, schemas, signEs256k } from './fixture.ts';

const REGISTRY = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';

function review(patient: ReturnType<typeof ed25519DidKey>, reviewed: string): string {
  return patient.sign(
    { alg: 'EdDSA', typ: 'JWT' },
    {
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'ReviewCredential'],
        credentialSubject: {
          author: patient.did,
          rating: 5,
          text: 'Great.',
          treatmentCredentialHash: `0x${'ab'.repeat(32)}`,
          reviewDate: '2025-03-01',
        },
        credentialSchema: { id: schemaIdFor('ReviewCredential'), type: 'JsonSchema' },
        credentialStatus: {
          id: 'urn:medtrust:status:1',
          type: 'MedtrustStatusRegistryEntry',
          statusRegistry: REGISTRY,
          statusIssuer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
          statusListId: 1,
          statusListIndex: 1,
        },
      },
      sub: reviewed,
      nbf: Math.floor(Date.now() / 1000) - 10,
      iss: patient.did,
    },
  );
}

function deps(overrides: Partial<VerifierDependencies> = {}): VerifierDependencies {
  const status: StatusSource = {
    registry: REGISTRY,
    statusOf: async () => ({ revoked: false, suspended: false, blockNumber: 7n }),
  };
  return {
    resolver: new Resolver(keyResolver()),
    status,
    accreditation: { isAccredited: async () => true },
    // These cases are about the other sources; anchoring has its own corpus (hostile-backdating).
    anchorRequiredFor: [],
    schemas: schemas(),
    clock: () => new Date(),
    ...overrides,
  };
}

describe('fail closed with injected sources', () => {
  const patient = ed25519DidKey();
  const doctor = 'did:ethr:medtrust:0xa0Ee7A142d267C1f36714E4a8F75612F20a79720';

  it('a throwing resolver gives did-resolution error DID_UNRESOLVABLE', async () => {
    const verifier = new Verifier(deps({ resolver: { resolve: () => Promise.reject(new Error('boom')) } }));
    const report = await verifier.verifyCredential(review(patient, doctor));
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'did-resolution').status, 'error');
    assert.equal(check(report.checks, 'did-resolution').code, ErrorCodes.DID_UNRESOLVABLE);
  });

  it('a resolver answering with another document is not trusted', async () => {
    const other = ed25519DidKey();
    const inner = new Resolver(keyResolver());
    const verifier = new Verifier(deps({ resolver: { resolve: () => inner.resolve(other.did) } }));
    const report = await verifier.verifyCredential(review(patient, doctor));
    assert.equal(check(report.checks, 'did-resolution').code, ErrorCodes.DID_UNRESOLVABLE);
  });

  it('a status entry of a did:key issuer cannot name an ERC-1056 list (STATUS_ENTRY_INVALID)', async () => {
    const report = await new Verifier(deps()).verifyCredential(review(patient, doctor));
    assert.equal(check(report.checks, 'signature').status, 'passed');
    assert.equal(check(report.checks, 'status').code, ErrorCodes.STATUS_ENTRY_INVALID);
  });

  it('throwing status and accreditation sources give error (STATUS_UNAVAILABLE, ACCREDITATION_UNAVAILABLE)', async () => {
    const key = `0x${randomBytes(32).toString('hex')}` as Hex;
    const address = privateKeyToAccount(key).address;
    const did = `did:ethr:medtrust:${address}`;
    const document = {
      id: did,
      verificationMethod: [
        {
          id: `${did}#controller`,
          type: 'EcdsaSecp256k1RecoveryMethod2020',
          controller: did,
          blockchainAccountId: `eip155:31337:${address}`,
        },
      ],
      assertionMethod: [`${did}#controller`],
      authentication: [`${did}#controller`],
    };
    const resolver = {
      resolve: async () => ({ didResolutionMetadata: {}, didDocument: document, didDocumentMetadata: {} }),
    };
    const fakeFixture = { deployment: { statusRegistry: REGISTRY }, config: { chainId: 31337 } } as never;
    const jwt = signEs256k(
      key,
      { alg: 'ES256K' },
      licencePayload(fakeFixture, { issuer: { did, address }, subject: patient.did }),
    );
    const down = new MedtrustError(ErrorCodes.CHAIN_UNAVAILABLE, 'down');
    const failing = new Verifier(
      deps({
        resolver,
        status: { registry: REGISTRY, statusOf: () => Promise.reject(down) },
        accreditation: { isAccredited: () => Promise.reject(down) },
      }),
    );
    const report = await failing.verifyCredential(jwt);
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'signature').status, 'passed');
    assert.deepEqual(
      [
        check(report.checks, 'issuer-accreditation').status,
        check(report.checks, 'issuer-accreditation').code,
      ],
      ['error', ErrorCodes.ACCREDITATION_UNAVAILABLE],
    );
    assert.deepEqual(
      [check(report.checks, 'status').status, check(report.checks, 'status').code],
      ['error', ErrorCodes.STATUS_UNAVAILABLE],
    );

    const answering = new Verifier(
      deps({
        resolver,
        status: {
          registry: REGISTRY,
          statusOf: async () => ({ revoked: false, suspended: true, blockNumber: 9n }),
        },
        accreditation: { isAccredited: async () => false },
      }),
    );
    const refused = await answering.verifyCredential(jwt);
    assert.equal(check(refused.checks, 'issuer-accreditation').code, ErrorCodes.ISSUER_NOT_ACCREDITED);
    assert.equal(check(refused.checks, 'status').code, ErrorCodes.CREDENTIAL_SUSPENDED);
    assert.equal(check(refused.checks, 'status').blockNumber, '9');

    const fine = new Verifier(deps({ resolver }));
    const accepted = await fine.verifyCredential(jwt);
    assert.equal(accepted.verified, true, JSON.stringify(accepted.checks));
    // the pure-JavaScript verifier recovers the address-only key too
    const noble = new Verifier(deps({ resolver, signatureVerifier: createNobleSignatureVerifier() }));
    assert.equal((await noble.verifyCredential(jwt)).verified, true);
  });

  it('a throwing nonce store gives challenge error', async () => {
    const holder = ed25519DidKey();
    const credential = review(patient, holder.did);
    const vp = holder.sign(
      { alg: 'EdDSA' },
      {
        vp: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiablePresentation'],
          verifiableCredential: [credential],
        },
        iss: holder.did,
        nonce: 'n',
      },
    );
    const verifier = new Verifier(
      deps({ nonces: { issue: async () => 'n', consume: () => Promise.reject(new Error('redis down')) } }),
    );
    const report = await verifier.verifyPresentation(vp);
    assert.equal(check(report.checks, 'signature').status, 'passed');
    assert.equal(check(report.checks, 'challenge').status, 'error');
    assert.equal(report.verified, false);
  });

  it('the pure-JavaScript signature verifier gives the same answers', async () => {
    const verifier = new Verifier(deps({ signatureVerifier: createNobleSignatureVerifier() }));
    const good = await verifier.verifyCredential(review(patient, doctor));
    assert.equal(check(good.checks, 'signature').status, 'passed');
    const [h, p] = review(patient, doctor).split('.');
    const bad = await verifier.verifyCredential(`${h}.${p}.${review(ed25519DidKey(), doctor).split('.')[2]}`);
    assert.equal(check(bad.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
  });

  it('a clock that fails or misconfigured dependencies throw CONFIGURATION_INVALID', async () => {
    const isConfig = (e: unknown) =>
      e instanceof MedtrustError && e.code === ErrorCodes.CONFIGURATION_INVALID;
    await assert.rejects(
      new Verifier(
        deps({
          clock: () => {
            throw new Error('no time');
          },
        }),
      ).verifyCredential('x'),
      isConfig,
    );
    for (const bad of [
      { resolver: {} },
      { status: { statusOf: async () => ({}) } },
      { accreditation: undefined },
      { schemas: {} },
      { clock: 5 },
      { clockSkewSeconds: -1 },
      { nonces: { consume: async () => 'valid' } },
    ]) {
      assert.throws(() => new Verifier({ ...deps(), ...(bad as object) } as VerifierDependencies), isConfig);
    }
    assert.throws(() => new Verifier(undefined as never), isConfig);
  });

  it('InMemoryNonceStore: valid once, then replayed; expired; unknown; bounded', async () => {
    let now = 1_000_000;
    const store = new InMemoryNonceStore(() => new Date(now), 3);
    const a = await store.issue(10);
    const b = await store.issue(10);
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(await store.consume(a), 'valid');
    assert.equal(await store.consume(a), 'replayed');
    assert.equal(await store.consume('nope'), 'unknown');
    const concurrent = await Promise.all([store.consume(b), store.consume(b)]);
    assert.deepEqual(concurrent.sort(), ['replayed', 'valid']);
    const c = await store.issue(10);
    await assert.rejects(
      store.issue(10),
      (e: unknown) => (e as MedtrustError).code === ErrorCodes.RATE_LIMITED,
    );
    now += 11_000;
    assert.equal(await store.consume(c), 'expired');
    await store.issue(10); // expired ones are swept to make room
    await assert.rejects(
      store.issue(0),
      (e: unknown) => (e as MedtrustError).code === ErrorCodes.INVALID_ARGUMENT,
    );
  });
});
