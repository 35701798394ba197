// did:ethr identities resolve against the locally deployed ERC-1056 registry, with key rotation (owner change) and
// delegates honoured, and the chain readers fail closed when the chain is down.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, createWalletClient, http, stringToHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries, type RegistryDeployment } from '@medtrust/registry-contract/deploy';
import { ethereumDidRegistryAbi } from '@medtrust/registry-contract';
import {
  createChainPublicClient,
  createEthrDidResolver,
  ethrDid,
  ErrorCodes,
  MedtrustError,
  StatusRegistryReader,
  TrustRegistryReader,
  type ChainConfig,
} from '@medtrust/core';

describe('did:ethr on the local chain', () => {
  let chain: LocalChain;
  let deployment: RegistryDeployment;
  let config: ChainConfig;

  before(async () => {
    chain = await startLocalChain();
    deployment = await deployRegistries({ rpcUrl: chain.rpcUrl, deployerPrivateKey: chain.accounts[0]! });
    config = { ...deployment, rpcUrl: chain.rpcUrl, didNetworkName: 'medtrust' };
  });
  after(async () => chain?.stop());

  async function registryWrite(
    privateKey: Hex,
    functionName: 'changeOwner' | 'addDelegate' | 'revokeDelegate',
    args: readonly unknown[],
  ) {
    const transport = http(chain.rpcUrl);
    const wallet = createWalletClient({ account: privateKeyToAccount(privateKey), transport });
    const publicClient = createPublicClient({ transport, pollingInterval: 50 });
    const hash = await wallet.writeContract({
      address: deployment.didRegistry,
      abi: ethereumDidRegistryAbi,
      functionName,
      args,
      chain: {
        id: chain.chainId,
        name: 'anvil',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [chain.rpcUrl] } },
      },
    } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, 'success');
  }

  it('resolves a fresh identity to its own address as controller, under both network names', async () => {
    const resolver = createEthrDidResolver(config);
    const address = privateKeyToAccount(chain.accounts[5]!).address;
    for (const did of [ethrDid(config, address), ethrDid({ chainId: config.chainId }, address)]) {
      const result = await resolver.resolve(did);
      assert.equal(result.didResolutionMetadata.error, undefined);
      assert.equal(result.didDocument?.id, did);
      const controller = result.didDocument?.verificationMethod?.find((m) => m.id.endsWith('#controller'));
      assert.ok(controller?.blockchainAccountId?.toLowerCase().endsWith(address.toLowerCase()));
    }
  });

  it('honours a signing delegate (veriKey) added and then revoked on the registry', async () => {
    const resolver = createEthrDidResolver(config);
    const identity = privateKeyToAccount(chain.accounts[6]!);
    const delegate = privateKeyToAccount(chain.accounts[7]!).address;
    const did = ethrDid(config, identity.address);
    await registryWrite(chain.accounts[6]!, 'addDelegate', [
      identity.address,
      stringToHex('veriKey', { size: 32 }),
      delegate,
      86_400n,
    ]);
    const withDelegate = await resolver.resolve(did);
    const delegateMethod = withDelegate.didDocument?.verificationMethod?.find((m) =>
      m.id.endsWith('#delegate-1'),
    );
    assert.ok(delegateMethod?.blockchainAccountId?.toLowerCase().endsWith(delegate.toLowerCase()));

    await registryWrite(chain.accounts[6]!, 'revokeDelegate', [
      identity.address,
      stringToHex('veriKey', { size: 32 }),
      delegate,
    ]);
    // ERC-1056 revocation sets the delegate's validity to the block time; the resolver treats validity == now as
    // still valid, so the revocation shows from the next second on.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const afterRevoke = await resolver.resolve(did);
    assert.equal(
      afterRevoke.didDocument?.verificationMethod?.some((m) =>
        m.blockchainAccountId?.toLowerCase().endsWith(delegate.toLowerCase()),
      ),
      false,
    );
  });

  it('follows an owner change (key rotation) to the new controller', async () => {
    const resolver = createEthrDidResolver(config);
    const identity = privateKeyToAccount(chain.accounts[8]!);
    const newOwner = privateKeyToAccount(chain.accounts[9]!).address;
    await registryWrite(chain.accounts[8]!, 'changeOwner', [identity.address, newOwner]);
    const result = await resolver.resolve(ethrDid(config, identity.address));
    const controller = result.didDocument?.verificationMethod?.find((m) => m.id.endsWith('#controller'));
    assert.ok(controller?.blockchainAccountId?.toLowerCase().endsWith(newOwner.toLowerCase()));
  });

  it('reports an unresolvable DID instead of throwing when the chain is down', async () => {
    const deadChain = await startLocalChain();
    await deadChain.stop();
    const resolver = createEthrDidResolver({ ...config, rpcUrl: deadChain.rpcUrl });
    const address = privateKeyToAccount(chain.accounts[5]!).address;
    const result = await Promise.race([
      resolver.resolve(ethrDid(config, address)).catch((error: unknown) => ({ thrown: error })),
      new Promise((resolve) => setTimeout(() => resolve({ timedOut: true }), 20_000).unref()),
    ]);
    assert.ok(!('timedOut' in (result as object)), 'resolution must not hang');
    const ok =
      'thrown' in (result as object) ||
      (result as { didResolutionMetadata?: { error?: string } }).didResolutionMetadata?.error !== undefined;
    assert.ok(ok, 'a DID on an unreachable chain must not resolve');
  });

  it('chain readers throw CHAIN_UNAVAILABLE (never a status) when the chain is unreachable', async () => {
    const deadChain = await startLocalChain();
    await deadChain.stop();
    const client = createChainPublicClient(
      { rpcUrl: deadChain.rpcUrl, chainId: chain.chainId },
      { timeoutMs: 1000 },
    );
    const status = new StatusRegistryReader(client, deployment.statusRegistry);
    const trust = new TrustRegistryReader(client, deployment.trustRegistry);
    const issuer = privateKeyToAccount(chain.accounts[1]!).address;
    await assert.rejects(
      status.statusOf({ issuer, listId: 0n, index: 0n }),
      (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CHAIN_UNAVAILABLE,
    );
    await assert.rejects(
      trust.isAccredited(issuer, 'MedicalLicenseCredential', 'PT', new Date()),
      (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CHAIN_UNAVAILABLE,
    );
  });

  it('chain readers report a revert (unknown list) as CONTRACT_REVERTED', async () => {
    const client = createChainPublicClient({ rpcUrl: chain.rpcUrl, chainId: chain.chainId });
    const status = new StatusRegistryReader(client, deployment.statusRegistry);
    const issuer = privateKeyToAccount(chain.accounts[1]!).address;
    assert.equal(await status.capacity(issuer, 42n), 0n);
    await assert.rejects(
      status.statusOf({ issuer, listId: 42n, index: 0n }),
      (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CONTRACT_REVERTED,
    );
  });
});
