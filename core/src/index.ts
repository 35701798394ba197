export { ErrorCodes, type ErrorCode } from './errors/codes.ts';
export { MedtrustError } from './errors/medtrust-error.ts';
export type { ChainConfig } from './chain/chain-config.ts';
export { createChainPublicClient } from './chain/public-client.ts';
export { toChainError } from './chain/chain-error.ts';
export {
  StatusRegistryReader,
  StatusPurpose,
  type StatusPointer,
  type CredentialStatusReading,
} from './chain/status-registry-reader.ts';
export { TrustRegistryReader, registryKey } from './chain/trust-registry-reader.ts';
export { createEthrDidResolver, ethrDid } from './did/ethr-did-resolver.ts';
