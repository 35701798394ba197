import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Wraps an async route so a rejected promise reaches the error handler.
 * @param handler - the route body.
 * @returns an express handler.
 */
export function asyncRoute(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}
