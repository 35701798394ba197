/**
 * DID syntax helpers: parsing, comparison and the ERC-1056 identity address of a `did:ethr`.
 * @see https://www.w3.org/TR/did-core/#did-syntax
 * @see https://github.com/decentralized-identity/ethr-did-resolver/blob/master/doc/did-method-spec.md
 */
import { ethereumAddressOf, uncompressedSecp256k1Key } from './secp256k1-keys.ts';

/** `did:<method>:<method-specific-id>`, no path, query or fragment; at most 512 characters (the schemas' limit). */
const DID = /^did:([a-z0-9]+):((?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}))$/;
const ETHR = /^did:ethr:(?:([A-Za-z0-9_.-]+):)?(0x[0-9a-fA-F]{40}|0x[0-9a-fA-F]{66})$/;

/**
 * @param value - anything.
 * @returns the method and method-specific id when `value` is a plain DID, else `undefined`.
 */
export function parseDid(value: unknown): { method: string; id: string } | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  const match = DID.exec(value);
  return match ? { method: match[1]!, id: match[2]! } : undefined;
}

/**
 * Tells whether two DIDs name the same subject: equal, or two `did:ethr` that differ only in letter case
 * (EIP-55 checksums change only case).
 * @param a - a DID.
 * @param b - another DID.
 */
export function sameDid(a: string, b: string): boolean {
  if (a === b) return true;
  return a.startsWith('did:ethr:') && b.startsWith('did:ethr:') && a.toLowerCase() === b.toLowerCase();
}

const addressCache = new Map<string, `0x${string}` | null>();

/**
 * The ERC-1056 identity address of a `did:ethr` (address form, or public-key form hashed to its address).
 * @param did - a DID.
 * @returns `0x…` lowercase, or `undefined` when it is not a `did:ethr`.
 */
export function ethrIdentityAddress(did: string): `0x${string}` | undefined {
  const cached = addressCache.get(did);
  if (cached !== undefined) return cached ?? undefined;
  const match = ETHR.exec(did);
  let address: `0x${string}` | null = null;
  if (match) {
    const id = match[2]!;
    if (id.length === 42) address = id.toLowerCase() as `0x${string}`;
    else {
      const key = uncompressedSecp256k1Key(hexBytes(id.slice(2)));
      address = key ? (ethereumAddressOf(key) as `0x${string}`) : null;
    }
  }
  if (addressCache.size > 10_000) addressCache.clear();
  addressCache.set(did, address);
  return address ?? undefined;
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
