/**
 * JWS algorithms medtrust accepts: `ES256K` (secp256k1 + SHA-256), `ES256K-R` (the same with a recovery byte, as
 * did-jwt and uPort use it) and `EdDSA` (Ed25519). Everything else — `none` first of all — is refused.
 * @see https://www.rfc-editor.org/rfc/rfc8812#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc8037#section-3.1
 */
export const ALLOWED_JWS_ALGORITHMS = ['ES256K', 'ES256K-R', 'EdDSA'] as const;

/** One of {@link ALLOWED_JWS_ALGORITHMS}. */
export type JwsAlgorithm = (typeof ALLOWED_JWS_ALGORITHMS)[number];

/**
 * Public key material taken from one DID verification method:
 * - `secp256k1`: a full key, `publicKey` = 65-byte uncompressed SEC1 point;
 * - `secp256k1-address`: only an Ethereum address is published (`EcdsaSecp256k1RecoveryMethod2020` with
 *   `blockchainAccountId`, or `ethereumAddress`): the key is recovered from a signature and compared;
 * - `ed25519`: `publicKey` = 32 bytes.
 * Instances are cached per verification-method object, so verifiers may cache derived objects per instance.
 */
export type VerificationKey =
  | { readonly kind: 'secp256k1'; readonly publicKey: Uint8Array }
  | { readonly kind: 'secp256k1-address'; readonly address: string }
  | { readonly kind: 'ed25519'; readonly publicKey: Uint8Array };

/** One signature to check. */
export interface SignatureCheck {
  /** The JWS `alg` (already on the allow-list). */
  alg: JwsAlgorithm;
  /** ASCII bytes of `<header>.<payload>` as they appear in the compact JWS. */
  signingInput: Uint8Array;
  /** The decoded signature: 64 bytes (`r‖s` or Ed25519), or 65 for `ES256K-R` (`r‖s‖v`). */
  signature: Uint8Array;
  /** The candidate key. */
  key: VerificationKey;
}

/**
 * Verifies one JWS signature against one key. Synchronous and pure: never throws for a malformed key or signature,
 * answers false instead. Implementations: `createNodeSignatureVerifier` (OpenSSL through `node:crypto`, the default
 * on Node) and `createNobleSignatureVerifier` (pure JavaScript, for browsers).
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export interface SignatureVerifier {
  /**
   * @param check - algorithm, signing input, signature and key.
   * @returns true when the signature is valid for that key (for an address key: when the key recovered from the
   *   signature has that address and the signature verifies under it).
   */
  verify(check: SignatureCheck): boolean;
}
