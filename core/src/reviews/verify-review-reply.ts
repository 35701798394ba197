/**
 * Verifying a doctor's reply to a review (see `review-reply.ts` for the format): signed by the treating doctor's
 * DID, over this review's hash.
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { sameCredentialHash } from '../provenance/credential-jwt-hash.ts';
import { DomainCheckList, type DomainCheckResult } from '../provenance/domain-check.ts';
import { CheckList } from '../verification/check-list.ts';
import { parseCompactJws } from '../verification/compact-jws.ts';
import { resolveSignerDocument } from '../verification/did-resolution-check.ts';
import { parseDid, sameDid } from '../verification/did-syntax.ts';
import { allowedAlgorithm, unsupportedHeaderMember } from '../verification/jws-algorithm.ts';
import { createNobleSignatureVerifier } from '../verification/noble-signature-verifier.ts';
import {
  createNodeSignatureVerifier,
  isNodeCryptoAvailable,
} from '../verification/node-signature-verifier.ts';
import { verifyJwsWithDocument } from '../verification/signature-check.ts';
import type { SignatureVerifier } from '../verification/signature-verifier.ts';
import type { DidResolver } from '../verification/verifier-dependencies.ts';
import { MAX_REPLY_TEXT_LENGTH, REVIEW_REPLY_TYPE, type ReviewReply } from './review-reply.ts';
import type { ReviewReport } from './review-report.ts';

/**
 * Checks of a reply report, in order: `format`, `signature` (an `assertionMethod` key of the signer's DID document
 * as of `iat`), `did-resolution`, `reply-author` (the treatment's doctor: `REPLY_NOT_BY_TREATING_DOCTOR`),
 * `reply-binding` (this review's hash: `REPLY_REVIEW_MISMATCH`).
 */
export const REVIEW_REPLY_CHECK_NAMES = [
  'format',
  'signature',
  'did-resolution',
  'reply-author',
  'reply-binding',
] as const;

/** One check of a reply report. */
export type ReviewReplyCheckName = (typeof REVIEW_REPLY_CHECK_NAMES)[number];

/** The report of a reply verification. Never thrown. */
export interface ReviewReplyReport {
  verified: boolean;
  checks: DomainCheckResult<ReviewReplyCheckName>[];
  /** What the reply says, when it parsed. */
  reply?: ReviewReply;
}

/** What a reply must answer: a review's hash and the treating doctor. */
export interface ReviewReplyExpectation {
  reviewHash: string;
  doctor: string;
}

/** What {@link verifyReviewReply} needs. */
export interface VerifyReviewReplyOptions {
  /** Resolves the doctor's DID (e.g. `createChainVerifierSources(...).resolver`). */
  resolver: DidResolver;
  /** The review answered: its verified report (`verifyReview`), or the expected hash and doctor. */
  review: ReviewReport | ReviewReplyExpectation;
  /** Signature primitive; `node:crypto` when available, pure JavaScript otherwise. */
  signatureVerifier?: SignatureVerifier;
}

function expectation(review: VerifyReviewReplyOptions['review']): Partial<ReviewReplyExpectation> {
  if ('reviewHash' in review && 'doctor' in review) return review;
  const report = review as ReviewReport;
  return { reviewHash: report.review?.hash, doctor: report.treatment?.doctor };
}

