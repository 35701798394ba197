/**
 * The messages between the verification pool and its worker threads: plain data only (structured clone), so
 * nothing but the input, the options and the report crosses the thread boundary.
 */
import type { VerificationReport, VerifyOptions } from '@medtrust/core';
import type { VerifierConfig } from '../config.ts';

/** What a worker is asked to do. */
export interface VerificationTask {
  /** What to verify; `ready` waits until the worker's verifier is built and its registry mirror has synced. */
  kind: 'credential' | 'presentation' | 'auto' | 'ready';
  input: unknown;
  options?: VerifyOptions;
}

/** What every worker is started with. */
export interface VerificationWorkerData {
  /** The service's configuration: chain, anchoring, store, skew, timeouts. */
  config: VerifierConfig;
}

/** What a worker answers: the report, or the code of the exception (bad argument, infrastructure). */
export type VerificationOutcome =
  | { report: VerificationReport; error?: undefined; ready?: undefined }
  | { ready: true; report?: undefined; error?: undefined }
  | { error: { code: string; message: string }; report?: undefined };
