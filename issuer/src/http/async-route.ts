import type { Request, Response } from 'express';

/**
 * Wraps an async route handler so that a rejection reaches express's error handler (which answers `{code, detail}`
 * or `{code: 'INTERNAL', requestId}`), never an unhandled rejection.
 * @param handler - the route handler.
 * @returns an express handler.
 */
export function asyncRoute(handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: (error?: unknown) => void) => {
    handler(req, res).catch(next);
  };
}
