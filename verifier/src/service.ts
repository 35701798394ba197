/**
 * The verifier service: wires the chain sources, the verification pipeline, the nonce and request stores, the
 * OID4VP key and the HTTP app together. Everything is injected from the configuration; no business rule lives here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ErrorCodes,
  createChainPublicClient,
  InMemoryNonceStore,
  MedtrustError,
  Verifier,
  createMirrorVerifierSources,
  type AnchorProof,
  type AnchorProofSource,
  type NonceStore,
} from '@medtrust/core';
import {
  createNativeSignatureVerifier,
  isNativeSecp256k1Available,
} from '@medtrust/core/native-signature-verifier';
import { createSchemaValidator } from '@medtrust/schemas';
import { HttpAnchorProofSource } from './anchoring/http-anchor-proof-source.ts';
import { withKnownAnchorProofs } from './anchoring/known-anchor-proofs.ts';
import type { VerifierConfig } from './config.ts';
import { DEFAULT_DIRECTORY_CONFIG } from './directory/directory-config.ts';
import type { DirectoryLimits } from './directory/directory-context.ts';
import { mirrorSourceOptions } from './mirror-source-options.ts';
import { startDirectory, type DirectoryRuntime } from './directory/directory-runtime.ts';
import { createVerifierApp, type VerifierLimits } from './http/app.ts';
import { silentLogger, type Logger } from './logger.ts';
import { createVerifierKey, verifierKeyFromSeed, type VerifierKey } from './oid4vp/verifier-key.ts';
import type { PolicyRegistry } from './policies/policy-registry.ts';
import { InMemoryPresentationRequestStore } from './requests/in-memory-presentation-request-store.ts';
import type { PresentationRequestStore } from './requests/presentation-request-store.ts';
import { openVerifierStores } from './store/verifier-stores.ts';
import { VerificationPool } from './worker-pool/verification-pool.ts';

/** Optional collaborators of {@link startVerifierService} (defaults in brackets). */
export interface StartVerifierOptions {
  /** [a silent logger] */
  logger?: Logger;
  /** [the system clock] */
  clock?: () => Date;
  /** [`config.store`'s durable store (PostgreSQL or SQLite), else in memory] */
  nonces?: NonceStore;
  /** [`config.store`'s durable store (PostgreSQL or SQLite), else in memory] */
  requests?: PresentationRequestStore;
  /** [an ephemeral Ed25519 did:key] */
  verifierKey?: VerifierKey;
  /** [the three medtrust policies] */
  policies?: PolicyRegistry;
  /** Overrides of the HTTP limits. */
  limits?: Partial<VerifierLimits>;
  /** Overrides of the directory's answer bounds. */
  directoryLimits?: Partial<DirectoryLimits>;
  /**
   * Where the anchor proof of a credential presented without one is found [an `HttpAnchorProofSource` over
   * `config.anchoring.proofUrls`, none without URLs]. Proofs the directory stored from feeds are looked up first.
   */
  anchorProofs?: AnchorProofSource;
}

/** A running verifier service. */
export interface RunningVerifier {
  /** Base URL it listens on. */
  url: string;
  /** Public base URL its links are built on. */
  publicBaseUrl: string;
  /** The OID4VP client identity (did:key) of this run. */
  verifierKey: VerifierKey;
  /** The public directory: its operations, feed indexer and store; `sync()` polls every feed now. */
  directory: DirectoryRuntime;
  /**
   * Resolves once the registry mirrors (the main thread's and every verification worker's) have read the registries'
   * history; requests before that wait for it. Rejects with `CHAIN_UNAVAILABLE` when they cannot.
   */
  ready(): Promise<void>;
  /** Stops listening, stops the directory's polling and releases the chain clients. */
  close(): Promise<void>;
}

/**
 * Starts the verifier service: builds the chain sources (resolver, status, accreditation, chain head) and the
 * verification pipeline, opens the public directory (and starts polling its feeds), listens, then mounts the HTTP
 * app on the public URL.
 * @param config - host, port, public URL, chain and limits.
 * @param options - logger, clock, stores, verifier key, policies, limits.
 * @returns the running service.
 * @throws MedtrustError `CONFIGURATION_INVALID` when it cannot listen.
 */
