import { base58btcDecode, base58btcEncode } from './base58.ts';

/** Multicodec prefix of an Ed25519 public key (`ed25519-pub`, varint 0xed). */
const ED25519_PUB = [0xed, 0x01] as const;

/**
 * The `did:key` of an Ed25519 public key.
 * @param publicKey - 32 bytes.
 * @returns `did:key:z6Mk…`.
 * @throws RangeError when the key is not 32 bytes.
 */
export function ed25519DidKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new RangeError('an Ed25519 public key has 32 bytes');
  return `did:key:z${base58btcEncode(Uint8Array.from([...ED25519_PUB, ...publicKey]))}`;
}

/**
 * The DID URL of the one verification method of a `did:key` (`did:key:z…#z…`).
 * @param did - a `did:key`.
 * @returns the key id.
 */
export function didKeyVerificationMethod(did: string): string {
  return `${did}#${did.slice('did:key:'.length)}`;
}

/**
 * The Ed25519 public key inside a `did:key` (or a DID URL of one).
 * @param didOrUrl - `did:key:z6Mk…` optionally followed by `#…`.
 * @returns the 32-byte key, or undefined when it is not an Ed25519 `did:key`.
 */
export function ed25519KeyOfDidKey(didOrUrl: string): Uint8Array | undefined {
  const match = /^did:key:z([1-9A-HJ-NP-Za-km-z]+)(?:#.*)?$/.exec(didOrUrl);
  if (!match) return undefined;
  const bytes = base58btcDecode(match[1]!);
  if (!bytes || bytes.length !== 34 || bytes[0] !== ED25519_PUB[0] || bytes[1] !== ED25519_PUB[1]) {
    return undefined;
  }
  return bytes.slice(2);
}
