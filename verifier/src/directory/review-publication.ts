/**
 * Patients publishing reviews and doctors replying. A review is accepted only when `verifyReview` verifies it — the
 * patient's presentation carries the `ReviewCredential` and the `TreatmentCredential` it is bound to, the review's
 * author is the treated patient, the doctor was licensed and the hospital accredited on the treatment date (looked up
 * among published credentials when the presentation does not carry them). Only `publicReviewView` is ever served;
 * the presentation and the full report are stored apart as private evidence. A reply is accepted only when
 * `verifyReviewReply` shows it signed by the treating doctor over this review.
 */
import { randomUUID } from 'node:crypto';
import {
  credentialJwtHash,
  publicReviewView,
  verifyReview,
  verifyReviewReply,
  type ReviewReplyReport,
  type ReviewReport,
} from '@medtrust/core';
import type { DirectoryContext } from './directory-context.ts';
import {
  publishedReplyOf,
  publishedReviewOf,
  type PublishedReply,
  type PublishedReview,
} from './published-review.ts';

/** A refused review's report, without anything that identifies the patient. */
export interface RedactedReviewReport {
  verified: false;
  checks: Array<{ check: string; status: string; code?: string; detail?: string }>;
  failedCodes: string[];
}

/** Outcome of {@link publishReview}. */
export type ReviewPublication =
  | { status: 'published' | 'duplicate'; review: PublishedReview }
  | { status: 'rejected'; report: RedactedReviewReport }
  | { status: 'conflict' };

/** Outcome of {@link publishReply}. */
export type ReplyPublication =
  | { status: 'published' | 'duplicate'; reply: PublishedReply }
  | { status: 'rejected'; report: ReviewReplyReport }
  | { status: 'not-found' }
  | { status: 'full' };

const PATIENT = '[patient]';

function redactor(dids: ReadonlyArray<string | undefined>): (text: string) => string {
  const known = [...new Set(dids.filter((d): d is string => d !== undefined && d !== ''))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text;
    for (const did of known) out = out.split(did).join(PATIENT);
    // did:key identifiers are patients' (organisations use did:ethr or did:web)
    return out.replace(/did:key:[A-Za-z0-9]+/g, PATIENT);
  };
}

function patientDids(report: ReviewReport): Array<string | undefined> {
  return [report.treatment?.patient, report.review?.author, report.review?.issuer, report.holder];
}

function redactReport(report: ReviewReport): RedactedReviewReport {
  const redact = redactor(patientDids(report));
  const checks = report.checks.map((c) => {
    const check: RedactedReviewReport['checks'][number] = { check: c.check, status: c.status };
    if (c.code !== undefined) check.code = c.code;
    if (c.detail !== undefined) check.detail = redact(c.detail);
    return check;
  });
  return {
    verified: false,
    checks,
    failedCodes: checks
      .filter((c) => c.status === 'failed' || c.status === 'error')
      .map((c) => c.code ?? 'INTERNAL'),
  };
}

/**
 * Verifies and publishes a patient's review.
 * @param ctx - the directory.
 * @param presentation - the presentation signed by the review's author (untrusted).
 * @param options - `challenge`: a challenge the directory issued (`POST /challenges`) that the presentation's nonce
 *   must equal; without it a presentation carrying no nonce is accepted (a review is idempotent: publishing it
 *   twice changes nothing).
 * @returns published (or the earlier copy), rejected with the redacted report, or a conflict with another review of
 *   the same treatment and party.
 */
export async function publishReview(
  ctx: DirectoryContext,
  presentation: unknown,
  options: { challenge?: string } = {},
): Promise<ReviewPublication> {
  const { store } = ctx;
  const standing = { licences: [] as string[], hospitalAccreditations: [] as string[] };
  const report = await verifyReview(
    ctx.engine,
    { presentation },
    {
      clock: ctx.clock,
      ...(options.challenge === undefined ? { requireChallenge: false } : { challenge: options.challenge }),
      licencesOf: async (did) => {
        const found = store.entries.jwtsAbout(did, 'MedicalLicenseCredential');
        standing.licences.push(...found);
        return found;
      },
      hospitalAccreditationsOf: async (did) => {
        const found = store.entries.jwtsAbout(did, 'HospitalAccreditationCredential');
        standing.hospitalAccreditations.push(...found);
        return found;
      },
    },
  );
  const { review, treatment } = report;
  if (
    !report.verified ||
    review === undefined ||
    treatment === undefined ||
    review.subjectRole === undefined
  ) {
    return { status: 'rejected', report: redactReport(report) };
  }
  const view = publicReviewView(report);
  // The patient's own words may name them: their DIDs never reach a public answer.
  const redact = redactor(patientDids(report));
  if (view.text !== undefined) view.text = redact(view.text);
  const now = ctx.clock().toISOString();
  const inserted = store.reviews.insertReview({
    id: `urn:uuid:${randomUUID()}`,
    reviewHash: review.hash,
    // keyed on what the hospital signed, not on the JWT's bytes: a re-encoded treatment is the same treatment
    treatmentHash: treatment.signedContentHash,
    subject: review.subject,
    subjectRole: review.subjectRole,
    view,
    publishedAt: now,
    evidence: { presentation, standing, report, receivedAt: now },
  });
  if (inserted.status === 'conflict') return { status: 'conflict' };
  const replies = store.reviews.repliesOf([inserted.review.id]).get(inserted.review.id) ?? [];
  return {
    status: inserted.status === 'inserted' ? 'published' : 'duplicate',
    review: publishedReviewOf(inserted.review, replies),
  };
}

/**
 * Verifies and attaches the treating doctor's reply to a published review.
 * @param ctx - the directory.
 * @param reviewId - the review.
 * @param reply - the reply's compact JWS (untrusted; see `createReviewReply`).
 * @returns published (or the earlier copy), rejected with the reply report, not found, or full.
 */
export async function publishReply(
  ctx: DirectoryContext,
  reviewId: string,
  reply: string,
): Promise<ReplyPublication> {
  const review = ctx.store.reviews.review(reviewId);
  if (review === undefined) return { status: 'not-found' };
  const doctor = review.view.facts.doctor ?? '';
  const report = await verifyReviewReply(reply, {
    resolver: ctx.resolver,
    review: { reviewHash: review.reviewHash, doctor },
  });
  if (!report.verified || report.reply === undefined) return { status: 'rejected', report };
  const jws = reply.trim();
  const inserted = ctx.store.reviews.insertReply(
    {
      id: `urn:uuid:${randomUUID()}`,
      reviewId: review.id,
      doctor: report.reply.doctor,
      text: report.reply.text,
      repliedAt: report.reply.repliedAt,
      publishedAt: ctx.clock().toISOString(),
    },
    jws,
    credentialJwtHash(jws),
    ctx.limits.maxRepliesPerReview,
  );
  if (inserted.status === 'full') return { status: 'full' };
  return {
    status: inserted.status === 'inserted' ? 'published' : 'duplicate',
    reply: publishedReplyOf(inserted.reply),
  };
}
