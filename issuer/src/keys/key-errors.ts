import { ErrorCodes, MedtrustError } from '@medtrust/core';

/** The stable error codes raised by the issuer's key management (`issuer/src/keys`), from core's `ErrorCodes`. */
export const KeyErrorCodes = {
  KEY_UNSEAL_FAILED: ErrorCodes.KEY_UNSEAL_FAILED,
  KEY_RETIRED: ErrorCodes.KEY_RETIRED,
  KEY_NOT_FOUND: ErrorCodes.KEY_NOT_FOUND,
} as const;

/** One stable key-management error code. */
export type KeyErrorCode = (typeof KeyErrorCodes)[keyof typeof KeyErrorCodes];

/**
 * A {@link MedtrustError} carrying one of {@link KeyErrorCodes}. It is a `MedtrustError` so the HTTP error mapping and
 * logs treat it like every other medtrust failure. The message never contains key material.
 */
export class KeyError extends MedtrustError {
  /**
   * @param code - stable code from {@link KeyErrorCodes}.
   * @param message - operator-facing detail, free of key material.
   * @param options - the underlying cause, if any.
   */
  constructor(code: KeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'KeyError';
  }
}
