import type { RequestHandler } from 'express';

/**
 * CORS for public endpoints any origin may call (they use no cookies): `Access-Control-Allow-Origin: *` on every
 * answer, preflights answered 204 with the given methods and request headers.
 * @param allow - methods and request headers a preflight allows.
 * @returns the middleware.
 */
export function anyOriginCors(allow: { methods: string; headers: string }): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', allow.methods);
      res.setHeader('Access-Control-Allow-Headers', allow.headers);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
