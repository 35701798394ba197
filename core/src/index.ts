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
/** Reads the `AnchorRegistry`'s `CredentialsAnchored` events: one anchor by exact block, or an issuer's anchors. */
export {
  AnchorRegistryReader,
  type AnchorRegistryReaderOptions,
  type ChainAnchor,
} from './chain/anchor-registry-reader.ts';
export { createEthrDidResolver, ethrDid } from './did/ethr-did-resolver.ts';
export {
  CHECK_NAMES,
  type CheckName,
  type CheckResult,
  type CheckStatus,
} from './verification/check-result.ts';
export type {
  CredentialReport,
  CredentialAnchorSummary,
  CredentialStatusSummary,
  CredentialSummary,
  VerificationReport,
} from './verification/verification-report.ts';
export {
  MAX_ANCHOR_PROOFS,
  validateVerifyOptions,
  type VerifyOptions,
} from './verification/verify-options.ts';
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
export { hasHighS } from './verification/secp256k1-keys.ts';
export { duplicateMemberIn } from './verification/json-members.ts';
export {
  createNodeSignatureVerifier,
  isNodeCryptoAvailable,
} from './verification/node-signature-verifier.ts';
export {
  DEFAULT_ACCREDITATION_REQUIRED_FOR,
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_ANCHOR_MAX_LAG_SECONDS,
  DEFAULT_ANCHOR_REQUIRED_FOR,
  DEFAULT_STATUS_REQUIRED_FOR,
  SELF_ATTESTED_TYPES,
  SUBJECT_VALIDITY_FIELDS,
  SUPPORTED_DID_METHODS,
  VERIFICATION_LIMITS,
  type SubjectValidityFields,
} from './verification/verification-policy.ts';
export {
  judgeSubjectValidity,
  judgeSubjectValidityOnDay,
  subjectDateMs,
  subjectValidityWindow,
  type SubjectValidityJudgement,
  type SubjectValidityWindow,
} from './verification/subject-validity.ts';
export { Verifier } from './verification/verifier.ts';
export type { ChainHead } from './verification/chain-head.ts';
export {
  createChainVerifierSources,
  type ChainVerifierSources,
  type ChainVerifierSourcesOptions,
} from './verification/chain-verifier-sources.ts';
export type { CredentialVerifier } from './provenance/credential-verifier.ts';
export {
  credentialJwtHash,
  batchCredentialHash,
  credentialSigningInputHash,
} from './provenance/credential-jwt-hash.ts';
export type { DomainCheckResult } from './provenance/domain-check.ts';
export {
  PROVENANCE_CHECK_NAMES,
  PROVENANCE_LINK_CHECK_NAMES,
  type ProvenanceBatch,
  type ProvenanceCheckName,
  type ProvenanceLink,
  type ProvenanceLinkCheckName,
  type ProvenanceReport,
  type TransferAcknowledgement,
} from './provenance/provenance-report.ts';
export type { ProvenanceInput, ProvenanceOptions } from './provenance/provenance-input.ts';
export {
  BATCH_ACCREDITATION_TYPE,
  MANUFACTURER_ROLE,
  TRANSFER_ACCREDITATION_TYPE,
} from './provenance/provenance-policy.ts';
export { verifyProvenance } from './provenance/verify-provenance.ts';
export { treatmentCredentialHash } from './reviews/treatment-credential-hash.ts';
export {
  REVIEW_CHECK_NAMES,
  TREATMENT_CHECK_NAMES,
  type ReviewCheckName,
  type ReviewReport,
  type ReviewSummary,
  type StandingSummary,
  type TreatmentCheckName,
  type TreatmentReport,
  type TreatmentSummary,
} from './reviews/review-report.ts';
export type { ReviewInput, ReviewOptions, TreatmentInput } from './reviews/review-input.ts';
export { treatmentMoment, type TreatmentMoment } from './reviews/treatment-moment.ts';
export { jurisdictionCovers } from './reviews/practitioner-standing.ts';
export { verifyTreatment } from './reviews/verify-treatment.ts';
export { verifyReview } from './reviews/verify-review.ts';
export {
  MAX_REPLY_TEXT_LENGTH,
  REVIEW_REPLY_TYPE,
  type CreateReviewReplyOptions,
  type ReplySigner,
  type ReviewReply,
} from './reviews/review-reply.ts';
export { createReviewReply } from './reviews/create-review-reply.ts';
export {
  REVIEW_REPLY_CHECK_NAMES,
  verifyReviewReply,
  type ReviewReplyCheckName,
  type ReviewReplyExpectation,
  type ReviewReplyReport,
  type VerifyReviewReplyOptions,
} from './reviews/verify-review-reply.ts';
export {
  publicReviewView,
  type PublicReviewFacts,
  type PublicReviewView,
} from './reviews/public-review-view.ts';
export { decodeBase58, encodeBase58 } from './verification/base58.ts';
export { decodeBase64Url } from './verification/base64url.ts';
export {
  EVIDENCE_BUNDLE_FORMAT,
  EVIDENCE_BUNDLE_VERSION,
  type AccreditationEventRecord,
  type AccreditationFact,
  type CredentialStatusFact,
  type EvidenceBundle,
  type EvidenceCase,
  type EvidenceChain,
  type EvidenceCredential,
  type EvidenceFact,
  type EvidenceInput,
  type EvidenceRole,
  type StatusEventRecord,
  type StatusReading,
} from './evidence/evidence-bundle.ts';
export { RegistryEvents, type EvidenceChainAccess, type StatusSlot } from './evidence/registry-events.ts';
export { buildEvidenceBundle, type EvidenceOptions } from './evidence/build-evidence-bundle.ts';
export { parseEvidenceBundle } from './evidence/parse-evidence-bundle.ts';
export { recheckEvidenceBundle, type RecheckDependencies } from './evidence/recheck-evidence-bundle.ts';
export type { EvidenceChange, RecheckResult } from './evidence/recheck-result.ts';
export { describeRecheck } from './evidence/recheck-summary.ts';
export { createConsoleLogger, silentLogger, type Logger } from './logging/logger.ts';
/** Anchoring: the Merkle tree an issuer commits on-chain and the public proof of one credential's inclusion. */
export { buildAnchorTree, verifyAnchorInclusion, type AnchorTree } from './anchoring/anchor-tree.ts';
export {
  anchorProofOf,
  parseAnchorProof,
  type AnchorLocation,
  type AnchorProof,
  type AnchorProofParse,
} from './anchoring/anchor-proof.ts';
export type {
  AnchorAtResult,
  AnchorOnChain,
  AnchorProofLookup,
  AnchorProofSource,
  AnchorSource,
} from './verification/anchor-source.ts';
export { ChainAnchorSource } from './verification/chain-anchor-source.ts';
export { withAnchorProofs } from './verification/with-anchor-proofs.ts';
export { type AnchorReference } from './verification/anchoring-check.ts';
/** Shared service setting parsers (no environment access). */
export { parseTrustProxy, type TrustProxySetting } from './config/trust-proxy.ts';
/** The registry mirror: the registries' events followed from the chain into a local index, and sources over it. */
export {
  RegistryMirror,
  type MirrorBatch,
  type MirrorStats,
  type RegistryMirrorOptions,
} from './mirror/registry-mirror.ts';
export {
  createMirrorVerifierSources,
  type MirrorVerifierSources,
  type MirrorVerifierSourcesOptions,
} from './mirror/mirror-verifier-sources.ts';
export { MirrorDidResolver, type MirrorDidResolverOptions } from './mirror/mirror-did-resolver.ts';
export { MirrorStatusSource } from './mirror/mirror-status-source.ts';
export { MirrorAccreditationSource } from './mirror/mirror-accreditation-source.ts';
export { MirrorAnchorSource } from './mirror/mirror-anchor-source.ts';
export type {
  AccreditationEvent,
  AnchorEvent,
  Erc1056Event,
  EventPosition,
  RegistryEvent,
  StatusEvent,
} from './mirror/registry-event.ts';
export { assertChainConfig } from './chain/chain-config.ts';
export {
  OffChainDidResolver,
  type OffChainDidResolverOptions,
} from './verification/off-chain-did-resolver.ts';
