import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encodeBase58 as base58btcEncode } from '@medtrust/core';

/** Multicodec prefix of an Ed25519 public key (`0xed 0x01`). */
const ED25519_PUB_MULTICODEC = Uint8Array.of(0xed, 0x01);

/**
 * The verifier's own signing identity for OID4VP request objects: an Ed25519 key and its `did:key`. Ephemeral by
 * default (a new key at every start): wallets resolve `did:key` from the identifier alone, so nothing is published
 * or stored, and the key never signs anything but request objects.
 */
export interface VerifierKey {
  /** `did:key:z6Mk…`. */
  did: string;
  /** Verification method id used as JWS `kid` (`did:key:z6Mk…#z6Mk…`). */
  kid: string;
  /** JWS algorithm of the signatures. */
  alg: 'EdDSA';
  /** Signs the JWS signing input and returns the raw signature. */
  sign(data: Uint8Array): Uint8Array;
}

/**
 * Makes a verifier key from an Ed25519 private key, or a fresh one.
 * @param privateKey - an Ed25519 `KeyObject`; generated when omitted.
 * @returns the key with its `did:key`.
 */
export function createVerifierKey(privateKey?: KeyObject): VerifierKey {
  const key = privateKey ?? generateKeyPairSync('ed25519').privateKey;
  const jwk = key.export({ format: 'jwk' }) as { x?: string; crv?: string };
  if (jwk.crv !== 'Ed25519' || !jwk.x) throw new TypeError('the verifier key must be an Ed25519 private key');
  const publicKey = Buffer.from(jwk.x, 'base64url');
  const fingerprint = `z${base58btcEncode(Buffer.concat([ED25519_PUB_MULTICODEC, publicKey]))}`;
  const did = `did:key:${fingerprint}`;
  return {
    did,
    kid: `${did}#${fingerprint}`,
    alg: 'EdDSA',
    sign: (data) => sign(null, data, key),
  };
}

/** PKCS #8 DER prefix of an Ed25519 private key (RFC 8410), followed by the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Makes the verifier key from a 32-byte Ed25519 seed (the `VERIFIER_KEY` setting, base64url), so every instance
 * behind a load balancer signs OID4VP request objects as the same `did:key`.
 * @param seed - the seed, base64url (43 characters, no padding).
 * @returns the key, or `undefined` when `seed` is not 32 bytes of base64url.
 */
export function verifierKeyFromSeed(seed: string): VerifierKey | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(seed)) return undefined;
  const bytes = Buffer.from(seed, 'base64url');
  if (bytes.length !== 32) return undefined;
  return createVerifierKey(
    createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, bytes]), format: 'der', type: 'pkcs8' }),
  );
}
