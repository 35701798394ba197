/**
 * What the provenance, review and evidence checks need of the verification pipeline. `Verifier` of
 * `core/src/verification/verifier.ts` satisfies it; tests and services may inject any object with the same methods.
 */
import type { VerificationReport } from '../verification/verification-report.ts';
import type { VerifyOptions } from '../verification/verify-options.ts';

/**
 * The two pipeline entry points these checks call. Every credential they look at goes through
 * `verifyCredential` (with `asOf` for historical questions) or arrives inside a presentation checked by
 * `verifyPresentation`; nothing is trusted that the pipeline did not verify.
 * @see https://www.w3.org/TR/vc-data-model/#verification
 */
export interface CredentialVerifier {
  /** Verifies one credential (see `Verifier.verifyCredential`). */
  verifyCredential(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
  /** Verifies a presentation and its credentials (see `Verifier.verifyPresentation`). */
  verifyPresentation(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
}
