import type { Address, Hex } from 'viem';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import {
  MAX_PAGE_SIZE,
  claimPendingStatusChanges,
  countPendingStatusChanges,
  listStatusChanges,
  listStatusListsAwaitingCreation,
  markStatusChangesConfirmed,
  markStatusChangesSent,
  markStatusListCreated,
  recordStatusChangeFailure,
  type Database,
  type StatusAction,
  type StatusChange,
  type StatusList,
} from '../store/index.ts';
import { revertErrorName, type StatusChainWriter } from './chain-status-writer.ts';
import { KeyedBackoff, positive } from '../chain/backoff.ts';
import { FlushLoop, type PublisherLogger } from '../chain/flush-loop.ts';
import { UnknownTransactions } from '../chain/unknown-transactions.ts';
import { errorCodeOf as codeOf } from '../chain/error-code.ts';
import {
  BITS_PER_WORD,
  DEFAULT_MAX_WORDS_PER_TX,
  planStatusBatches,
  type StatusBatch,
} from './status-batches.ts';

/**
 * `last_error` of changes whose transaction the node no longer knows (dropped from the mempool, or lost by a node
 * restart) after the back-off: they go back to `pending` and are sent again.
 */
export const TX_DROPPED = 'TX_DROPPED';

/** Minimal logger of the publisher (the shared {@link PublisherLogger}); never given credential data. */
export type StatusPublisherLogger = PublisherLogger;

/** Settings of {@link StatusPublisher}. */
export interface StatusPublisherOptions {
  /** The issuer database: its `status_changes` table is the queue. */
  db: Database;
  /** Sends the transactions. */
  writer: StatusChainWriter;
  /** The on-chain identity (ERC-1056 address) of an organisation, owner of its status lists. */
  organisationAddress(organisationId: string): Promise<Address>;
  /** Period of the background flush (`STATUS_FLUSH_MS`), 2,000 ms by default. */
  flushIntervalMs?: number;
  /** Pending changes that trigger a flush on {@link StatusPublisher.notify} (`STATUS_FLUSH_MAX`), 256 by default. */
  flushMaxChanges?: number;
  /** Time source of the back-off; `() => new Date()` by default. */
  clock?: () => Date;
  /** Where progress and failures are reported; silent by default. */
  logger?: StatusPublisherLogger;
  /** First back-off delay after a failure, 1,000 ms by default; doubled on each further failure. */
  backoffBaseMs?: number;
  /** Longest back-off delay, 30,000 ms by default. */
  backoffMaxMs?: number;
  /** Most words per batch transaction, 64 by default. */
  maxWordsPerTx?: number;
}

/** One transaction sent by a flush. */
export interface StatusTransactionReport {
  txHash: Hex;
  organisationId: string;
  listId: number;
  action: StatusAction;
  /** Words touched. */
  words: number;
  /** Queued changes carried. */
  changes: number;
  /** `confirmed` (mined, success), `sent` (receipt not obtained: re-checked next flush), `reverted`. */
  outcome: 'confirmed' | 'sent' | 'reverted';
  blockNumber?: number;
  gasUsed?: bigint;
}

/** What one flush did. */
export interface StatusFlushReport {
  /** Status lists created on-chain (or found created) and recorded. */
  listsCreated: number;
  /** Batch transactions sent, in order. */
  transactions: StatusTransactionReport[];
  /** Changes confirmed (sent by this flush, or sent earlier and found mined). */
  confirmed: number;
  /** Changes whose attempt failed (attempts + 1, back to `pending`). */
  failed: number;
  /** Changes left for a later flush without an attempt (list not created yet, earlier transaction unresolved, back-off). */
  deferred: number;
  /** The chain could not be reached: the flush stopped early and the back-off grew. */
  chainUnavailable: boolean;
}

/** Back-off key of the chain itself (organisation ids are UUIDs, never this). */
const CHAIN = '(chain)';

