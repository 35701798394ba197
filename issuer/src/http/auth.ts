import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ErrorCodes } from '@medtrust/core';
import { findApiKeyByPlaintext, type ApiKeyRole, type Database } from '../store/index.ts';
import { HttpError } from './http-error.ts';
import type { AuthFailureLimiter } from './auth-failure-limit.ts';

/** Who is calling: resolved from an API key or a session token. */
export interface Principal {
  organisationId: string;
  role: ApiKeyRole;
  /** API key id (sessions carry the id of the key they were opened with). */
  apiKeyId: string;
  /** `api-key:<id>` or `session:<id>`, recorded as the actor in the audit log. */
  actor: string;
}

/** Lifetime of a session token. */
export const SESSION_TTL_SECONDS = 3600;

/** Issues and checks session tokens: `mts_<payload>.<hmac>`, HMAC-SHA256 under a server secret. */
export class SessionTokens {
  /**
   * @param secret - HMAC secret (≥ 32 bytes; from the environment in production).
   * @param clock - time source.
   */
  constructor(
    private readonly secret: Uint8Array,
    private readonly clock: () => Date,
  ) {
    if (secret.length < 32)
      throw new HttpError(500, ErrorCodes.CONFIGURATION_INVALID, 'session secret too short');
  }

  /**
   * @param apiKeyId - the key the session is opened with.
   * @returns the token and its expiry.
   */
  issue(apiKeyId: string): { token: string; expiresAt: string } {
    const exp = Math.floor(this.clock().getTime() / 1000) + SESSION_TTL_SECONDS;
    const payload = Buffer.from(JSON.stringify({ k: apiKeyId, exp })).toString('base64url');
    return { token: `mts_${payload}.${this.#mac(payload)}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /**
   * @param token - a presented token.
   * @returns the API key id it was opened with, or undefined when forged, malformed or expired.
   */
  verify(token: string): string | undefined {
    const match = /^mts_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
    if (!match) return undefined;
    const [, payload, mac] = match as unknown as [string, string, string];
    const expected = Buffer.from(this.#mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { k, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        k?: unknown;
        exp?: unknown;
      };
      if (typeof k !== 'string' || typeof exp !== 'number') return undefined;
      if (exp * 1000 <= this.clock().getTime()) return undefined;
      return k;
    } catch {
      return undefined;
    }
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

function presentedToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  return req.get('x-api-key') ?? undefined;
}

/**
 * Resolves the caller from `Authorization: Bearer <api key | session token>` (or `X-API-Key`) and stores it in
 * `res.locals.principal`. No or unknown credentials → 401 `UNAUTHENTICATED`. With a `failures` limiter, unknown
 * credentials are counted per client address and an address over the limit is answered 429 `RATE_LIMITED` before
 * its credentials are checked (see {@link AuthFailureLimiter}).
 * @param db - database of API keys.
 * @param sessions - session token checker.
 * @param failures - failed-attempt limiter, if any.
 */
export function authenticate(
  db: Database,
  sessions: SessionTokens,
  failures?: AuthFailureLimiter,
): RequestHandler {
  const unauthenticated = () =>
    new HttpError(401, ErrorCodes.UNAUTHENTICATED, 'invalid or expired credentials');
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = presentedToken(req);
      if (!token) throw new HttpError(401, ErrorCodes.UNAUTHENTICATED, 'credentials required');
      if (failures && (await failures.refuseIfBlocked(req, res))) return;
      let principal: Principal | undefined;
      if (token.startsWith('mts_')) {
        const apiKeyId = sessions.verify(token);
        if (apiKeyId) {
          const rows = await db.query<{ organisationId: string; role: ApiKeyRole }>(
            'SELECT organisation_id AS "organisationId", role FROM api_keys WHERE id = $1 AND revoked_at IS NULL',
            [apiKeyId],
          );
          if (rows[0]) principal = { ...rows[0], apiKeyId, actor: `session:${apiKeyId}` };
        }
      } else {
        const key = await findApiKeyByPlaintext(db, token);
        if (key)
          principal = {
            organisationId: key.organisationId,
            role: key.role,
            apiKeyId: key.id,
            actor: `api-key:${key.id}`,
          };
      }
      if (!principal) {
        if (!failures) throw unauthenticated();
        failures.recordFailure(req, res, (error?: unknown) => next(error ?? unauthenticated()));
        return;
      }
      res.locals.principal = principal;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Allows the request only for the listed roles; others get 403 `FORBIDDEN`.
 * @param roles - roles allowed on the route.
 */
export function requireRole(...roles: ApiKeyRole[]): RequestHandler {
  return (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) return next(new HttpError(401, ErrorCodes.UNAUTHENTICATED, 'credentials required'));
    if (!roles.includes(principal.role)) {
      return next(new HttpError(403, ErrorCodes.FORBIDDEN, `role ${principal.role} may not do this`));
    }
    next();
  };
}

/**
 * @returns the authenticated caller of a request (after {@link authenticate}).
 */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** Roles that may read. */
export const READ_ROLES: ApiKeyRole[] = ['admin', 'operator', 'auditor'];
