import type { ErrorCode } from '@medtrust/core';

/**
 * An error meant for the HTTP client: a status, a stable code and a detail safe to show (never credential data,
 * never internals). Thrown by routes and middleware, rendered by the error handler as `{code, detail}`.
 */
export class HttpError extends Error {
  /**
   * @param status - HTTP status.
   * @param code - stable error code.
   * @param detail - client-facing explanation.
   * @param extra - additional response members (e.g. `{ pointer }`, or a verification report).
   */
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}
