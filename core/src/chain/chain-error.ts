import { BaseError, ContractFunctionRevertedError } from 'viem';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';

/**
 * Maps a viem failure to a {@link MedtrustError}: a contract revert becomes `CONTRACT_REVERTED` naming the custom
 * error; anything else (connection refused, timeout, bad response) becomes `CHAIN_UNAVAILABLE`.
 * @param error - what viem threw.
 * @param operation - short description for operators.
 * @returns the error to throw.
 */
export function toChainError(error: unknown, operation: string): MedtrustError {
  if (error instanceof MedtrustError) return error;
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName ?? 'unknown';
      return new MedtrustError(ErrorCodes.CONTRACT_REVERTED, `${operation}: reverted with ${name}`, {
        cause: error,
      });
    }
  }
  return new MedtrustError(ErrorCodes.CHAIN_UNAVAILABLE, `${operation}: chain unavailable`, { cause: error });
}
