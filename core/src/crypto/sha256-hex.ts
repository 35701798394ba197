/**
 * SHA-256 of a string's UTF-8 bytes as `0x` + 64 lowercase hex digits: OpenSSL through `node:crypto` on Node (about
 * 4× faster than JavaScript on a 1 KB credential, measured on the verifier's hot path), `@noble/hashes` in a browser,
 * where `node:crypto` is an empty shim. Both give the same digest.
 * @see https://csrc.nist.gov/pubs/fips/180-4/upd1/final
 */
import * as nodeCrypto from 'node:crypto';
import { sha256 } from '@noble/hashes/sha256';

const encoder = new TextEncoder();
const native = typeof nodeCrypto.createHash === 'function';

/**
 * @param text - the text to hash (its UTF-8 bytes).
 * @returns the digest as `0x…` (66 characters).
 */
export function sha256Hex(text: string): `0x${string}` {
  if (native) return `0x${nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex')}`;
  const digest = sha256(encoder.encode(text));
  let hex = '0x';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex as `0x${string}`;
}
