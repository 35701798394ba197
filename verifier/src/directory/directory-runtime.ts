/**
 * Starts the directory inside the verifier service: opens its database, builds the accreditation-chain reader on the
 * verifier's chain sources, and starts polling the feeds.
 */
import { existsSync } from 'node:fs';
import {
  createChainPublicClient,
  type AccreditationSource,
  type ChainConfig,
  type ChainHead,
  type DidResolver,
} from '@medtrust/core';
import type { Logger } from '../logger.ts';
import type { VerificationEngine } from '../verification-engine.ts';
import { RegistryAccreditationChainReader } from './accreditation-chain.ts';
import { waitForChainTip } from './chain-tip.ts';
import type { DirectoryConfig } from './directory-config.ts';
import { DEFAULT_DIRECTORY_LIMITS, type DirectoryLimits } from './directory-context.ts';
import { DirectoryIndexer, type DirectorySyncSummary } from './directory-indexer.ts';
import { DirectoryStore } from './directory-store.ts';
import { Directory } from './directory.ts';

/** What the directory is started with. */
export interface DirectoryRuntimeOptions {
  config: DirectoryConfig;
  chain: ChainConfig;
  /** The verifier's pipeline. */
  engine: VerificationEngine;
  /** The verifier's chain sources. */
  sources: { resolver: DidResolver; accreditation: AccreditationSource; head: ChainHead };
  clock: () => Date;
  logger: Logger;
  /** Overrides of the answer bounds. */
  limits?: Partial<DirectoryLimits>;
  /**
   * How long after its `nbf` a credential may still be anchored, ms (the pipeline's anchor lag plus clock skew):
   * publications waiting for their anchor beyond it are rejected. 24 h + 60 s by default.
   */
  anchorDeadlineMs?: number;
}

/** A running directory. */
export interface DirectoryRuntime {
  directory: Directory;
  indexer: DirectoryIndexer;
  store: DirectoryStore;
  /** Polls every feed now (after a poll already running) and returns what it did. */
  sync(): Promise<DirectorySyncSummary>;
  /** Stops polling and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the directory and starts polling its feeds.
 * @param options - configuration, chain, pipeline, sources, clock, logger.
 * @returns the running directory.
 * @throws MedtrustError `CONFIGURATION_INVALID` when the database cannot be opened (with no feeds and no file yet,
 *   it is opened on first use).
 */
export function startDirectory(options: DirectoryRuntimeOptions): DirectoryRuntime {
  const { config, chain, engine, sources, clock, logger } = options;
  // Without feeds, nothing is written until someone uses the directory: open the file then.
  const store = DirectoryStore.open(config.dbPath, {
    lazy: config.feeds.length === 0 && config.dbPath !== ':memory:' && !existsSync(config.dbPath),
  });
  const client = createChainPublicClient(chain);
  const accreditationChains = new RegistryAccreditationChainReader({
    access: {
      client,
      chain,
      fromBlock: BigInt(config.eventsFromBlock),
    },
    chain,
    trustRegistry: sources.accreditation,
    head: sources.head,
    clock,
  });
  const directory = new Directory(
    {
      store,
      engine,
      resolver: sources.resolver,
      trustRegistry: sources.accreditation,
      accreditationChains,
      clock,
      logger,
      limits: { ...DEFAULT_DIRECTORY_LIMITS, ...options.limits },
    },
    config.feeds,
  );
  const indexer = new DirectoryIndexer({
    feeds: config.feeds,
    store,
    engine,
    clock,
    logger,
    pollIntervalMs: config.pollIntervalSeconds * 1000,
    pageSize: config.feedPageSize,
    ...(options.anchorDeadlineMs === undefined ? {} : { anchorDeadlineMs: options.anchorDeadlineMs }),
    catchUp: () =>
      waitForChainTip({ tip: () => client.getBlockNumber({ cacheTime: 0 }), head: sources.head }),
  });
  indexer.start();
  return {
    directory,
    indexer,
    store,
    sync: () => indexer.sync(),
    async close() {
      await indexer.stop();
      store.close();
    },
  };
}
