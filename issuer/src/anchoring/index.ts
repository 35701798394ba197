/**
 * Anchoring: every credential the issuer stores becomes a leaf of a Merkle root its organisation commits to the
 * on-chain `AnchorRegistry`; the issuer serves each credential's inclusion proof.
 */
export {
  ViemAnchorChainWriter,
  type AnchorChainWriter,
  type ViemAnchorChainWriterOptions,
} from './anchor-chain-writer.ts';
export {
  AnchorPublisher,
  ANCHOR_TX_DROPPED,
  DEFAULT_MAX_CREDENTIALS_PER_ANCHOR,
  type AnchorFailureReport,
  type AnchorFlushReport,
  type AnchorPublisherOptions,
  type AnchorTransactionReport,
} from './anchor-publisher.ts';
export {
  anchorViewOf,
  createAnchorProofLookup,
  CREDENTIAL_HASH_PATTERN,
  type AnchorChain,
  type AnchorProofLookup,
  type CredentialAnchorView,
} from './anchor-proofs.ts';
