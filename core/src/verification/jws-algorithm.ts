import { ALLOWED_JWS_ALGORITHMS, type JwsAlgorithm } from './signature-verifier.ts';

/**
 * Checks a JWS header's `alg` against {@link ALLOWED_JWS_ALGORITHMS} (case-sensitive, as RFC 7515 requires).
 * @param alg - the header's `alg` (untrusted).
 * @returns the algorithm when allowed, else `undefined` (`none` included).
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1 (JWT BCP: perform algorithm verification)
 */
export function allowedAlgorithm(alg: unknown): JwsAlgorithm | undefined {
  return typeof alg === 'string' && (ALLOWED_JWS_ALGORITHMS as readonly string[]).includes(alg)
    ? (alg as JwsAlgorithm)
    : undefined;
}

/**
 * Header members that change how the JWS must be processed and that this verifier does not implement: a JWS using
 * them is refused (RFC 7515 §4.1.11 requires rejecting unknown `crit` extensions; RFC 7797 `b64` changes the signing
 * input). Key-carrying members (`jwk`, `x5c`, `jku`, `x5u`) are ignored: keys come from the signer's DID document
 * only.
 * @param header - the protected header.
 * @returns the first such member, or `undefined`.
 */
export function unsupportedHeaderMember(header: Readonly<Record<string, unknown>>): string | undefined {
  for (const name of ['crit', 'b64']) if (header[name] !== undefined) return name;
  return undefined;
}
