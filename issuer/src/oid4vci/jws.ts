import { createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { duplicateMemberIn, hasHighS } from '@medtrust/core';

/** JWS algorithms accepted for holder proofs: Ed25519, P-256 and secp256k1 signatures. */
export const HOLDER_PROOF_ALGORITHMS = ['EdDSA', 'ES256', 'ES256K'] as const;

/** One of {@link HOLDER_PROOF_ALGORITHMS}. */
export type HolderProofAlgorithm = (typeof HOLDER_PROOF_ALGORITHMS)[number];

/** A compact JWS split into its parts (header and payload parsed, signature not yet checked). */
export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `<header>.<payload>` as sent: the signed bytes. */
  signingInput: string;
  signature: Buffer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsePart(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const text = Buffer.from(part, 'base64url').toString('utf8');
    const value: unknown = JSON.parse(text);
    // JSON.parse keeps the last of two members with one name (two `alg`): refuse such a header or payload
    return isRecord(value) && duplicateMemberIn(text, value) === undefined ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits a compact JWS and parses its header and payload (JSON objects).
 *
 * @param jws - `<header>.<payload>.<signature>`, base64url.
 * @returns the parts, or undefined when it is not a well-formed compact JWS with JSON header and payload (each
 *   without duplicate member names).
 */
export function decodeJws(jws: string): DecodedJws | undefined {
  const parts = jws.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]*$/.test(parts[2]!)) return undefined;
  const header = parsePart(parts[0]!);
  const payload = parsePart(parts[1]!);
  if (header === undefined || payload === undefined) return undefined;
  return {
    header,
    payload,
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: Buffer.from(parts[2]!, 'base64url'),
  };
}

/**
 * Encodes a JSON value as a base64url JWS segment.
 *
 * @param value - header or payload.
 * @returns the segment.
 */
export function encodeJwsSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * The JWS algorithm a public key signs with, from its type and curve.
 *
 * @param key - a public key.
 * @returns `EdDSA` (Ed25519), `ES256` (P-256), `ES256K` (secp256k1), or undefined for other keys.
 */
export function algorithmOfKey(key: KeyObject): HolderProofAlgorithm | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType !== 'ec') return undefined;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'prime256v1') return 'ES256';
  if (curve === 'secp256k1') return 'ES256K';
  return undefined;
}

/**
 * Verifies a JWS signature with a public key; the key's type must match the algorithm (no algorithm confusion).
 *
 * @param alg - the header's `alg`.
 * @param key - the public key.
 * @param signingInput - `<header>.<payload>`.
 * @param signature - the decoded signature (ECDSA as `r || s`; ES256K must be low-s).
 * @returns whether the signature is valid.
 */
export function verifyJwsSignature(
  alg: string,
  key: KeyObject,
  signingInput: string,
  signature: Buffer,
): boolean {
  if (algorithmOfKey(key) !== alg) return false;
  const data = Buffer.from(signingInput, 'ascii');
  if (alg === 'EdDSA') return verify(null, data, key, signature);
  if (signature.length !== 64) return false;
  // OpenSSL also accepts the high-s twin (r, n - s) of a secp256k1 signature: accept low-s only, as libsecp256k1,
  // noble and did-jwt do. (P-256 keeps both forms: WebCrypto wallets sign with high s half of the time.)
  if (alg === 'ES256K' && hasHighS(signature)) return false;
  return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

/**
 * Signs a JWT with HS256.
 *
 * @param header - JOSE header (its `alg` is set to HS256).
 * @param payload - claims.
 * @param secret - the HMAC key.
 * @returns the compact JWS.
 */
export function signHs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: Buffer,
): string {
  const signingInput = `${encodeJwsSegment({ ...header, alg: 'HS256' })}.${encodeJwsSegment(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/**
 * Verifies an HS256 JWS (constant-time comparison) and returns its parts.
 *
 * @param jws - the compact JWS.
 * @param secret - the HMAC key.
 * @returns the decoded JWS, or undefined when malformed, not HS256 or wrongly signed.
 */
export function verifyHs256(jws: string, secret: Buffer): DecodedJws | undefined {
  const decoded = decodeJws(jws);
  if (decoded === undefined || decoded.header.alg !== 'HS256') return undefined;
  const expected = createHmac('sha256', secret).update(decoded.signingInput).digest();
  if (decoded.signature.length !== expected.length || !timingSafeEqual(decoded.signature, expected)) {
    return undefined;
  }
  return decoded;
}
