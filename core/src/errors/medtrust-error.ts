import type { ErrorCode } from './codes.ts';

/**
 * Base of every exception medtrust throws: bad arguments, misconfiguration, infrastructure failure.
 * (An invalid credential is never an exception: verification returns a report.)
 * Carries a stable {@link ErrorCode}; `message` is for operators and is never sent to clients verbatim.
 */
export class MedtrustError extends Error {
  /** The stable code. */
  readonly code: ErrorCode;

  /**
   * @param code - stable code from {@link ErrorCodes}.
   * @param message - operator-facing detail.
   * @param options - the underlying cause, if any.
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MedtrustError';
    this.code = code;
  }
}
