/**
 * Gives a verifier the anchor proofs a caller already holds (a wallet's, a directory's, an evidence bundle's), for
 * pipelines that verify credentials one by one without options (provenance, treatments, reviews, evidence).
 */
import type { CredentialVerifier } from '../provenance/credential-verifier.ts';
import type { VerifyOptions } from './verify-options.ts';

/**
 * Wraps `verifier` so every call also receives `proofs` as `options.anchorProofs` (after any the call passes itself).
 * The proofs stay untrusted: each is checked against the chain like any other.
 * @param verifier - the verification pipeline.
 * @param proofs - `MedtrustAnchorProof` JSON objects; at most `MAX_ANCHOR_PROOFS` per call in total.
 * @returns a verifier with the same methods.
 */
export function withAnchorProofs(
  verifier: CredentialVerifier,
  proofs: readonly object[],
): CredentialVerifier {
  if (proofs.length === 0) return verifier;
  const merge = (options: VerifyOptions | undefined): VerifyOptions => ({
    ...options,
    anchorProofs: [...(options?.anchorProofs ?? []), ...proofs],
  });
  return {
    verifyCredential: (input, options) => verifier.verifyCredential(input, merge(options)),
    verifyPresentation: (input, options) => verifier.verifyPresentation(input, merge(options)),
  };
}
