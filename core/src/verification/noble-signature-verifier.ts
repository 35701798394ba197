/**
 * Pure-JavaScript signature verification (`@noble/curves`), for browsers (the wallet) and as a reference for the
 * `node:crypto` verifier. ECDSA signatures must be low-s (`s` ≤ n/2), as `@noble/curves` and did-jwt require: the
 * high-s twin (r, n − s) of a signature is refused, so one JWT has one byte form.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1';
import { sha256 } from '@noble/hashes/sha256';
import { LruCache } from './lru-cache.ts';
import { recoverSecp256k1Key, isAcceptableEcdsaSignature } from './secp256k1-keys.ts';
import type { SignatureCheck, SignatureVerifier } from './signature-verifier.ts';

/**
 * Builds a verifier running entirely in JavaScript. Keys recovered for address-only methods are cached per address.
 * @returns the verifier.
 * @see https://www.rfc-editor.org/rfc/rfc8812#section-3.2 (ES256K)
 * @see https://www.rfc-editor.org/rfc/rfc8037#section-3.1 (EdDSA)
 */
export function createNobleSignatureVerifier(): SignatureVerifier {
  const recovered = new LruCache<string, Uint8Array>(10_000);
  return {
    verify(check: SignatureCheck): boolean {
      try {
        const { alg, signingInput, signature, key } = check;
        if (alg === 'EdDSA') {
          if (key.kind !== 'ed25519' || signature.length !== 64) return false;
          return ed25519.verify(signature, signingInput, key.publicKey, { zip215: false });
        }
        if (key.kind === 'ed25519') return false;
        if (!isAcceptableEcdsaSignature(alg, signature)) return false;
        const hash = sha256(signingInput);
        let publicKey: Uint8Array | undefined;
        if (key.kind === 'secp256k1') publicKey = key.publicKey;
        else {
          publicKey = recovered.get(key.address);
          if (publicKey === undefined) {
            publicKey = recoverSecp256k1Key(hash, signature, key.address);
            if (publicKey === undefined) return false;
            recovered.set(key.address, publicKey);
          }
        }
        return secp256k1.verify(signature.subarray(0, 64), hash, publicKey, { lowS: true });
      } catch {
        return false;
      }
    },
  };
}
