/**
 * The verification engines the benchmarks measure, built the way the verifier service builds them with its shipped
 * defaults: today's chain-reading sources (the "before" figure) and the registry mirror behind the worker pool.
 */
import {
  createChainVerifierSources,
  createMirrorVerifierSources,
  InMemoryNonceStore,
  Verifier,
  type ChainConfig,
  type VerificationReport,
  type VerifyOptions,
} from '@medtrust/core';
import { createNativeSignatureVerifier } from '@medtrust/core/native-signature-verifier';
import { createSchemaValidator } from '@medtrust/schemas';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadVerifierConfig, openVerifierStores, silentLogger, VerificationPool } from '@medtrust/verifier';

/** What a benchmark drives. */
export interface BenchEngine {
  /** Short description for the tables. */
  label: string;
  verifyCredential(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
  verifyPresentation(input: unknown, options?: VerifyOptions): Promise<VerificationReport>;
  /** Issues a single-use challenge in the engine's nonce store (as `POST /challenges` does). */
  issueChallenge(): Promise<string>;
  /**
   * Heap bytes of a registry mirror holding these identities (measured on a mirror of its own in this thread, the
   * same index each worker holds), when the engine has one.
   */
  indexBytes?(identities: readonly `0x${string}`[]): Promise<number | undefined>;
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
  const nonces = new InMemoryNonceStore(() => new Date(), 1_000_000);
  const verifier = new Verifier({
    nonces,
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
    issueChallenge: () => nonces.issue(600),
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
  // The service's own configuration from an empty environment (shipped defaults), data in a temporary folder.
  const dataDir = mkdtempSync(join(tmpdir(), 'medtrust-bench-verifier-'));
  const verifierConfig = loadVerifierConfig({ DATA_DIR: dataDir }, config);
  const pool = new VerificationPool(verifierConfig);
  // As a started service is: every worker's mirror has read the registries' history (timed by the caller).
  await pool.ready();
  const stores = await openVerifierStores(verifierConfig.store!, () => new Date(), silentLogger);
  return {
    label: `verification pool (${pool.workers} worker threads, libsecp256k1), registry mirror per worker`,
    verifyCredential: (input, options) => pool.verifyCredential(input, options),
    verifyPresentation: (input, options) => pool.verifyPresentation(input, options),
    issueChallenge: () => stores.nonces.issue(600),
    indexBytes: (identities) => mirrorIndexBytes(config, identities),
    async close() {
      await pool.close();
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Heap bytes a registry mirror takes to index `identities`: the heap after a full garbage collection, with the
 * mirror synced and holding them, minus the heap before it.
 * @param config - the chain.
 * @param identities - the identities to index (every issuer of the traffic).
 */
export async function mirrorIndexBytes(
  config: ChainConfig,
  identities: readonly `0x${string}`[],
): Promise<number> {
  // A full collection before each reading (the bench is not started with --expose-gc: V8's flag, set now).
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  collect();
  const before = process.memoryUsage().heapUsed;
  const sources = createMirrorVerifierSources(config);
  try {
    await sources.ready();
    for (let i = 0; i < identities.length; i += 256) {
      await Promise.all(identities.slice(i, i + 256).map((identity) => sources.mirror.histories(identity)));
    }
    collect();
    return process.memoryUsage().heapUsed - before;
  } finally {
    sources.close();
  }
}
