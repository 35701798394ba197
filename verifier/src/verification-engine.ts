import type { VerificationReport, VerifyOptions } from '@medtrust/core';

/**
 * What the HTTP layer needs of the verification pipeline: `@medtrust/core`'s `Verifier` satisfies it; tests may
 * inject another.
 */
export interface VerificationEngine {
  /** Verifies a credential (compact JWT or JSON). */
  verifyCredential(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
  /** Verifies a presentation (compact JWT or JSON), its holder binding, challenge and domain. */
  verifyPresentation(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
  /** Detects whether the input is a credential or a presentation and verifies it. */
  verify(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
}
