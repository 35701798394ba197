/**
 * Ingests issuers' publication feeds into the directory: polls each configured feed from its stored cursor, verifies
 * every credential with the pipeline (see `judgeFeedItem`), and applies each page — listings, withdrawals,
 * rejections — atomically with the page's cursor. A feed that cannot be read, or a page the pipeline cannot decide
 * (chain down), leaves the cursor where it was and is retried at the next poll; re-reading a page is harmless.
 * Publications whose anchor is not confirmed yet are set aside (neither listed nor rejected) and judged again first
 * thing at every poll, so they hold up nothing else.
 */
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { Logger } from '../logger.ts';
import type { VerificationEngine } from '../verification-engine.ts';
import type { DirectoryIndex } from './directory-index.ts';
import type { AppliedPage, EntryStore, FeedOperation } from './entry-store.ts';
import { fetchFeedPage, type FeedClientOptions } from './feed-client.ts';
import { judgeFeedItem, type IngestionVerdict } from './ingestion-verdict.ts';
import type { FeedItem } from './feed-client.ts';
import { mapLimited } from './map-limited.ts';

/**
 * Writes every party's row, as the listed credentials make it, to an index (after an index write failed, or to
 * fill a new index).
 * @param entries - the listed credentials.
 * @param index - the index.
 * @returns how many rows were written.
 */
export async function rebuildDirectoryIndex(
  entries: Pick<EntryStore, 'partyRows'>,
  index: Pick<DirectoryIndex, 'putParties'>,
): Promise<number> {
  let after: string | undefined;
  let written = 0;
  do {
    const page = entries.partyRows(after, 1_000);
    await index.putParties({ upserts: page.rows, removed: [] });
    written += page.rows.length;
    after = page.next;
  } while (after !== undefined);
  return written;
}

/** What the indexer needs. */
export interface DirectoryIndexerOptions {
  /** Feed URLs (`…/public/credentials`). */
  feeds: readonly string[];
  /** Where entries and cursors go (read on each poll, so a lazily opened store stays closed until then). */
  store: { readonly entries: EntryStore };
  /** The verification pipeline. */
  engine: Pick<VerificationEngine, 'verifyCredential'>;
  /**
   * The search index each applied page's party rows are written to. When a write fails (the page itself is
   * applied), the index is rebuilt from the listed credentials at the next poll.
   */
  index?: Pick<DirectoryIndex, 'putParties'>;
  clock: () => Date;
  logger: Logger;
  /** Poll period, ms. */
  pollIntervalMs: number;
  /** Items asked for per page (1–500). */
  pageSize: number;
  /** Pages read from one feed per poll (the rest waits for the next poll); 20 by default. */
  maxPagesPerSync?: number;
  /** Credentials verified at the same time; 8 by default. */
  concurrency?: number;
  /** Feed request timeout and page size limit, and the fetch implementation. */
  client?: Partial<FeedClientOptions>;
  /**
   * Resolves once the pipeline's view of the chain has caught up with the chain's tip (see `waitForChainTip`);
   * called before each page is judged, so a credential issued right after its issuer's accreditation or status list
   * is never refused because the verifier's head had not yet seen them. A throw defers the page.
   */
  catchUp?: () => Promise<void>;
  /**
   * How long after its `nbf` a credential may still be anchored, ms (the pipeline's anchor lag plus its clock skew):
   * a publication still waiting for its anchor beyond it is rejected. 24 h + 60 s by default.
   */
  anchorDeadlineMs?: number;
}

/** What one poll did to one feed. */
export interface FeedSyncResult {
  url: string;
  pages: number;
  listed: number;
  withdrawn: number;
  rejected: number;
  /** Publications still waiting for their anchor after the poll (judged again at the next one). */
  pending: number;
  /** The feed's cursor after the poll. */
  cursor: string | null;
  /** Why the poll stopped early (the cursor was kept), when it did. */
  error?: string;
}

/** What one poll of every feed did. */
export interface DirectorySyncSummary {
  feeds: FeedSyncResult[];
}

/** Polls the configured feeds into the directory store. */
export class DirectoryIndexer {
  readonly #options: DirectoryIndexerOptions;
  readonly #client: FeedClientOptions;
  #queue: Promise<unknown> = Promise.resolve();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #indexBehind = false;

  /** @param options - feeds, store, pipeline, clock, logger, poll period and page size. */
  constructor(options: DirectoryIndexerOptions) {
    this.#options = options;
    this.#client = { timeoutMs: 10_000, maxPageBytes: 16 * 1024 * 1024, ...options.client };
  }

  /** The configured feeds. */
  get feeds(): readonly string[] {
    return this.#options.feeds;
  }

