import type { Address, Hex } from 'viem';
import { ErrorCodes, MedtrustError, buildAnchorTree } from '@medtrust/core';
import {
  claimQueuedCredentials,
  countPendingAnchorCredentials,
  countQueuedCredentials,
  createAnchor,
  hashUnhashedCredentials,
  listAnchors,
  listOrganisationsWithQueuedCredentials,
  markAnchorConfirmed,
  markAnchorSent,
  recordAnchorFailure,
  type Anchor,
  type Database,
} from '../store/index.ts';
import { KeyedBackoff, positive } from '../chain/backoff.ts';
import { errorCodeOf } from '../chain/error-code.ts';
import { FlushLoop, type PublisherLogger } from '../chain/flush-loop.ts';
import { revertErrorName } from '../chain/revert-error-name.ts';
import { UnknownTransactions } from '../chain/unknown-transactions.ts';
import type { AnchorChainWriter } from './anchor-chain-writer.ts';

/**
 * `last_error` of an anchor whose transaction the node no longer knows after the back-off: it goes back to `built`
 * and is sent again (the same root).
 */
export const ANCHOR_TX_DROPPED = 'TX_DROPPED';

/** Most credentials under one anchor by default. */
export const DEFAULT_MAX_CREDENTIALS_PER_ANCHOR = 4096;

/** Settings of {@link AnchorPublisher}. */
export interface AnchorPublisherOptions {
  /** The issuer database: `credential_anchors` rows without anchor are the queue. */
  db: Database;
  /** Sends the transactions. */
  writer: AnchorChainWriter;
  /** The on-chain identity (ERC-1056 address) of an organisation, the `issuer` of its anchors. */
  organisationAddress(organisationId: string): Promise<Address>;
  /** Period of the background flush (`ANCHOR_FLUSH_MS`), 2,000 ms by default. */
  flushIntervalMs?: number;
  /** Queued credentials that trigger a flush on {@link AnchorPublisher.notify} (`ANCHOR_FLUSH_MAX`), 256 by default. */
  flushMaxCredentials?: number;
  /** Most credentials under one anchor, 4,096 by default. */
  maxCredentialsPerAnchor?: number;
  /** Time source of the back-off and of `created_at` / `confirmed_at`; `() => new Date()` by default. */
  clock?: () => Date;
  /** Where progress and failures are reported; silent by default. Never given credential data. */
  logger?: PublisherLogger;
  /** First back-off delay after a failure, 1,000 ms by default; doubled on each further failure. */
  backoffBaseMs?: number;
  /** Longest back-off delay, 30,000 ms by default. */
  backoffMaxMs?: number;
}

/** One anchor transaction sent by a flush. */
export interface AnchorTransactionReport {
  anchorId: string;
  organisationId: string;
  root: string;
  credentialCount: number;
  txHash: Hex;
  /** `confirmed` (mined, success), `sent` (receipt not obtained: re-checked next flush), `reverted`. */
  outcome: 'confirmed' | 'sent' | 'reverted';
  blockNumber?: number;
  gasUsed?: bigint;
}

/** One failed attempt of a flush (recorded on the anchor as `last_error`, backed off). */
export interface AnchorFailureReport {
  anchorId: string;
  organisationId: string;
  /** Stable code: `CONTRACT_REVERTED`, `CHAIN_UNAVAILABLE`, `TX_DROPPED`, … */
  code: string;
  /** The contract's custom error of a decoded revert (`NotIdentityController`, …). */
  errorName?: string;
}

/** What one flush did. */
export interface AnchorFlushReport {
  /** Credentials stored before anchoring existed, hashed and queued by this flush. */
  backfilled: number;
  /** Anchors built (root and proofs stored) by this flush. */
  built: number;
  /** Anchor transactions sent, in order. */
  transactions: AnchorTransactionReport[];
  /** Anchors confirmed (sent by this flush, or sent earlier and found mined). */
  confirmed: number;
  /** Failed attempts (the anchor stays `built`, its organisation backs off). */
  failures: AnchorFailureReport[];
  /** Organisations left for a later flush (back-off, or an anchor transaction still in the mempool). */
  deferred: number;
  /** The chain could not be reached: the flush stopped early and the back-off grew. */
  chainUnavailable: boolean;
}

