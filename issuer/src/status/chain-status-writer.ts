import {
  BaseError,
  ContractFunctionRevertedError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  createPublicClient,
  createWalletClient,
  http,
  type Address,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { ErrorCodes, MedtrustError, toChainError } from '@medtrust/core';
import { statusRegistryArtifact } from '@medtrust/registry-contract';
import type { StatusAction } from '../store/index.ts';

/** Most words one batch call may touch (`StatusRegistry.MAX_WORDS_PER_CALL`). */
export const MAX_WORDS_PER_CALL = 512;

/** The outcome of a mined transaction. */
export interface StatusTxReceipt {
  blockNumber: bigint;
  status: 'success' | 'reverted';
  gasUsed: bigint;
}

/** What the node knows of a transaction hash (see {@link StatusChainWriter.lookupTransaction}). */
export type StatusTxLookup =
  | { state: 'mined'; receipt: StatusTxReceipt }
  /** In the node's mempool, not mined yet. */
  | { state: 'pending' }
  /** Unknown to the node: never received, dropped, or lost by a node restart. */
  | { state: 'unknown' };

/**
 * Writes status lists and status changes to the on-chain `StatusRegistry`, as an issuer identity's controller.
 * Every method throws `MedtrustError` with `CHAIN_UNAVAILABLE` (node unreachable, timeout, bad answer) or
 * `CONTRACT_REVERTED` (the message names the custom error; {@link revertErrorName} extracts it), and never retries:
 * the publisher owns retries and their back-off.
 */
export interface StatusChainWriter {
  /**
   * Sends `createList(issuer, listId, wordCount)` (capacity `wordCount * 256`).
   * @returns the transaction hash (not waited for).
   */
  createList(issuer: Address, listId: bigint, wordCount: number): Promise<{ txHash: Hex }>;
  /**
   * Sends `revokeBatch` / `suspendBatch` / `reinstateBatch(issuer, listId, wordIndices, masks)`; bit i of `masks[k]`
   * is index `wordIndices[k] * 256 + i`.
   * @returns the transaction hash (not waited for).
   */
  applyBatch(
    issuer: Address,
    listId: bigint,
    action: StatusAction,
    wordIndices: readonly bigint[],
    masks: readonly bigint[],
  ): Promise<{ txHash: Hex }>;
  /** Waits until the transaction is mined (bounded by the writer's receipt timeout). */
  waitForReceipt(txHash: Hex): Promise<StatusTxReceipt>;
  /** Looks a transaction up without waiting: mined (with its receipt), pending in the mempool, or unknown. */
  lookupTransaction(txHash: Hex): Promise<StatusTxLookup>;
  /**
   * Finds the transaction that created `(issuer, listId)` (its `StatusListCreated` event), e.g. when a creation was
   * mined but not recorded before a crash.
   * @returns its hash, or undefined when the list was never created.
   */
  findListCreation(issuer: Address, listId: bigint): Promise<Hex | undefined>;
}

/** Settings of {@link ViemStatusChainWriter}. */
export interface ViemStatusChainWriterOptions {
  rpcUrl: string;
  chainId: number;
  /** The `StatusRegistry` contract. */
  statusRegistry: Address;
  /**
   * The account that controls an issuer identity on-chain (its ERC-1056 owner or a `StatusWriter` delegate): the
   * organisation's owner key, provided by the caller (e.g. unsealed from the key store). It pays for the gas.
   */
  accountFor(issuer: Address): LocalAccount | Promise<LocalAccount>;
  /** Per JSON-RPC request timeout, 5,000 ms by default. */
  requestTimeoutMs?: number;
  /** Longest wait for a receipt, 60,000 ms by default (then `CHAIN_UNAVAILABLE`; the transaction may still be mined). */
  receiptTimeoutMs?: number;
  /** Receipt polling interval, 500 ms by default. */
  pollingIntervalMs?: number;
  /** First block to search for `StatusListCreated` events (the registry's deployment block), 0 by default. */
  fromBlock?: bigint;
}

const BATCH_FUNCTION = {
  revoke: 'revokeBatch',
  suspend: 'suspendBatch',
  reinstate: 'reinstateBatch',
} as const satisfies Record<StatusAction, string>;

/**
 * {@link StatusChainWriter} over viem: local signing with the issuer's account, one HTTP transport without retries.
 * Gas is estimated by the node first, so a call that would revert fails before sending with `CONTRACT_REVERTED`.
 */
export class ViemStatusChainWriter implements StatusChainWriter {
  readonly #options: ViemStatusChainWriterOptions;
  readonly #publicClient: PublicClient<Transport, Chain>;
  readonly #walletClient: WalletClient<Transport, Chain>;
  readonly #chain: Chain;

  /**
   * @param options - RPC URL, chain id, registry address, account provider and timeouts.
   */
  constructor(options: ViemStatusChainWriterOptions) {
    this.#options = options;
    this.#chain = {
      id: options.chainId,
      name: `chain-${options.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [options.rpcUrl] } },
    };
    const transport = http(options.rpcUrl, {
      retryCount: 0,
      timeout: options.requestTimeoutMs ?? 5_000,
    });
    const pollingInterval = options.pollingIntervalMs ?? 500;
    this.#publicClient = createPublicClient({ chain: this.#chain, transport, pollingInterval });
    this.#walletClient = createWalletClient({ chain: this.#chain, transport, pollingInterval });
  }

  /** {@inheritDoc StatusChainWriter.createList} */
  async createList(issuer: Address, listId: bigint, wordCount: number): Promise<{ txHash: Hex }> {
    if (!Number.isSafeInteger(wordCount) || wordCount <= 0 || wordCount > MAX_WORDS_PER_CALL) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        `a list is created with 1…${MAX_WORDS_PER_CALL} words, not ${wordCount}`,
      );
    }
    try {
      const account = await this.#options.accountFor(issuer);
      const txHash = await this.#walletClient.writeContract({
        address: this.#options.statusRegistry,
        abi: statusRegistryArtifact.abi,
        functionName: 'createList',
        args: [issuer, listId, wordCount],
        account,
        chain: this.#chain,
      });
      return { txHash };
    } catch (error) {
      throw toChainError(error, 'creating a status list');
    }
  }

  /** {@inheritDoc StatusChainWriter.applyBatch} */
  async applyBatch(
    issuer: Address,
    listId: bigint,
    action: StatusAction,
    wordIndices: readonly bigint[],
    masks: readonly bigint[],
  ): Promise<{ txHash: Hex }> {
    const functionName = BATCH_FUNCTION[action];
    if (functionName === undefined) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `unknown status action "${String(action)}"`);
    }
    if (
      wordIndices.length === 0 ||
      wordIndices.length !== masks.length ||
      wordIndices.length > MAX_WORDS_PER_CALL
    ) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        `a batch carries 1…${MAX_WORDS_PER_CALL} words with one mask each`,
      );
    }
    try {
      const account = await this.#options.accountFor(issuer);
      const txHash = await this.#walletClient.writeContract({
        address: this.#options.statusRegistry,
        abi: statusRegistryArtifact.abi,
        functionName,
        args: [issuer, listId, wordIndices, masks],
        account,
        chain: this.#chain,
      });
      return { txHash };
    } catch (error) {
      throw toChainError(error, `sending ${functionName}`);
    }
  }

  /**
   * {@inheritDoc StatusChainWriter.waitForReceipt}
   *
   * Polls `eth_getTransactionReceipt` while the node answers "not mined yet"; any other failure (node unreachable,
   * request timeout) ends the wait at once with `CHAIN_UNAVAILABLE`, as does reaching the receipt timeout.
   */
  async waitForReceipt(txHash: Hex): Promise<StatusTxReceipt> {
    const deadline = Date.now() + (this.#options.receiptTimeoutMs ?? 60_000);
    const interval = this.#options.pollingIntervalMs ?? 500;
    for (;;) {
      try {
        const receipt = await this.#publicClient.getTransactionReceipt({ hash: txHash });
        return { blockNumber: receipt.blockNumber, status: receipt.status, gasUsed: receipt.gasUsed };
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) {
          throw toChainError(error, 'waiting for a status transaction');
        }
      }
      if (Date.now() + interval > deadline) {
        throw new MedtrustError(
          ErrorCodes.CHAIN_UNAVAILABLE,
          'waiting for a status transaction: not mined in time',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }

  /** {@inheritDoc StatusChainWriter.lookupTransaction} */
  async lookupTransaction(txHash: Hex): Promise<StatusTxLookup> {
    try {
      const receipt = await this.#publicClient.getTransactionReceipt({ hash: txHash });
      return {
        state: 'mined',
        receipt: { blockNumber: receipt.blockNumber, status: receipt.status, gasUsed: receipt.gasUsed },
      };
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) {
        throw toChainError(error, 'looking up a status transaction');
      }
    }
    try {
      await this.#publicClient.getTransaction({ hash: txHash });
      return { state: 'pending' };
    } catch (error) {
      if (error instanceof TransactionNotFoundError) return { state: 'unknown' };
      throw toChainError(error, 'looking up a status transaction');
    }
  }

  /** {@inheritDoc StatusChainWriter.findListCreation} */
  async findListCreation(issuer: Address, listId: bigint): Promise<Hex | undefined> {
    try {
      const events = await this.#publicClient.getContractEvents({
        address: this.#options.statusRegistry,
        abi: statusRegistryArtifact.abi,
        eventName: 'StatusListCreated',
        args: { issuer, listId },
        fromBlock: this.#options.fromBlock ?? 0n,
        toBlock: 'latest',
      });
      return events[0]?.transactionHash ?? undefined;
    } catch (error) {
      throw toChainError(error, 'searching a status list creation');
    }
  }
}

/**
 * The contract's custom error behind a `CONTRACT_REVERTED` failure (e.g. `NotIdentityController`,
 * `ListAlreadyExists`), read from the error's viem cause.
 *
 * @param error - what a {@link StatusChainWriter} threw.
 * @returns the custom error name, or undefined when the failure is no decoded revert.
 */
export function revertErrorName(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (current instanceof BaseError) {
      const revert = current.walk((e) => e instanceof ContractFunctionRevertedError);
      if (revert instanceof ContractFunctionRevertedError) return revert.data?.errorName;
      return undefined;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