  /** Starts polling: a first poll now, then one every poll period (the timer never keeps the process alive). */
  start(): void {
    if (this.#options.feeds.length === 0 || this.#timer !== undefined || this.#stopped) return;
    const tick = () => {
      this.sync()
        .catch(() => undefined)
        .finally(() => {
          if (this.#stopped) return;
          this.#timer = setTimeout(tick, this.#options.pollIntervalMs);
          this.#timer.unref();
        });
    };
    this.#timer = setTimeout(tick, 0);
    this.#timer.unref();
  }

  /**
   * Polls every feed once, after any poll already running (polls never overlap).
   * @returns what the poll did per feed.
   */
  sync(): Promise<DirectorySyncSummary> {
    const run = this.#queue.then(async () => {
      const feeds: FeedSyncResult[] = [];
      for (const url of this.#options.feeds) {
        if (this.#stopped) break;
        feeds.push(await this.#syncFeed(url));
      }
      return { feeds };
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stops polling and waits for a running poll to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#queue;
  }

  async #syncFeed(url: string): Promise<FeedSyncResult> {
    const { logger, clock } = this.#options;
    const store = this.#options.store.entries;
    const maxPages = this.#options.maxPagesPerSync ?? 20;
    const result: FeedSyncResult = {
      url,
      pages: 0,
      listed: 0,
      withdrawn: 0,
      rejected: 0,
      pending: 0,
      cursor: store.feedState(url).cursor,
    };
    const add = (applied: { listed: number; withdrawn: number; rejected: number }) => {
      result.listed += applied.listed;
      result.withdrawn += applied.withdrawn;
      result.rejected += applied.rejected;
    };
    const apply = async (operations: FeedOperation[], cursor: string | null): Promise<AppliedPage> => {
      const applied = store.applyPage(url, operations, cursor, clock());
      await this.#index(applied);
      return applied;
    };
    try {
      if (this.#indexBehind) await this.#rebuildIndex();
      // First the publications set aside at earlier polls (their anchor may be confirmed by now).
      const waiting = store.pendingItems(url, this.#options.pageSize);
      if (waiting.length > 0) {
        await this.#options.catchUp?.();
        add(await apply(await this.#judge(url, waiting), result.cursor));
      }
      while (result.pages < maxPages && !this.#stopped) {
        const page = await fetchFeedPage(url, result.cursor, this.#options.pageSize, this.#client);
        if (page.items.length > 0) await this.#options.catchUp?.();
        const operations = await this.#judge(url, page.items);
        const cursor = page.next ?? result.cursor;
        add(await apply(operations, cursor));
        result.pages++;
        result.cursor = cursor;
        if (!page.hasMore) break;
      }
      result.pending = store.feedState(url).pending;
      if (result.listed + result.withdrawn + result.rejected > 0) {
        logger.info('directory feed ingested', {
          feed: url,
          pages: result.pages,
          listed: result.listed,
          withdrawn: result.withdrawn,
          rejected: result.rejected,
          pending: result.pending,
        });
      }
    } catch (error) {
      const code =
        error instanceof MedtrustError ? error.code : (ErrorCodes.DIRECTORY_FEED_UNAVAILABLE as string);
      result.error = code;
      try {
        store.recordFeedError(url, code, clock());
      } catch {
        // the database itself failed: nothing more to record
      }
      logger.error('directory feed not ingested', {
        feed: url,
        errorCode: code,
        detail: error instanceof Error ? error.message.slice(0, 200) : undefined,
      });
    }
    return result;
  }

  async #index(applied: AppliedPage): Promise<void> {
    const { index } = this.#options;
    if (index === undefined || (applied.parties.upserts.length === 0 && applied.parties.removed.length === 0))
      return;
    try {
      await index.putParties(applied.parties);
    } catch (error) {
      this.#indexBehind = true;
      throw error;
    }
  }

  async #rebuildIndex(): Promise<void> {
    await rebuildDirectoryIndex(this.#options.store.entries, this.#options.index!);
    this.#indexBehind = false;
  }

  /**
   * Judges items and turns the verdicts into store operations.
   * @throws MedtrustError `DIRECTORY_FEED_UNAVAILABLE` when one could not be decided (the page is retried).
   */
  async #judge(url: string, items: readonly FeedItem[]): Promise<FeedOperation[]> {
    const { clock } = this.#options;
    const options =
      this.#options.anchorDeadlineMs === undefined
        ? {}
        : { anchorDeadlineMs: this.#options.anchorDeadlineMs };
    const verdicts = await mapLimited(items, this.#options.concurrency ?? 8, (item) =>
      judgeFeedItem(this.#options.engine, url, item, clock(), options),
    );
    const retry = verdicts.find(
      (v): v is Extract<IngestionVerdict, { verdict: 'retry' }> => v.verdict === 'retry',
    );
    if (retry !== undefined) {
      throw new MedtrustError(
        ErrorCodes.DIRECTORY_FEED_UNAVAILABLE,
        `a credential of the page could not be verified (${retry.code})`,
      );
    }
    return verdicts.map((v): FeedOperation => {
      if (v.verdict === 'list') return { op: 'list', entry: v.entry };
      if (v.verdict === 'withdraw') return { op: 'withdraw', itemId: v.itemId };
      if (v.verdict === 'pending') return { op: 'pending', item: v.item };
      const rejected = v as Extract<IngestionVerdict, { verdict: 'reject' }>;
      return {
        op: 'reject',
        itemId: rejected.itemId,
        codes: rejected.codes,
        ...(rejected.type === undefined ? {} : { type: rejected.type }),
      };
    });
  }
}
