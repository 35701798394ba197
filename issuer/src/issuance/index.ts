/**
 * Issuance: build, validate, sign and store one credential, and batch issuance from CSV / JSON lines (durable,
 * chunked, resumable).
 */
export { SchemaInvalidError, isSchemaInvalidError } from './schema-invalid-error.ts';
export {
  PLACEHOLDER_STATUS_SLOT,
  buildCredential,
  credentialTypeOf,
  sameDid,
  statusEntryFor,
  toWholeSecondsIso,
  type BuildCredentialOptions,
  type CredentialRequest,
  type IssuerIdentityRef,
  type StatusChainRef,
  type StatusSlot,
  type UnsignedCredential,
} from './credential-builder.ts';
export {
  DEFAULT_STATUS_LIST_CAPACITY,
  organisationIdentityFromStore,
  type IssuanceContext,
} from './issuance-context.ts';
export {
  CREDENTIAL_ISSUED_ACTION,
  issueCredential,
  signOutsideTransaction,
  validateCredentialRequest,
  type IssueCredentialInput,
  type IssuedCredentialResult,
  type ValidatedCredential,
} from './issue-credential.ts';
export { parseCsvRecords, type CsvRecord } from './csv-records.ts';
export { subjectFieldKinds, type SubjectFieldKind } from './subject-field-kinds.ts';
export {
  MAX_BATCH_ITEMS,
  parseBatch,
  type BatchFormat,
  type BatchRowInput,
  type ParseBatchOptions,
} from './batch-input.ts';
export { allocateStatusBlock } from './status-block-allocator.ts';
export { nextUnprocessedBatchItemsAfter } from './batch-item-cursor.ts';
export {
  DEFAULT_KEY_RECORD_COLLECTIONS,
  sqlIssuerKeyRecords,
  type KeyRecordCollections,
} from './sql-key-records.ts';
export {
  SigningPool,
  deserializeError,
  serializeError,
  type KeyRecordCollectionName,
  type SerializedError,
  type SigningPoolOptions,
  type SigningWorkerData,
  type SigningWorkerReply,
  type SigningWorkerRequest,
  type WorkerSignerSpec,
} from './signing-pool.ts';
export {
  BATCH_COMPLETED_ACTION,
  DEFAULT_CHUNK_SIZE,
  createIssuanceBatch,
  runBatch,
  type BatchSigner,
  type NewIssuanceBatch,
  type RunBatchOptions,
} from './batch-issuance.ts';
export { BatchRunner, type BatchRunnerOptions } from './batch-runner.ts';
