/**
 * What the directory's views and publications are built from: the store, the verification pipeline and the chain
 * sources, all injected.
 */
import type { AccreditationSource, DidResolver } from '@medtrust/core';
import type { Logger } from '../logger.ts';
import type { VerificationEngine } from '../verification-engine.ts';
import type { AccreditationChainReader } from './accreditation-chain.ts';
import type { DirectoryIndex } from './directory-index.ts';
import type { DirectoryRechecker } from './directory-rechecker.ts';
import type { DirectoryStore } from './directory-store.ts';

/** Bounds of the directory's answers (every list is bounded; every request does bounded work). */
export interface DirectoryLimits {
  /** Default `limit` of search and batch lists (20). */
  defaultPageSize: number;
  /** Largest `limit` (100). */
  maxPageSize: number;
  /** Largest `offset` (10,000). */
  maxOffset: number;
  /** Credentials shown on one profile (50). */
  maxProfileCredentials: number;
  /** Reviews shown on one profile (100). */
  maxProfileReviews: number;
  /** Batches listed on a manufacturer's profile (20). */
  maxProfileBatches: number;
  /** Transfers of one batch taken into its provenance (500). */
  maxBatchTransfers: number;
  /** Branches (final holders) of one batch verified (50). */
  maxBatchBranches: number;
  /** Batch credentials claiming the same batch id shown (5). */
  maxBatchCandidates: number;
  /** Replies one review may carry (10). */
  maxRepliesPerReview: number;
  /** Pipeline verifications run at the same time for one request (8). */
  concurrency: number;
}

/** Defaults of {@link DirectoryLimits}. */
export const DEFAULT_DIRECTORY_LIMITS: DirectoryLimits = Object.freeze({
  defaultPageSize: 20,
  maxPageSize: 100,
  maxOffset: 10_000,
  maxProfileCredentials: 50,
  maxProfileReviews: 100,
  maxProfileBatches: 20,
  maxBatchTransfers: 500,
  maxBatchBranches: 50,
  maxBatchCandidates: 5,
  maxRepliesPerReview: 10,
  concurrency: 8,
});

/** Everything the directory reads and verifies with. */
export interface DirectoryContext {
  store: DirectoryStore;
  /** The search index and the stored verifications (SQLite, or PostgreSQL with `DATABASE_URL`). */
  index: DirectoryIndex;
  /** Serves profiles' verifications from the index, verified again after relevant chain events. */
  rechecker: DirectoryRechecker;
  /** The verification pipeline (`Verifier`). */
  engine: VerificationEngine;
  /** DID resolution (replies are verified against the doctor's DID document). */
  resolver: DidResolver;
  /** The on-chain trust registry (provenance checks every sender's accreditation). */
  trustRegistry: AccreditationSource;
  /** Accreditation chains of credential issuers. */
  accreditationChains: AccreditationChainReader;
  clock: () => Date;
  logger: Logger;
  limits: DirectoryLimits;
}
