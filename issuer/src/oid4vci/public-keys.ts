import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** Curves of the holder keys medtrust accepts. */
export type HolderKeyCurve = 'Ed25519' | 'P-256' | 'secp256k1';

/** SubjectPublicKeyInfo DER prefixes, completed by the raw key bytes. */
const SPKI_PREFIX: Record<string, string> = {
  'Ed25519/32': '302a300506032b6570032100',
  'P-256/33': '3039301306072a8648ce3d020106082a8648ce3d030107032200',
  'P-256/65': '3059301306072a8648ce3d020106082a8648ce3d030107034200',
  'secp256k1/33': '3036301006072a8648ce3d020106052b8104000a032200',
  'secp256k1/65': '3056301006072a8648ce3d020106052b8104000a034200',
};

/** Multicodec varint prefixes of public keys (ed25519-pub 0xed, secp256k1-pub 0xe7, p256-pub 0x1200). */
const MULTICODEC: ReadonlyArray<{ curve: HolderKeyCurve; prefix: readonly number[] }> = [
  { curve: 'Ed25519', prefix: [0xed, 0x01] },
  { curve: 'secp256k1', prefix: [0xe7, 0x01] },
  { curve: 'P-256', prefix: [0x80, 0x24] },
];

/**
 * A public key from its raw bytes: 32 bytes for Ed25519, a SEC1 point (33 bytes compressed or 65 uncompressed) for
 * P-256 and secp256k1.
 *
 * @param curve - the curve.
 * @param bytes - the raw key.
 * @returns the key, or undefined when the bytes are not a valid key of that curve.
 */
export function publicKeyFromRaw(curve: HolderKeyCurve, bytes: Uint8Array): KeyObject | undefined {
  const prefix = SPKI_PREFIX[`${curve}/${bytes.length}`];
  if (prefix === undefined) return undefined;
  try {
    return createPublicKey({
      key: Buffer.concat([Buffer.from(prefix, 'hex'), bytes]),
      format: 'der',
      type: 'spki',
    });
  } catch {
    return undefined;
  }
}

/**
 * A public key from multicodec-prefixed bytes (the body of a `did:key` or of a `Multikey` `publicKeyMultibase`).
 *
 * @param bytes - multicodec prefix followed by the raw key.
 * @returns the key, or undefined for an unsupported codec or invalid key.
 */
export function publicKeyFromMulticodec(bytes: Uint8Array): KeyObject | undefined {
  for (const { curve, prefix } of MULTICODEC) {
    if (prefix.every((b, i) => bytes[i] === b)) return publicKeyFromRaw(curve, bytes.subarray(prefix.length));
  }
  return undefined;
}

/**
 * A public key from a JWK (OKP Ed25519, EC P-256 or secp256k1); private members are ignored.
 *
 * @param jwk - the JWK.
 * @returns the key, or undefined when it is not a supported, valid public key.
 */
export function publicKeyFromJwk(jwk: unknown): KeyObject | undefined {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const { kty, crv, x, y } = jwk as Record<string, unknown>;
  const isOkp = kty === 'OKP' && crv === 'Ed25519';
  const isEc = kty === 'EC' && (crv === 'P-256' || crv === 'secp256k1') && typeof y === 'string';
  if ((!isOkp && !isEc) || typeof x !== 'string') return undefined;
  try {
    const key: JsonWebKey = isOkp ? { kty, crv, x } : { kty, crv, x, y: y as string };
    return createPublicKey({ key, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/**
 * The curve of a supported public key.
 *
 * @param key - a public key.
 * @returns its curve, or undefined for an unsupported key.
 */
export function curveOfKey(key: KeyObject): HolderKeyCurve | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  if (curve === 'prime256v1') return 'P-256';
  if (curve === 'secp256k1') return 'secp256k1';
  return undefined;
}

/**
 * Multicodec-prefixed bytes of a public key (EC points compressed), as used by `did:key`.
 *
 * @param key - an Ed25519, P-256 or secp256k1 public key.
 * @returns prefix followed by the raw key.
 * @throws TypeError for an unsupported key.
 */
export function multicodecOfPublicKey(key: KeyObject): Uint8Array {
  const curve = curveOfKey(key);
  const codec = MULTICODEC.find((c) => c.curve === curve);
  if (codec === undefined) throw new TypeError('unsupported public key type');
  const jwk = key.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const raw =
    curve === 'Ed25519'
      ? x
      : Buffer.concat([Buffer.from([Buffer.from(jwk.y!, 'base64url').at(-1)! & 1 ? 3 : 2]), x]);
  return Uint8Array.from([...codec.prefix, ...raw]);
}
