/**
 * Shared harness of the registry-contract tests: one anvil, the deployed registries, wallet clients for the dev
 * accounts, and helpers to send transactions and to assert custom-error reverts.
 */
import assert from 'node:assert/strict';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  stringToHex,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TestClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startLocalChain, type LocalChain } from '../src/local-chain.ts';
import { deployRegistries, type RegistryDeployment } from '../src/deploy.ts';
import { ethereumDidRegistryAbi } from '../src/did-registry.ts';

/** A wallet client bound to one dev account. */
export type Wallet = WalletClient<Transport, Chain, Account>;

/** One running chain with the registries deployed. */
export interface Harness {
  chain: Chain;
  localChain: LocalChain;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<'anvil', Transport, Chain>;
  deployment: RegistryDeployment;
  /** Wallets of the dev accounts; wallets[0] deployed the registries (and is the trust-registry governance admin). */
  wallets: Wallet[];
  stop(): Promise<void>;
}

/** A contract call: address, ABI, function and arguments. */
export interface Call {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

/** Starts anvil and deploys the registries with dev account 0. */
export async function startHarness(): Promise<Harness> {
  const localChain = await startLocalChain();
  const chain = defineChain({
    id: localChain.chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [localChain.rpcUrl] } },
  });
  const transport = http(localChain.rpcUrl, { retryCount: 0 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 20 });
  const testClient = createTestClient({ chain, transport, mode: 'anvil' });
  const wallets = localChain.accounts.map((key) =>
    createWalletClient({ chain, transport, account: privateKeyToAccount(key) }),
  );
  try {
    const deployment = await deployRegistries({
      rpcUrl: localChain.rpcUrl,
      deployerPrivateKey: localChain.accounts[0]!,
    });
    return {
      chain,
      localChain,
      publicClient,
      testClient,
      deployment,
      wallets,
      stop: () => localChain.stop(),
    };
  } catch (error) {
    await localChain.stop();
    throw error;
  }
}

/**
 * Simulates `call` from `wallet` (surfacing reverts with their decoded custom error), sends it and waits for a
 * successful receipt.
 */
export async function send(harness: Harness, wallet: Wallet, call: Call): Promise<TransactionReceipt> {
  const { request } = await harness.publicClient.simulateContract({ ...call, account: wallet.account });
  const hash = await wallet.writeContract(request);
  const receipt = await harness.publicClient.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success', `${call.functionName} reverted`);
  return receipt;
}

/** Asserts that simulating `call` from `wallet` reverts with custom error `errorName(...args)`. */
export async function expectRevert(
  harness: Harness,
  wallet: Wallet,
  call: Call,
  errorName: string,
  args: readonly unknown[] = [],
): Promise<void> {
  await assert.rejects(
    harness.publicClient.simulateContract({ ...call, account: wallet.account }),
    (error: unknown) => {
      assert.ok(error instanceof BaseError, `not a viem error: ${String(error)}`);
      const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
      assert.ok(
        reverted instanceof ContractFunctionRevertedError,
        `not a contract revert: ${error.shortMessage}`,
      );
      assert.equal(
        reverted.data?.errorName,
        errorName,
        `expected ${errorName}, got ${reverted.shortMessage}`,
      );
      assert.deepEqual(reverted.data?.args ?? [], args);
      return true;
    },
    `${call.functionName} did not revert with ${errorName}`,
  );
}

/** A delegate type as stored by ERC-1056: the ASCII name right-padded to 32 bytes. */
export function delegateType(name: string): Hex {
  return stringToHex(name, { size: 32 });
}

/** Calls a function of the harness's ERC-1056 registry from `wallet`. */
export async function didRegistryWrite(
  harness: Harness,
  wallet: Wallet,
  functionName: 'changeOwner' | 'addDelegate' | 'revokeDelegate',
  args: readonly unknown[],
): Promise<TransactionReceipt> {
  return send(harness, wallet, {
    address: harness.deployment.didRegistry,
    abi: ethereumDidRegistryAbi as Abi,
    functionName,
    args,
  });
}

/** Advances the chain's clock by `seconds` and mines a block. */
export async function advanceTime(harness: Harness, seconds: number): Promise<void> {
  await harness.testClient.increaseTime({ seconds });
  await harness.testClient.mine({ blocks: 1 });
}

/** The timestamp of the block that included `receipt`. */
export async function blockTime(harness: Harness, receipt: TransactionReceipt): Promise<number> {
  const block = await harness.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return Number(block.timestamp);
}

/** The timestamp of the latest block. */
export async function latestTime(harness: Harness): Promise<number> {
  const block = await harness.publicClient.getBlock();
  return Number(block.timestamp);
}
