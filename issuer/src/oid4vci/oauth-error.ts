import type { Response } from 'express';

/**
 * Error codes the OID4VCI endpoints answer with: RFC 6749 §5.2 (token endpoint), RFC 6750 §3.1 (bearer token),
 * OID4VCI draft 15 §8.3.1.2 (credential endpoint) and the draft 13 codes kept for older wallets.
 */
export type OAuthErrorCode =
  // RFC 6749 §5.2
  | 'invalid_request'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  // RFC 6750 §3.1
  | 'invalid_token'
  // OID4VCI draft 15 §8.3.1.2
  | 'invalid_credential_request'
  | 'unknown_credential_configuration'
  | 'unknown_credential_identifier'
  | 'invalid_proof'
  | 'invalid_nonce'
  | 'credential_request_denied'
  // OID4VCI draft 13 §7.3.1
  | 'unsupported_credential_type'
  | 'unsupported_credential_format'
  // generic
  | 'not_found'
  | 'server_error';

/**
 * An error answered to a wallet as `{error, error_description}` (never credential data, PINs or codes in the
 * description). Thrown by the OID4VCI routes and the protocol adapter, rendered by {@link sendOAuthError}.
 */
export class OAuthError extends Error {
  /**
   * @param status - HTTP status (400 for request errors, 401 for bearer-token errors).
   * @param error - the error code.
   * @param description - human-readable `error_description`, safe to show.
   * @param extra - additional response members (e.g. a fresh `c_nonce`).
   */
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }
}

/**
 * Tells whether a value is an {@link OAuthError}.
 *
 * @param value - anything thrown.
 * @returns whether it is an OAuthError.
 */
export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}

/**
 * Writes an OAuth error response: the status, `Cache-Control: no-store` and `{error, error_description, ...extra}`.
 * A 401 also carries `WWW-Authenticate: Bearer error="…"` (RFC 6750 §3).
 *
 * @param res - the express response.
 * @param error - the error to render.
 */
export function sendOAuthError(res: Response, error: OAuthError): void {
  res.setHeader('Cache-Control', 'no-store');
  if (error.status === 401) {
    res.setHeader('WWW-Authenticate', `Bearer error="${error.error}"`);
  }
  res.status(error.status).json({ ...error.extra, error: error.error, error_description: error.description });
}
