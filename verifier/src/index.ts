export { startVerifierService, type RunningVerifier, type StartVerifierOptions } from './service.ts';
export { loadVerifierConfig, chainConfigFromEnv, type VerifierConfig } from './config.ts';
export { createConsoleLogger, silentLogger, type Logger } from './logger.ts';
export {
  createVerifierApp,
  DEFAULT_LIMITS,
  type VerifierAppDependencies,
  type VerifierLimits,
} from './http/app.ts';
export type { VerificationEngine } from './verification-engine.ts';
export {
  VerificationPool,
  defaultMaxQueue,
  type VerificationPoolOptions,
} from './worker-pool/verification-pool.ts';
export { PolicyRegistry, DEFAULT_POLICIES } from './policies/policy-registry.ts';
export type { PresentationPolicy } from './policies/presentation-policy.ts';
export { doctorLicencePolicy } from './policies/doctor-licence-policy.ts';
export { supplierBatchPolicy } from './policies/supplier-batch-policy.ts';
export { hospitalAccreditationPolicy } from './policies/hospital-accreditation-policy.ts';
export { evaluateDefinition, DEFINITION_CHECK } from './exchange/definition-evaluation.ts';
export { dcqlQueryFor, type DcqlQuery } from './exchange/dcql-query.ts';
export type { PresentationRequestReport, PolicyCheckResult } from './exchange/policy-check.ts';
export type { PresentationRequestRecord, PresentationRequestState } from './requests/presentation-request.ts';
export type { PresentationRequestStore, RequestAnswer } from './requests/presentation-request-store.ts';
export { InMemoryPresentationRequestStore } from './requests/in-memory-presentation-request-store.ts';
export { SqliteNonceStore } from './store/sqlite-nonce-store.ts';
export { PostgresNonceStore } from './store/postgres-nonce-store.ts';
export { SqlitePresentationRequestStore } from './store/sqlite-presentation-request-store.ts';
export { PostgresPresentationRequestStore } from './store/postgres-presentation-request-store.ts';
export type { DurableRequestStoreOptions } from './store/request-retention.ts';
export {
  openVerifierSqlite,
  migrateSqlite,
  type VerifierSqliteConnection,
} from './store/sqlite-migrations.ts';
export {
  openVerifierPostgres,
  migratePostgres,
  type VerifierPostgresOptions,
} from './store/postgres-migrations.ts';
export {
  openVerifierStores,
  type VerifierStoreConfig,
  type VerifierStores,
} from './store/verifier-stores.ts';
export { PresentationRequestService } from './requests/presentation-request-service.ts';
export { createVerifierKey, type VerifierKey } from './oid4vp/verifier-key.ts';
export { oid4vpClientId, authorizationRequestUri } from './oid4vp/authorization-request.ts';
export { Directory, type SearchHit } from './directory/directory.ts';
export {
  startDirectory,
  type DirectoryRuntime,
  type DirectoryRuntimeOptions,
} from './directory/directory-runtime.ts';
export { DEFAULT_DIRECTORY_CONFIG, type DirectoryConfig } from './directory/directory-config.ts';
export {
  DEFAULT_DIRECTORY_LIMITS,
  type DirectoryContext,
  type DirectoryLimits,
} from './directory/directory-context.ts';
export { DEFAULT_DIRECTORY_RATE_LIMIT, type DirectoryRateLimit } from './directory/directory-rate-limit.ts';
export { createDirectoryRouter, type DirectoryRoutesOptions } from './directory/directory-routes.ts';
export {
  DirectoryIndexer,
  type DirectoryIndexerOptions,
  type DirectorySyncSummary,
  type FeedSyncResult,
} from './directory/directory-indexer.ts';
export { DirectoryStore } from './directory/directory-store.ts';
export type { EntryStore, FeedState, FeedOperation } from './directory/entry-store.ts';
export type {
  DirectoryIndex,
  PartySearch,
  SearchPage,
  StaleMarks,
  StoredVerification,
} from './directory/directory-index.ts';
export { SqliteDirectoryIndex } from './directory/sqlite-directory-index.ts';
export { PostgresDirectoryIndex } from './directory/postgres-directory-index.ts';
export { DirectoryRechecker, type CredentialVerification } from './directory/directory-rechecker.ts';
export type { PartyRow, PartyChanges } from './directory/party-row.ts';
export type { DirectorySearch } from './directory/directory-params.ts';
export type { ReviewStore, StoredReview, StoredReply, ReviewEvidence } from './directory/review-store.ts';
export type { DirectoryEntry } from './directory/directory-entry.ts';
export { fetchFeedPage, type FeedItem, type FeedPage } from './directory/feed-client.ts';
export {
  PUBLISHABLE_TYPES,
  DIRECTORY_KINDS,
  type PublishableType,
  type DirectoryKind,
} from './directory/publishable-types.ts';
export {
  RegistryAccreditationChainReader,
  type AccreditationChain,
  type AccreditationChainReader,
  type AccreditationLink,
  type AccreditationRecordView,
} from './directory/accreditation-chain.ts';
export type { LiveStatus, LiveState } from './directory/live-status.ts';
export type { ProfileView, ProfileCredential, ProfileBatch } from './directory/profile-view.ts';
export type { BatchView, BatchSummary, BranchView, BatchAlert } from './directory/batch-view.ts';
export type { CustodyTree, CustodyEdge } from './directory/custody-tree.ts';
export type { PublishedReview, PublishedReply } from './directory/published-review.ts';
export type { ReviewPublication, ReplyPublication } from './directory/review-publication.ts';
