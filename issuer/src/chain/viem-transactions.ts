/**
 * The transaction plumbing the issuer's chain writers share (status lists, status batches, anchors): one viem HTTP
 * transport without retries, local signing with the caller's account, bounded receipt waits and non-blocking
 * look-ups. Every failure is a `MedtrustError` `CHAIN_UNAVAILABLE` or `CONTRACT_REVERTED`; nothing is retried here:
 * the publishers own retries and their back-off.
 */
import {
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  createPublicClient,
  createWalletClient,
  http,
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { ErrorCodes, MedtrustError, toChainError } from '@medtrust/core';

/** The outcome of a mined transaction. */
export interface ChainTxReceipt {
  blockNumber: bigint;
  status: 'success' | 'reverted';
  gasUsed: bigint;
}

/** What the node knows of a transaction hash. */
export type ChainTxLookup =
  | { state: 'mined'; receipt: ChainTxReceipt }
  /** In the node's mempool, not mined yet. */
  | { state: 'pending' }
  /** Unknown to the node: never received, dropped, or lost by a node restart. */
  | { state: 'unknown' };

/** Settings of {@link ViemTransactions}. */
export interface ViemTransactionsOptions {
  rpcUrl: string;
  chainId: number;
  /** Per JSON-RPC request timeout, 5,000 ms by default. */
  requestTimeoutMs?: number;
  /** Longest wait for a receipt, 60,000 ms by default (then `CHAIN_UNAVAILABLE`; the transaction may still be mined). */
  receiptTimeoutMs?: number;
  /** Receipt polling interval, 500 ms by default. */
  pollingIntervalMs?: number;
}

/**
 * The account that controls an issuer identity on-chain (its ERC-1056 owner or a `StatusWriter` delegate): the
 * organisation's owner key, provided by the caller (e.g. unsealed from the key store). It pays for the gas.
 */
export type ControllerAccountProvider = (issuer: Address) => LocalAccount | Promise<LocalAccount>;

/** One contract write: what {@link ViemTransactions.write} sends. */
export interface ContractWrite {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  /** The issuer identity the write is for: its controller account signs and pays. */
  issuer: Address;
  accountFor: ControllerAccountProvider;
}

/**
 * Sends contract writes and follows their transactions on one chain. Gas is estimated by the node first, so a call
 * that would revert fails before sending with `CONTRACT_REVERTED` naming the custom error.
 */
export class ViemTransactions {
  /** The public client (reads, events). */
  readonly publicClient: PublicClient<Transport, Chain>;
  readonly #walletClient: WalletClient<Transport, Chain>;
  readonly #chain: Chain;
  readonly #receiptTimeoutMs: number;
  readonly #pollingIntervalMs: number;

  /**
   * @param options - RPC URL, chain id and timeouts.
   */
  constructor(options: ViemTransactionsOptions) {
    this.#chain = {
      id: options.chainId,
      name: `chain-${options.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [options.rpcUrl] } },
    };
    const transport = http(options.rpcUrl, { retryCount: 0, timeout: options.requestTimeoutMs ?? 5_000 });
    this.#pollingIntervalMs = options.pollingIntervalMs ?? 500;
    this.#receiptTimeoutMs = options.receiptTimeoutMs ?? 60_000;
    const pollingInterval = this.#pollingIntervalMs;
    this.publicClient = createPublicClient({ chain: this.#chain, transport, pollingInterval });
    this.#walletClient = createWalletClient({ chain: this.#chain, transport, pollingInterval });
  }

  /**
   * Sends one contract write (not waited for).
   * @param call - contract, ABI, function, arguments, and the issuer whose controller account signs.
   * @param operation - short description for operators (`creating a status list`).
   * @returns the transaction hash.
   * @throws MedtrustError `CHAIN_UNAVAILABLE` / `CONTRACT_REVERTED`.
   */
  async write(call: ContractWrite, operation: string): Promise<Hex> {
    try {
      const account = await call.accountFor(call.issuer);
      // the ABI is dynamic here, so viem cannot type the function name and arguments against it
      return await this.#walletClient.writeContract({
        address: call.address,
        abi: call.abi,
        functionName: call.functionName,
        args: call.args,
        account,
        chain: this.#chain,
      } as Parameters<WalletClient<Transport, Chain>['writeContract']>[0]);
    } catch (error) {
      throw toChainError(error, operation);
    }
  }

  /**
   * Waits until the transaction is mined. Polls `eth_getTransactionReceipt` while the node answers "not mined yet";
   * any other failure (node unreachable, request timeout) ends the wait at once with `CHAIN_UNAVAILABLE`, as does
   * reaching the receipt timeout.
   * @param txHash - the transaction.
   * @param what - what it is, for operators (`a status transaction`).
   * @returns its receipt.
   * @throws MedtrustError `CHAIN_UNAVAILABLE`.
   */
  async waitForReceipt(txHash: Hex, what: string): Promise<ChainTxReceipt> {
    const deadline = Date.now() + this.#receiptTimeoutMs;
    const interval = this.#pollingIntervalMs;
    for (;;) {
      try {
        const receipt = await this.publicClient.getTransactionReceipt({ hash: txHash });
        return { blockNumber: receipt.blockNumber, status: receipt.status, gasUsed: receipt.gasUsed };
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) {
          throw toChainError(error, `waiting for ${what}`);
        }
      }
      if (Date.now() + interval > deadline) {
        throw new MedtrustError(ErrorCodes.CHAIN_UNAVAILABLE, `waiting for ${what}: not mined in time`);
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }

  /**
   * Looks a transaction up without waiting.
   * @param txHash - the transaction.
   * @param what - what it is, for operators.
   * @returns mined (with its receipt), pending in the mempool, or unknown.
   * @throws MedtrustError `CHAIN_UNAVAILABLE`.
   */
  async lookupTransaction(txHash: Hex, what: string): Promise<ChainTxLookup> {
    try {
      const receipt = await this.publicClient.getTransactionReceipt({ hash: txHash });
      return {
        state: 'mined',
        receipt: { blockNumber: receipt.blockNumber, status: receipt.status, gasUsed: receipt.gasUsed },
      };
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) {
        throw toChainError(error, `looking up ${what}`);
      }
    }
    try {
      await this.publicClient.getTransaction({ hash: txHash });
      return { state: 'pending' };
    } catch (error) {
      if (error instanceof TransactionNotFoundError) return { state: 'unknown' };
      throw toChainError(error, `looking up ${what}`);
    }
  }
}
