/**
 * Deploys the three registries (ERC-1056 DID registry, status registry, trust registry) to any EVM chain.
 */
import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
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

/**
 * Deploys the registries and waits for every receipt.
 * @param options - RPC URL, deployer key, optional governance admin and existing ERC-1056 registry.
 * @returns the addresses and the block of the deployment.
 * @throws DeploymentError when a transaction fails or reverts.
 */
export async function deployRegistries(options: DeployOptions): Promise<RegistryDeployment> {
  const account = privateKeyToAccount(options.deployerPrivateKey);
  const transport = http(options.rpcUrl, { retryCount: 0 });
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const walletClient = createWalletClient({ account, transport });
  const chainId = await publicClient.getChainId();
  const chain = {
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  } as const;
  let blockNumber = 0;

  async function deploy(name: string, abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> {
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
  }

  const governanceAdmin = options.governanceAdmin ?? account.address;
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
  return {
    chainId,
    didRegistry,
    statusRegistry,
    trustRegistry,
    deployer: account.address,
    governanceAdmin,
    blockNumber,
  };
}
