// The issuer's keys against a real local chain (anvil + the ERC-1056 registry): did:ethr identities, private keys
// sealed at rest, the fast JWT signer (verified by Veramo and did-jwt-vc through the chain resolver) and signing-key
// rotation (old credentials keep verifying, the retired key never signs again, the new delegate is in the DID document).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { secp256k1 } from '@noble/curves/secp256k1';
import {
  normalizeCredential,
  transformCredentialInput,
  verifyCredential as verifyWithDidJwtVc,
} from 'did-jwt-vc';
import type { Resolvable } from 'did-resolver';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import { createEthrDidResolver, ethrDid, type ChainConfig } from '@medtrust/core';
import {
  KeySealer,
  SealedPrivateKeyStore,
  closeIssuerAgent,
  createCredentialSigner,
  createIssuerAgent,
  createIssuerIdentity,
  createMemoryIssuerKeyRecords,
  rotateSigningKey,
  signingKeysOf,
  type IssuerAgent,
  type IssuerIdentity,
  type IssuerKeyRecords,
  type SignedCredential,
  type UnsignedCredentialInput,
} from '../../src/keys/index.ts';

const SECP256K1_HALF_N = secp256k1.CURVE.n >> 1n;

function licenceCredential(
  did: string,
  overrides: Partial<UnsignedCredentialInput> = {},
): UnsignedCredentialInput {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://medtrust.example/contexts/v1'],
    type: ['VerifiableCredential', 'MedicalLicenseCredential'],
    issuer: did,
    issuanceDate: '2025-03-01T10:00:00Z',
    expirationDate: '2035-03-01T10:00:00Z',
    id: `urn:uuid:${randomUUID()}`,
    credentialSubject: {
      id: 'did:ethr:medtrust:0x000000000000000000000000000000000000dEaD',
      licenseNumber: `PT-${randomUUID().slice(0, 8)}`,
      specialty: 'dermatology',
      jurisdiction: 'PT',
    },
    credentialSchema: { id: 'https://medtrust.example/schemas/medical-license/v1.json', type: 'JsonSchema' },
    credentialStatus: {
      id: 'urn:medtrust:status:1:42',
      type: 'MedtrustStatusRegistry2025',
      statusListIndex: '42',
    },
    ...overrides,
  };
}