export async function startVerifierService(
  config: VerifierConfig,
  options: StartVerifierOptions = {},
): Promise<RunningVerifier> {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  const requestTimeoutMs = config.requestTimeoutMs ?? 5_000;
  const anchoring = config.anchoring ?? { proofUrls: [], maxLagSeconds: 86_400 };
  const remoteProofs =
    options.anchorProofs ??
    (anchoring.proofUrls.length > 0
      ? new HttpAnchorProofSource({ urls: anchoring.proofUrls, timeoutMs: requestTimeoutMs })
      : undefined);
  const directoryConfig = config.directory ?? { ...DEFAULT_DIRECTORY_CONFIG, dbPath: ':memory:' };
  // Set once the directory is open: proofs it stored from the feeds serve re-verification (profiles, batches,
  // reviews) without asking the issuers again.
  let directory: DirectoryRuntime | undefined;
  const anchorProofs =
    directoryConfig.feeds.length > 0
      ? withKnownAnchorProofs((hash) => directory?.store.entries.anchorProofOf(hash), remoteProofs)
      : remoteProofs;
  // Durable nonces and requests (PostgreSQL or SQLite) unless both are injected; in memory without config.store.
  const stores =
    config.store && (!options.nonces || !options.requests)
      ? await openVerifierStores(config.store, clock, logger)
      : undefined;
  const sources = createMirrorVerifierSources(config.chain, mirrorSourceOptions(config));
  const nonces = options.nonces ?? stores?.nonces ?? new InMemoryNonceStore(clock);
  let engine: Verifier;
  try {
    engine = new Verifier({
      resolver: sources.resolver,
      status: sources.status,
      accreditation: sources.accreditation,
      anchors: sources.anchors,
      ...(anchorProofs === undefined ? {} : { anchorProofs }),
      ...(anchoring.requiredFor === undefined ? {} : { anchorRequiredFor: anchoring.requiredFor }),
      anchorMaxLagSeconds: anchoring.maxLagSeconds,
      schemas: createSchemaValidator(),
      clock,
      nonces,
      clockSkewSeconds: config.clockSkewSeconds,
      // libsecp256k1 when its addon is built (npm install compiles it), node:crypto otherwise
      ...(isNativeSecp256k1Available() ? { signatureVerifier: createNativeSignatureVerifier() } : {}),
    });
  } catch (error) {
    sources.close();
    await stores?.close();
    throw error;
  }
  const sharedKey =
    config.verifierKeySeed === undefined ? undefined : verifierKeyFromSeed(config.verifierKeySeed);
  if (options.verifierKey === undefined && sharedKey === undefined) {
    logger.info('no VERIFIER_KEY: an ephemeral OID4VP key, so OID4VP requests are bound to this instance', {
      level: 'warning',
    });
  }
  const verifierKey = options.verifierKey ?? sharedKey ?? createVerifierKey();
  try {
    directory = await startDirectory({
      config: directoryConfig,
      // the search index and stored verifications go where the nonces go: PostgreSQL when DATABASE_URL is set
      ...(config.store?.databaseUrl
        ? {
            database: {
              url: config.store.databaseUrl,
              ...(config.store.databaseSchema ? { schema: config.store.databaseSchema } : {}),
            },
          }
        : {}),
      anchorDeadlineMs: (anchoring.maxLagSeconds + config.clockSkewSeconds) * 1000,
      chain: config.chain,
      engine,
      sources,
      clock,
      logger,
      ...(options.directoryLimits ? { limits: options.directoryLimits } : {}),
    });
  } catch (error) {
    sources.close();
    await stores?.close();
    throw error;
  }

  const server: Server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, `cannot listen: ${error.message}`)),
      );
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await directory.close();
    sources.close();
    await stores?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const publicBaseUrl = config.publicBaseUrl ?? url;

  // The HTTP routes verify on every core (worker threads over the same durable nonce store) unless the caller
  // injected a clock, nonces or proof source the threads cannot share, or the store is one process's memory.
  const workers = config.workers;
  const pool =
    workers !== undefined &&
    workers.count > 0 &&
    options.clock === undefined &&
    options.nonces === undefined &&
    options.anchorProofs === undefined &&
    config.store !== undefined &&
    (config.store.databaseUrl !== undefined || config.store.sqlitePath !== ':memory:')
      ? new VerificationPool(config, {
          workers: workers.count,
          maxQueue: workers.maxQueue,
          ...(directoryConfig.feeds.length > 0
            ? {
                knownAnchorProof: (hash: string) =>
                  directory?.store.entries.anchorProofOf(hash) as AnchorProof | undefined,
              }
            : {}),
        })
      : undefined;
  // The workers sync their registry mirrors at once; until they have, their answers wait for it (or fail closed).
  const workersReady = pool?.ready() ?? Promise.resolve();
  workersReady.catch((error: unknown) => {
    logger.info('verification workers not ready: their registry mirrors could not sync', {
      level: 'warning',
      code: error instanceof MedtrustError ? error.code : ErrorCodes.INTERNAL,
    });
  });
  const app = createVerifierApp({
    engine: pool ?? engine,
    nonces,
    chainHead: sources.head,
    requests: options.requests ?? stores?.requests ?? new InMemoryPresentationRequestStore({ clock }),
    verifierKey,
    publicBaseUrl,
    chainId: config.chain.chainId,
    clock,
    logger,
    limits: {
      maxBodyBytes: config.maxBodyBytes,
      requestTtlSeconds: config.requestTtlSeconds,
      ...options.limits,
    },
    ...(options.policies ? { policies: options.policies } : {}),
    ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
    evidence: { client: createChainPublicClient(config.chain), chain: config.chain },
    directory: {
      directory: directory.directory,
      ...(config.directory ? { rateLimit: config.directory.rateLimit } : {}),
    },
  });
  server.on('request', app);
  logger.info('verifier listening', { url, publicBaseUrl, clientDid: verifierKey.did });

  return {
    url,
    publicBaseUrl,
    verifierKey,
    directory,
    async ready() {
      await Promise.all([sources.ready(), workersReady]);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await directory.close();
      await pool?.close();
      await sources.close();
      await stores?.close();
    },
  };
}
