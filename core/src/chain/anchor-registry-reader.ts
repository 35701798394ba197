import { getAbiItem, type Address, type Hex, type Log, type PublicClient } from 'viem';
import { anchorRegistryArtifact } from '@medtrust/registry-contract';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { toChainError } from './chain-error.ts';

/** One `CredentialsAnchored` event of the `AnchorRegistry`, with the timestamp of its block. */
export interface ChainAnchor {
  /** ERC-1056 identity address of the issuer that anchored. */
  issuer: Address;
  /** The anchored Merkle root. */
  root: Hex;
  /** Number of credentials under the root. */
  credentialCount: bigint;
  /** The block that carries the anchor. */
  blockNumber: bigint;
  /** That block's timestamp, Unix seconds: the time of reference of the anchored credentials. */
  blockTimestamp: number;
  transactionHash: Hex;
  /** Position of the event in its block. */
  logIndex: number;
}

/** Options of {@link AnchorRegistryReader}. */
export interface AnchorRegistryReaderOptions {
  /** Most blocks asked of the node in one `eth_getLogs` by {@link AnchorRegistryReader.anchorsOf}; 5,000 by default. */
  maxLogRange?: bigint;
}

const anchoredEvent = getAbiItem({ abi: anchorRegistryArtifact.abi, name: 'CredentialsAnchored' });

type AnchoredLog = Log<bigint, number, false, typeof anchoredEvent, true>;

/**
 * Read-only access to the on-chain `AnchorRegistry`. It stores nothing: each anchor is a `CredentialsAnchored`
 * event, found with `eth_getLogs` filtered by the indexed issuer (and root). Methods throw a `MedtrustError`
 * `CHAIN_UNAVAILABLE` when the node fails, so callers can fail closed.
 */
export class AnchorRegistryReader {
  readonly #client: PublicClient;
  readonly #address: Address;
  readonly #maxLogRange: bigint;

  /**
   * @param client - viem public client of the chain.
   * @param address - the `AnchorRegistry` contract.
   * @param options - the `eth_getLogs` block range bound.
   * @throws MedtrustError `INVALID_ARGUMENT` for a non-positive `maxLogRange`.
   */
  constructor(client: PublicClient, address: Address, options: AnchorRegistryReaderOptions = {}) {
    this.#client = client;
    this.#address = address;
    this.#maxLogRange = options.maxLogRange ?? 5_000n;
    if (this.#maxLogRange <= 0n) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        'anchor registry reader: maxLogRange must be positive',
      );
    }
  }

  /**
   * The anchor of `root` by `issuer` in exactly block `blockNumber` (the block an anchor proof names).
   * @param issuer - the issuer's ERC-1056 identity address.
   * @param root - the Merkle root.
   * @param blockNumber - the block to look in; no other block is searched.
   * @returns the anchor (the first, should the same root be anchored twice in the block), or undefined when that
   *   block carries none.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the node cannot answer, including for a block it has not reached
   *   (anvil and anvil refuses such a range), so a proof naming a future block fails closed rather than "not anchored".
   */
  async findAnchor(issuer: Address, root: Hex, blockNumber: bigint): Promise<ChainAnchor | undefined> {
    try {
      const logs = await this.#client.getLogs({
        address: this.#address,
        event: anchoredEvent,
        args: { issuer, root },
        fromBlock: blockNumber,
        toBlock: blockNumber,
        strict: true,
      });
      const log = this.#ours(logs, issuer, blockNumber, blockNumber)
        .filter((l) => l.args.root.toLowerCase() === root.toLowerCase())
        .sort((a, b) => a.logIndex - b.logIndex)[0];
      if (log === undefined) return undefined;
      // The timestamp of the very block that carries the log (by hash, so a reorg cannot mix two blocks).
      const block = await this.#client.getBlock({ blockHash: log.blockHash });
      return toAnchor(log, Number(block.timestamp));
    } catch (error) {
      throw toChainError(error, 'reading credential anchors');
    }
  }

  /**
   * Every anchor of `issuer` in blocks `fromBlock..toBlock` (inclusive), oldest first, for evidence and mirrors.
   * @param issuer - the issuer's ERC-1056 identity address.
   * @param fromBlock - first block.
   * @param toBlock - last block (an empty list when before `fromBlock`).
   * @returns the anchors, in chain order.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the node cannot answer.
   */
  async anchorsOf(issuer: Address, fromBlock: bigint, toBlock: bigint): Promise<ChainAnchor[]> {
    try {
      const logs: AnchoredLog[] = [];
      for (let from = fromBlock; from <= toBlock; from += this.#maxLogRange) {
        const to = from + this.#maxLogRange - 1n < toBlock ? from + this.#maxLogRange - 1n : toBlock;
        const page = await this.#client.getLogs({
          address: this.#address,
          event: anchoredEvent,
          args: { issuer },
          fromBlock: from,
          toBlock: to,
          strict: true,
        });
        logs.push(...this.#ours(page, issuer, from, to));
      }
      logs.sort((a, b) =>
        a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
      );
      const times = new Map<Hex, number>();
      for (const log of logs) {
        if (times.has(log.blockHash)) continue;
        const block = await this.#client.getBlock({ blockHash: log.blockHash });
        times.set(log.blockHash, Number(block.timestamp));
      }
      return logs.map((log) => toAnchor(log, times.get(log.blockHash)!));
    } catch (error) {
      throw toChainError(error, 'reading credential anchors');
    }
  }

  /** Keeps the logs of this contract, of `issuer`, in the range asked (the node filters, but is not trusted to). */
  #ours(logs: readonly AnchoredLog[], issuer: Address, fromBlock: bigint, toBlock: bigint): AnchoredLog[] {
    const address = this.#address.toLowerCase();
    const who = issuer.toLowerCase();
    return logs.filter(
      (log) =>
        !log.removed &&
        log.address.toLowerCase() === address &&
        log.args.issuer.toLowerCase() === who &&
        log.blockNumber >= fromBlock &&
        log.blockNumber <= toBlock,
    );
  }
}

function toAnchor(log: AnchoredLog, blockTimestamp: number): ChainAnchor {
  return {
    issuer: log.args.issuer,
    root: log.args.root,
    credentialCount: log.args.credentialCount,
    blockNumber: log.blockNumber,
    blockTimestamp,
    transactionHash: log.transactionHash,
    logIndex: log.logIndex,
  };
}
