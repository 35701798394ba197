/**
 * Deploys the four registries (ERC-1056 DID registry, status registry, trust registry, anchor registry) to any EVM
 * chain.
 */
import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  anchorRegistryArtifact,
  ethereumDIDRegistryArtifact,
  statusRegistryArtifact,
  trustRegistryArtifact,
} from './generated/artifacts.generated.ts';

/** Where the registries of one chain live; recorded in `registry-contract/deployments/<chainId>.json`. */
export interface RegistryDeployment {
  chainId: number;
  /** ERC-1056 `EthereumDIDRegistry`, against which `did:ethr` identifiers resolve. */
  didRegistry: Address;
  statusRegistry: Address;
  trustRegistry: Address;
  /** `AnchorRegistry`: issuers' Merkle roots of issued credentials (event-only). */
  anchorRegistry: Address;
  /** Account that sent the deployment transactions. */
  deployer: Address;
  /** Holder of `DEFAULT_ADMIN_ROLE` and `GOVERNANCE_ROLE` on the trust registry. */
  governanceAdmin: Address;
  /** Block of the last deployment transaction (where event scans can start). */
  blockNumber: number;
}

/** Options of {@link deployRegistries}. */
export interface DeployOptions {
  rpcUrl: string;
  deployerPrivateKey: Hex;
  /** Trust-registry governance admin; the deployer when omitted. */
  governanceAdmin?: Address;
  /** Reuse an existing ERC-1056 registry (e.g. the canonical one of a public network) instead of deploying one. */
  existingDidRegistry?: Address;
}

/** Error with a stable code raised when a deployment fails. */
export class DeploymentError extends Error {
  readonly code = 'DEPLOYMENT_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeploymentError';
  }
}

/** Sends contract deployments from one account and tracks the block of the last one. */
interface Deployer {
  chainId: number;
  deployer: Address;
  /** Block of the last deployment so far. */
  blockNumber(): number;
  deploy(name: string, abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address>;
}

async function createDeployer(rpcUrl: string, deployerPrivateKey: Hex): Promise<Deployer> {
  const account = privateKeyToAccount(deployerPrivateKey);
  const transport = http(rpcUrl, { retryCount: 0 });
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const walletClient = createWalletClient({ account, transport });
  const chainId = await publicClient.getChainId();
  const chain = {
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  } as const;
  let blockNumber = 0;
  return {
    chainId,
    deployer: account.address,
    blockNumber: () => blockNumber,
    async deploy(name, abi, bytecode, args) {
      try {
        const hash = await walletClient.deployContract({ abi, bytecode, args, chain, account });
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== 'success' || !receipt.contractAddress)
          throw new Error(`${name} deployment reverted`);
        blockNumber = Number(receipt.blockNumber);
        return receipt.contractAddress;
      } catch (error) {
        throw new DeploymentError(`deploying ${name} failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

/**
 * Deploys the registries and waits for every receipt.
 * @param options - RPC URL, deployer key, optional governance admin and existing ERC-1056 registry.
 * @returns the addresses and the block of the deployment.
 * @throws DeploymentError when a transaction fails or reverts.
 */
export async function deployRegistries(options: DeployOptions): Promise<RegistryDeployment> {
  const { chainId, deployer, deploy, blockNumber } = await createDeployer(
    options.rpcUrl,
    options.deployerPrivateKey,
  );
  const governanceAdmin = options.governanceAdmin ?? deployer;
  const didRegistry =
    options.existingDidRegistry ??
    (await deploy(
      'EthereumDIDRegistry',
      ethereumDIDRegistryArtifact.abi as Abi,
      ethereumDIDRegistryArtifact.bytecode,
      [],
    ));
  const statusRegistry = await deploy(
    'StatusRegistry',
    statusRegistryArtifact.abi as Abi,
    statusRegistryArtifact.bytecode,
    [didRegistry],
  );
  const trustRegistry = await deploy(
    'TrustRegistry',
    trustRegistryArtifact.abi as Abi,
    trustRegistryArtifact.bytecode,
    [didRegistry, governanceAdmin],
  );
  const anchorRegistry = await deploy(
    'AnchorRegistry',
    anchorRegistryArtifact.abi as Abi,
    anchorRegistryArtifact.bytecode,
    [didRegistry],
  );
  return {
    chainId,
    didRegistry,
    statusRegistry,
    trustRegistry,
    anchorRegistry,
    deployer,
    governanceAdmin,
    blockNumber: blockNumber(),
  };
}

/**
 * Deploys only the `AnchorRegistry` next to an existing ERC-1056 registry: upgrades a deployment recorded before the
 * anchor registry existed, without redeploying (and so losing) the other registries.
 * @param options - RPC URL, deployer key and the ERC-1056 registry the anchor registry authorises writers against.
 * @returns the anchor registry's address and the block it was deployed in.
 * @throws DeploymentError when the transaction fails or reverts.
 */
export async function deployAnchorRegistry(options: {
  rpcUrl: string;
  deployerPrivateKey: Hex;
  didRegistry: Address;
}): Promise<{ anchorRegistry: Address; blockNumber: number }> {
  const { deploy, blockNumber } = await createDeployer(options.rpcUrl, options.deployerPrivateKey);
  const anchorRegistry = await deploy(
    'AnchorRegistry',
    anchorRegistryArtifact.abi as Abi,
    anchorRegistryArtifact.bytecode,
    [options.didRegistry],
  );
  return { anchorRegistry, blockNumber: blockNumber() };
}