/**
 * Verifies a reply to a review.
 * @param reply - the reply's compact JWS (untrusted).
 * @param options - DID resolver, the review answered, optional signature primitive.
 * @returns the report; never thrown for invalid input, fail closed.
 * @throws MedtrustError `INVALID_ARGUMENT` when `options.resolver` or `options.review` is missing.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function verifyReviewReply(
  reply: unknown,
  options: VerifyReviewReplyOptions,
): Promise<ReviewReplyReport> {
  if (
    typeof options?.resolver?.resolve !== 'function' ||
    typeof options.review !== 'object' ||
    options.review === null
  ) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      'verifyReviewReply: resolver and review are required',
    );
  }
  const list = new DomainCheckList(REVIEW_REPLY_CHECK_NAMES);
  const finish = (parsed?: ReviewReply): ReviewReplyReport => {
    const { checks, verified } = list.finish();
    return parsed === undefined ? { verified, checks } : { verified, checks, reply: parsed };
  };
  const jws = typeof reply === 'string' ? parseCompactJws(reply.trim(), 65_536) : undefined;
  if (jws === undefined || !jws.ok) {
    list.fail(
      'format',
      ErrorCodes.FORMAT_INVALID,
      jws === undefined ? 'a reply is a compact JWS string' : jws.detail,
    );
    return finish();
  }
  const { header, payload } = jws.jws;
  const { iss, iat, type, reviewHash, text } = payload;
  const problem =
    unsupportedHeaderMember(header) !== undefined
      ? `unsupported JWS header member ${unsupportedHeaderMember(header)}`
      : type !== REVIEW_REPLY_TYPE
        ? `type must be ${REVIEW_REPLY_TYPE}`
        : parseDid(iss) === undefined
          ? 'iss must be a DID'
          : typeof iat !== 'number' || !Number.isFinite(iat) || iat < 0
            ? 'iat must be a NumericDate'
            : typeof reviewHash !== 'string'
              ? 'reviewHash must be a string'
              : typeof text !== 'string' || text.length > MAX_REPLY_TEXT_LENGTH
                ? `text must be a string of at most ${MAX_REPLY_TEXT_LENGTH} characters`
                : undefined;
  if (problem !== undefined) {
    list.fail('format', ErrorCodes.FORMAT_INVALID, problem);
    return finish();
  }
  list.pass('format');
  const parsed: ReviewReply = {
    doctor: iss as string,
    reviewHash: reviewHash as string,
    text: text as string,
    repliedAt: new Date((iat as number) * 1000).toISOString(),
  };

  const alg = allowedAlgorithm(header.alg);
  if (alg === undefined) {
    list.fail(
      'signature',
      ErrorCodes.ALG_NOT_ALLOWED,
      `alg ${JSON.stringify(header.alg ?? null)} is not allowed`,
    );
    list.notEvaluated('did-resolution', 'not evaluated: the algorithm is not allowed');
  } else {
    const resolution = new CheckList(['did-resolution']);
    const document = await resolveSignerDocument(
      resolution,
      options.resolver,
      parsed.doctor,
      new Date((iat as number) * 1000),
    );
    const resolved = resolution.finish().checks[0]!;
    const { check: _check, ...outcome } = resolved;
    list.record('did-resolution', outcome);
    if (document === undefined) {
      list.notEvaluated('signature', 'not evaluated: the signer DID did not resolve');
    } else {
      const verifier =
        options.signatureVerifier ??
        (isNodeCryptoAvailable() ? createNodeSignatureVerifier() : createNobleSignatureVerifier());
      const outcomeOfSignature = verifyJwsWithDocument(jws.jws, alg, document, 'assertionMethod', verifier);
      if (outcomeOfSignature.ok) list.pass('signature', `signed with ${outcomeOfSignature.methodId}`);
      else list.fail('signature', ErrorCodes.SIGNATURE_INVALID, outcomeOfSignature.detail);
    }
  }

  const expected = expectation(options.review);
  if (expected.doctor === undefined) {
    list.fail(
      'reply-author',
      ErrorCodes.REPLY_NOT_BY_TREATING_DOCTOR,
      'the review report names no treating doctor',
    );
  } else if (!sameDid(parsed.doctor, expected.doctor)) {
    list.fail(
      'reply-author',
      ErrorCodes.REPLY_NOT_BY_TREATING_DOCTOR,
      `signed by ${parsed.doctor}, not by the treating doctor ${expected.doctor}`,
    );
  } else {
    list.pass('reply-author');
  }
  if (
    expected.reviewHash === undefined ||
    !sameCredentialHash(parsed.reviewHash, expected.reviewHash.toLowerCase())
  ) {
    list.fail('reply-binding', ErrorCodes.REPLY_REVIEW_MISMATCH, 'the reply answers another review');
  } else {
    list.pass('reply-binding');
  }
  return finish(parsed);
}
