import { Router } from 'express';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { Logger } from '../logger.ts';
import { qrCodeDataUrl } from '../requests/qr-code.ts';
import { stateAt, type PresentationRequestRecord } from '../requests/presentation-request.ts';
import type { PresentationRequestService } from '../requests/presentation-request-service.ts';
import { asyncRoute } from './async-route.ts';
import { verificationBody, type BodyLimits } from './body-parsers.ts';
import { HttpError } from './http-error.ts';
import type { RequestUrls } from './request-links.ts';
import { failedCodes } from './verify-routes.ts';

/** What the presentation-request routes need. */
export interface PresentationRequestRoutesOptions {
  service: PresentationRequestService;
  urls: (id: string) => RequestUrls;
  limits: BodyLimits;
  clock: () => Date;
  logger: Logger;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(detail: string, pointer: string): HttpError {
  return new HttpError(400, ErrorCodes.INVALID_ARGUMENT, detail, { pointer });
}

/**
 * The client view of a request: state, policy and definition, nonce and domain, every URL, and the report once
 * answered.
 */
export function requestView(
  record: PresentationRequestRecord,
  options: Pick<PresentationRequestRoutesOptions, 'service' | 'urls' | 'clock'>,
) {
  const policy = options.service.policyOf(record);
  return {
    id: record.id,
    policy: policy.id,
    title: policy.title,
    state: stateAt(record, options.clock()),
    nonce: record.nonce,
    domain: record.domain,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    presentationDefinition: policy.definition,
    ...options.urls(record.id),
    ...(record.answeredAt ? { answeredAt: record.answeredAt.toISOString(), channel: record.channel } : {}),
    ...(record.report ? { report: record.report } : {}),
  };
}

/**
 * The presentation-request routes:
 * - `POST /presentation-requests` `{policy, domain?, expiresInSeconds?}` → 201 with the request view plus `qr`
 *   (PNG data URL of the `openid4vp://` authorization request URI).
 * - `GET /presentation-requests/:id` → the view (`state`: `pending | verified | rejected | expired`, `report` once
 *   answered); 404 for an unknown id.
 * - `POST /presentation-requests/:id/response` `{verifiablePresentation, presentation_submission?}` → 200
 *   `{id, state, verified, report}` (direct submission by the medtrust wallet; the presentation's audience must be
 *   the request's `domain` and its nonce the request's).
 * @param options - service, URL builder, limits, clock, logger.
 */
export function createPresentationRequestRouter(options: PresentationRequestRoutesOptions): Router {
  const { service, logger } = options;
  const router = Router();
  const body = verificationBody(options.limits);

  async function load(id: string): Promise<PresentationRequestRecord> {
    const record = await service.get(id);
    if (!record) throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such presentation request');
    return record;
  }

  router.post(
    '/presentation-requests',
    ...body,
    asyncRoute(async (req, res) => {
      if (!isObject(req.body)) throw invalid('the body must be a JSON object', '/');
      const { policy, domain, expiresInSeconds } = req.body;
      if (typeof policy !== 'string' || policy.length === 0) throw invalid('policy is required', '/policy');
      if (
        domain !== undefined &&
        (typeof domain !== 'string' || domain.length === 0 || domain.length > 512)
      ) {
        throw invalid('domain must be a non-empty string of at most 512 characters', '/domain');
      }
      if (expiresInSeconds !== undefined && typeof expiresInSeconds !== 'number') {
        throw invalid('expiresInSeconds must be an integer', '/expiresInSeconds');
      }
      let record: PresentationRequestRecord;
      try {
        record = await service.create({
          policyId: policy,
          ...(domain === undefined ? {} : { domain }),
          ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
        });
      } catch (error) {
        if (error instanceof MedtrustError && error.code === ErrorCodes.INVALID_ARGUMENT) {
          throw invalid(
            error.message,
            error.message.startsWith('unknown policy') ? '/policy' : '/expiresInSeconds',
          );
        }
        throw error;
      }
      const view = requestView(record, options);
      res
        .status(201)
        .location(view.url)
        .json({ ...view, qr: await qrCodeDataUrl(view.oid4vp.authorizationRequestUri) });
    }),
  );

  router.get(
    '/presentation-requests/:id',
    asyncRoute(async (req, res) => {
      res.json(requestView(await load(String(req.params.id)), options));
    }),
  );

  router.post(
    '/presentation-requests/:id/response',
    ...body,
    asyncRoute(async (req, res) => {
      const record = await load(String(req.params.id));
      if (!isObject(req.body)) throw invalid('the body must be a JSON object', '/');
      const presentation = req.body.verifiablePresentation;
      if (!(typeof presentation === 'string' && presentation.length > 0) && !isObject(presentation)) {
        throw invalid(
          'verifiablePresentation must be a compact JWT or a JSON object',
          '/verifiablePresentation',
        );
      }
      const submission = req.body.presentation_submission ?? req.body.presentationSubmission;
      const result = await service.respond(record.id, {
        presentation: typeof presentation === 'string' ? presentation.trim() : presentation,
        ...(submission === undefined ? {} : { submission }),
        channel: 'direct',
      });
      logger.info('presentation request answered', {
        requestId: res.getHeader('x-request-id'),
        presentationRequest: record.id,
        channel: 'direct',
        verified: result.report.verified,
        failed: failedCodes(result.report),
      });
      res.json({
        id: record.id,
        state: stateAt(result.record, options.clock()),
        verified: result.report.verified,
        report: result.report,
      });
    }),
  );
  return router;
}
