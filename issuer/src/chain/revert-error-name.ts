import { BaseError, ContractFunctionRevertedError } from 'viem';

/**
 * The contract's custom error behind a `CONTRACT_REVERTED` failure (e.g. `NotIdentityController`,
 * `ListAlreadyExists`), read from the error's viem cause.
 *
 * @param error - what a chain writer threw.
 * @returns the custom error name, or undefined when the failure is no decoded revert.
 */
export function revertErrorName(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (current instanceof BaseError) {
      const revert = current.walk((e) => e instanceof ContractFunctionRevertedError);
      if (revert instanceof ContractFunctionRevertedError) return revert.data?.errorName;
      return undefined;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
