/**
 * A doctor's, hospital's or supplier's public profile: each published licence or accreditation with its status
 * (verified / revoked / suspended / expired, the block it was read at and when) and the accreditation chain behind
 * its issuer — from the stored verification while no relevant chain event has arrived since, verified again first
 * otherwise (see `DirectoryRechecker`) — the batches it manufactured, and its verified reviews with replies.
 */
import type { AccreditationChain } from './accreditation-chain.ts';
import type { DirectoryContext } from './directory-context.ts';
import type { DirectoryEntry } from './directory-entry.ts';
import type { CredentialVerification } from './directory-rechecker.ts';
import type { LiveStatus } from './live-status.ts';
import type { DirectoryKind } from './publishable-types.ts';
import { publishedReviewOf, type PublishedReview } from './published-review.ts';

/** One credential on a profile. */
export interface ProfileCredential {
  credentialId?: string;
  type: string;
  kind: DirectoryKind;
  issuer: string;
  name?: string;
  /** Licence or registration number. */
  number?: string;
  jurisdiction?: string;
  /** The verified claims. */
  claims: Readonly<Record<string, unknown>>;
  publishedAt: string;
  /** The compact JWT, for anyone who wants to verify it themselves. */
  jwt: string;
  /** Its status: as last verified (`status.checkedAt`), re-verified whenever a relevant chain event arrived. */
  status: LiveStatus;
  /** The issuer's accreditation for the credential's type and jurisdiction, and who granted it. */
  accreditation: AccreditationChain;
}

/** A batch a manufacturer published. */
export interface ProfileBatch {
  batchId: string;
  product?: string;
  gtin?: string;
  lot?: string;
  expiryDate?: string;
  publishedAt: string;
}

/** A public profile. */
export interface ProfileView {
  did: string;
  /** What the party is: doctor, hospital and/or supplier. */
  kinds: DirectoryKind[];
  /** The name on its newest credential. */
  name?: string;
  credentials: ProfileCredential[];
  batches: ProfileBatch[];
  reviews: PublishedReview[];
  rating: { count: number; average: number | null };
  checkedAt: string;
}

function credentialOf(entry: DirectoryEntry, verification: CredentialVerification): ProfileCredential {
  const credential: ProfileCredential = {
    type: entry.type,
    kind: entry.kind!,
    issuer: entry.issuer,
    claims: entry.claims,
    publishedAt: entry.publishedAt,
    jwt: entry.jwt,
    status: verification.status,
    accreditation: verification.accreditation,
  };
  if (entry.credentialId !== undefined) credential.credentialId = entry.credentialId;
  if (entry.name !== undefined) credential.name = entry.name;
  if (entry.number !== undefined) credential.number = entry.number;
  if (entry.jurisdiction !== undefined) credential.jurisdiction = entry.jurisdiction;
  return credential;
}

/**
 * Builds a profile.
 * @param ctx - the directory.
 * @param did - the party's DID.
 * @returns the profile, or `undefined` when the directory knows nothing about the DID.
 */
export async function buildProfile(ctx: DirectoryContext, did: string): Promise<ProfileView | undefined> {
  const { store, limits } = ctx;
  const entries = store.entries.entriesAbout(did, limits.maxProfileCredentials);
  const stored = store.reviews.reviewsAbout(did, limits.maxProfileReviews);
  const issuedBatches = store.entries.entriesIssuedBy(did, 'DrugBatchCredential', limits.maxProfileBatches);
  if (entries.length === 0 && stored.length === 0 && issuedBatches.length === 0) return undefined;
  const verifications = await ctx.rechecker.verificationsOf(entries, limits.concurrency);
  const credentials = entries.map((entry, i) => credentialOf(entry, verifications[i]!));
  const replies = store.reviews.repliesOf(stored.map((r) => r.id));
  const profile: ProfileView = {
    did: entries[0]?.subject ?? stored[0]?.subject ?? did,
    kinds: [...new Set(entries.map((e) => e.kind!))],
    credentials,
    batches: issuedBatches.map((b) => {
      const batch: ProfileBatch = { batchId: b.batchId ?? b.subject, publishedAt: b.publishedAt };
      if (b.name !== undefined) batch.product = b.name;
      if (b.gtin !== undefined) batch.gtin = b.gtin;
      if (b.lot !== undefined) batch.lot = b.lot;
      if (typeof b.claims.expiryDate === 'string') batch.expiryDate = b.claims.expiryDate;
      return batch;
    }),
    reviews: stored.map((r) => publishedReviewOf(r, replies.get(r.id) ?? [])),
    rating: store.reviews.ratingOf(did),
    checkedAt: ctx.clock().toISOString(),
  };
  const name = entries.find((e) => e.name !== undefined)?.name;
  if (name !== undefined) profile.name = name;
  return profile;
}
