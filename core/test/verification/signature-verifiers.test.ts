// The node:crypto and the pure-JavaScript signature verifiers agree on every key encoding and algorithm, on valid and
// invalid signatures; key material is read from every verification-method encoding the DID methods produce.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign as nodeSign } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { sha256 } from '@noble/hashes/sha256';
import type { VerificationMethod } from 'did-resolver';
import {
  createNobleSignatureVerifier,
  createNodeSignatureVerifier,
  isNodeCryptoAvailable,
  type JwsAlgorithm,
  type SignatureVerifier,
  type VerificationKey,
} from '@medtrust/core';
import {
  createNativeSignatureVerifier,
  isNativeSecp256k1Available,
} from '@medtrust/core/native-signature-verifier';
import { verificationKeyOf } from '../../src/verification/verification-key.ts';
import { ethereumAddressOf } from '../../src/verification/secp256k1-keys.ts';
import { decodeBase64Url } from '../../src/verification/base64url.ts';
import { decodeBase58 } from '../../src/verification/base58.ts';

const verifiers: Array<[string, SignatureVerifier]> = [
  ['node:crypto', createNodeSignatureVerifier()],
  ['noble', createNobleSignatureVerifier()],
  ['libsecp256k1', createNativeSignatureVerifier()],
];
const input = new TextEncoder().encode('eyJhbGciOiJFUzI1NksifQ.eyJpc3MiOiJkaWQ6ZXRocjoweDEifQ');

function secpSignature(privateKey: Uint8Array, recoverable = false): Uint8Array {
  const signature = secp256k1.sign(sha256(input), privateKey);
  const compact = signature.toCompactRawBytes();
  return recoverable ? Uint8Array.from([...compact, signature.recovery]) : compact;
}

function both(
  alg: JwsAlgorithm,
  signature: Uint8Array,
  key: VerificationKey,
  expected: boolean,
  message = '',
): void {
  for (const [name, verifier] of verifiers) {
    // twice: the second call hits the verifier's key caches
    for (let i = 0; i < 2; i++) {
      assert.equal(
        verifier.verify({ alg, signingInput: input, signature, key }),
        expected,
        `${name} ${alg} ${message}`,
      );
    }
  }
}

