import type { Abi, Address, Hex } from 'viem';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { anchorRegistryArtifact } from '@medtrust/registry-contract';
import {
  ViemTransactions,
  type ChainTxLookup,
  type ChainTxReceipt,
  type ControllerAccountProvider,
  type ViemTransactionsOptions,
} from '../chain/viem-transactions.ts';

/**
 * Writes anchors to the on-chain `AnchorRegistry`, as an issuer identity's controller. Every method throws
 * `MedtrustError` with `CHAIN_UNAVAILABLE` (node unreachable, timeout, bad answer) or `CONTRACT_REVERTED` (the
 * custom error, e.g. `NotIdentityController`, is read with `revertErrorName`), and never retries: the publisher
 * owns retries and their back-off.
 */
export interface AnchorChainWriter {
  /**
   * Sends `anchor(issuer, root, credentialCount)`.
   * @returns the transaction hash (not waited for).
   */
  anchor(issuer: Address, root: Hex, credentialCount: number): Promise<{ txHash: Hex }>;
  /** Waits until the transaction is mined (bounded by the writer's receipt timeout). */
  waitForReceipt(txHash: Hex): Promise<ChainTxReceipt>;
  /** Looks a transaction up without waiting: mined (with its receipt), pending in the mempool, or unknown. */
  lookupTransaction(txHash: Hex): Promise<ChainTxLookup>;
}

/** Settings of {@link ViemAnchorChainWriter}: RPC, chain id and timeouts ({@link ViemTransactionsOptions}), and: */
export interface ViemAnchorChainWriterOptions extends ViemTransactionsOptions {
  /** The `AnchorRegistry` contract. */
  anchorRegistry: Address;
  /** The account that controls an issuer identity on-chain (the same as the status writer's). */
  accountFor: ControllerAccountProvider;
}

/**
 * {@link AnchorChainWriter} over viem (the shared {@link ViemTransactions}). Gas is estimated by the node first, so
 * a call that would revert fails before sending with `CONTRACT_REVERTED`.
 */
export class ViemAnchorChainWriter implements AnchorChainWriter {
  readonly #options: ViemAnchorChainWriterOptions;
  readonly #tx: ViemTransactions;

  /** @param options - RPC URL, chain id, registry address, account provider and timeouts. */
  constructor(options: ViemAnchorChainWriterOptions) {
    this.#options = options;
    this.#tx = new ViemTransactions(options);
  }

  /** {@inheritDoc AnchorChainWriter.anchor} */
  async anchor(issuer: Address, root: Hex, credentialCount: number): Promise<{ txHash: Hex }> {
    if (!Number.isSafeInteger(credentialCount) || credentialCount <= 0) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'an anchor covers at least one credential');
    }
    const txHash = await this.#tx.write(
      {
        address: this.#options.anchorRegistry,
        abi: anchorRegistryArtifact.abi as Abi,
        functionName: 'anchor',
        args: [issuer, root, BigInt(credentialCount)],
        issuer,
        accountFor: this.#options.accountFor,
      },
      'anchoring credentials',
    );
    return { txHash };
  }

  /** {@inheritDoc AnchorChainWriter.waitForReceipt} */
  waitForReceipt(txHash: Hex): Promise<ChainTxReceipt> {
    return this.#tx.waitForReceipt(txHash, 'an anchor transaction');
  }

  /** {@inheritDoc AnchorChainWriter.lookupTransaction} */
  lookupTransaction(txHash: Hex): Promise<ChainTxLookup> {
    return this.#tx.lookupTransaction(txHash, 'an anchor transaction');
  }
}