/** Outcome of sending one batch. */
type SendOutcome = 'confirmed' | 'rejected' | 'chain-unavailable' | 'unconfirmed';

/**
 * Publishes the durable status-change queue to the on-chain `StatusRegistry`.
 *
 * A flush (1) creates on-chain the status lists awaiting creation (`ceil(capacity / 256)` words), (2) re-checks
 * `sent` changes by their transaction hash (mined → `confirmed`; reverted → back to `pending`; still unknown to the
 * node after the back-off → back to `pending` with {@link TX_DROPPED}, to be sent again; never resent while it may
 * still be mined), then (3) claims `pending` changes oldest first, plans them into batch transactions (see
 * {@link planStatusBatches}) and sends them one after the other: `sent` with the hash, then `confirmed` with the
 * block once mined. A change on a list not created yet, or of an organisation with an unresolved `sent`
 * transaction, waits for a later flush, so an organisation's changes reach the chain in queue order.
 *
 * Failures: chain unreachable → the attempted changes record a failure (`attempts`, `last_error` = the error code)
 * and stay `pending`, the flush stops and background flushes back off exponentially (capped at
 * `backoffMaxMs`); a reverted transaction does the same for its organisation only. Nothing is held in memory but
 * the back-off: the queue is the database, so a new instance after a restart carries on.
 *
 * One publisher per database is assumed (the store's claim is not a lock).
 */
export class StatusPublisher {
  readonly #db: Database;
  readonly #writer: StatusChainWriter;
  readonly #organisationAddress: (organisationId: string) => Promise<Address>;
  readonly #flushMaxChanges: number;
  readonly #logger: StatusPublisherLogger;
  readonly #maxWordsPerTx: number;
  readonly #loop: FlushLoop<StatusFlushReport>;
  /** Back-off of the chain (key {@link CHAIN}) and of each organisation (its id). */
  readonly #backoff: KeyedBackoff;
  /** `sent` transactions found unknown to the node. */
  readonly #unknown: UnknownTransactions;

