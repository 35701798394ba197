/**
 * The issuer's storage layer: one {@link Database} API over SQLite and PostgreSQL, its migrations, and thin typed
 * repositories that take a `Database` (the root database or a transaction's `tx`).
 */
export {
  openDatabase,
  DEFAULT_SQLITE_FILE,
  type Database,
  type Dialect,
  type OpenDatabaseOptions,
} from './database.ts';
export {
  StoreError,
  StoreErrorCodes,
  isStoreError,
  type StoreErrorCode,
  type StoreErrorDetails,
} from './store-error.ts';
export {
  MIGRATIONS,
  runMigrations,
  appliedMigrations,
  statementFor,
  type Migration,
  type MigrationStatement,
} from './migrations.ts';
export { sha256Hex } from './hash.ts';
export { MAX_PAGE_SIZE } from './pagination.ts';
export {
  createOrganisation,
  getOrganisation,
  getOrganisationBySlug,
  getOrganisationByDid,
  listOrganisations,
  setOrganisationIdentity,
  type Organisation,
  type NewOrganisation,
} from './organisations.ts';
export {
  createApiKey,
  findApiKeyByPlaintext,
  listApiKeys,
  revokeApiKey,
  generateApiKeySecret,
  type ApiKey,
  type ApiKeyRole,
  type NewApiKey,
} from './api-keys.ts';
export {
  insertIssuerKey,
  getIssuerKey,
  listIssuerKeys,
  retireIssuerKey,
  deleteIssuerKey,
  type IssuerKey,
  type IssuerKeyStatus,
  type NewIssuerKey,
} from './issuer-keys.ts';
export {
  createStatusList,
  getStatusList,
  listStatusLists,
  listStatusListsAwaitingCreation,
  markStatusListCreated,
  allocateStatusIndex,
  ensureFirstStatusList,
  FIRST_LIST_ID,
  type StatusList,
  type NewStatusList,
  type StatusAllocation,
  type AllocateStatusIndexOptions,
} from './status-lists.ts';
export {
  insertCredential,
  insertCredentials,
  getCredential,
  getCredentialByStatusIndex,
  searchCredentials,
  setCredentialRevoked,
  setCredentialSuspended,
  type CredentialRecord,
  type CredentialSummary,
  type NewCredential,
  type CredentialSearch,
  type CredentialPage,
} from './credentials.ts';
export {
  enqueueStatusChange,
  claimPendingStatusChanges,
  listStatusChanges,
  listStatusChangesForCredential,
  getStatusChange,
  markStatusChangesSent,
  markStatusChangesConfirmed,
  recordStatusChangeFailure,
  countPendingStatusChanges,
  type StatusChange,
  type StatusAction,
  type StatusChangeState,
  type NewStatusChange,
} from './status-changes.ts';
export {
  createBatch,
  getBatch,
  listBatches,
  listRunningBatches,
  nextUnprocessedBatchItems,
  markBatchItemDone,
  markBatchItemsDone,
  cancelBatch,
  getBatchProgress,
  type Batch,
  type BatchItem,
  type BatchItemOutcome,
  type BatchProgress,
  type BatchState,
  type NewBatch,
} from './batches.ts';
export {
  claimBatchLease,
  getBatchLease,
  listUnleasedRunningBatches,
  releaseBatchLease,
  renewBatchLease,
  type BatchLease,
} from './batch-leases.ts';
export {
  appendAuditEntry,
  appendAuditEntries,
  listAuditEntries,
  listAuditEntriesForTarget,
  type AuditEntry,
  type AuditPage,
  type NewAuditEntry,
} from './audit-log.ts';
export {
  createOffer,
  getOffer,
  findOfferByPreAuthorizedCode,
  redeemOffer,
  setOfferCredential,
  deleteExpiredOffers,
  type Offer,
  type NewOffer,
} from './offers.ts';
export { SqlRecordStore } from './sql-record-store.ts';
export {
  appendPublicationEvent,
  isPublished,
  listPublicationEvents,
  type PublicationEvent,
  type PublicationPage,
} from './publications.ts';
export {
  queueCredentialForAnchoring,
  hashUnhashedCredentials,
  listOrganisationsWithQueuedCredentials,
  countQueuedCredentials,
  countPendingAnchorCredentials,
  claimQueuedCredentials,
  createAnchor,
  getAnchor,
  listAnchors,
  markAnchorSent,
  markAnchorConfirmed,
  recordAnchorFailure,
  findCredentialAnchor,
  findCredentialAnchorsByIds,
  type Anchor,
  type AnchorLeaf,
  type AnchorState,
  type CredentialAnchorRecord,
  type CredentialHashBackfill,
  type NewAnchor,
  type QueuedCredential,
} from './anchors.ts';
export {
  recordPreviousIdentity,
  listPreviousIdentities,
  recordCredentialReplacement,
  listReissueCandidates,
  listBatchItemResults,
  type PreviousIdentity,
  type ReissueCandidate,
  type BatchItemResult,
} from './identity-replacements.ts';
