import { ed25519 } from '@noble/curves/ed25519';
import { didKeyVerificationMethod, ed25519DidKey } from './did-key.ts';
import { signJwt, type JsonObject } from './jws.ts';

/**
 * The wallet's holder key: an Ed25519 `did:key`. The secret never leaves this object: it signs JWTs (`EdDSA`) and
 * exposes only the DID and key id.
 */
export interface HolderKey {
  /** `did:key:z6Mk…`. */
  readonly did: string;
  /** The DID URL of its key (`kid` of the JWTs it signs). */
  readonly kid: string;
  readonly alg: 'EdDSA';
  /**
   * Signs a JWT with this key (`alg` and `kid` are set in the header).
   * @param header - extra header members (e.g. `typ`).
   * @param payload - claims.
   * @returns the compact JWS.
   */
  signJwt(header: JsonObject, payload: JsonObject): string;
}

/**
 * A new random Ed25519 secret (32 bytes from the platform's CSPRNG).
 * @returns the secret.
 */
export function generateHolderSecret(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}

/**
 * The holder key of a secret.
 * @param secret - 32 bytes.
 * @returns the key.
 * @throws RangeError when the secret is not 32 bytes.
 */
export function holderKeyFromSecret(secret: Uint8Array): HolderKey {
  if (secret.length !== 32) throw new RangeError('an Ed25519 secret has 32 bytes');
  const seed = Uint8Array.from(secret);
  const did = ed25519DidKey(ed25519.getPublicKey(seed));
  const kid = didKeyVerificationMethod(did);
  return {
    did,
    kid,
    alg: 'EdDSA',
    signJwt(header, payload) {
      return signJwt({ ...header, alg: 'EdDSA', kid }, payload, (input) => ed25519.sign(input, seed));
    },
  };
}

/**
 * Verifies an EdDSA signature with an Ed25519 public key.
 * @param signingInput - the signed text.
 * @param signature - 64 bytes.
 * @param publicKey - 32 bytes.
 * @returns whether it verifies.
 */
export function verifyEd25519(signingInput: string, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, new TextEncoder().encode(signingInput), publicKey);
  } catch {
    return false;
  }
}
