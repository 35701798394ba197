/**
 * Issuance signing on libsecp256k1 (npm secp256k1's native addon): the fast signer's ES256K JWS signatures are
 * 64-byte low-S `r‖s` (IEEE P1363) and verify with every core signature verifier.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import { createNobleSignatureVerifier, createNodeSignatureVerifier, type ChainConfig } from '@medtrust/core';
import { createNativeSignatureVerifier } from '@medtrust/core/native-signature-verifier';
import {
  closeIssuerAgent,
  createCredentialSigner,
  createIssuerAgent,
  createIssuerIdentity,
  createMemoryIssuerKeyRecords,
  signingKeysOf,
  type IssuerAgent,
  type IssuerIdentity,
} from '../../src/keys/index.ts';
import { credentialSigningBackend } from '../../src/keys/credential-signer.ts';

const HALF_N = secp256k1.CURVE.n >> 1n;

describe('issuance signing on libsecp256k1', () => {
  let chain: LocalChain;
  let agent: IssuerAgent;
  let board: IssuerIdentity;

  before(async () => {
    chain = await startLocalChain();
    const deployment = await deployRegistries({
      rpcUrl: chain.rpcUrl,
      deployerPrivateKey: chain.accounts[0]!,
    });
    const config: ChainConfig = { ...deployment, rpcUrl: chain.rpcUrl, didNetworkName: 'medtrust' };
    agent = createIssuerAgent({
      chain: config,
      sealingSecret: randomBytes(32).toString('hex'),
      records: createMemoryIssuerKeyRecords(),
    });
    board = await createIssuerIdentity(agent, 'medical-board-native');
  });

  after(async () => {
    if (agent) closeIssuerAgent(agent);
    await chain?.stop();
  });

  it('signs on the native addon (not on a silent pure-JS fallback)', () => {
    assert.equal(credentialSigningBackend(), 'libsecp256k1');
  });

  it('emits 64-byte low-S r||s signatures that every core verifier accepts, and a high-S twin none accepts', async () => {
    const signer = await createCredentialSigner(agent, { did: board.did });
    const { publicKeyHex } = (await signingKeysOf(agent).active(board.did))!;
    const publicKey = new Uint8Array(Buffer.from(publicKeyHex.replace(/^0x/, ''), 'hex'));
    const verifiers = {
      native: createNativeSignatureVerifier(),
      node: createNodeSignatureVerifier(),
      noble: createNobleSignatureVerifier(),
    };
    for (let i = 0; i < 32; i++) {
      const { jwt } = await signer.sign({
        type: ['VerifiableCredential', 'MedicalLicenseCredential'],
        issuer: board.did,
        id: `urn:uuid:${randomUUID()}`,
        credentialSubject: { id: 'did:example:holder', licenseNumber: `PT-${i}` },
      });
      const [header, payload, encoded] = jwt.split('.');
      assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()).alg, 'ES256K');
      const signature = new Uint8Array(Buffer.from(encoded!, 'base64url'));
      assert.equal(signature.length, 64);
      const parsed = secp256k1.Signature.fromCompact(signature);
      assert.ok(parsed.s <= HALF_N, 'low-S');
      const signingInput = new Uint8Array(Buffer.from(`${header}.${payload}`, 'ascii'));
      const key = { kind: 'secp256k1', publicKey } as const;
      const highS = new secp256k1.Signature(parsed.r, secp256k1.CURVE.n - parsed.s).toCompactRawBytes();
      for (const [name, verifier] of Object.entries(verifiers)) {
        assert.equal(verifier.verify({ alg: 'ES256K', signingInput, signature, key }), true, name);
        assert.equal(verifier.verify({ alg: 'ES256K', signingInput, signature: highS, key }), false, name);
      }
    }
  });
});
