/**
 * An `AnchorProofSource` that first looks in proofs this service already holds (e.g. those the directory stored with
 * its entries, read from the issuers' feeds), then asks another source. What it returns is untrusted either way:
 * the verifier checks every proof against the chain.
 */
import type { AnchorProofLookup, AnchorProofSource } from '@medtrust/core';

/**
 * @param known - the proof held for a credential hash (lowercase), or `undefined`; a throw counts as none.
 * @param next - where to ask otherwise (e.g. `HttpAnchorProofSource`); without it, `unknown`.
 * @returns the combined source.
 */
export function withKnownAnchorProofs(
  known: (credentialHash: string) => unknown,
  next: AnchorProofSource | undefined,
): AnchorProofSource {
  return {
    async proofFor(credentialHash, issuer): Promise<AnchorProofLookup> {
      let proof: unknown;
      try {
        proof = known(credentialHash.toLowerCase());
      } catch {
        proof = undefined;
      }
      if (proof !== undefined && proof !== null) return { state: 'anchored', proof };
      return next === undefined ? { state: 'unknown' } : next.proofFor(credentialHash, issuer);
    },
  };
}
