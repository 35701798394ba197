/**
 * Per-client rate limits of the public directory (express-rate-limit, in-process memory store, keyed by client
 * address: `req.ip`, so the forwarded client behind a trusted proxy (`TRUST_PROXY`), with IPv6 addresses grouped by
 * /56). Over the limit: 429 `{code: 'RATE_LIMITED', detail}` with `RateLimit` / `RateLimit-Policy` and
 * `Retry-After` headers.
 */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ErrorCodes } from '@medtrust/core';

/** Limits per client address. */
export interface DirectoryRateLimit {
  /** The window, seconds. */
  windowSeconds: number;
  /** Requests of any directory route per window. */
  maxRequests: number;
  /** Review and reply submissions per window (counted on top of `maxRequests`). */
  maxWrites: number;
}

/** Defaults of {@link DirectoryRateLimit}: 120 requests and 10 submissions a minute. */
export const DEFAULT_DIRECTORY_RATE_LIMIT: DirectoryRateLimit = Object.freeze({
  windowSeconds: 60,
  maxRequests: 120,
  maxWrites: 10,
});

function limiter(windowSeconds: number, limit: number): RequestHandler {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Which peers' X-Forwarded-For is believed is the app's explicit `trust proxy` setting (TRUST_PROXY).
    validate: { xForwardedForHeader: false },
    handler: (_req, res) => {
      res.status(429).json({ code: ErrorCodes.RATE_LIMITED, detail: 'too many requests; retry later' });
    },
  });
}

/**
 * Builds the two limiters.
 * @param limits - window and counts.
 * @returns `all` (every directory route) and `writes` (submissions).
 */
export function createDirectoryRateLimiters(limits: DirectoryRateLimit): {
  all: RequestHandler;
  writes: RequestHandler;
} {
  return {
    all: limiter(limits.windowSeconds, limits.maxRequests),
    writes: limiter(limits.windowSeconds, limits.maxWrites),
  };
}
