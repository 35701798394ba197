/**
 * The public directory's answers as the verifier sends them (`GET /directory/search`, `/directory/profiles/:did`,
 * `/directory/batches…`): the verifier's own view types (type-only imports, erased from the browser bundle), plus
 * the answer envelopes of its routes. No answer carries a patient's DID.
 * @see ../../../verifier/src/directory/directory-routes.ts
 */
import type { ProvenanceLink, PublicReviewFacts } from '@medtrust/core';
import type {
  AccreditationRecordView,
  BatchView,
  DirectoryKind as VerifierDirectoryKind,
  ProfileView,
  SearchHit,
} from '@medtrust/verifier';

export type {
  AccreditationChain,
  AccreditationLink,
  BatchAlert,
  BatchView,
  BranchView,
  CustodyEdge,
  CustodyTree,
  LiveState,
  LiveStatus,
  ProfileBatch,
  ProfileCredential,
  PublishedReply,
  PublishedReview,
  SearchHit,
} from '@medtrust/verifier';

/** Kinds of party the directory can be searched for (the verifier's `DIRECTORY_KINDS`). */
export const DIRECTORY_KINDS = [
  'doctor',
  'hospital',
  'supplier',
] as const satisfies readonly VerifierDirectoryKind[];

/** One searchable kind of party. */
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

/** One accreditation record of the on-chain trust registry. */
export type AccreditationRecord = AccreditationRecordView;

/** The verified facts behind a review (never the patient). */
export type ReviewFacts = PublicReviewFacts;

/** `GET /directory/profiles/:did`. */
export type Profile = ProfileView;

/** One link of a verified provenance branch. */
export type ProvenanceLinkView = ProvenanceLink;

/** `GET /directory/search`. */
export interface SearchAnswer {
  items: SearchHit[];
  limit: number;
  offset: number;
}

/** `GET /directory/batches/:batchId` and `GET /directory/batches?gtin=&lot=`. */
export interface BatchPage {
  batchId: string;
  /** Several batch credentials claim this id. */
  conflict: boolean;
  batches: BatchView[];
}