function decodeSegment(jwt: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[index]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('issuer keys on the local chain', () => {
  let chain: LocalChain;
  let config: ChainConfig;
  let resolver: Resolvable;
  const secret = randomBytes(32).toString('hex');
  let records: IssuerKeyRecords;
  let agent: IssuerAgent;
  let board: IssuerIdentity;
  const agents: IssuerAgent[] = [];

  function newAgent(sealingSecret: string = secret): IssuerAgent {
    const created = createIssuerAgent({ chain: config, sealingSecret, records });
    agents.push(created);
    return created;
  }

  /** Verifies with Veramo (JWT and W3C JSON forms) and with did-jwt-vc; returns the verification method used. */
  async function assertVerifies(signed: SignedCredential): Promise<string> {
    const fromJwt = await agent.verifyCredential({ credential: signed.jwt });
    assert.equal(fromJwt.verified, true, JSON.stringify(fromJwt.error));
    const fromJson = await agent.verifyCredential({
      credential: signed.verifiableCredential,
      policies: { credentialStatus: false }, // status is the verifier's chain check, not part of this module
    });
    assert.equal(fromJson.verified, true, JSON.stringify(fromJson.error));
    const viaDidJwtVc = await verifyWithDidJwtVc(signed.jwt, resolver);
    return viaDidJwtVc.signer.id;
  }

  async function assertDoesNotVerify(signed: SignedCredential): Promise<void> {
    const result = await agent.verifyCredential({ credential: signed.jwt });
    assert.equal(result.verified, false);
    await assert.rejects(verifyWithDidJwtVc(signed.jwt, resolver));
  }

  async function verificationMethodIds(did: string): Promise<string[]> {
    const { didDocument } = await agent.resolveDid({ didUrl: did });
    return (didDocument?.verificationMethod ?? []).map((vm) => vm.id);
  }

  before(async () => {
    chain = await startLocalChain();
    const deployment = await deployRegistries({
      rpcUrl: chain.rpcUrl,
      deployerPrivateKey: chain.accounts[0]!,
    });
    config = { ...deployment, rpcUrl: chain.rpcUrl, didNetworkName: 'medtrust' };
    resolver = createEthrDidResolver(config);
    records = createMemoryIssuerKeyRecords();
    agent = newAgent();
    board = await createIssuerIdentity(agent, 'medical-board-pt');
  });

  after(async () => {
    for (const created of agents) closeIssuerAgent(created);
    await chain?.stop();
  });

  it('creates an address-form did:ethr identity on the configured network; the controller key signs', async () => {
    assert.equal(board.did, ethrDid(config, board.address));
    assert.equal(board.kid, `${board.did}#controller`);
    assert.deepEqual(await createIssuerIdentity(agent, 'medical-board-pt'), board); // idempotent per alias
    const { didDocument } = await agent.resolveDid({ didUrl: board.did });
    const controller = didDocument?.verificationMethod?.find((vm) => vm.id === board.kid);
    assert.equal(controller?.blockchainAccountId, `eip155:${config.chainId}:${board.address}`);
    const active = await signingKeysOf(agent).active(board.did);
    assert.equal(active?.kid, board.kid);
    assert.equal(active?.origin, 'controller');
  });

  it('never stores a private key unsealed (every record scanned)', async () => {
    await createIssuerIdentity(agent, 'scan-check');
    const privateKeys = await new SealedPrivateKeyStore(
      records.privateKeys,
      new KeySealer(secret),
    ).listKeys();
    assert.ok(privateKeys.length >= 2);
    const everything = JSON.stringify([
      await records.privateKeys.list(),
      await records.keys.list(),
      await records.dids.list(),
      await records.signingKeys.list(),
    ]);
    for (const { privateKeyHex } of privateKeys) {
      const raw = Buffer.from(privateKeyHex, 'hex');
      for (const form of [
        privateKeyHex,
        privateKeyHex.toUpperCase(),
        raw.toString('base64'),
        raw.toString('base64url'),
      ]) {
        assert.equal(everything.includes(form), false, 'a private key appears in the records');
      }
    }
    for (const record of await records.privateKeys.list()) assert.match(record.sealedPrivateKey, /^v1:/);
  });

  it('signs JWT credentials that verify with Veramo and did-jwt-vc, byte-identical to Veramo’s payload', async () => {
    const signer = await createCredentialSigner(agent, { did: board.did });
    assert.equal(signer.kid, board.kid);
    const input = licenceCredential(board.did);
    const signed = await signer.sign(input);

    assert.deepEqual(decodeSegment(signed.jwt, 0), { alg: 'ES256K', typ: 'JWT', kid: board.kid });
    const payload = decodeSegment(signed.jwt, 1);
    assert.deepEqual(Object.keys(payload), ['exp', 'vc', 'sub', 'jti', 'nbf', 'iss']);
    assert.deepEqual(payload, { ...transformCredentialInput(input as never), iss: board.did });

    const veramo = await agent.createVerifiableCredential({ credential: input as never, proofFormat: 'jwt' });
    assert.equal(
      signed.jwt.split('.')[1],
      (veramo.proof.jwt as string).split('.')[1],
      'same payload bytes as Veramo',
    );
    assert.deepEqual(signed.verifiableCredential, normalizeCredential(signed.jwt));
    assert.deepEqual(signed.verifiableCredential.proof, { type: 'JwtProof2020', jwt: signed.jwt });

    assert.equal(await assertVerifies(signed), board.kid);
  });

  it('maps the W3C fields like did-jwt-vc for optional and extra properties', async () => {
    const signer = await createCredentialSigner(agent, { did: board.did });
    const variants: UnsignedCredentialInput[] = [
      { credentialSubject: { licenseNumber: 'no-id' } },
      {
        issuer: { id: board.did, name: 'Ordem dos Médicos' },
        credentialSubject: { id: 'did:example:1', a: 1 },
      },
      { ...licenceCredential(board.did), description: 'extra top-level claim', expirationDate: undefined },
      {
        ...licenceCredential(board.did),
        type: 'MedicalLicenseCredential',
        '@context': 'https://medtrust.example/c',
      },
    ];
    for (const input of variants) {
      const signed = await signer.sign(input);
      assert.deepEqual(signed.verifiableCredential, normalizeCredential(signed.jwt));
      const expected = transformCredentialInput({
        ...input,
        '@context': signed.verifiableCredential['@context'],
        type: signed.verifiableCredential.type,
        issuer: input.issuer ?? board.did,
        issuanceDate: signed.verifiableCredential.issuanceDate,
      } as never);
      assert.deepEqual(decodeSegment(signed.jwt, 1), {
        ...JSON.parse(JSON.stringify(expected)),
        iss: board.did,
      });
      await assertVerifies(signed);
    }
  });

  it('emits only low-S signatures', async () => {
    const signer = await createCredentialSigner(agent, { did: board.did });
    const { publicKeyHex } = (await signingKeysOf(agent).active(board.did))!;
    for (let i = 0; i < 24; i++) {
      const { jwt } = await signer.sign(licenceCredential(board.did));
      const [header, payload, signature] = jwt.split('.');
      const compact = new Uint8Array(Buffer.from(signature!, 'base64url'));
      assert.ok(secp256k1.Signature.fromCompact(compact).s <= SECP256K1_HALF_N);
      const digest = createHash('sha256').update(`${header}.${payload}`).digest();
      // strict verification: @noble/curves refuses high-S signatures with lowS: true
      assert.ok(
        secp256k1.verify(compact, digest, new Uint8Array(Buffer.from(publicKeyHex, 'hex')), {
          lowS: true,
          prehash: false,
        }),
      );
    }
  });

  it('refuses malformed credentials with INVALID_ARGUMENT', async () => {
    const signer = await createCredentialSigner(agent, { did: board.did });
    const bad: unknown[] = [
      {
        ...licenceCredential(board.did),
        issuer: 'did:ethr:medtrust:0x0000000000000000000000000000000000000001',
      },
      { ...licenceCredential(board.did), credentialSubject: [{ a: 1 }] },
      { ...licenceCredential(board.did), credentialSubject: { id: 'did:example:only-id' } },
      { ...licenceCredential(board.did), issuanceDate: 'not a date' },
      { ...licenceCredential(board.did), vc: {} },
      { ...licenceCredential(board.did), proof: { type: 'JwtProof2020' } },
    ];
    for (const input of bad) {
      await assert.rejects(signer.sign(input as UnsignedCredentialInput), { code: 'INVALID_ARGUMENT' });
    }
  });

  it('rotation: old credentials verify, the retired key never signs, the new delegate signs and is listed', async () => {
    const oldSigner = await createCredentialSigner(agent, { did: board.did });
    const credentialA = await oldSigner.sign(licenceCredential(board.did));
    const retiredKeyRef = (await signingKeysOf(agent).get(board.kid))!.keyRef;

    const rotation = await rotateSigningKey(agent, board.did);
    assert.equal(rotation.retiredKid, board.kid);
    assert.match(rotation.kid, new RegExp(`^${board.did}#delegate-\\d+$`));

    // the DID document lists the new delegate (as an assertion method) and still the controller
    const { didDocument } = await agent.resolveDid({ didUrl: board.did });
    const active = (await signingKeysOf(agent).active(board.did))!;
    const delegate = didDocument?.verificationMethod?.find((vm) => vm.id === rotation.kid);
    assert.equal(delegate?.publicKeyHex, active.publicKeyHex);
    assert.ok(didDocument?.assertionMethod?.includes(rotation.kid));
    assert.ok(didDocument?.verificationMethod?.some((vm) => vm.id === board.kid));

    // credential A, signed before the rotation, still verifies
    assert.equal(await assertVerifies(credentialA), board.kid);

    // the retired key refuses to sign: the open signer, a new signer for it, and the Veramo path
    await assert.rejects(oldSigner.sign(licenceCredential(board.did)), { code: 'KEY_RETIRED' });
    await assert.rejects(createCredentialSigner(agent, { did: board.did, kid: board.kid }), {
      code: 'KEY_RETIRED',
    });
    await assert.rejects(
      agent.createVerifiableCredential({
        credential: licenceCredential(board.did) as never,
        proofFormat: 'jwt',
        keyRef: retiredKeyRef,
      }),
      { code: 'KEY_RETIRED' },
    );

    // the new key signs credentials that verify, through the fast path and through Veramo
    const newSigner = await createCredentialSigner(agent, { did: board.did });
    assert.equal(newSigner.kid, rotation.kid);
    const credentialB = await newSigner.sign(licenceCredential(board.did));
    assert.equal(decodeSegment(credentialB.jwt, 0).kid, rotation.kid);
    assert.equal(await assertVerifies(credentialB), rotation.kid);
    const viaVeramo = await agent.createVerifiableCredential({
      credential: licenceCredential(board.did) as never,
      proofFormat: 'jwt',
      keyRef: active.keyRef,
    });
    assert.equal(
      (await agent.verifyCredential({ credential: viaVeramo.proof.jwt as string })).verified,
      true,
    );

    // the registry records the rotation
    const history = await signingKeysOf(agent).list(board.did);
    assert.deepEqual(
      history.map((r) => [r.kid, r.status, r.origin]),
      [
        [board.kid, 'retired', 'controller'],
        [rotation.kid, 'active', 'delegate'],
      ],
    );
    assert.ok(history[0]!.retiredAt);
    assert.equal(history[1]!.validUntil, rotation.validUntil);
    assert.ok(Date.parse(rotation.validUntil) > Date.now() + 9 * 365 * 86_400_000);
  });

  it('a retired delegate stays in the DID document, and keeps verifying, until its ERC-1056 validity ends', async () => {
    const issuer = await createIssuerIdentity(agent, 'hospital-lisbon');
    const first = await rotateSigningKey(agent, issuer.did); // delegate with the default (long) validity
    const short = await rotateSigningKey(agent, issuer.did, { validitySeconds: 4 });
    const credentialShort = await (
      await createCredentialSigner(agent, { did: issuer.did })
    ).sign(licenceCredential(issuer.did));
    const last = await rotateSigningKey(agent, issuer.did); // retires the short-lived delegate
    assert.equal(last.retiredKid, short.kid);
    assert.ok((await verificationMethodIds(issuer.did)).includes(short.kid));
    assert.equal(await assertVerifies(credentialShort), short.kid);

    await sleep(Math.max(0, Date.parse(short.validUntil) - Date.now()) + 1_500);
    const ids = await verificationMethodIds(issuer.did);
    assert.equal(ids.includes(short.kid), false, 'expired delegate left the DID document');
    assert.ok(ids.includes(first.kid) && ids.includes(last.kid) && ids.includes(issuer.kid));
    await assertDoesNotVerify(credentialShort); // documented consequence of a short validity
  });

  it('a signer sharing the records in another process notices a rotation made elsewhere', async () => {
    const clinic = await createIssuerIdentity(agent, 'clinic-porto');
    const otherProcess = newAgent();
    const signer = await createCredentialSigner(otherProcess, { did: clinic.did, recheckIntervalMs: 0 });
    await signer.sign(licenceCredential(clinic.did));
    await rotateSigningKey(agent, clinic.did);
    await assert.rejects(signer.sign(licenceCredential(clinic.did)), { code: 'KEY_RETIRED' });
  });

  it('an agent with the wrong sealing secret cannot open the keys; a bad secret is a configuration error', async () => {
    const wrong = newAgent(randomBytes(32).toString('hex'));
    await assert.rejects(createCredentialSigner(wrong, { did: board.did }), { code: 'KEY_UNSEAL_FAILED' });
    assert.throws(() => newAgent('abcd'), { code: 'CONFIGURATION_INVALID' });
    await assert.rejects(createCredentialSigner(agent, { did: 'did:ethr:medtrust:0x0' }), {
      code: 'KEY_NOT_FOUND',
    });
  });
});
