/**
 * Brute-force protection of the issuer's credentials (express-rate-limit, keyed by client address: `req.ip`, so the
 * forwarded client behind a trusted proxy (`TRUST_PROXY`), with IPv6 addresses grouped by /56).
 *
 * Only failed authentication attempts are counted: an unknown, revoked or malformed API key, a forged or expired
 * session token, on any route including `POST /sessions`. A request without any credentials is not an attempt and
 * is not counted. Once an address has failed `limit` times within the window, every request of that address that
 * presents credentials is answered 429 `{code: 'RATE_LIMITED', detail}` with `Retry-After` **before** the credentials
 * are checked, until the window ends, even when they are right: otherwise the 401 / 200 difference would keep
 * telling the attacker when a guess was right. Successful requests are never counted and never reset the count
 * (an attacker holding one valid key must not be able to wipe its failures), and other addresses are unaffected.
 *
 * The count lives in an express-rate-limit {@link Store}: the in-process memory store by default (the limit is then
 * per issuer instance), or a shared one (e.g. `rate-limit-redis`) passed as `store`.
 */
import type { NextFunction, Request, Response } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitRequestHandler, type Store } from 'express-rate-limit';
import { ErrorCodes } from '@medtrust/core';

/** Settings of {@link createAuthFailureLimiter}. */
export interface AuthFailureLimitOptions {
  /** Failed attempts allowed per address and window; the next attempt answers 429. */
  limit: number;
  /** The window, milliseconds (fixed window, starting at the first failure). */
  windowMs: number;
  /** Where the counts live; express-rate-limit's in-process memory store when omitted. */
  store?: Store;
}

/** Defaults of {@link AuthFailureLimitOptions}: 20 failures per 5 minutes. */
export const DEFAULT_AUTH_FAILURE_LIMIT: Readonly<Omit<AuthFailureLimitOptions, 'store'>> = Object.freeze({
  limit: 20,
  windowMs: 5 * 60_000,
});

/** What {@link createAuthFailureLimiter} returns; used by `authenticate`. */
export interface AuthFailureLimiter {
  /**
   * Answers 429 (and returns true) when the caller's address is over the limit; otherwise returns false and sends
   * nothing. One store read, no write.
   */
  refuseIfBlocked(req: Request, res: Response): Promise<boolean>;
  /**
   * Counts one failed attempt. Calls `next` (the caller then answers 401) unless this attempt went over the limit,
   * in which case it answers 429 itself.
   */
  recordFailure(req: Request, res: Response, next: NextFunction): void;
}

const DETAIL = 'too many failed authentication attempts from this address; retry later';

function clientKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

function refuse(res: Response): void {
  res.status(429).json({ code: ErrorCodes.RATE_LIMITED, detail: DETAIL });
}

/**
 * Builds the failed-authentication limiter.
 * @param options - limit, window and optional shared store.
 * @returns the limiter.
 */
export function createAuthFailureLimiter(options: AuthFailureLimitOptions): AuthFailureLimiter {
  const { limit, windowMs } = options;
  const counter: RateLimitRequestHandler = rateLimit({
    windowMs,
    limit,
    keyGenerator: clientKey,
    identifier: 'auth-failures',
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Which peers' X-Forwarded-For is believed is the app's explicit `trust proxy` setting (TRUST_PROXY).
    validate: { xForwardedForHeader: false },
    ...(options.store ? { store: options.store } : {}),
    handler: (_req, res) => refuse(res),
  });

  return {
    async refuseIfBlocked(req, res) {
      const info = await counter.getKey(clientKey(req));
      if (!info || info.totalHits < limit) return false;
      const resetAt = info.resetTime?.getTime();
      const seconds =
        resetAt === undefined
          ? Math.ceil(windowMs / 1000)
          : Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      res.setHeader('Retry-After', String(seconds));
      refuse(res);
      return true;
    },
    recordFailure(req, res, next) {
      void counter(req, res, next);
    },
  };
}
