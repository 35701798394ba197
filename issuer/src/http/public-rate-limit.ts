import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ErrorCodes } from '@medtrust/core';

/**
 * The per-client-address limit of the unauthenticated `/public` routes (feed, anchor proofs): one counter per
 * address over all of them, 429 `RATE_LIMITED` with `RateLimit` headers (draft 8) beyond it. In process memory.
 * @param perMinute - requests per minute and address.
 * @returns the middleware.
 */
export function publicRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ code: ErrorCodes.RATE_LIMITED, detail: 'too many requests; retry later' });
    },
  });
}
