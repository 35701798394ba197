/**
 * ES256K / ES256K-R signature verification on libsecp256k1 (the npm package `secp256k1`, a native addon compiled
 * from its bundled sources by node-gyp at install) — about ten times OpenSSL's generic curve code. Ed25519 stays on
 * `node:crypto`. For address-only methods (did:ethr `#controller`) the public key is recovered once with libsecp256k1
 * and cached by address. Same decisions as the other verifiers: high-s refused, 64-byte `r‖s` or 65-byte `r‖s‖v`,
 * never throws for bad input. Node only: exported as `@medtrust/core/native-signature-verifier`, never from the
 * package root, which browsers bundle.
 * @see https://github.com/bitcoin-core/secp256k1
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { LruCache } from './lru-cache.ts';
import { createNodeSignatureVerifier } from './node-signature-verifier.ts';
import { ethereumAddressOf, isAcceptableEcdsaSignature } from './secp256k1-keys.ts';
import type { SignatureCheck, SignatureVerifier } from './signature-verifier.ts';

/** The part of the `secp256k1` addon's API used here. */
interface Secp256k1Addon {
  ecdsaVerify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed: boolean): Uint8Array;
}

let addon: Secp256k1Addon | null | undefined;

function loadAddon(): Secp256k1Addon | null {
  if (addon === undefined) {
    try {
      // `secp256k1/bindings` is the native addon alone: the package root silently falls back to elliptic (pure JS).
      addon = createRequire(import.meta.url)('secp256k1/bindings') as Secp256k1Addon;
    } catch {
      addon = null;
    }
  }
  return addon;
}

/**
 * Tells whether the libsecp256k1 addon loads here (false when it was not compiled, or outside Node).
 * @returns true when {@link createNativeSignatureVerifier} can be used.
 */
export function isNativeSecp256k1Available(): boolean {
  return loadAddon() !== null;
}

/**
 * Builds the libsecp256k1 verifier.
 * @returns the verifier.
 * @throws MedtrustError `CONFIGURATION_INVALID` when the native addon is missing (see
 *   {@link isNativeSecp256k1Available}).
 */
export function createNativeSignatureVerifier(): SignatureVerifier {
  const secp256k1 = loadAddon();
  if (secp256k1 === null) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      'the libsecp256k1 addon (npm secp256k1) is not built; run npm install (node-gyp) or use the node:crypto verifier',
    );
  }
  const ed25519 = createNodeSignatureVerifier();
  const byAddress = new LruCache<string, Uint8Array>(100_000);

  function recover(digest: Uint8Array, signature: Uint8Array, address: string): Uint8Array | undefined {
    const compact = signature.subarray(0, 64);
    const v = signature.length === 65 ? signature[64]! : undefined;
    const candidates = v === undefined ? [0, 1] : [v >= 27 ? v - 27 : v];
    for (const recovery of candidates) {
      try {
        const key = secp256k1!.ecdsaRecover(compact, recovery, digest, false);
        if (ethereumAddressOf(key) === address) return key;
      } catch {
        // not a valid signature for this recovery id
      }
    }
    return undefined;
  }

  return {
    verify(check: SignatureCheck): boolean {
      try {
        const { alg, signingInput, signature, key } = check;
        if (alg === 'EdDSA') return ed25519.verify(check);
        if (key.kind === 'ed25519') return false;
        if (!isAcceptableEcdsaSignature(alg, signature)) return false;
        const digest = createHash('sha256').update(signingInput).digest();
        let publicKey: Uint8Array | undefined;
        if (key.kind === 'secp256k1') publicKey = key.publicKey;
        else {
          publicKey = byAddress.get(key.address);
          if (publicKey === undefined) {
            publicKey = recover(digest, signature, key.address);
            if (publicKey === undefined) return false;
            byAddress.set(key.address, publicKey);
          }
        }
        return secp256k1!.ecdsaVerify(signature.subarray(0, 64), digest, publicKey);
      } catch {
        return false;
      }
    },
  };
}
