/**
 * The `signature` check: verifies a JWS against the keys a DID document lists for a purpose.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
import type { DIDDocument } from 'did-resolver';
import type { CompactJws } from './compact-jws.ts';
import { hasHighS } from './secp256k1-keys.ts';
import type { JwsAlgorithm, SignatureVerifier, VerificationKey } from './signature-verifier.ts';
import { verificationKeyOf } from './verification-key.ts';
import { methodsFor, methodsForKid, type SigningRelationship } from './verification-methods.ts';
import { VERIFICATION_LIMITS } from './verification-policy.ts';

/** Outcome of {@link verifyJwsWithDocument}: the key that verified, or why none did. */
export type SignatureOutcome =
  { ok: true; key: VerificationKey; methodId: string } | { ok: false; detail: string };

/**
 * Tries the document's keys for `relationship` (only the one named by the header's `kid`, when it names one) until
 * one verifies the signature. At most `VERIFICATION_LIMITS.maxKeysPerSignature` keys are tried. A high-s ECDSA
 * signature is refused before any key is tried (its detail says "high-s").
 * @param jws - the parsed JWS.
 * @param alg - its (allowed) algorithm.
 * @param document - the signer's DID document (as of the relevant time).
 * @param relationship - `assertionMethod` (credentials) or `authentication` (presentations).
 * @param verifier - the signature primitive.
 * @returns the verifying key, or a reason (the caller reports `SIGNATURE_INVALID`).
 */
export function verifyJwsWithDocument(
  jws: CompactJws,
  alg: JwsAlgorithm,
  document: DIDDocument,
  relationship: SigningRelationship,
  verifier: SignatureVerifier,
): SignatureOutcome {
  const all = methodsFor(document, relationship);
  const candidates = methodsForKid(all, jws.header.kid, document.id) ?? all;
  if (candidates.length === 0) {
    return {
      ok: false,
      detail:
        all.length === 0
          ? `${document.id} has no ${relationship} key`
          : `kid ${String(jws.header.kid)} is not an ${relationship} key of ${document.id}`,
    };
  }
  if (alg !== 'EdDSA' && hasHighS(jws.signature)) {
    return { ok: false, detail: `the ${alg} signature is not canonical: high-s (s > n/2) is refused` };
  }
  let tried = 0;
  for (const method of candidates) {
    const key = verificationKeyOf(method);
    if (key === undefined || (alg === 'EdDSA') !== (key.kind === 'ed25519')) continue;
    if (++tried > VERIFICATION_LIMITS.maxKeysPerSignature) break;
    if (verifier.verify({ alg, signingInput: jws.signingInput, signature: jws.signature, key })) {
      return { ok: true, key, methodId: method.id };
    }
  }
  return { ok: false, detail: `no ${relationship} key of ${document.id} verifies the ${alg} signature` };
}

/**
 * Whether a DID document lists `key` for `relationship` (same key material; method ids differ between versions of
 * an ERC-1056 document, so they are not compared).
 * @param document - the signer's DID document (as of some moment).
 * @param relationship - `assertionMethod` or `authentication`.
 * @param key - a key that verified a signature against another version of the document.
 * @returns whether that version lists the same key too.
 */
export function documentListsKey(
  document: DIDDocument,
  relationship: SigningRelationship,
  key: VerificationKey,
): boolean {
  return methodsFor(document, relationship).some((method) => {
    const listed = verificationKeyOf(method);
    return listed !== undefined && sameKey(listed, key);
  });
}

function sameKey(a: VerificationKey, b: VerificationKey): boolean {
  if (a.kind === 'secp256k1-address' || b.kind === 'secp256k1-address') {
    return (
      a.kind === 'secp256k1-address' &&
      b.kind === 'secp256k1-address' &&
      a.address.toLowerCase() === b.address.toLowerCase()
    );
  }
  if (a.kind !== b.kind || a.publicKey.length !== b.publicKey.length) return false;
  return a.publicKey.every((byte, i) => byte === b.publicKey[i]);
}