describe('signature verifiers', () => {
  it('node:crypto is available here', () => assert.equal(isNodeCryptoAvailable(), true));

  it('ES256K with a full key, an address-only key, and ES256K-R', () => {
    const privateKey = randomBytes(32);
    const publicKey = secp256k1.getPublicKey(privateKey, false);
    const full: VerificationKey = { kind: 'secp256k1', publicKey };
    const address: VerificationKey = { kind: 'secp256k1-address', address: ethereumAddressOf(publicKey) };
    const signature = secpSignature(privateKey);
    both('ES256K', signature, full, true, 'full');
    both('ES256K', signature, address, true, 'address');
    both('ES256K-R', secpSignature(privateKey, true), address, true, 'recoverable');
    both('ES256K-R', secpSignature(privateKey, true), full, true, 'recoverable full');

    const other = secp256k1.getPublicKey(randomBytes(32), false);
    both('ES256K', signature, { kind: 'secp256k1', publicKey: other }, false, 'other key');
    both(
      'ES256K',
      signature,
      { kind: 'secp256k1-address', address: ethereumAddressOf(other) },
      false,
      'other address',
    );
    const tampered = Uint8Array.from(signature);
    tampered[10] = tampered[10]! ^ 1;
    both('ES256K', tampered, full, false, 'tampered');
    both('ES256K', signature.subarray(0, 63), full, false, 'short');
    both('ES256K', new Uint8Array(64), full, false, 'zeros');
    both('ES256K', new Uint8Array(64).fill(0xff), address, false, 'out of range');
    both('EdDSA', signature, full, false, 'alg/key mismatch');
  });

  it('refuses high-S ECDSA signatures (low-s only, as noble and did-jwt), for full keys and addresses', () => {
    const privateKey = randomBytes(32);
    const publicKey = secp256k1.getPublicKey(privateKey, false);
    const low = secp256k1.sign(sha256(input), privateKey);
    const high = new secp256k1.Signature(low.r, secp256k1.CURVE.n - low.s);
    both('ES256K', low.toCompactRawBytes(), { kind: 'secp256k1', publicKey }, true, 'low-S');
    both('ES256K', high.toCompactRawBytes(), { kind: 'secp256k1', publicKey }, false, 'high-S');
    const address = { kind: 'secp256k1-address', address: ethereumAddressOf(publicKey) } as const;
    const highRecoverable = new Uint8Array([...high.toCompactRawBytes(), low.recovery ^ 1]);
    both('ES256K-R', highRecoverable, address, false, 'high-S ES256K-R');
    both('ES256K-R', high.toCompactRawBytes(), address, false, 'high-S ES256K-R without v');
    const badV = new Uint8Array([...low.toCompactRawBytes(), 5]);
    both('ES256K-R', badV, { kind: 'secp256k1', publicKey }, false, 'recovery byte 5');
  });

  it('EdDSA', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = decodeBase64Url((publicKey.export({ format: 'jwk' }) as { x: string }).x)!;
    const signature = new Uint8Array(nodeSign(null, input, privateKey));
    both('EdDSA', signature, { kind: 'ed25519', publicKey: raw }, true);
    both('EdDSA', signature, { kind: 'ed25519', publicKey: new Uint8Array(32).fill(1) }, false, 'other key');
    both('ES256K', signature, { kind: 'ed25519', publicKey: raw }, false, 'alg/key mismatch');
  });

  it('reads keys from every verification-method encoding', () => {
    const privateKey = randomBytes(32);
    const uncompressed = secp256k1.getPublicKey(privateKey, false);
    const compressed = secp256k1.getPublicKey(privateKey, true);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const b58 = (b: Uint8Array) => {
      let n = BigInt(`0x${hex(b)}`);
      let out = '';
      const A = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
      while (n > 0n) {
        out = A[Number(n % 58n)] + out;
        n /= 58n;
      }
      return out;
    };
    const methods: Array<Partial<VerificationMethod> & { type: string }> = [
      { type: 'EcdsaSecp256k1VerificationKey2019', publicKeyHex: hex(uncompressed) },
      { type: 'EcdsaSecp256k1VerificationKey2019', publicKeyHex: hex(compressed) },
      { type: 'Secp256k1VerificationKey2018', publicKeyBase58: b58(compressed) },
      { type: 'Multikey', publicKeyMultibase: `z${b58(Uint8Array.from([0xe7, 0x01, ...compressed]))}` },
      {
        type: 'JsonWebKey2020',
        publicKeyJwk: {
          kty: 'EC',
          crv: 'secp256k1',
          x: Buffer.from(uncompressed.subarray(1, 33)).toString('base64url'),
          y: Buffer.from(uncompressed.subarray(33)).toString('base64url'),
        },
      },
    ];
    const signature = secpSignature(privateKey);
    for (const method of methods) {
      const key = verificationKeyOf({ id: '#k', controller: 'did:x:y', ...method } as VerificationMethod);
      assert.ok(key, JSON.stringify(method));
      assert.equal(key.kind, 'secp256k1');
      both('ES256K', signature, key, true, method.type);
    }
    const addressKey = verificationKeyOf({
      id: '#controller',
      controller: 'did:x:y',
      type: 'EcdsaSecp256k1RecoveryMethod2020',
      blockchainAccountId: `eip155:1:${ethereumAddressOf(uncompressed)}`,
    });
    assert.deepEqual(addressKey, { kind: 'secp256k1-address', address: ethereumAddressOf(uncompressed) });

    const ed = randomBytes(32);
    for (const method of [
      { type: 'Ed25519VerificationKey2018', publicKeyBase58: b58(ed) },
      {
        type: 'Ed25519VerificationKey2020',
        publicKeyMultibase: `z${b58(Uint8Array.from([0xed, 0x01, ...ed]))}`,
      },
      { type: 'JsonWebKey2020', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: ed.toString('base64url') } },
    ]) {
      const key = verificationKeyOf({ id: '#e', controller: 'did:x:y', ...method } as VerificationMethod);
      assert.equal(key?.kind, 'ed25519', method.type);
    }
    for (const junk of [
      { type: 'X25519KeyAgreementKey2019', publicKeyBase58: b58(ed) },
      { type: 'EcdsaSecp256k1VerificationKey2019', publicKeyHex: 'zz' },
      { type: 'EcdsaSecp256k1VerificationKey2019', publicKeyHex: `04${'00'.repeat(64)}` },
      { type: 'RsaVerificationKey2018', publicKeyPem: '-----BEGIN' },
      { type: 'JsonWebKey2020', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' } },
    ]) {
      assert.equal(
        verificationKeyOf({ id: '#j', controller: 'did:x:y', ...junk } as VerificationMethod),
        undefined,
        junk.type,
      );
    }
  });

  it('decodes base64url strictly and base58btc', () => {
    assert.deepEqual(decodeBase64Url('AQID'), Uint8Array.from([1, 2, 3]));
    assert.deepEqual(decodeBase64Url('AQ'), Uint8Array.from([1]));
    assert.equal(decodeBase64Url('AR'), undefined); // non-zero trailing bits
    assert.equal(decodeBase64Url('A'), undefined);
    assert.equal(decodeBase64Url('AQ=='), undefined);
    assert.equal(decodeBase64Url('A+/B'), undefined);
    assert.deepEqual(decodeBase58('1112'), Uint8Array.from([0, 0, 0, 1]));
    assert.equal(decodeBase58('0OIl'), undefined);
  });
});

describe('libsecp256k1 verifier', () => {
  it('loads the compiled addon itself, not the pure-JavaScript fallback of the package root', () => {
    assert.equal(isNativeSecp256k1Available(), true);
  });

  it('answers false, never throws, for garbage keys and signatures', () => {
    const verifier = createNativeSignatureVerifier();
    const junk = [new Uint8Array(0), new Uint8Array(64), new Uint8Array(65).fill(255), randomBytes(64)];
    for (const signature of junk) {
      for (const key of [
        { kind: 'secp256k1', publicKey: new Uint8Array(65) } as const,
        { kind: 'secp256k1', publicKey: randomBytes(33) } as const,
        { kind: 'secp256k1-address', address: '0x0000000000000000000000000000000000000000' } as const,
      ]) {
        for (const alg of ['ES256K', 'ES256K-R'] as const) {
          assert.equal(verifier.verify({ alg, signingInput: input, signature, key }), false);
        }
      }
    }
  });
});
