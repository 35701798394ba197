import type { Address } from 'viem';

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
}
