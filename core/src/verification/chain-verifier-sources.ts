/**
 * Wires the verifier's chain-backed dependencies for one chain: a polled {@link ChainHead} whose registry events
 * invalidate the caches, a caching DID resolver (`did:ethr` as of a time or block, `did:key`, `did:web`), the status
 * source, the accreditation source and the anchor source.
 */
import { assertChainConfig, type ChainConfig } from '../chain/chain-config.ts';
import { createBatchingChainClient } from '../chain/public-client.ts';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import type { AnchorSource } from './anchor-source.ts';
import { BlockTimeIndex } from './block-time-index.ts';
import { ChainAnchorSource } from './chain-anchor-source.ts';
import { ChainAccreditationSource } from './chain-accreditation-source.ts';
import { ChainDidResolver } from './chain-did-resolver.ts';
import { PollingChainHead, type ChainHead } from './chain-head.ts';
import { ChainStatusSource } from './chain-status-source.ts';
import type { AccreditationSource, DidResolver, StatusSource } from './verifier-dependencies.ts';

/** Options of {@link createChainVerifierSources}. */
export interface ChainVerifierSourcesOptions {
  /** How many blocks behind the cached head a status answer may be; 1 by default. */
  maxStatusAgeBlocks?: number;
  /** Head poll period, ms; 1,000 by default. */
  headPollIntervalMs?: number;
  /** Timeout of one RPC request (and of one DID resolution), ms; 5,000 by default. */
  requestTimeoutMs?: number;
  /**
   * A head not refreshed for this long (ms) is re-polled before use, and answers fail closed if that fails;
   * 3 × `headPollIntervalMs` (at least 2,000) by default.
   */
  maxHeadAgeMs?: number;
  /**
   * Upper bound on reusing a `did:ethr` document at the head, ms; 60,000. It is reused only while the head is still
   * the block it was read at and no ERC-1056 event touched the identity.
   */
  headDocumentTtlMs?: number;
  /** How long a `did:web` document is cached, ms; 300,000. */
  webDocumentTtlMs?: number;
  /** Fetch `did:web` documents from loopback and private hosts too; false (refused, against SSRF) by default. */
  allowPrivateWebHosts?: boolean;
}

/** What {@link createChainVerifierSources} returns: the `Verifier` dependencies that read the chain. */
export interface ChainVerifierSources {
  resolver: DidResolver;
  status: StatusSource;
  accreditation: AccreditationSource;
  /** The `AnchorRegistry` (anchors of credentials by exact block). */
  anchors: AnchorSource;
  /** The polled head (for health checks). */
  head: ChainHead;
  /** Stops polling and releases connections. */
  close(): void;
}

/**
 * Builds the chain-backed verifier dependencies and starts polling the head.
 * @param config - chain settings (RPC URL, chain id, the four registry addresses, `did:ethr` network name).
 * @param options - staleness bound, poll period, timeouts, cache lifetimes.
 * @returns resolver, status, accreditation and anchor sources, the head, and `close()`.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed config or option.
 */
export function createChainVerifierSources(
  config: ChainConfig,
  options: ChainVerifierSourcesOptions = {},
): ChainVerifierSources {
  assertChainConfig(config, 'verifier sources');
  const bad = (detail: string) =>
    new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, `verifier sources: ${detail}`);
  const maxStatusAgeBlocks = options.maxStatusAgeBlocks ?? 1;
  const pollIntervalMs = options.headPollIntervalMs ?? 1_000;
  const timeoutMs = options.requestTimeoutMs ?? 5_000;
  const maxHeadAgeMs = options.maxHeadAgeMs ?? Math.max(2_000, 3 * pollIntervalMs);
  for (const [name, value] of Object.entries({
    maxStatusAgeBlocks,
    pollIntervalMs,
    timeoutMs,
    maxHeadAgeMs,
  })) {
    if (!Number.isSafeInteger(value) || value < (name === 'maxStatusAgeBlocks' ? 0 : 1)) {
      throw bad(`${name} must be a ${name === 'maxStatusAgeBlocks' ? 'non-negative' : 'positive'} integer`);
    }
  }

  const client = createBatchingChainClient(config, timeoutMs);
  const head = new PollingChainHead(client, {
    addresses: [config.didRegistry, config.statusRegistry, config.trustRegistry, config.anchorRegistry],
    pollIntervalMs,
    maxHeadAgeMs,
    maxLogRange: 5_000n,
  });
  const blocks = new BlockTimeIndex(client);
  head.subscribe((batch) => {
    if (batch.reset) blocks.clear();
  });
  const resolver = new ChainDidResolver(config, head, blocks, {
    timeoutMs,
    headDocumentTtlMs: options.headDocumentTtlMs ?? 60_000,
    webDocumentTtlMs: options.webDocumentTtlMs ?? 300_000,
    allowPrivateWebHosts: options.allowPrivateWebHosts ?? false,
  });
  const status = new ChainStatusSource(client, config.statusRegistry, head, blocks, { maxStatusAgeBlocks });
  const accreditation = new ChainAccreditationSource(client, config.trustRegistry, head);
  const anchors = new ChainAnchorSource(client, config.chainId, config.anchorRegistry, head);
  head.start();
  return {
    resolver,
    status,
    accreditation,
    anchors,
    head,
    close() {
      head.close();
      resolver.close();
    },
  };
}
