/**
 * The `treatmentCredentialHash` of a `ReviewCredential`: what binds a patient's review to the treatment they hold.
 * @see ../../../schemas/ReviewCredential/v1/schema.json
 */
import { credentialJwtHash } from '../provenance/credential-jwt-hash.ts';

/**
 * SHA-256 over the exact ASCII bytes of the `TreatmentCredential`'s compact JWT (as the hospital issued it), as
 * `0x` + 64 lowercase hex digits. A wallet computes it when the patient writes the review; `verifyReview` recomputes
 * it from the treatment presented with the review.
 * @param jwt - the treatment credential's compact JWT (not its JSON form: JSON forms are hashed through the JWT in
 *   their `proof.jwt`).
 * @returns the hash to put in `credentialSubject.treatmentCredentialHash`.
 * @throws TypeError when `jwt` is not a string.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 * @remarks This hash binds one byte form of the treatment. Do not key "one review per treatment" on it: the same
 *   signed treatment can be re-encoded (e.g. an `ES256K-R` recovery byte spelled 0 or 27) into a JWT with another
 *   hash; key it on the report's `treatment.signedContentHash` (`credentialSigningInputHash`) instead.
 */
export function treatmentCredentialHash(jwt: string): `0x${string}` {
  return credentialJwtHash(jwt);
}
