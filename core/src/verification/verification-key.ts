/**
 * Public key material of DID verification methods, in every encoding the supported DID methods produce:
 * `publicKeyJwk`, `publicKeyHex`, `publicKeyBase58`, `publicKeyMultibase` (multicodec-prefixed or raw), and
 * `blockchainAccountId` / `ethereumAddress` (address only).
 * @see https://www.w3.org/TR/did-core/#verification-material
 * @see https://w3c-ccg.github.io/did-method-key/
 */
import type { VerificationMethod } from 'did-resolver';
import { decodeBase58 } from './base58.ts';
import { decodeBase64Url } from './base64url.ts';
import { isPlainObject } from './json-shape.ts';
import { ethereumAddressOf, uncompressedSecp256k1Key } from './secp256k1-keys.ts';
import type { VerificationKey } from './signature-verifier.ts';

const cache = new WeakMap<object, VerificationKey | null>();
const HEX_KEY = /^(?:0x)?([0-9a-fA-F]{2}){32,65}$/;
const ADDRESS = /(0x[0-9a-fA-F]{40})$/;

/**
 * Extracts the key of a verification method. Cached per method object, so documents served from a cache cost one
 * `WeakMap` lookup.
 * @param method - a verification method of a resolved DID document.
 * @returns the key, or `undefined` when the method is not a secp256k1 or Ed25519 signing key in a known encoding.
 */
export function verificationKeyOf(method: VerificationMethod): VerificationKey | undefined {
  const cached = cache.get(method);
  if (cached !== undefined) return cached ?? undefined;
  let key: VerificationKey | null = null;
  try {
    key = extract(method) ?? null;
  } catch {
    key = null;
  }
  cache.set(method, key);
  return key ?? undefined;
}

/**
 * The Ethereum address a key stands for (for comparing an address-only method with a full key).
 * @param key - a secp256k1 key.
 * @returns `0x…` lowercase, or `undefined` for an Ed25519 key.
 */
export function addressOfKey(key: VerificationKey): string | undefined {
  if (key.kind === 'secp256k1-address') return key.address;
  if (key.kind === 'secp256k1') return ethereumAddressOf(key.publicKey);
  return undefined;
}

/**
 * Tells whether two keys are the same key (same Ed25519 key, or secp256k1 keys with the same address).
 * @param a - a key.
 * @param b - another key.
 */
export function sameKey(a: VerificationKey, b: VerificationKey): boolean {
  if (a.kind === 'ed25519' || b.kind === 'ed25519') {
    return a.kind === 'ed25519' && b.kind === 'ed25519' && equalBytes(a.publicKey, b.publicKey);
  }
  return addressOfKey(a) === addressOfKey(b);
}

type Curve = 'secp256k1' | 'ed25519' | undefined;

function curveOfType(type: string): Curve {
  if (/ed25519/i.test(type)) return 'ed25519';
  if (/secp256k1/i.test(type)) return 'secp256k1';
  return undefined;
}

function extract(method: VerificationMethod): VerificationKey | undefined {
  if (!isPlainObject(method) || typeof method.type !== 'string') return undefined;
  const typeCurve = curveOfType(method.type);
  if (/x25519|keyagreement/i.test(method.type)) return undefined;

  if (method.publicKeyJwk !== undefined) return fromJwk(method.publicKeyJwk);
  if (typeof method.publicKeyHex === 'string' && HEX_KEY.test(method.publicKeyHex)) {
    return fromRaw(hexToBytes(method.publicKeyHex.replace(/^0x/, '')), typeCurve);
  }
  if (typeof method.publicKeyBase58 === 'string') {
    const bytes = decodeBase58(method.publicKeyBase58);
    return bytes ? fromRaw(bytes, typeCurve) : undefined;
  }
  if (typeof method.publicKeyMultibase === 'string')
    return fromMultibase(method.publicKeyMultibase, typeCurve);
  const account =
    typeof method.blockchainAccountId === 'string'
      ? method.blockchainAccountId
      : typeof method.ethereumAddress === 'string'
        ? method.ethereumAddress
        : undefined;
  if (account !== undefined && typeCurve !== 'ed25519') {
    const match = ADDRESS.exec(account.split('@')[0]!);
    return match ? { kind: 'secp256k1-address', address: match[1]!.toLowerCase() } : undefined;
  }
  return undefined;
}

function fromRaw(bytes: Uint8Array, curve: Curve): VerificationKey | undefined {
  if (curve === 'ed25519') return bytes.length === 32 ? { kind: 'ed25519', publicKey: bytes } : undefined;
  if (curve === 'secp256k1' || bytes.length === 33 || bytes.length === 65) {
    const publicKey = uncompressedSecp256k1Key(bytes);
    return publicKey ? { kind: 'secp256k1', publicKey } : undefined;
  }
  return undefined;
}

function fromMultibase(text: string, curve: Curve): VerificationKey | undefined {
  if (!text.startsWith('z')) return undefined;
  const bytes = decodeBase58(text.slice(1));
  if (!bytes) return undefined;
  // multicodec varints: ed25519-pub 0xed 0x01, secp256k1-pub 0xe7 0x01
  if (bytes[0] === 0xed && bytes[1] === 0x01) return fromRaw(bytes.subarray(2), 'ed25519');
  if (bytes[0] === 0xe7 && bytes[1] === 0x01) return fromRaw(bytes.subarray(2), 'secp256k1');
  return fromRaw(bytes, curve);
}

function fromJwk(jwk: unknown): VerificationKey | undefined {
  if (!isPlainObject(jwk) || typeof jwk.x !== 'string') return undefined;
  const x = decodeBase64Url(jwk.x);
  if (!x) return undefined;
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    return x.length === 32 ? { kind: 'ed25519', publicKey: x } : undefined;
  }
  if (jwk.kty === 'EC' && jwk.crv === 'secp256k1' && typeof jwk.y === 'string') {
    const y = decodeBase64Url(jwk.y);
    if (!y || x.length !== 32 || y.length !== 32) return undefined;
    const point = new Uint8Array(65);
    point[0] = 4;
    point.set(x, 1);
    point.set(y, 33);
    const publicKey = uncompressedSecp256k1Key(point);
    return publicKey ? { kind: 'secp256k1', publicKey } : undefined;
  }
  return undefined;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
