import type { RequestHandler } from 'express';

/**
 * Lets browser wallets and consoles on other origins call the verifier. The verifier has no cookies or
 * credentials, so any origin may read its answers; preflight requests answer 204.
 */
export const cors: RequestHandler = (req, res, next) => {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', 'x-request-id, location');
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', 'content-type');
    res.setHeader('access-control-max-age', '600');
    res.status(204).end();
    return;
  }
  next();
};