  /**
   * @param options - database, writer, organisation addresses, timing, clock and logger.
   */
  constructor(options: StatusPublisherOptions) {
    this.#db = options.db;
    this.#writer = options.writer;
    this.#organisationAddress = options.organisationAddress;
    this.#flushMaxChanges = positive(options.flushMaxChanges ?? 256, 'flushMaxChanges');
    this.#logger = options.logger ?? { info: () => undefined, error: () => undefined };
    this.#backoff = new KeyedBackoff({
      baseMs: options.backoffBaseMs ?? 1_000,
      maxMs: options.backoffMaxMs ?? 30_000,
      clock: options.clock ?? (() => new Date()),
    });
    this.#unknown = new UnknownTransactions(this.#backoff);
    this.#maxWordsPerTx = positive(options.maxWordsPerTx ?? DEFAULT_MAX_WORDS_PER_TX, 'maxWordsPerTx');
    this.#loop = new FlushLoop({
      intervalMs: positive(options.flushIntervalMs ?? 2_000, 'flushIntervalMs'),
      run: (force) => this.#flushOnce(force),
      ready: () => this.#now() >= this.chainRetryAt,
      onError: (error) => this.#logger.error('status flush failed', { code: codeOf(error) }),
    });
  }

  /** Whether background flushing runs. */
  get running(): boolean {
    return this.#loop.running;
  }

  /** Current chain back-off delay in ms (0 while the chain answers). */
  get chainBackoffMs(): number {
    return this.#backoff.delay(this.#backoff.failures(CHAIN));
  }

  /** When (ms since the epoch, by the clock) background flushes resume after a chain failure; 0 when not backing off. */
  get chainRetryAt(): number {
    return this.#backoff.retryAt(CHAIN);
  }

  /** Starts background flushing every `flushIntervalMs` (the first one after one interval). Idempotent. */
  start(): void {
    this.#loop.start();
  }

  /**
   * Stops background flushing and waits for a flush in flight (and one queued behind it) to finish.
   * Pending changes stay in the database for the next start.
   */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /**
   * Tells the publisher that changes were enqueued (the HTTP layer calls it after a status request). When at least
   * `flushMaxChanges` changes are pending and the chain is not in back-off, a flush runs now. Does nothing unless
   * started. Never rejects (failures are logged).
   *
   * @returns whether it triggered a flush (resolved once that flush finished).
   */
  notify(): Promise<boolean> {
    return this.#loop.flushIf(
      async () => (await countPendingStatusChanges(this.#db)) >= this.#flushMaxChanges,
    );
  }

  /**
   * Tells the publisher that a new status list was allocated (its first index handed out): a flush runs now, so the
   * list exists on-chain within a block instead of at the next interval, and verifiers can read the new
   * credentials' status (until then they fail closed with `STATUS_UNAVAILABLE`). Does nothing unless started or
   * while the chain is in back-off. Never rejects (failures are logged).
   *
   * @returns whether it ran a flush.
   */
  notifyListAllocated(): Promise<boolean> {
    return this.#loop.flushIf(async () => true);
  }

  /**
   * Flushes now, ignoring any back-off. Flushes never overlap: a call during a flush runs once that flush is
   * done (concurrent calls share that run).
   *
   * @returns what the flush did.
   * @throws StoreError when the database fails (chain failures are recorded on the changes, not thrown).
   */
  flush(): Promise<StatusFlushReport> {
    return this.#loop.flush(true);
  }

  async #flushOnce(force: boolean): Promise<StatusFlushReport> {
    const report: StatusFlushReport = {
      listsCreated: 0,
      transactions: [],
      confirmed: 0,
      failed: 0,
      deferred: 0,
      chainUnavailable: false,
    };
    const addresses = new Map<string, Promise<Address>>();
    const addressOf = (organisationId: string): Promise<Address> => {
      let address = addresses.get(organisationId);
      if (address === undefined) {
        address = this.#organisationAddress(organisationId);
        addresses.set(organisationId, address);
      }
      return address;
    };

    // 1. status lists awaiting on-chain creation
    for (const list of await listStatusListsAwaitingCreation(this.#db)) {
      if (!force && this.#inBackoff(list.organisationId)) continue;
      try {
        await this.#createList(list, await addressOf(list.organisationId));
        report.listsCreated++;
        this.#organisationSucceeded(list.organisationId);
      } catch (error) {
        const code = codeOf(error);
        this.#logger.error('status list creation failed', {
          organisationId: list.organisationId,
          listId: list.listId,
          code,
        });
        if (code === ErrorCodes.CHAIN_UNAVAILABLE) return this.#chainDown(report);
        this.#organisationFailed(list.organisationId);
      }
    }
    const uncreated = new Set(
      (await listStatusListsAwaitingCreation(this.#db)).map((l) => listKey(l.organisationId, l.listId)),
    );

    // 2. sent changes: mined, reverted, still in the mempool, or lost?
    for (const [txHash, changes] of groupByTx(
      await listStatusChanges(this.#db, { state: 'sent', limit: MAX_PAGE_SIZE }),
    )) {
      let lookup;
      try {
        lookup = await this.#writer.lookupTransaction(txHash);
      } catch (error) {
        this.#logger.error('status transaction lookup failed', { txHash, code: codeOf(error) });
        return this.#chainDown(report);
      }
      const ids = changes.map((c) => c.id);
      const organisationId = changes[0]!.organisationId;
      if (lookup.state === 'mined') {
        this.#unknown.found(txHash);
        if (lookup.receipt.status === 'success') {
          report.confirmed += await markStatusChangesConfirmed(
            this.#db,
            ids,
            Number(lookup.receipt.blockNumber),
          );
        } else {
          report.failed += await recordStatusChangeFailure(this.#db, ids, ErrorCodes.CONTRACT_REVERTED);
          this.#organisationFailed(organisationId);
        }
      } else if (lookup.state === 'unknown') {
        if (this.#unknown.dropped(txHash, Math.max(...changes.map((c) => c.attempts)))) {
          report.failed += await recordStatusChangeFailure(this.#db, ids, TX_DROPPED);
          this.#logger.info('status transaction dropped: sending again', { txHash, changes: ids.length });
        }
      }
      // 'pending' (in the mempool): wait for it
    }
    // an organisation with an unresolved transaction sends nothing more until it resolves (keeps the order)
    const blocked = new Set(
      (
        await this.#db.query<{ organisationId: string }>(
          `SELECT DISTINCT organisation_id AS "organisationId" FROM status_changes WHERE state = 'sent'`,
        )
      ).map((r) => r.organisationId),
    );

    // 3. pending changes, oldest first, one page of the queue at a time
    for (;;) {
      const page = await claimPendingStatusChanges(this.#db, MAX_PAGE_SIZE);
      if (page.length === 0) break;
      const sendable: StatusChange[] = [];
      for (const change of page) {
        if (
          blocked.has(change.organisationId) ||
          uncreated.has(listKey(change.organisationId, change.listId)) ||
          (!force && this.#inBackoff(change.organisationId))
        ) {
          report.deferred++;
        } else {
          sendable.push(change);
        }
      }
      let drained = sendable.length === page.length;
      const batches = planStatusBatches(sendable, this.#maxWordsPerTx);
      for (let i = 0; i < batches.length; i++) {
        const batch = batches[i]!;
        if (blocked.has(batch.organisationId)) {
          report.deferred += batch.changes.length;
          drained = false;
          continue;
        }
        const outcome = await this.#send(batch, addressOf, report);
        if (outcome === 'confirmed') continue;
        drained = false;
        if (outcome === 'rejected') {
          blocked.add(batch.organisationId);
          continue;
        }
        // the chain is down: the rest of this flush would fail the same way
        const rest = batches.slice(i + 1);
        const waiting = rest.filter((b) => blocked.has(b.organisationId)).flatMap((b) => b.changes);
        const attempted = rest.filter((b) => !blocked.has(b.organisationId)).flatMap((b) => b.changes);
        report.deferred += waiting.length;
        if (outcome === 'chain-unavailable') {
          report.failed += await recordStatusChangeFailure(
            this.#db,
            attempted.map((c) => c.id),
            ErrorCodes.CHAIN_UNAVAILABLE,
          );
        } else {
          report.deferred += attempted.length;
        }
        return this.#chainDown(report);
      }
      if (!drained || page.length < MAX_PAGE_SIZE) break;
    }
    this.#backoff.succeeded(CHAIN);
    if (report.transactions.length > 0 || report.listsCreated > 0 || report.failed > 0) {
      this.#logger.info('status flush done', {
        listsCreated: report.listsCreated,
        transactions: report.transactions.length,
        confirmed: report.confirmed,
        failed: report.failed,
        deferred: report.deferred,
      });
    }
    return report;
  }

  async #createList(list: StatusList, issuer: Address): Promise<void> {
    const listId = BigInt(list.listId);
    let txHash: Hex;
    try {
      ({ txHash } = await this.#writer.createList(issuer, listId, Math.ceil(list.capacity / BITS_PER_WORD)));
    } catch (error) {
      // created by an earlier attempt whose receipt never came (crash, timeout): record that transaction
      const existing =
        revertErrorName(error) === 'ListAlreadyExists'
          ? await this.#writer.findListCreation(issuer, listId)
          : undefined;
      if (existing === undefined) throw error;
      txHash = existing;
    }
    const receipt = await this.#writer.waitForReceipt(txHash);
    if (receipt.status !== 'success') {
      throw new MedtrustError(ErrorCodes.CONTRACT_REVERTED, 'createList reverted');
    }
    await markStatusListCreated(this.#db, list.organisationId, list.listId, txHash);
    this.#logger.info('status list created on-chain', {
      organisationId: list.organisationId,
      listId: list.listId,
      capacity: list.capacity,
      txHash,
      gasUsed: receipt.gasUsed.toString(),
    });
  }

  async #send(
    batch: StatusBatch,
    addressOf: (organisationId: string) => Promise<Address>,
    report: StatusFlushReport,
  ): Promise<SendOutcome> {
    const ids = batch.changes.map((c) => c.id);
    const facts = {
      organisationId: batch.organisationId,
      listId: batch.listId,
      action: batch.action,
      words: batch.wordIndices.length,
      changes: ids.length,
    };
    let txHash: Hex;
    try {
      const issuer = await addressOf(batch.organisationId);
      ({ txHash } = await this.#writer.applyBatch(
        issuer,
        BigInt(batch.listId),
        batch.action,
        batch.wordIndices,
        batch.masks,
      ));
    } catch (error) {
      const code = codeOf(error);
      report.failed += await recordStatusChangeFailure(this.#db, ids, code);
      this.#logger.error('status batch not sent', { ...facts, code });
      if (code === ErrorCodes.CHAIN_UNAVAILABLE) return 'chain-unavailable';
      this.#organisationFailed(batch.organisationId);
      return 'rejected';
    }
    await markStatusChangesSent(this.#db, ids, txHash);
    const sent: StatusTransactionReport = { ...facts, txHash, outcome: 'sent' };
    report.transactions.push(sent);
    let receipt;
    try {
      receipt = await this.#writer.waitForReceipt(txHash);
    } catch (error) {
      // may still be mined: stays `sent`, re-checked by hash on the next flush
      this.#logger.error('status batch receipt not obtained', { ...facts, txHash, code: codeOf(error) });
      return 'unconfirmed';
    }
    sent.blockNumber = Number(receipt.blockNumber);
    sent.gasUsed = receipt.gasUsed;
    if (receipt.status !== 'success') {
      sent.outcome = 'reverted';
      report.failed += await recordStatusChangeFailure(this.#db, ids, ErrorCodes.CONTRACT_REVERTED);
      this.#logger.error('status batch reverted', { ...facts, txHash });
      this.#organisationFailed(batch.organisationId);
      return 'rejected';
    }
    sent.outcome = 'confirmed';
    report.confirmed += await markStatusChangesConfirmed(this.#db, ids, sent.blockNumber);
    this.#organisationSucceeded(batch.organisationId);
    this.#logger.info('status batch confirmed', {
      ...facts,
      txHash,
      blockNumber: sent.blockNumber,
      gasUsed: receipt.gasUsed.toString(),
    });
    return 'confirmed';
  }

  #chainDown(report: StatusFlushReport): StatusFlushReport {
    report.chainUnavailable = true;
    this.#backoff.failed(CHAIN);
    this.#logger.error('chain unavailable: status changes stay queued', {
      retryInMs: this.chainBackoffMs,
      failed: report.failed,
    });
    return report;
  }

  #organisationFailed(organisationId: string): void {
    this.#backoff.failed(organisationId);
  }

  #organisationSucceeded(organisationId: string): void {
    this.#backoff.succeeded(organisationId);
  }

  #inBackoff(organisationId: string): boolean {
    return this.#backoff.waiting(organisationId);
  }

  #now(): number {
    return this.#backoff.now();
  }
}

function listKey(organisationId: string, listId: number): string {
  return JSON.stringify([organisationId, listId]);
}

function groupByTx(changes: readonly StatusChange[]): Map<Hex, StatusChange[]> {
  const byTx = new Map<Hex, StatusChange[]>();
  for (const change of changes) {
    if (change.txHash === null) continue;
    const hash = change.txHash as Hex;
    const list = byTx.get(hash);
    if (list === undefined) byTx.set(hash, [change]);
    else list.push(change);
  }
  return byTx;
}
