/**
 * A local index of the registries' events, followed block by block from the chain: the verifier's answers to "keys of
 * DID X at block B", "accredited at block B", "status at block B" and "anchor of root R in block B" come from it, with
 * no RPC call once an identity is indexed.
 *
 * - **Head following.** Each poll reads the latest block and the registries' logs from the last settled block to the
 *   head (one `eth_getLogs`). Blocks deeper than `safeDepth` below the head are settled: their events are appended to
 *   the identities they concern. The unsettled blocks' events are re-read on every poll and replace the previous
 *   read, so a shallow reorg is absorbed. A changed hash of the settled block (a reorg deeper than `safeDepth`) or a
 *   chain that went backwards drops the whole index, which is then rebuilt lazily.
 * - **Every identity (`sync: 'full'`, the default).** The first poll reads every registry event from the deployment
 *   block (paged by `maxLogRange`), so every identity with events is indexed and one without (a patient's DID) is
 *   answered at once; a deep reorg re-reads the history.
 * - **Or lazily (`sync: 'lazy'`).** An identity (issuer, subject, list owner, accreditor) is indexed on first use with
 *   one ranged `eth_getLogs` of the four registries filtered on its address as the first indexed topic, from the
 *   deployment block to the settled block; events settled while that read is in flight are appended after it.
 * - **Fail closed.** As a {@link ChainHead}, the mirror answers `latestBlock()` only while its last poll is fresh
 *   (`maxHeadAgeMs`), re-polling before use otherwise, and throws `CHAIN_UNAVAILABLE` when the node does not answer.
 */
import {
  formatLog,
  numberToHex,
  pad,
  type Address,
  type Hex,
  type Log,
  type PublicClient,
  type RpcLog,
} from 'viem';
import type { ChainConfig } from '../chain/chain-config.ts';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import type { ChainHead } from '../verification/chain-head.ts';
import { IdentityHistory } from './identity-history.ts';
import { RegistryEventDecoder, logTimestamp, type RegistryEvent } from './registry-event.ts';

/** Options of {@link RegistryMirror}. */
export interface RegistryMirrorOptions {
  /** The first block that can hold registry events (the registries' deployment block); 0 by default. */
  fromBlock?: bigint;
  /** Blocks below the head that may still be reorganised (re-read on every poll); 12 by default. */
  safeDepth?: number;
  /** Head poll period, ms; 1,000 by default. */
  pollIntervalMs?: number;
  /** A head older than this (ms since the last successful poll) is re-polled before use; 3 polls (≥ 2,000) by default. */
  maxHeadAgeMs?: number;
  /** Widest block range of one `eth_getLogs` (public nodes cap it); unbounded by default. */
  maxLogRange?: bigint;
  /**
   * The client of `eth_getLogs` reads, when they need a longer timeout than the head polls (a full sync reads tens
   * of megabytes); the main client by default.
   */
  logClient?: PublicClient;
  /**
   * `full` (default): the first poll reads every registry event from `fromBlock` and indexes every identity, so an
   * identity without events (a patient's DID) is answered with no call and no identity is ever cold. `lazy`: an
   * identity is indexed on first use with one ranged log read, and at most `maxIdentities` are kept.
   */
  sync?: 'full' | 'lazy';
  /** Lazy mode: most identities kept indexed (least recently used dropped first, re-read when asked again); 200,000. */
  maxIdentities?: number;
}

/** The events of newly seen blocks, as given to {@link RegistryMirror.subscribe} listeners. */
export interface MirrorBatch {
  fromBlock: bigint;
  toBlock: bigint;
  /** The registry events of those blocks (settled or not), in chain order. */
  events: readonly RegistryEvent[];
  /** The raw logs of those blocks (the shape `PollingChainHead` listeners receive). */
  logs: readonly Log[];
  /** The index was dropped (a deep reorg): every answer derived from it must be dropped too. */
  reset: boolean;
}

