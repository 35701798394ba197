import { Resolver } from 'did-resolver';
import { getResolver } from 'ethr-did-resolver';
import { JsonRpcProvider } from 'ethers';
import type { ChainConfig } from '../chain/chain-config.ts';

/**
 * Builds a DID resolver for `did:ethr` on the configured chain and ERC-1056 registry (key rotation and delegates
 * honoured by ethr-did-resolver). DIDs read `did:ethr:<didNetworkName>:0x…` or `did:ethr:<hex chain id>:0x…`.
 * @param config - chain settings.
 * @returns a `did-resolver` Resolver.
 * @see https://github.com/decentralized-identity/ethr-did-resolver/blob/master/doc/did-method-spec.md
 */
export function createEthrDidResolver(config: ChainConfig): Resolver {
  // staticNetwork + no request cache: ethers otherwise caches identical calls for 250 ms.
  const provider = new JsonRpcProvider(config.rpcUrl, config.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  const network = { chainId: config.chainId, registry: config.didRegistry, rpcUrl: config.rpcUrl, provider };
  const networks = [{ ...network, name: `0x${config.chainId.toString(16)}` }];
  if (config.didNetworkName) networks.push({ ...network, name: config.didNetworkName });
  // ethr-did-resolver's typings reference ethers' CommonJS build; the ESM provider is the same class at run time.
  return new Resolver(getResolver({ networks } as unknown as Parameters<typeof getResolver>[0]));
}

/**
 * The `did:ethr` of an identity address on the configured chain.
 * @param config - chain settings (network name or chain id).
 * @param address - the identity's address.
 */
export function ethrDid(config: Pick<ChainConfig, 'chainId' | 'didNetworkName'>, address: string): string {
  return `did:ethr:${config.didNetworkName ?? `0x${config.chainId.toString(16)}`}:${address}`;
}