type SendOutcome = 'confirmed' | 'rejected' | 'chain-unavailable' | 'unconfirmed';

/** Back-off key of the chain itself (organisation ids are UUIDs, never this). */
const CHAIN = '(chain)';

/**
 * Anchors every issued credential on-chain: per organisation, one Merkle root over the hashes of its credentials
 * issued since its previous anchor, committed with `AnchorRegistry.anchor(issuer, root, count)` from the
 * organisation's controller account.
 *
 * A flush (1) hashes and queues, once per instance, credentials stored before anchoring existed; (2) resumes each
 * organisation's unconfirmed anchor: a `built` one is sent again (the same root: anchoring a root twice is harmless,
 * only the confirmed block counts), a `sent` one is re-checked by its transaction hash (mined → `confirmed`; reverted
 * → `built` again with the failure; unknown to the node after the back-off → `built` with {@link ANCHOR_TX_DROPPED},
 * sent again; in the mempool → wait); then (3) per organisation without an unresolved anchor, takes up to
 * `maxCredentialsPerAnchor` queued credentials (oldest first), builds the tree and stores the anchor with every
 * leaf's proof in ONE transaction (`built`), sends it (`sent` + hash), waits for the receipt (`confirmed` + block),
 * and repeats while credentials are queued.
 *
 * Failures: a revert (`NotIdentityController`, …) is recorded on the anchor (`attempts`, `last_error` = the custom
 * error's name) and backs that organisation off only; an unreachable chain stops the flush and backs all off. The
 * queue is the database: a restarted instance carries on. One publisher per database is assumed.
 */
export class AnchorPublisher {
  readonly #db: Database;
  readonly #writer: AnchorChainWriter;
  readonly #organisationAddress: (organisationId: string) => Promise<Address>;
  readonly #flushMaxCredentials: number;
  readonly #maxCredentialsPerAnchor: number;
  readonly #clock: () => Date;
  readonly #logger: PublisherLogger;
  readonly #backoff: KeyedBackoff;
  readonly #unknown: UnknownTransactions;
  readonly #loop: FlushLoop<AnchorFlushReport>;
  #backfilled = false;

