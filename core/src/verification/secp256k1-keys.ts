/**
 * secp256k1 key helpers in pure JavaScript (`@noble/curves`): point validation and decompression, Ethereum
 * addresses, and public-key recovery from an ECDSA signature (for DID methods that publish only an address).
 * @see https://www.secg.org/sec1-v2.pdf (SEC 1 §2.3.3, §4.1.6)
 */
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';

const HEX = '0123456789abcdef';

/** n / 2 for secp256k1's group order n, big-endian: the largest `s` of a canonical (low-s) ECDSA signature. */
const HALF_ORDER = Uint8Array.from(
  '7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0'.match(/../g)!,
  (pair) => parseInt(pair, 16),
);

/**
 * The form rules every ES256K verifier applies before any curve arithmetic: `ES256K` is 64 bytes `r‖s`, `ES256K-R`
 * 65 bytes `r‖s‖v` (v ∈ {0, 1, 27, 28}) or 64; high-s is refused so that one JWT has one byte form.
 * @param alg - `ES256K` or `ES256K-R`.
 * @param signature - the decoded signature.
 * @returns true when the signature has an acceptable form.
 */
export function isAcceptableEcdsaSignature(alg: 'ES256K' | 'ES256K-R', signature: Uint8Array): boolean {
  if (signature.length !== (alg === 'ES256K' ? 64 : 65) && !(alg === 'ES256K-R' && signature.length === 64)) {
    return false;
  }
  if (hasHighS(signature)) return false;
  return signature.length !== 65 || isRecoveryByte(signature[64]!);
}

/**
 * Tells whether an ECDSA secp256k1 signature (`r‖s`, or `r‖s‖v`) has a high `s` (s > n/2). For every valid
 * signature (r, s), (r, n − s) verifies too: accepting both gives one JWT two byte forms. Like libsecp256k1,
 * `@noble/curves` and did-jwt, medtrust accepts low-s only.
 * @param signature - 64 or 65 bytes (other lengths: false, the length check refuses them).
 * @returns true when `s` > n/2.
 * @see https://github.com/bitcoin/bips/blob/master/bip-0062.mediawiki#low-s-values-in-signatures
 */
export function hasHighS(signature: Uint8Array): boolean {
  if (signature.length !== 64 && signature.length !== 65) return false;
  for (let i = 0; i < 32; i++) {
    const byte = signature[32 + i]!;
    const limit = HALF_ORDER[i]!;
    if (byte !== limit) return byte > limit;
  }
  return false;
}

/**
 * @param v - the recovery byte of an `ES256K-R` signature.
 * @returns whether it is a recovery id medtrust accepts: 0 or 1 (did-jwt), or 27 / 28 (Ethereum style).
 */
export function isRecoveryByte(v: number): boolean {
  return v === 0 || v === 1 || v === 27 || v === 28;
}

/**
 * @param bytes - bytes.
 * @returns lowercase hex without `0x`.
 */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!;
  return out;
}

/**
 * Validates a SEC1 public key (33-byte compressed or 65-byte uncompressed) and returns it uncompressed.
 * @param bytes - the encoded point.
 * @returns the 65-byte uncompressed point, or `undefined` when it is not a point of the curve.
 */
export function uncompressedSecp256k1Key(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length !== 33 && bytes.length !== 65) return undefined;
  try {
    return secp256k1.ProjectivePoint.fromHex(bytes).toRawBytes(false);
  } catch {
    return undefined;
  }
}

/**
 * The Ethereum address of a public key: last 20 bytes of keccak-256 of the uncompressed point without its prefix.
 * @param uncompressed - 65-byte uncompressed point.
 * @returns `0x…` lowercase.
 */
export function ethereumAddressOf(uncompressed: Uint8Array): string {
  return `0x${toHex(keccak_256(uncompressed.subarray(1)).subarray(12))}`;
}

/**
 * Recovers the public key that made an ECDSA signature and returns it when its address is `address`. Tries the
 * recovery byte when the signature carries one (`r‖s‖v`, v ∈ {0, 1, 27, 28}), otherwise both candidates.
 * @param messageHash - SHA-256 of the signing input.
 * @param signature - 64 or 65 bytes.
 * @param address - expected address, `0x…` lowercase.
 * @returns the 65-byte uncompressed key, or `undefined` when no candidate has that address.
 */
export function recoverSecp256k1Key(
  messageHash: Uint8Array,
  signature: Uint8Array,
  address: string,
): Uint8Array | undefined {
  if (signature.length !== 64 && signature.length !== 65) return undefined;
  const compact = signature.subarray(0, 64);
  const v = signature.length === 65 ? signature[64]! : undefined;
  const candidates = v === undefined ? [0, 1] : [v >= 27 ? v - 27 : v];
  for (const recovery of candidates) {
    if (recovery !== 0 && recovery !== 1) continue;
    try {
      const point = secp256k1.Signature.fromCompact(compact)
        .addRecoveryBit(recovery)
        .recoverPublicKey(messageHash);
      const key = point.toRawBytes(false);
      if (ethereumAddressOf(key) === address) return key;
    } catch {
      // not a valid signature for this recovery id
    }
  }
  return undefined;
}
