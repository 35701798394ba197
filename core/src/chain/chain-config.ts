import type { Address } from 'viem';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';

/**
 * Where medtrust's registries live on one EVM chain. Built by the services from the environment or from
 * `registry-contract/deployments/<chainId>.json`; the shared library never reads either itself.
 */
export interface ChainConfig {
  /** JSON-RPC endpoint of any EVM node (the embedded anvil, a testnet, Polygon, a consortium chain). */
  rpcUrl: string;
  chainId: number;
  /** ERC-1056 registry that `did:ethr` identifiers of this chain resolve against. */
  didRegistry: Address;
  statusRegistry: Address;
  trustRegistry: Address;
  /** `AnchorRegistry`: the issuers' Merkle roots of issued credentials (event-only; read with `eth_getLogs`). */
  anchorRegistry: Address;
  /** Network name used inside `did:ethr:<name>:0x…`; the hex chain id is always accepted too. */
  didNetworkName?: string;
  /** The block the registries were deployed in: no registry event is older (where log reads start); 0 when unknown. */
  deploymentBlock?: number;
}

/**
 * Checks the shape of a {@link ChainConfig}: an http(s) RPC URL, a positive chain id and four registry addresses.
 * @param config - the configuration to check.
 * @param what - who asks, for the message (e.g. `verifier sources`).
 * @throws MedtrustError `CONFIGURATION_INVALID` naming the first bad field.
 */
export function assertChainConfig(config: ChainConfig, what: string): void {
  const bad = (detail: string) => new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, `${what}: ${detail}`);
  if (typeof config?.rpcUrl !== 'string' || !/^https?:\/\//.test(config.rpcUrl))
    throw bad('rpcUrl must be http(s)');
  if (!Number.isSafeInteger(config.chainId) || config.chainId <= 0)
    throw bad('chainId must be a positive integer');
  for (const name of ['didRegistry', 'statusRegistry', 'trustRegistry', 'anchorRegistry'] as const) {
    if (typeof config[name] !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(config[name])) {
      throw bad(`${name} must be an address`);
    }
  }
}
