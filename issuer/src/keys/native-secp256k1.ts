/**
 * libsecp256k1 signing for the issuance fast path: the npm package `secp256k1`'s native addon (compiled from its
 * bundled sources by node-gyp at install), loaded as `secp256k1/bindings` so a missing build is detected instead of
 * silently running on the package's pure-JS elliptic fallback. libsecp256k1 signs deterministically (RFC 6979) and
 * always returns a normalised (low-S) 64-byte compact `r‖s` signature, which is the JWS (IEEE P1363) form.
 * @see https://github.com/bitcoin-core/secp256k1
 */
import { createRequire } from 'node:module';

/** The part of the `secp256k1` addon's API the signer uses. */
export interface Secp256k1SigningAddon {
  /** Signs a 32-byte digest; `signature` is the 64-byte compact low-S `r‖s`. */
  ecdsaSign(message: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number };
  /** The public key of a private key (65 bytes uncompressed, or 33 compressed). */
  publicKeyCreate(privateKey: Uint8Array, compressed: boolean): Uint8Array;
  /** Tells whether 32 bytes are a valid private key. */
  privateKeyVerify(privateKey: Uint8Array): boolean;
}

let addon: Secp256k1SigningAddon | null | undefined;

/**
 * The libsecp256k1 addon, loaded once.
 * @returns the addon, or null when it is not built here.
 */
export function loadNativeSecp256k1(): Secp256k1SigningAddon | null {
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)('secp256k1/bindings') as Secp256k1SigningAddon;
    } catch {
      addon = null;
    }
  }
  return addon;
}
