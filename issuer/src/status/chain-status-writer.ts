import type { Abi, Address, Hex } from 'viem';
import { ErrorCodes, MedtrustError, toChainError } from '@medtrust/core';
import { statusRegistryArtifact } from '@medtrust/registry-contract';
import {
  ViemTransactions,
  type ControllerAccountProvider,
  type ChainTxLookup,
  type ChainTxReceipt,
  type ViemTransactionsOptions,
} from '../chain/viem-transactions.ts';
export { revertErrorName } from '../chain/revert-error-name.ts';
import type { StatusAction } from '../store/index.ts';

/** Most words one batch call may touch (`StatusRegistry.MAX_WORDS_PER_CALL`). */
export const MAX_WORDS_PER_CALL = 512;

/** The outcome of a mined transaction (the shared {@link ChainTxReceipt}). */
export type StatusTxReceipt = ChainTxReceipt;

/** What the node knows of a transaction hash (see {@link StatusChainWriter.lookupTransaction}). */
export type StatusTxLookup = ChainTxLookup;

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

/** Settings of {@link ViemStatusChainWriter}: RPC, chain id and timeouts ({@link ViemTransactionsOptions}), and: */
export interface ViemStatusChainWriterOptions extends ViemTransactionsOptions {
  /** The `StatusRegistry` contract. */
  statusRegistry: Address;
  /** The account that controls an issuer identity on-chain (see {@link ControllerAccountProvider}). */
  accountFor: ControllerAccountProvider;
  /** First block to search for `StatusListCreated` events (the registry's deployment block), 0 by default. */
  fromBlock?: bigint;
}

const BATCH_FUNCTION = {
  revoke: 'revokeBatch',
  suspend: 'suspendBatch',
  reinstate: 'reinstateBatch',
} as const satisfies Record<StatusAction, string>;

/**
 * {@link StatusChainWriter} over viem: local signing with the issuer's account, one HTTP transport without retries
 * (the shared {@link ViemTransactions}). Gas is estimated by the node first, so a call that would revert fails
 * before sending with `CONTRACT_REVERTED`.
 */
export class ViemStatusChainWriter implements StatusChainWriter {
  readonly #options: ViemStatusChainWriterOptions;
  readonly #tx: ViemTransactions;

  /**
   * @param options - RPC URL, chain id, registry address, account provider and timeouts.
   */
  constructor(options: ViemStatusChainWriterOptions) {
    this.#options = options;
    this.#tx = new ViemTransactions(options);
  }

  /** {@inheritDoc StatusChainWriter.createList} */
  async createList(issuer: Address, listId: bigint, wordCount: number): Promise<{ txHash: Hex }> {
    if (!Number.isSafeInteger(wordCount) || wordCount <= 0 || wordCount > MAX_WORDS_PER_CALL) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        `a list is created with 1…${MAX_WORDS_PER_CALL} words, not ${wordCount}`,
      );
    }
    return this.#send('createList', [issuer, listId, wordCount], issuer, 'creating a status list');
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
    return this.#send(functionName, [issuer, listId, wordIndices, masks], issuer, `sending ${functionName}`);
  }

  async #send(
    functionName: string,
    args: readonly unknown[],
    issuer: Address,
    operation: string,
  ): Promise<{ txHash: Hex }> {
    const txHash = await this.#tx.write(
      {
        address: this.#options.statusRegistry,
        abi: statusRegistryArtifact.abi as Abi,
        functionName,
        args,
        issuer,
        accountFor: this.#options.accountFor,
      },
      operation,
    );
    return { txHash };
  }

  /**
   * {@inheritDoc StatusChainWriter.waitForReceipt}
   *
   * Polls `eth_getTransactionReceipt` while the node answers "not mined yet"; any other failure (node unreachable,
   * request timeout) ends the wait at once with `CHAIN_UNAVAILABLE`, as does reaching the receipt timeout.
   */
  waitForReceipt(txHash: Hex): Promise<StatusTxReceipt> {
    return this.#tx.waitForReceipt(txHash, 'a status transaction');
  }

  /** {@inheritDoc StatusChainWriter.lookupTransaction} */
  lookupTransaction(txHash: Hex): Promise<StatusTxLookup> {
    return this.#tx.lookupTransaction(txHash, 'a status transaction');
  }

  /** {@inheritDoc StatusChainWriter.findListCreation} */
  async findListCreation(issuer: Address, listId: bigint): Promise<Hex | undefined> {
    try {
      const events = await this.#tx.publicClient.getContractEvents({
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
