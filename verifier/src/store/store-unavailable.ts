import { ErrorCodes, MedtrustError } from '@medtrust/core';

/**
 * Runs a database operation, turning a driver error into `STORE_UNAVAILABLE` (the statement and its values are
 * never echoed: they may hold nonces); a `MedtrustError` passes through.
 * @param what - what was attempted, for the message.
 * @param operation - the operation.
 * @returns its result.
 */
export async function storeOperation<T>(what: string, operation: () => Promise<T> | T): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof MedtrustError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new MedtrustError(
      ErrorCodes.STORE_UNAVAILABLE,
      `the verifier database failed to ${what}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
}
