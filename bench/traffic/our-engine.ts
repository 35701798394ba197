/**
 * The verification engines the benchmarks measure, built the way the verifier service builds them with its shipped
 * defaults: today's chain-reading sources (the "before" figure) and the registry mirror behind the worker pool.
 */
import {
  createChainVerifierSources,
  Verifier,
  type ChainConfig,
  type VerificationReport,
  type VerifyOptions,
} from '@medtrust/core';
import { createNativeSignatureVerifier } from '@medtrust/core/native-signature-verifier';
import { createSchemaValidator } from '@medtrust/schemas';

/** What a benchmark drives. */
export interface BenchEngine {
  /** Short description for the tables. */
  label: string;
  verifyCredential(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
  verifyPresentation(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
  /** Bytes of registry index held (mirror), when known. */
  indexBytes?(): Promise<number | undefined>;
  close(): Promise<void>;
}

/**
 * The pre-mirror engine: one in-process `Verifier` over `createChainVerifierSources` (reads the chain per DID
 * document, accreditation answer, status word and anchor block, cached).
 * @param config - the chain (through the counting proxy).
 * @returns the engine.
 */
export async function chainReadingEngine(
  config: ChainConfig,
  options: { native?: boolean } = {},
): Promise<BenchEngine> {
  const sources = createChainVerifierSources(config);
  const verifier = new Verifier({
    resolver: sources.resolver,
    status: sources.status,
    accreditation: sources.accreditation,
    anchors: sources.anchors,
    schemas: createSchemaValidator(),
    clock: () => new Date(),
    ...(options.native ? { signatureVerifier: createNativeSignatureVerifier() } : {}),
  });
  await sources.head.latestBlock();
  return {
    label: `chain-reading sources, one thread, ${options.native ? 'libsecp256k1' : 'node:crypto'} signatures`,
    verifyCredential: (input, options) => verifier.verifyCredential(input, options),
    verifyPresentation: (input, options) => verifier.verifyPresentation(input, options),
    async close() {
      sources.close();
    },
  };
}

/**
 * The engine as the verifier service ships it.
 * @param config - the chain (through the counting proxy).
 * @returns the engine.
 */
export async function shippedEngine(config: ChainConfig): Promise<BenchEngine> {
  return chainReadingEngine(config, { native: true });
}
