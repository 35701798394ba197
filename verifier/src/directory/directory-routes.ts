/**
 * The public directory's HTTP routes (mounted at `/directory`; unauthenticated, rate limited per client):
 * - `GET /search?q=&kind=doctor|hospital|supplier&jurisdiction=&limit=&offset=&after=` → `{items: SearchHit[], next?}`
 *   (`next`: the `after` of the following page; keyset pagination over the index);
 * - `GET /profiles/:did` → a profile with live statuses, accreditation chains and reviews (404 when unknown);
 * - `GET /batches?gtin=&lot=&limit=&offset=` → with `lot`: the batch pages `{batchId, conflict, batches}` (404 when
 *   unknown); without: `{items: BatchSummary[]}`;
 * - `GET /batches/:batchId` → `{batchId, conflict, batches: BatchView[]}` (404 when unknown);
 * - `POST /reviews` — a presentation JWT signed by the review's author (or `{verifiablePresentation, challenge?}`)
 *   → 201 the published review (200 when already published), 422 `{code, detail, report}` when `verifyReview`
 *   fails, 409 `CONFLICT` for a second review of the same treatment and party;
 * - `GET /reviews/:id` → the review with its replies;
 * - `POST /reviews/:id/replies` — the doctor's reply JWS (or `{reply}`) → 201 (200 when already attached), 422 when
 *   `verifyReviewReply` fails, 404, 409 when the review has the most replies allowed;
 * - `GET /feeds` → the configured feeds' cursors and counts.
 * Bad parameters answer 400 `{code: 'INVALID_ARGUMENT', detail, pointer}`. Bodies are never logged; no answer
 * carries a patient's DID or a treatment credential.
 */
import { Router, type Response } from 'express';
import { ErrorCodes, type ErrorCode } from '@medtrust/core';
import type { Logger } from '../logger.ts';
import { asyncRoute } from '../http/async-route.ts';
import { verificationBody, type BodyLimits } from '../http/body-parsers.ts';
import { HttpError } from '../http/http-error.ts';
import type { Directory } from './directory.ts';
import {
  parseBatchIdParam,
  parseBatchQuery,
  parseDidParam,
  parseReviewIdParam,
  parseSearch,
} from './directory-params.ts';
import { createDirectoryRateLimiters, type DirectoryRateLimit } from './directory-rate-limit.ts';

