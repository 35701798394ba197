import { ErrorCodes, MedtrustError } from '@medtrust/core';

/**
 * The stable code of a failure, for logs and `last_error` columns (never its message, which may carry details).
 * @param error - any thrown value.
 * @returns its `MedtrustError` code, else `INTERNAL`.
 */
export function errorCodeOf(error: unknown): string {
  return error instanceof MedtrustError ? error.code : ErrorCodes.INTERNAL;
}
