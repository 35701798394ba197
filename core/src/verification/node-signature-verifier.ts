/**
 * Signature verification with OpenSSL through `node:crypto` — the default on Node, several times faster than pure
 * JavaScript. Public keys become `KeyObject`s once and are cached; for address-only secp256k1 methods the public key
 * is recovered once (pure JavaScript) from the first valid signature and cached by address. ECDSA signatures must be
 * low-s (OpenSSL alone would also accept the high-s twin of every signature).
 */
import * as nodeCrypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { LruCache } from './lru-cache.ts';
import { recoverSecp256k1Key, isAcceptableEcdsaSignature } from './secp256k1-keys.ts';
import type { SignatureCheck, SignatureVerifier, VerificationKey } from './signature-verifier.ts';

/**
 * Tells whether `node:crypto` is usable here (false in a browser bundle, where the module is an empty shim).
 */
export function isNodeCryptoAvailable(): boolean {
  return typeof nodeCrypto.createPublicKey === 'function' && typeof nodeCrypto.verify === 'function';
}

/**
 * Builds the `node:crypto` verifier.
 * @returns the verifier. Never throws; where `node:crypto` is missing its answers are all false, so check
 *   {@link isNodeCryptoAvailable} first.
 * @see https://nodejs.org/docs/latest-v20.x/api/crypto.html#cryptoverifyalgorithm-data-key-signature-callback
 */
export function createNodeSignatureVerifier(): SignatureVerifier {
  const byKey = new WeakMap<VerificationKey, KeyObject>();
  const byAddress = new LruCache<string, KeyObject>(10_000);

  function secp256k1KeyObject(publicKey: Uint8Array): KeyObject {
    return nodeCrypto.createPublicKey({
      format: 'jwk',
      key: {
        kty: 'EC',
        crv: 'secp256k1',
        x: base64url(publicKey.subarray(1, 33)),
        y: base64url(publicKey.subarray(33, 65)),
      },
    });
  }

  function keyObjectFor(key: VerificationKey): KeyObject {
    let keyObject = byKey.get(key);
    if (keyObject === undefined) {
      keyObject =
        key.kind === 'ed25519'
          ? nodeCrypto.createPublicKey({
              format: 'jwk',
              key: { kty: 'OKP', crv: 'Ed25519', x: base64url(key.publicKey) },
            })
          : secp256k1KeyObject((key as { publicKey: Uint8Array }).publicKey);
      byKey.set(key, keyObject);
    }
    return keyObject;
  }

  return {
    verify(check: SignatureCheck): boolean {
      try {
        const { alg, signingInput, signature, key } = check;
        if (alg === 'EdDSA') {
          if (key.kind !== 'ed25519' || signature.length !== 64) return false;
          return nodeCrypto.verify(null, signingInput, keyObjectFor(key), signature);
        }
        if (key.kind === 'ed25519') return false;
        if (!isAcceptableEcdsaSignature(alg, signature)) return false;
        let keyObject: KeyObject | undefined;
        if (key.kind === 'secp256k1') keyObject = keyObjectFor(key);
        else {
          keyObject = byAddress.get(key.address);
          if (keyObject === undefined) {
            const hash = nodeCrypto.createHash('sha256').update(signingInput).digest();
            const publicKey = recoverSecp256k1Key(hash, signature, key.address);
            if (publicKey === undefined) return false;
            keyObject = secp256k1KeyObject(publicKey);
            byAddress.set(key.address, keyObject);
          }
        }
        return nodeCrypto.verify(
          'sha256',
          signingInput,
          { key: keyObject, dsaEncoding: 'ieee-p1363' },
          signature.length === 64 ? signature : signature.subarray(0, 64),
        );
      } catch {
        return false;
      }
    },
  };
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