/** What the mirror holds, for health checks and the benchmark. */
export interface MirrorStats {
  /** The head of the last successful poll. */
  head: bigint | undefined;
  /** The last settled block. */
  settledTo: bigint | undefined;
  /** Identities indexed. */
  identities: number;
  /** Events held by indexed identities. */
  events: number;
  /** Events of the unsettled blocks. */
  unsettledEvents: number;
  /** Ranged reads made to index single identities (lazy mode). */
  identityLoads: number;
  /** Log pages read to index the whole history (full mode), and how long that took, ms. */
  fullSync: { pages: number; events: number; ms: number } | undefined;
  /** Index drops (deep reorgs). */
  resets: number;
}

interface IdentityEntry {
  history: IdentityHistory;
  /** Settled before the identity's ranged read returned; appended after it. */
  pending: RegistryEvent[] | undefined;
  ready: Promise<void>;
  epoch: number;
}

/** The registries' events, indexed per identity and followed from the chain. */
export class RegistryMirror implements ChainHead {
  readonly #client: PublicClient;
  readonly #logClient: PublicClient;
  readonly #decoder: RegistryEventDecoder;
  readonly #fromBlock: bigint;
  readonly #safeDepth: bigint;
  readonly #pollIntervalMs: number;
  readonly #maxHeadAgeMs: number;
  readonly #maxLogRange: bigint | undefined;
  readonly #maxIdentities: number;
  readonly #full: boolean;
  #fullSync: { pages: number; events: number; ms: number } | undefined;
  readonly #identities = new Map<string, IdentityEntry>();
  readonly #listeners: Array<(batch: MirrorBatch) => void> = [];
  readonly #timestamps = new Map<bigint, number>();
  #recent = new Map<string, IdentityHistory>();
  #unsettledEvents = 0;
  #settled: { number: bigint; hash: Hex | undefined } | undefined;
  #head: { number: bigint; timestamp: number; hash: Hex } | undefined;
  #seenAt: number | undefined;
  #healthy = false;
  #epoch = 0;
  #loads = 0;
  #resets = 0;
  #inflight: Promise<void> | undefined;
  #lastPages = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param client - viem public client of the chain.
   * @param config - the registries' addresses.
   * @param options - deployment block, reorg depth, polling, ranges.
   * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed option.
   */
  constructor(client: PublicClient, config: ChainConfig, options: RegistryMirrorOptions = {}) {
    this.#client = client;
    this.#logClient = options.logClient ?? client;
    this.#decoder = new RegistryEventDecoder(config);
    this.#fromBlock = options.fromBlock ?? 0n;
    const safeDepth = options.safeDepth ?? 12;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.#maxHeadAgeMs = options.maxHeadAgeMs ?? Math.max(2_000, 3 * this.#pollIntervalMs);
    this.#maxLogRange = options.maxLogRange;
    this.#maxIdentities = options.maxIdentities ?? 200_000;
    if (options.sync !== undefined && options.sync !== 'full' && options.sync !== 'lazy') {
      throw new MedtrustError(
        ErrorCodes.CONFIGURATION_INVALID,
        "registry mirror: sync must be 'full' or 'lazy'",
      );
    }
    this.#full = options.sync !== 'lazy';
    const bad = (detail: string) =>
      new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, `registry mirror: ${detail}`);
    if (typeof this.#fromBlock !== 'bigint' || this.#fromBlock < 0n)
      throw bad('fromBlock must be a block number');
    if (!Number.isSafeInteger(safeDepth) || safeDepth < 0)
      throw bad('safeDepth must be a non-negative integer');
    for (const [name, value] of Object.entries({
      pollIntervalMs: this.#pollIntervalMs,
      maxHeadAgeMs: this.#maxHeadAgeMs,
      maxIdentities: this.#maxIdentities,
    })) {
      if (!Number.isSafeInteger(value) || value < 1) throw bad(`${name} must be a positive integer`);
    }
    if (
      this.#maxLogRange !== undefined &&
      (typeof this.#maxLogRange !== 'bigint' || this.#maxLogRange < 1n)
    ) {
      throw bad('maxLogRange must be a positive block count');
    }
    this.#safeDepth = BigInt(safeDepth);
  }

  /** Starts polling (idempotent; the timer never keeps the process alive). */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      this.refresh().catch(() => undefined);
    }, this.#pollIntervalMs);
    this.#timer.unref?.();
    this.refresh().catch(() => undefined);
  }

  /** Stops polling. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Resolves once the mirror has followed the head once.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the node does not answer.
   */
  async ready(): Promise<void> {
    await this.latestBlock();
  }

  /**
   * Registers a listener for the events of newly seen blocks (and for resets); called before the head advances.
   * @param listener - receives each batch; must not throw.
   * @returns a function that removes the listener.
   */
  subscribe(listener: (batch: MirrorBatch) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const at = this.#listeners.indexOf(listener);
      if (at >= 0) this.#listeners.splice(at, 1);
    };
  }

  /** {@inheritDoc ChainHead.latestBlock} */
  async latestBlock(): Promise<bigint> {
    if (!this.#fresh()) await this.refresh();
    return this.#head!.number;
  }

  /** {@inheritDoc ChainHead.lastSeen} */
  lastSeen(): { blockNumber: bigint; at: Date } | undefined {
    return this.#head === undefined || this.#seenAt === undefined
      ? undefined
      : { blockNumber: this.#head.number, at: new Date(this.#seenAt) };
  }

  /** The last head followed and its timestamp (seconds), fresh or not. */
  known(): { blockNumber: bigint; timestamp: number } | undefined {
    return this.#head === undefined
      ? undefined
      : { blockNumber: this.#head.number, timestamp: this.#head.timestamp };
  }

  /** The last settled block (events at or before it are final for the mirror). */
  settledTo(): bigint | undefined {
    return this.#settled?.number;
  }

  /**
   * The timestamp of a block whose events or header the mirror has seen.
   * @returns Unix seconds, or `undefined` when the mirror has not seen that block.
   */
  timestampOf(blockNumber: bigint): number | undefined {
    if (this.#head?.number === blockNumber) return this.#head.timestamp;
    return this.#timestamps.get(blockNumber);
  }

  /**
   * The identity's events: its settled history, then (when there are any) its events of the unsettled blocks.
   * Indexes the identity first when it is not (one ranged log read).
   * @param address - the identity's address.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the head or the logs cannot be read.
   */
  async histories(address: Address): Promise<readonly IdentityHistory[]> {
    const key = address.toLowerCase();
    for (;;) {
      if (this.#settled === undefined) await this.refresh();
      let entry = this.#identities.get(key);
      if (this.#full) {
        // Every event up to the settled block is indexed: an identity without an entry has none.
        const recent = this.#recent.get(key);
        const settled = entry?.history ?? EMPTY_HISTORY;
        return recent === undefined ? [settled] : [settled, recent];
      }
      if (entry === undefined) entry = this.#startLoad(key);
      else if (this.#identities.size > 1) {
        // most recently used last
        this.#identities.delete(key);
        this.#identities.set(key, entry);
      }
      await entry.ready;
      if (entry.epoch !== this.#epoch) continue; // dropped by a reset while it loaded
      const recent = this.#recent.get(key);
      return recent === undefined ? [entry.history] : [entry.history, recent];
    }
  }

  /** @returns what the mirror holds. */
  stats(): MirrorStats {
    let events = 0;
    for (const entry of this.#identities.values()) events += entry.history.size;
    return {
      head: this.#head?.number,
      settledTo: this.#settled?.number,
      identities: this.#identities.size,
      events,
      unsettledEvents: this.#unsettledEvents,
      identityLoads: this.#loads,
      fullSync: this.#fullSync,
      resets: this.#resets,
    };
  }

  /**
   * Polls now (concurrent calls share one poll).
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the node does not answer.
   */
  async refresh(): Promise<void> {
    this.#inflight ??= this.#poll().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  #fresh(): boolean {
    return (
      this.#healthy &&
      this.#head !== undefined &&
      this.#seenAt !== undefined &&
      Date.now() - this.#seenAt <= this.#maxHeadAgeMs
    );
  }

  #startLoad(key: string): IdentityEntry {
    const settled = this.#settled!.number;
    const entry: IdentityEntry = {
      history: new IdentityHistory(),
      pending: [],
      ready: Promise.resolve(),
      epoch: this.#epoch,
    };
    entry.ready = this.#load(key as Address, settled, entry).catch((error: unknown) => {
      if (this.#identities.get(key) === entry) this.#identities.delete(key);
      throw error;
    });
    this.#identities.set(key, entry);
    this.#evict();
    return entry;
  }

  async #load(address: Address, upTo: bigint, entry: IdentityEntry): Promise<void> {
    if (upTo >= this.#fromBlock) {
      this.#loads++;
      const logs = await this.#logs({ topics: [null, pad(address)] }, this.#fromBlock, upTo);
      for (const event of await this.#decode(logs)) if (event.identity === address) entry.history.add(event);
    }
    for (const event of entry.pending!) entry.history.add(event);
    entry.pending = undefined;
  }

  #evict(): void {
    if (this.#identities.size <= this.#maxIdentities) return;
    for (const [key, entry] of this.#identities) {
      if (this.#identities.size <= this.#maxIdentities) return;
      if (entry.pending === undefined) this.#identities.delete(key); // never one still loading
    }
  }

  #reset(): void {
    this.#epoch++;
    this.#resets++;
    this.#identities.clear();
    this.#recent = new Map();
    this.#unsettledEvents = 0;
    this.#settled = undefined;
    this.#timestamps.clear();
  }

  async #poll(): Promise<void> {
    try {
      const latest = await this.#client.getBlock({ blockTag: 'latest' });
      // The same head block as the last poll: nothing to read (a reorg changes the head's hash).
      const unchanged =
        this.#head !== undefined && this.#head.hash === latest.hash && this.#settled !== undefined;
      const settled = this.#settled;
      const settledBlock =
        !unchanged && settled !== undefined && settled.hash !== undefined
          ? await this.#client.getBlock({ blockNumber: settled.number })
          : undefined;
      const head = latest.number;
      let reset = false;
      if (
        !unchanged &&
        settled !== undefined &&
        (head < settled.number || (settledBlock !== undefined && settledBlock.hash !== settled.hash))
      ) {
        this.#reset(); // a reorg deeper than safeDepth, or another chain behind the same URL
        reset = true;
      }
      if (!unchanged) {
        const floor = this.#fromBlock - 1n;
        const initial = this.#settled === undefined;
        const base = this.#settled?.number ?? (this.#full ? floor : max(floor, head - this.#safeDepth));
        const started = performance.now();
        const target = max(base, head - this.#safeDepth);
        // One after the other: a batched transport would put both in one HTTP request, and a log page too large
        // for it would fail the header read with it.
        const targetBlock =
          target === this.#settled?.number || target < 0n
            ? undefined
            : await this.#client.getBlock({ blockNumber: target });
        const logs = base < head ? await this.#logs({}, base + 1n, head) : [];
        const events = await this.#decode(logs);
        const previousHead = this.#head?.number;
        const recent = new Map<string, IdentityHistory>();
        let unsettled = 0;
        for (const event of events) {
          if (event.blockNumber <= target) {
            let entry = this.#identities.get(event.identity);
            if (entry === undefined && this.#full) {
              entry = {
                history: new IdentityHistory(),
                pending: undefined,
                ready: READY,
                epoch: this.#epoch,
              };
              this.#identities.set(event.identity, entry);
            }
            if (entry !== undefined) {
              if (entry.pending !== undefined) entry.pending.push(event);
              else entry.history.add(event);
            }
          } else {
            let history = recent.get(event.identity);
            if (history === undefined) recent.set(event.identity, (history = new IdentityHistory()));
            history.add(event);
            unsettled++;
          }
        }
        if (initial && this.#full) {
          this.#fullSync = {
            pages: this.#lastPages,
            events: events.length,
            ms: Math.round(performance.now() - started),
          };
        }
        const isFresh = (blockNumber: bigint | null) =>
          previousHead === undefined || reset || (blockNumber !== null && blockNumber > previousHead);
        const fresh = events.filter((e) => isFresh(e.blockNumber));
        const batch: MirrorBatch = {
          fromBlock: previousHead === undefined || reset ? base + 1n : previousHead + 1n,
          toBlock: head,
          events: fresh,
          logs: logs.filter((log) => isFresh(log.blockNumber)),
          reset,
        };
        // Listeners run before the new head is visible, in the same synchronous step as the index update.
        this.#recent = recent;
        this.#unsettledEvents = unsettled;
        this.#settled = {
          number: target,
          hash: targetBlock?.hash ?? (target === this.#settled?.number ? this.#settled.hash : undefined),
        };
        for (const listener of this.#listeners) {
          try {
            listener(batch);
          } catch {
            // listeners must not stop the others
          }
        }
        this.#head = { number: head, timestamp: Number(latest.timestamp), hash: latest.hash! };
        this.#remember(head, Number(latest.timestamp));
      }
      this.#seenAt = Date.now();
      this.#healthy = true;
    } catch (error) {
      this.#healthy = false;
      throw error instanceof MedtrustError && error.code === ErrorCodes.CHAIN_UNAVAILABLE
        ? error
        : new MedtrustError(ErrorCodes.CHAIN_UNAVAILABLE, 'registry mirror: chain unavailable', {
            cause: error,
          });
    }
  }

  /**
   * `eth_getLogs` over the four registries, paged by `maxLogRange`. A page the node refuses or cannot answer in time
   * while it still answers `eth_blockNumber` (too many results, a response too large) is split in halves.
   */
  async #logs(filter: { topics?: (Hex | null)[] }, fromBlock: bigint, toBlock: bigint): Promise<Log[]> {
    const logs: Log[] = [];
    const step = this.#maxLogRange ?? toBlock - fromBlock + 1n;
    this.#lastPages = 0;
    for (let from = fromBlock; from <= toBlock; from += step) {
      const to = from + step - 1n < toBlock ? from + step - 1n : toBlock;
      await this.#logRange(filter, from, to, logs);
    }
    return logs;
  }

  async #logRange(filter: { topics?: (Hex | null)[] }, from: bigint, to: bigint, into: Log[]): Promise<void> {
    let page: RpcLog[];
    try {
      page = (await this.#logClient.request({
        method: 'eth_getLogs',
        params: [
          {
            address: this.#decoder.addresses(),
            fromBlock: numberToHex(from),
            toBlock: numberToHex(to),
            ...(filter.topics === undefined ? {} : { topics: filter.topics }),
          },
        ],
      })) as RpcLog[];
    } catch (error) {
      if (to <= from) throw error;
      await this.#logClient.request({ method: 'eth_blockNumber' }); // a node that is down fails here: no split
      const middle = from + (to - from) / 2n;
      await this.#logRange(filter, from, middle, into);
      await this.#logRange(filter, middle + 1n, to, into);
      return;
    }
    this.#lastPages++;
    for (const raw of page) {
      const log = formatLog(raw) as Log;
      const timestamp = logTimestamp(raw as unknown as Log);
      if (timestamp !== undefined) (log as unknown as { blockTimestamp?: number }).blockTimestamp = timestamp;
      into.push(log);
    }
  }

  /** Decodes logs, reading the timestamp of blocks whose logs do not carry one (one header per block). */
  async #decode(logs: readonly Log[]): Promise<RegistryEvent[]> {
    const missing = new Set<bigint>();
    for (const log of logs) {
      if (log.blockNumber === null) continue;
      const timestamp = logTimestamp(log);
      if (timestamp !== undefined) this.#remember(log.blockNumber, timestamp);
      else if (!this.#timestamps.has(log.blockNumber)) missing.add(log.blockNumber);
    }
    await Promise.all(
      [...missing].map(async (blockNumber) => {
        const block = await this.#client.getBlock({ blockNumber });
        this.#remember(blockNumber, Number(block.timestamp));
      }),
    );
    const events: RegistryEvent[] = [];
    for (const log of logs) {
      if (log.blockNumber === null) continue;
      const event = this.#decoder.decode(log, this.#timestamps.get(log.blockNumber));
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  #remember(blockNumber: bigint, timestamp: number): void {
    if (this.#timestamps.size >= 1_000_000) this.#timestamps.clear();
    this.#timestamps.set(blockNumber, timestamp);
  }
}

const EMPTY_HISTORY = new IdentityHistory();
const READY = Promise.resolve();

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
