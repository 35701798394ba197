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
export {
  CHECK_NAMES,
  type CheckName,
  type CheckResult,
  type CheckStatus,
} from './verification/check-result.ts';
export type {
  CredentialReport,
  CredentialStatusSummary,
  CredentialSummary,
  VerificationReport,
} from './verification/verification-report.ts';
export { validateVerifyOptions, type VerifyOptions } from './verification/verify-options.ts';
export type {
  AccreditationSource,
  DidResolver,
  StatusReadAt,
  StatusSource,
  VerifierDependencies,
} from './verification/verifier-dependencies.ts';
export type { NonceConsumption, NonceStore } from './verification/nonce-store.ts';
export { InMemoryNonceStore } from './verification/in-memory-nonce-store.ts';
export {
  ALLOWED_JWS_ALGORITHMS,
  type JwsAlgorithm,
  type SignatureCheck,
  type SignatureVerifier,
  type VerificationKey,
} from './verification/signature-verifier.ts';
export { createNobleSignatureVerifier } from './verification/noble-signature-verifier.ts';
export {
  createNodeSignatureVerifier,
  isNodeCryptoAvailable,
} from './verification/node-signature-verifier.ts';
export {
  DEFAULT_ACCREDITATION_REQUIRED_FOR,
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_STATUS_REQUIRED_FOR,
  SUPPORTED_DID_METHODS,
  VERIFICATION_LIMITS,
} from './verification/verification-policy.ts';
export { Verifier } from './verification/verifier.ts';
export type { ChainHead } from './verification/chain-head.ts';
export {
  createChainVerifierSources,
  type ChainVerifierSources,
  type ChainVerifierSourcesOptions,
} from './verification/chain-verifier-sources.ts';
export { decodeBase58, encodeBase58 } from './verification/base58.ts';
export { decodeBase64Url } from './verification/base64url.ts';
export { createConsoleLogger, silentLogger, type Logger } from './logging/logger.ts';