/** What the directory routes need. */
export interface DirectoryRoutesOptions {
  directory: Directory;
  rateLimit: DirectoryRateLimit;
  limits: BodyLimits;
  logger: Logger;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(detail: string, pointer: string): HttpError {
  return new HttpError(400, ErrorCodes.INVALID_ARGUMENT, detail, { pointer });
}

function presentationOf(body: unknown): { presentation: unknown; challenge?: string } {
  if (typeof body === 'string' && body.trim() !== '') return { presentation: body.trim() };
  if (!isObject(body)) {
    throw invalid('send the presentation as a compact JWT, or {verifiablePresentation, challenge?}', '/');
  }
  const presentation = body.verifiablePresentation;
  if (!(typeof presentation === 'string' && presentation.trim() !== '') && !isObject(presentation)) {
    throw invalid('verifiablePresentation must be a compact JWT or a JSON object', '/verifiablePresentation');
  }
  const { challenge } = body;
  if (
    challenge !== undefined &&
    (typeof challenge !== 'string' || challenge === '' || challenge.length > 512)
  ) {
    throw invalid('challenge must be a non-empty string of at most 512 characters', '/challenge');
  }
  return {
    presentation: typeof presentation === 'string' ? presentation.trim() : presentation,
    ...(challenge === undefined ? {} : { challenge }),
  };
}

function replyOf(body: unknown): string {
  const reply = isObject(body) ? body.reply : body;
  if (typeof reply !== 'string' || reply.trim() === '' || reply.length > 65_536) {
    throw invalid('send the reply as a compact JWS, or {reply}', isObject(body) ? '/reply' : '/');
  }
  return reply.trim();
}

function firstCode(codes: readonly string[]): ErrorCode {
  return (codes[0] ?? ErrorCodes.FORMAT_INVALID) as ErrorCode;
}

/**
 * Builds the directory router (mount it at `/directory`).
 * @param options - the directory, rate limits, body limits, logger.
 * @returns the router.
 */
export function createDirectoryRouter(options: DirectoryRoutesOptions): Router {
  const { directory, logger } = options;
  const router = Router();
  const limiters = createDirectoryRateLimiters(options.rateLimit);
  const body = verificationBody(options.limits);
  router.use(limiters.all);

  router.get(
    '/search',
    asyncRoute(async (req, res) => {
      const search = parseSearch(req.query as Record<string, unknown>, directory.limits);
      const page = await directory.search(search);
      res.json({ ...page, limit: search.limit, offset: search.offset });
    }),
  );

  router.get(
    '/profiles/:did',
    asyncRoute(async (req, res) => {
      const profile = await directory.profile(parseDidParam(req.params.did));
      if (profile === undefined)
        throw new HttpError(404, ErrorCodes.NOT_FOUND, 'the directory lists no such party');
      res.json(profile);
    }),
  );

  async function sendBatch(batchId: string, res: Response): Promise<void> {
    const batches = await directory.batch(batchId);
    if (batches.length === 0)
      throw new HttpError(404, ErrorCodes.NOT_FOUND, 'the directory lists no such batch');
    res.json({ batchId, conflict: batches.length > 1, batches });
  }

  router.get(
    '/batches',
    asyncRoute(async (req, res) => {
      const query = parseBatchQuery(req.query as Record<string, unknown>, directory.limits);
      if (query.lot === undefined) {
        res.json({
          items: directory.batchesOf(query.gtin, query.limit, query.offset),
          limit: query.limit,
          offset: query.offset,
        });
        return;
      }
      const ids = directory.batchIdsOf(query.gtin, query.lot);
      if (ids.length === 0)
        throw new HttpError(404, ErrorCodes.NOT_FOUND, 'the directory lists no such batch');
      await sendBatch(ids[0]!, res);
    }),
  );

  router.get(
    '/batches/:batchId',
    asyncRoute(async (req, res) => {
      await sendBatch(parseBatchIdParam(req.params.batchId), res);
    }),
  );

  router.post(
    '/reviews',
    limiters.writes,
    ...body,
    asyncRoute(async (req, res) => {
      const { presentation, challenge } = presentationOf(req.body);
      const outcome = await directory.publishReview(
        presentation,
        challenge === undefined ? {} : { challenge },
      );
      const requestId = res.getHeader('x-request-id');
      if (outcome.status === 'rejected') {
        logger.info('review refused', { requestId, failed: outcome.report.failedCodes });
        throw new HttpError(422, firstCode(outcome.report.failedCodes), 'the review did not verify', {
          report: outcome.report,
        });
      }
      if (outcome.status === 'conflict') {
        logger.info('review refused', { requestId, failed: [ErrorCodes.CONFLICT] });
        throw new HttpError(
          409,
          ErrorCodes.CONFLICT,
          'this treatment already has a published review of this doctor or hospital',
        );
      }
      logger.info('review published', { requestId, review: outcome.review.id, status: outcome.status });
      res
        .status(outcome.status === 'published' ? 201 : 200)
        .location(`/directory/reviews/${encodeURIComponent(outcome.review.id)}`)
        .json(outcome.review);
    }),
  );

  router.get('/reviews/:id', (req, res) => {
    const review = directory.review(parseReviewIdParam(req.params.id));
    if (review === undefined) throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such review');
    res.json(review);
  });

  router.post(
    '/reviews/:id/replies',
    limiters.writes,
    ...body,
    asyncRoute(async (req, res) => {
      const id = parseReviewIdParam(req.params.id);
      const outcome = await directory.publishReply(id, replyOf(req.body));
      const requestId = res.getHeader('x-request-id');
      switch (outcome.status) {
        case 'not-found':
          throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such review');
        case 'full':
          throw new HttpError(409, ErrorCodes.CONFLICT, 'this review has the most replies allowed');
        case 'rejected': {
          const codes = outcome.report.checks
            .filter((c) => c.status === 'failed' || c.status === 'error')
            .map((c) => c.code ?? ErrorCodes.FORMAT_INVALID);
          logger.info('reply refused', { requestId, review: id, failed: codes });
          throw new HttpError(422, firstCode(codes), 'the reply did not verify', { report: outcome.report });
        }
        default:
          logger.info('reply published', { requestId, review: id, status: outcome.status });
          res.status(outcome.status === 'published' ? 201 : 200).json({ reviewId: id, ...outcome.reply });
      }
    }),
  );

  router.get('/feeds', (_req, res) => {
    res.json({ feeds: directory.feeds() });
  });
  return router;
}
