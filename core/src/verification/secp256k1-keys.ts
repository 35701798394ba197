/**
 * secp256k1 key helpers in pure JavaScript (`@noble/curves`): point validation and decompression, Ethereum
 * addresses, and public-key recovery from an ECDSA signature (for DID methods that publish only an address).
 * @see https://www.secg.org/sec1-v2.pdf (SEC 1 §2.3.3, §4.1.6)
 */
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';

const HEX = '0123456789abcdef';

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
