import { Router, type Request, type Response } from 'express';
import { ErrorCodes } from '@medtrust/core';
import type { Logger } from '../logger.ts';
import { dcqlQueryFor } from '../exchange/dcql-query.ts';
import { signedRequestObject } from '../oid4vp/authorization-request.ts';
import {
  invalidAuthorizationResponse,
  parseAuthorizationResponse,
} from '../oid4vp/authorization-response.ts';
import type { VerifierKey } from '../oid4vp/verifier-key.ts';
import { stateAt } from '../requests/presentation-request.ts';
import type { PresentationRequestService } from '../requests/presentation-request-service.ts';
import { asyncRoute } from './async-route.ts';
import { formBody, type BodyLimits } from './body-parsers.ts';
import { HttpError } from './http-error.ts';
import type { RequestUrls } from './request-links.ts';
import { failedCodes } from './verify-routes.ts';

/** What the OID4VP routes need. */
export interface Oid4vpRoutesOptions {
  service: PresentationRequestService;
  urls: (id: string) => RequestUrls;
  verifierKey: VerifierKey;
  limits: BodyLimits;
  clock: () => Date;
  logger: Logger;
}

/**
 * OpenID for Verifiable Presentations 1.0 over the presentation requests (request by reference,
 * `response_mode=direct_post`):
 * - `GET` (or `POST`, for `request_uri_method=post`) `/oid4vp/requests/:id` → the signed request object
 *   (`application/oauth-authz-req+jwt`) of a pending request; 404 otherwise.
 * - `POST /oid4vp/responses/:id` (form: `vp_token`, `presentation_submission?`, `state`) → the presentation is
 *   evaluated against the policy and verified with the request's nonce and the client id as audience; 200 `{}` when
 *   it was processed (the outcome is read from `GET /presentation-requests/:id`), 400 `invalid_request` when the
 *   form is malformed or `state` does not match. A wallet `error` is acknowledged with 200 and leaves the request
 *   pending.
 * @param options - service, URL builder, verifier key, limits, clock, logger.
 */
export function createOid4vpRouter(options: Oid4vpRoutesOptions): Router {
  const { service, logger } = options;
  const router = Router();

  const requestObject = asyncRoute(async (req: Request, res: Response) => {
    const record = await service.get(String(req.params.id));
    if (!record || stateAt(record, options.clock()) !== 'pending') {
      throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no pending presentation request');
    }
    const urls = options.urls(record.id);
    const jwt = await signedRequestObject(options.verifierKey, {
      clientId: urls.oid4vp.clientId,
      requestUri: urls.oid4vp.requestUri,
      responseUri: urls.oid4vp.responseUri,
      nonce: record.nonce,
      state: record.id,
      dcqlQuery: dcqlQueryFor(service.policyOf(record).definition),
    });
    res.status(200).type('application/oauth-authz-req+jwt').send(jwt);
  });
  router.get('/oid4vp/requests/:id', requestObject);
  router.post('/oid4vp/requests/:id', ...formBody(options.limits), requestObject);

  router.post(
    '/oid4vp/responses/:id',
    ...formBody(options.limits),
    asyncRoute(async (req, res) => {
      const record = await service.get(String(req.params.id));
      if (!record) throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such presentation request');
      const response = parseAuthorizationResponse(req.body, options.limits.maxJsonDepth);
      if (response.state !== undefined && response.state !== record.id) {
        throw invalidAuthorizationResponse('state does not match the request');
      }
      if (response.kind === 'error') {
        logger.info('wallet declined a presentation request', {
          requestId: res.getHeader('x-request-id'),
          presentationRequest: record.id,
          walletError: response.error.slice(0, 64),
        });
        res.status(200).json({});
        return;
      }
      const result = await service.respond(record.id, {
        presentation: response.presentation,
        ...(response.submission === undefined ? {} : { submission: response.submission }),
        audience: options.urls(record.id).oid4vp.clientId,
        channel: 'oid4vp',
      });
      logger.info('presentation request answered', {
        requestId: res.getHeader('x-request-id'),
        presentationRequest: record.id,
        channel: 'oid4vp',
        verified: result.report.verified,
        failed: failedCodes(result.report),
      });
      res.status(200).json({});
    }),
  );
  return router;
}
