/**
 * Starts the directory inside the verifier service: opens its database and its index (SQLite in the same file, or
 * PostgreSQL when a database URL is given; a new index is filled from the listed credentials), builds the
 * accreditation-chain reader on the verifier's chain sources, hands every batch of registry events the verifier's
 * chain head sees to the rechecker, and starts polling the feeds.
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
import type { DirectoryIndex } from './directory-index.ts';
import { DirectoryIndexer, rebuildDirectoryIndex, type DirectorySyncSummary } from './directory-indexer.ts';
import { DirectoryRechecker } from './directory-rechecker.ts';
import { DirectoryStore } from './directory-store.ts';
import { Directory } from './directory.ts';
import { PostgresDirectoryIndex } from './postgres-directory-index.ts';
import type { RegistryLogBatch } from './registry-event-marks.ts';

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
   * PostgreSQL for the search index and stored verifications (the verifier's `DATABASE_URL` and schema), shared by
   * every instance; the directory's SQLite file otherwise.
   */
  database?: { url: string; schema?: string };
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
  /** The search index and stored verifications. */
  index: DirectoryIndex;
  /** Marks stored verifications stale on chain events and rechecks them. */
  rechecker: DirectoryRechecker;
  /** Polls every feed now (after a poll already running) and returns what it did. */
  sync(): Promise<DirectorySyncSummary>;
  /** Stops polling and closes the database. */
  close(): Promise<void>;
}

/** What `PollingChainHead` offers beyond `ChainHead`: its registry events. */
interface EventfulHead {
  subscribe(listener: (batch: RegistryLogBatch) => void): void;
}

/**
 * Opens the directory and starts polling its feeds.
 * @param options - configuration, chain, pipeline, sources, clock, logger, database.
 * @returns the running directory.
 * @throws MedtrustError `CONFIGURATION_INVALID` when the database cannot be opened (with no feeds and no file yet,
 *   it is opened on first use), `STORE_UNAVAILABLE` when PostgreSQL cannot be prepared.
 */
export async function startDirectory(options: DirectoryRuntimeOptions): Promise<DirectoryRuntime> {
  const { config, chain, engine, sources, clock, logger } = options;
  // Without feeds, nothing is written until someone uses the directory: open the file then.
  const store = DirectoryStore.open(config.dbPath, {
    lazy: config.feeds.length === 0 && config.dbPath !== ':memory:' && !existsSync(config.dbPath),
  });
  let index: DirectoryIndex;
  try {
    index =
      options.database === undefined
        ? store.index
        : await PostgresDirectoryIndex.open(options.database.url, {
            ...(options.database.schema === undefined ? {} : { schema: options.database.schema }),
          });
    // A new index (a new database, or an upgraded file) is filled from what is listed.
    if (store.isOpen && (await index.partyCount()) === 0) await rebuildDirectoryIndex(store.entries, index);
  } catch (error) {
    store.close();
    throw error;
  }
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
  const rechecker = new DirectoryRechecker({
    index,
    entryByHash: (hash) => store.entries.entryByHash(hash),
    engine,
    accreditationChains,
    registries: chain,
    clock,
    logger,
    ...(config.recheckConcurrency === undefined ? {} : { concurrency: config.recheckConcurrency }),
    ...(config.resultMaxAgeSeconds === undefined ? {} : { maxAgeMs: config.resultMaxAgeSeconds * 1000 }),
  });
  const head = sources.head as ChainHead & Partial<EventfulHead>;
  if (typeof head.subscribe === 'function') {
    // A lazy SQLite store not opened yet holds no stored verification to mark.
    head.subscribe((batch) => {
      if (options.database !== undefined || store.isOpen) rechecker.onRegistryEvents(batch);
    });
  }
  const directory = new Directory(
    {
      store,
      index,
      rechecker,
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
    index,
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
    index,
    rechecker,
    sync: () => indexer.sync(),
    async close() {
      await indexer.stop();
      await rechecker.stop();
      await index.close();
      store.close();
    },
  };
}
