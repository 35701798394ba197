import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * Gives every request an id (echoed as `x-request-id`), used to correlate a 500 answer with the server log.
 */
export const requestId: RequestHandler = (_req, res, next) => {
  res.setHeader('x-request-id', randomUUID());
  next();
};
