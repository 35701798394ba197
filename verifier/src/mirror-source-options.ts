/**
 * The registry mirror's options from the verifier's configuration, shared by the main thread and the workers.
 */
import type { MirrorVerifierSourcesOptions } from '@medtrust/core';
import type { VerifierConfig } from './config.ts';

/**
 * @param config - the verifier configuration (status age, timeouts, mirror settings; the deployment block is in
 *   `config.chain`).
 * @returns the options of `createMirrorVerifierSources`.
 */
export function mirrorSourceOptions(
  config: Pick<VerifierConfig, 'maxStatusAgeBlocks' | 'requestTimeoutMs' | 'mirror'>,
): MirrorVerifierSourcesOptions {
  return {
    maxStatusAgeBlocks: config.maxStatusAgeBlocks,
    requestTimeoutMs: config.requestTimeoutMs ?? 5_000,
    ...(config.mirror === undefined ? {} : { safeDepth: config.mirror.safeDepth }),
    ...(config.mirror?.maxLogRange === undefined ? {} : { maxLogRange: BigInt(config.mirror.maxLogRange) }),
  };
}
