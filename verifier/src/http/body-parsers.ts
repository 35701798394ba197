import express, { type RequestHandler } from 'express';
import { ErrorCodes } from '@medtrust/core';
import { HttpError } from './http-error.ts';
import { exceedsJsonDepth } from './json-depth.ts';

/** Limits applied to request bodies. */
export interface BodyLimits {
  /** Largest accepted body, e.g. `1mb`. */
  maxBytes: string;
  /** Deepest accepted JSON nesting. */
  maxJsonDepth: number;
}

/**
 * Refuses a parsed body (JSON, or JSON carried in form fields) nested deeper than the limit: 400
 * `INVALID_ARGUMENT`, before any recursive code sees it.
 */
function depthGuard(limits: BodyLimits): RequestHandler {
  return (req, _res, next) => {
    if (exceedsJsonDepth(req.body, limits.maxJsonDepth)) {
      next(
        new HttpError(
          400,
          ErrorCodes.INVALID_ARGUMENT,
          `the JSON body nests deeper than ${limits.maxJsonDepth} levels`,
        ),
      );
      return;
    }
    next();
  };
}

/**
 * Body parsing of the verification routes: JSON (`application/json`, `application/*+json`; any JSON value, so a
 * bare JWT string is accepted) or a compact JWT sent as `application/jwt` / `text/plain`, under one size limit
 * (413 `PAYLOAD_TOO_LARGE`), then the depth guard. Invalid JSON is refused by the error handler as `INVALID_JSON`.
 * @param limits - size and depth limits.
 * @returns the middleware chain.
 */
export function verificationBody(limits: BodyLimits): RequestHandler[] {
  return [
    express.json({ limit: limits.maxBytes, strict: false, type: ['application/json', 'application/*+json'] }),
    express.text({ limit: limits.maxBytes, type: ['application/jwt', 'text/plain'] }),
    depthGuard(limits),
  ];
}

/**
 * Body parsing of form posts (OID4VP `direct_post`): `application/x-www-form-urlencoded` with flat fields, under the
 * size limit.
 * @param limits - size and depth limits.
 * @returns the middleware chain.
 */
export function formBody(limits: BodyLimits): RequestHandler[] {
  return [
    express.urlencoded({ limit: limits.maxBytes, extended: false, parameterLimit: 100 }),
    express.json({ limit: limits.maxBytes, strict: true }),
    depthGuard(limits),
  ];
}
