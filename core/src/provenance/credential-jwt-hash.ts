/**
 * The hash that binds one credential to another (a custody transfer to its batch, a review to its treatment, a
 * doctor's reply to a review): SHA-256 over the exact ASCII bytes of the credential's compact JWT, written as
 * `0x` + 64 lowercase hex digits (the schemas' `Bytes32Hex`).
 *
 * The compact JWT is what the issuer signed and what every holder stores, so the hash is reproducible by anyone
 * holding the credential and changes if a single byte of header, payload or signature changes. JSON forms
 * (`JwtProof2020`) and VCDM 2.0 envelopes are hashed through the JWT they carry, never through their unsigned JSON.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1 (compact serialisation)
 * @see https://csrc.nist.gov/pubs/fips/180-4/upd1/final (SHA-256)
 */
import { sha256Hex } from '../crypto/sha256-hex.ts';

const HEX = /^0x[0-9a-f]{64}$/;

/**
 * SHA-256 of a compact JWT, as `0x`-prefixed lowercase hex.
 * @param jwt - the compact JWT (`header.payload.signature`), exactly as issued (surrounding whitespace is ignored).
 * @returns the 32-byte digest as `0x…` (66 characters).
 * @throws TypeError when `jwt` is not a string (a programming error, never untrusted input).
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export function credentialJwtHash(jwt: string): `0x${string}` {
  if (typeof jwt !== 'string') throw new TypeError('credentialJwtHash: the JWT must be a string');
  return sha256Hex(jwt.trim());
}

/**
 * SHA-256 of what a compact JWT's issuer signed: the ASCII bytes of `header.payload` (the JWS signing input), as
 * `0x`-prefixed lowercase hex. Unlike {@link credentialJwtHash} it is the same for every byte form of one signed
 * credential (an ECDSA signature has a high-s twin, `ES256K-R` recovery bytes have several spellings): only the
 * issuer can make another signing input. Use it as a uniqueness key ("one review per treatment"); keep
 * {@link credentialJwtHash} for the bindings credentials carry.
 * @param jwt - the compact JWT (surrounding whitespace is ignored).
 * @returns the 32-byte digest as `0x…` (66 characters).
 * @throws TypeError when `jwt` is not a string (a programming error, never untrusted input).
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.1 (JWS Signing Input)
 */
export function credentialSigningInputHash(jwt: string): `0x${string}` {
  if (typeof jwt !== 'string') throw new TypeError('credentialSigningInputHash: the JWT must be a string');
  const trimmed = jwt.trim();
  const last = trimmed.lastIndexOf('.');
  return credentialJwtHash(last < 0 ? trimmed : trimmed.slice(0, last));
}

/**
 * The `batchCredentialHash` a `CustodyTransferCredential` must carry: {@link credentialJwtHash} of the batch's
 * `DrugBatchCredential` compact JWT.
 * @param jwt - the batch credential's compact JWT.
 * @returns `0x` + 64 lowercase hex digits.
 * @see ../../../schemas/CustodyTransferCredential/v1/schema.json
 */
export function batchCredentialHash(jwt: string): `0x${string}` {
  return credentialJwtHash(jwt);
}

/**
 * Compares a claimed hash with a computed one (case-insensitive, as EIP-55-style upper-case hex is the same value).
 * @param claimed - the hash a credential carries (untrusted).
 * @param computed - the hash computed with {@link credentialJwtHash}.
 * @returns whether both are well-formed and equal.
 */
export function sameCredentialHash(claimed: unknown, computed: string): boolean {
  return typeof claimed === 'string' && HEX.test(claimed.toLowerCase()) && claimed.toLowerCase() === computed;
}