  /** @param options - database, writer, organisation addresses, timing, clock and logger. */
  constructor(options: AnchorPublisherOptions) {
    this.#db = options.db;
    this.#writer = options.writer;
    this.#organisationAddress = options.organisationAddress;
    this.#flushMaxCredentials = positive(options.flushMaxCredentials ?? 256, 'flushMaxCredentials');
    this.#maxCredentialsPerAnchor = Math.trunc(
      positive(
        options.maxCredentialsPerAnchor ?? DEFAULT_MAX_CREDENTIALS_PER_ANCHOR,
        'maxCredentialsPerAnchor',
      ),
    );
    this.#clock = options.clock ?? (() => new Date());
    this.#logger = options.logger ?? { info: () => undefined, error: () => undefined };
    this.#backoff = new KeyedBackoff({
      baseMs: options.backoffBaseMs ?? 1_000,
      maxMs: options.backoffMaxMs ?? 30_000,
      clock: this.#clock,
    });
    this.#unknown = new UnknownTransactions(this.#backoff);
    this.#loop = new FlushLoop({
      intervalMs: positive(options.flushIntervalMs ?? 2_000, 'flushIntervalMs'),
      run: (force) => this.#flushOnce(force),
      ready: () => this.#backoff.now() >= this.chainRetryAt,
      onError: (error) => this.#logger.error('anchor flush failed', { code: errorCodeOf(error) }),
    });
  }

  /** Whether background flushing runs. */
  get running(): boolean {
    return this.#loop.running;
  }

  /** When (ms since the epoch, by the clock) background flushes resume after a chain failure; 0 when not backing off. */
  get chainRetryAt(): number {
    return this.#backoff.retryAt(CHAIN);
  }

  /** Starts background flushing every `flushIntervalMs` (the first one after one interval). Idempotent. */
  start(): void {
    this.#loop.start();
  }

  /** Stops background flushing and waits for a flush in flight. Queued credentials stay in the database. */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /**
   * Tells the publisher that credentials were issued. When at least `flushMaxCredentials` are queued and the chain
   * is not in back-off, a flush runs now. Does nothing unless started. Never rejects (failures are logged).
   *
   * @returns whether it triggered a flush (resolved once that flush finished).
   */
  notify(): Promise<boolean> {
    return this.#loop.flushIf(
      async () => (await countQueuedCredentials(this.#db)) >= this.#flushMaxCredentials,
    );
  }

  /**
   * Flushes now, ignoring any back-off. Flushes never overlap: a call during a flush runs once that flush is done
   * (concurrent calls share that run).
   *
   * @returns what the flush did.
   * @throws StoreError when the database fails (chain failures are recorded on the anchors, not thrown).
   */
  flush(): Promise<AnchorFlushReport> {
    return this.#loop.flush(true);
  }

  /**
   * Flushes now and makes sure every credential of the organisation issued so far is under a confirmed anchor (e.g.
   * before its signing key is rotated, so what the old key signed is anchored while that key is still valid).
   *
   * @param organisationId - the organisation.
   * @returns the flush report, once nothing of the organisation is pending.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the chain could not be reached, `CONFLICT` when credentials are
   *   still pending after the flush (the detail names the anchor's last error, e.g. `NotIdentityController`);
   *   StoreError when the database fails.
   */
  async ensureAnchored(organisationId: string): Promise<AnchorFlushReport> {
    const report = await this.flush();
    const pending = await countPendingAnchorCredentials(this.#db, organisationId);
    if (pending === 0) return report;
    if (report.chainUnavailable) {
      throw new MedtrustError(
        ErrorCodes.CHAIN_UNAVAILABLE,
        'the chain is unavailable: credentials not anchored',
      );
    }
    const [unresolved] = await listAnchors(this.#db, {
      states: ['built', 'sent'],
      organisationId,
      limit: 1,
    });
    const reason = unresolved?.lastError ? ` (last error: ${unresolved.lastError})` : '';
    throw new MedtrustError(
      ErrorCodes.CONFLICT,
      `${pending} issued credential(s) are not anchored on-chain yet${reason}`,
    );
  }

  async #flushOnce(force: boolean): Promise<AnchorFlushReport> {
    const report: AnchorFlushReport = {
      backfilled: 0,
      built: 0,
      transactions: [],
      confirmed: 0,
      failures: [],
      deferred: 0,
      chainUnavailable: false,
    };
    if (!this.#backfilled) {
      const backfill = await hashUnhashedCredentials(this.#db);
      report.backfilled = backfill.hashed;
      if (backfill.conflicts > 0) {
        this.#logger.error('credentials with a duplicate JWT left unanchored', { count: backfill.conflicts });
      }
      this.#backfilled = true;
    }

    // 1. unconfirmed anchors, oldest first: an organisation with one sends nothing new until it is confirmed
    const blocked = new Set<string>();
    for (const anchor of await listAnchors(this.#db, { states: ['built', 'sent'] })) {
      const { organisationId } = anchor;
      if (blocked.has(organisationId)) continue;
      blocked.add(organisationId);
      if (!force && this.#backoff.waiting(organisationId)) {
        report.deferred++;
        continue;
      }
      let current: Anchor = anchor;
      if (anchor.state === 'sent') {
        const resolved = await this.#recheck(anchor, report);
        if (resolved === 'chain-unavailable') return this.#chainDown(report);
        if (resolved === 'confirmed') blocked.delete(organisationId);
        if (resolved !== 'dropped') continue;
        current = { ...anchor, state: 'built', txHash: null };
      }
      const outcome = await this.#send(current, report);
      if (outcome === 'chain-unavailable') return this.#chainDown(report);
      if (outcome === 'confirmed') blocked.delete(organisationId);
    }

    // 2. queued credentials, per organisation
    for (const organisationId of await listOrganisationsWithQueuedCredentials(this.#db)) {
      if (blocked.has(organisationId) || (!force && this.#backoff.waiting(organisationId))) {
        report.deferred++;
        continue;
      }
      for (;;) {
        const queued = await claimQueuedCredentials(this.#db, organisationId, this.#maxCredentialsPerAnchor);
        if (queued.length === 0) break;
        const anchor = await this.#build(organisationId, queued, report);
        if (anchor === undefined) break;
        const outcome = await this.#send(anchor, report);
        if (outcome === 'chain-unavailable') return this.#chainDown(report);
        if (outcome !== 'confirmed' || queued.length < this.#maxCredentialsPerAnchor) break;
      }
    }
    this.#backoff.succeeded(CHAIN);
    if (report.transactions.length > 0 || report.failures.length > 0 || report.backfilled > 0) {
      this.#logger.info('anchor flush done', {
        backfilled: report.backfilled,
        built: report.built,
        transactions: report.transactions.length,
        confirmed: report.confirmed,
        failed: report.failures.length,
        deferred: report.deferred,
      });
    }
    return report;
  }

  /** Builds and stores (one transaction) the anchor of queued credentials; undefined when the address is unknown. */
  async #build(
    organisationId: string,
    queued: readonly { credentialHash: string }[],
    report: AnchorFlushReport,
  ): Promise<Anchor | undefined> {
    let issuer: Address;
    try {
      issuer = await this.#organisationAddress(organisationId);
    } catch (error) {
      this.#logger.error('anchor not built: no issuer address', { organisationId, code: errorCodeOf(error) });
      this.#backoff.failed(organisationId);
      return undefined;
    }
    const tree = buildAnchorTree(queued.map((q) => q.credentialHash));
    const anchor = await this.#db.transaction((tx) =>
      createAnchor(tx, {
        organisationId,
        issuer,
        root: tree.root,
        leaves: queued.map((q) => ({
          credentialHash: q.credentialHash,
          proof: tree.proofOf(q.credentialHash),
        })),
        createdAt: this.#clock().toISOString(),
      }),
    );
    report.built++;
    return anchor;
  }

  /** Re-checks a `sent` anchor by its transaction hash. */
  async #recheck(
    anchor: Anchor,
    report: AnchorFlushReport,
  ): Promise<'confirmed' | 'failed' | 'waiting' | 'dropped' | 'chain-unavailable'> {
    const txHash = anchor.txHash as Hex;
    let lookup;
    try {
      lookup = await this.#writer.lookupTransaction(txHash);
    } catch (error) {
      this.#logger.error('anchor transaction lookup failed', { txHash, code: errorCodeOf(error) });
      return 'chain-unavailable';
    }
    if (lookup.state === 'mined') {
      this.#unknown.found(txHash);
      if (lookup.receipt.status === 'success') {
        await markAnchorConfirmed(
          this.#db,
          anchor.id,
          Number(lookup.receipt.blockNumber),
          this.#clock().toISOString(),
        );
        report.confirmed++;
        this.#backoff.succeeded(anchor.organisationId);
        return 'confirmed';
      }
      await this.#failed(anchor, ErrorCodes.CONTRACT_REVERTED, undefined, report);
      return 'failed';
    }
    if (lookup.state === 'unknown' && this.#unknown.dropped(txHash, anchor.attempts)) {
      await recordAnchorFailure(this.#db, anchor.id, ANCHOR_TX_DROPPED);
      report.failures.push({
        anchorId: anchor.id,
        organisationId: anchor.organisationId,
        code: ANCHOR_TX_DROPPED,
      });
      this.#logger.info('anchor transaction dropped: sending again', { anchorId: anchor.id, txHash });
      return 'dropped';
    }
    report.deferred++;
    return 'waiting';
  }

  /** Sends a `built` anchor, records `sent`, waits for its receipt and records `confirmed`. */
  async #send(anchor: Anchor, report: AnchorFlushReport): Promise<SendOutcome> {
    const facts = {
      anchorId: anchor.id,
      organisationId: anchor.organisationId,
      credentialCount: anchor.credentialCount,
    };
    let txHash: Hex;
    try {
      ({ txHash } = await this.#writer.anchor(
        anchor.issuer as Address,
        anchor.root as Hex,
        anchor.credentialCount,
      ));
    } catch (error) {
      const code = errorCodeOf(error);
      await this.#failed(anchor, code, revertErrorName(error), report);
      return code === ErrorCodes.CHAIN_UNAVAILABLE ? 'chain-unavailable' : 'rejected';
    }
    await markAnchorSent(this.#db, anchor.id, txHash);
    const sent: AnchorTransactionReport = {
      anchorId: anchor.id,
      organisationId: anchor.organisationId,
      root: anchor.root,
      credentialCount: anchor.credentialCount,
      txHash,
      outcome: 'sent',
    };
    report.transactions.push(sent);
    let receipt;
    try {
      receipt = await this.#writer.waitForReceipt(txHash);
    } catch (error) {
      // may still be mined: stays `sent`, re-checked by hash on the next flush
      this.#logger.error('anchor receipt not obtained', { ...facts, txHash, code: errorCodeOf(error) });
      return 'unconfirmed';
    }
    sent.blockNumber = Number(receipt.blockNumber);
    sent.gasUsed = receipt.gasUsed;
    if (receipt.status !== 'success') {
      sent.outcome = 'reverted';
      await this.#failed(anchor, ErrorCodes.CONTRACT_REVERTED, undefined, report);
      return 'rejected';
    }
    sent.outcome = 'confirmed';
    await markAnchorConfirmed(this.#db, anchor.id, sent.blockNumber, this.#clock().toISOString());
    report.confirmed++;
    this.#backoff.succeeded(anchor.organisationId);
    this.#logger.info('anchor confirmed', {
      ...facts,
      txHash,
      blockNumber: sent.blockNumber,
      gasUsed: receipt.gasUsed.toString(),
    });
    return 'confirmed';
  }

  /** Records a failed attempt on the anchor (`last_error` = the custom error's name, else the code) and backs off. */
  async #failed(
    anchor: Anchor,
    code: string,
    errorName: string | undefined,
    report: AnchorFlushReport,
  ): Promise<void> {
    await recordAnchorFailure(this.#db, anchor.id, errorName ?? code);
    report.failures.push({
      anchorId: anchor.id,
      organisationId: anchor.organisationId,
      code,
      ...(errorName === undefined ? {} : { errorName }),
    });
    this.#logger.error('anchor not confirmed', {
      anchorId: anchor.id,
      organisationId: anchor.organisationId,
      code,
      ...(errorName === undefined ? {} : { errorName }),
    });
    if (code !== ErrorCodes.CHAIN_UNAVAILABLE) this.#backoff.failed(anchor.organisationId);
  }

  #chainDown(report: AnchorFlushReport): AnchorFlushReport {
    report.chainUnavailable = true;
    this.#backoff.failed(CHAIN);
    this.#logger.error('chain unavailable: credentials stay queued', {
      retryInMs: this.#backoff.delay(this.#backoff.failures(CHAIN)),
    });
    return report;
  }
}
