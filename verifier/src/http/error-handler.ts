import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { Logger } from '../logger.ts';
import { HttpError } from './http-error.ts';

/**
 * HTTP status of a domain error code raised below the HTTP layer. Codes not listed answer 500 `INTERNAL`.
 */
const STATUS_BY_CODE: Partial<Record<string, number>> = {
  [ErrorCodes.INVALID_ARGUMENT]: 400,
  [ErrorCodes.NOT_FOUND]: 404,
  [ErrorCodes.CONFLICT]: 409,
  [ErrorCodes.RATE_LIMITED]: 429,
  [ErrorCodes.CHAIN_UNAVAILABLE]: 503,
  [ErrorCodes.OVERLOADED]: 503,
};

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * 404 for unknown routes, as `{code: 'NOT_FOUND', detail}`.
 */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, ErrorCodes.NOT_FOUND, `no route ${req.method} ${req.path}`));
};

/**
 * Renders every error as JSON with a stable code. `HttpError` → its status and `{code, detail, ...extra}`;
 * body-parser failures → 400 `INVALID_JSON` / 413 `PAYLOAD_TOO_LARGE`; anything else → 500
 * `{code: 'INTERNAL', requestId}`, logged with the request id and the error's code/name only (no stack to the
 * client, never a request body).
 * @param logger - where unexpected failures are logged.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const requestId = String(res.getHeader('x-request-id') ?? '');
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof HttpError) {
      res.status(error.status).json({ code: error.code, detail: error.detail, ...error.extra });
      return;
    }
    if (error instanceof MedtrustError) {
      const status = STATUS_BY_CODE[error.code];
      if (status !== undefined) {
        if (error.code === ErrorCodes.OVERLOADED) {
          res.setHeader('retry-after', '1');
          res.status(status).json({ code: error.code, detail: 'the verifier is at capacity; retry shortly' });
          return;
        }
        res.status(status).json({
          code: error.code,
          detail: status === 503 ? 'a backing service is unavailable; retry later' : error.message,
        });
        return;
      }
    }
    const parserError = error as BodyParserError;
    if (parserError.type === 'entity.too.large') {
      res.status(413).json({ code: ErrorCodes.PAYLOAD_TOO_LARGE, detail: 'request body too large' });
      return;
    }
    if (
      parserError.type === 'entity.parse.failed' ||
      parserError.type === 'encoding.unsupported' ||
      parserError.type === 'charset.unsupported'
    ) {
      res.status(400).json({ code: ErrorCodes.INVALID_JSON, detail: 'request body is not valid JSON' });
      return;
    }
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json({ code: ErrorCodes.INVALID_ARGUMENT, detail: 'malformed request' });
      return;
    }
    const e = error as { code?: unknown; name?: unknown; stack?: unknown };
    logger.error('request failed', {
      requestId,
      method: req.method,
      path: req.route?.path ?? req.path,
      errorCode: typeof e.code === 'string' ? e.code : undefined,
      errorName: typeof e.name === 'string' ? e.name : undefined,
      stack: typeof e.stack === 'string' ? e.stack.split('\n').slice(1, 6).join('\n') : undefined,
    });
    res.status(500).json({ code: ErrorCodes.INTERNAL, requestId });
  };
}
