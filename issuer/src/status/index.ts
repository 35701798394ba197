/**
 * Credential status: revoke / suspend / reinstate requests written to the durable queue, and the publisher that
 * batches the queue into `revokeBatch` / `suspendBatch` / `reinstateBatch` transactions on the `StatusRegistry`.
 */
export {
  requestStatusChange,
  MAX_STATUS_REASON_LENGTH,
  STATUS_ACTIONS,
  STATUS_AUDIT_ACTIONS,
  type StatusChangeRequest,
  type StatusChangeRequestResult,
} from './status-requests.ts';
export {
  ViemStatusChainWriter,
  revertErrorName,
  MAX_WORDS_PER_CALL,
  type StatusChainWriter,
  type StatusTxLookup,
  type StatusTxReceipt,
  type ViemStatusChainWriterOptions,
} from './chain-status-writer.ts';
export {
  packIndices,
  planStatusBatches,
  BITS_PER_WORD,
  DEFAULT_MAX_WORDS_PER_TX,
  type PackedIndices,
  type StatusBatch,
} from './status-batches.ts';
export {
  StatusPublisher,
  TX_DROPPED,
  type StatusFlushReport,
  type StatusPublisherLogger,
  type StatusPublisherOptions,
  type StatusTransactionReport,
} from './status-publisher.ts';
