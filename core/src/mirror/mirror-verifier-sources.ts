/**
 * Wires the verifier's chain-backed dependencies over one {@link RegistryMirror}: the DID resolver, the status,
 * accreditation and anchor sources, and the mirror itself as the chain head. Same contract as
 * `createChainVerifierSources`, without a chain call on the hot path once the identities asked about are indexed.
 */
import { assertChainConfig, type ChainConfig } from '../chain/chain-config.ts';
import { createBatchingChainClient, createChainPublicClient } from '../chain/public-client.ts';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import type {
  ChainVerifierSources,
  ChainVerifierSourcesOptions,
} from '../verification/chain-verifier-sources.ts';
import { MirrorAccreditationSource } from './mirror-accreditation-source.ts';
import { MirrorAnchorSource } from './mirror-anchor-source.ts';
import { MirrorDidResolver } from './mirror-did-resolver.ts';
import { MirrorStatusSource } from './mirror-status-source.ts';
import {
  RegistryMirror,
  type MirrorBatch,
  type MirrorStats,
  type RegistryMirrorOptions,
} from './registry-mirror.ts';

/** Options of {@link createMirrorVerifierSources}: those of the chain sources, and the mirror's. */
export interface MirrorVerifierSourcesOptions
  extends
    Omit<ChainVerifierSourcesOptions, 'headDocumentTtlMs'>,
    Omit<RegistryMirrorOptions, 'pollIntervalMs' | 'maxHeadAgeMs'> {}

/** What {@link createMirrorVerifierSources} returns. */
export interface MirrorVerifierSources extends ChainVerifierSources {
  /** The mirror (also `head`). */
  mirror: RegistryMirror;
  /**
   * Resolves once the mirror has followed the head once.
   * @throws MedtrustError `CHAIN_UNAVAILABLE`.
   */
  ready(): Promise<void>;
  /** @returns what the mirror holds. */
  stats(): MirrorStats;
  /**
   * Registers a listener for the registry events of new blocks (e.g. to recheck stored results).
   * @returns a function that removes it.
   */
  subscribe(listener: (batch: MirrorBatch) => void): () => void;
}

/**
 * Builds the mirror-backed verifier dependencies and starts following the chain.
 * @param config - chain settings (RPC URL, chain id, the four registry addresses, `did:ethr` network name).
 * @param options - polling, timeouts, deployment block, reorg depth, log range, index size.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed config or option.
 */
export function createMirrorVerifierSources(
  config: ChainConfig,
  options: MirrorVerifierSourcesOptions = {},
): MirrorVerifierSources {
  assertChainConfig(config, 'mirror sources');
  const timeoutMs = options.requestTimeoutMs ?? 5_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      'mirror sources: requestTimeoutMs must be positive',
    );
  }
  if (
    options.maxStatusAgeBlocks !== undefined &&
    (!Number.isSafeInteger(options.maxStatusAgeBlocks) || options.maxStatusAgeBlocks < 0)
  ) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      'mirror sources: maxStatusAgeBlocks must be a non-negative integer',
    );
  }
  const client = createBatchingChainClient(config, timeoutMs);
  const pollIntervalMs = options.headPollIntervalMs ?? 1_000;
  const mirror = new RegistryMirror(client, config, {
    fromBlock: options.fromBlock ?? BigInt(config.deploymentBlock ?? 0),
    ...(options.safeDepth === undefined ? {} : { safeDepth: options.safeDepth }),
    ...(options.maxLogRange === undefined ? {} : { maxLogRange: options.maxLogRange }),
    ...(options.maxIdentities === undefined ? {} : { maxIdentities: options.maxIdentities }),
    ...(options.sync === undefined ? {} : { sync: options.sync }),
    pollIntervalMs,
    maxHeadAgeMs: options.maxHeadAgeMs ?? Math.max(2_000, 3 * pollIntervalMs),
    // Log pages of a full sync are tens of megabytes: a longer timeout than the requests on the hot path, and no
    // JSON-RPC batching (pages batched together would share one response and its size limit).
    logClient: createChainPublicClient(config, { timeoutMs: Math.max(timeoutMs, 60_000) }),
  });
  const resolver = new MirrorDidResolver(mirror, client, config, {
    timeoutMs,
    webDocumentTtlMs: options.webDocumentTtlMs ?? 300_000,
    allowPrivateWebHosts: options.allowPrivateWebHosts ?? false,
  });
  const status = new MirrorStatusSource(mirror, client, config.statusRegistry);
  const accreditation = new MirrorAccreditationSource(mirror);
  const anchors = new MirrorAnchorSource(mirror, config.chainId, config.anchorRegistry);
  mirror.start();
  return {
    resolver,
    status,
    accreditation,
    anchors,
    head: mirror,
    mirror,
    ready: () => mirror.ready(),
    stats: () => mirror.stats(),
    subscribe: (listener) => mirror.subscribe(listener),
    close() {
      mirror.close();
    },
  };
}
