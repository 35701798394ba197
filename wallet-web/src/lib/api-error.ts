/**
 * An HTTP call that failed: the status and what the server said — medtrust's `{code, detail, pointer?}` or OAuth's
 * `{error, error_description}` — or a network failure (status 0).
 */
export class ApiError extends Error {
  /**
   * @param status - HTTP status; 0 when the server could not be reached.
   * @param code - medtrust code or OAuth `error` (`NETWORK` when unreachable).
   * @param detail - the server's explanation, safe to show.
   * @param pointer - JSON pointer of the offending member (e.g. `/credentialSubject/licenseNumber`).
   */
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly pointer?: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/**
 * A message for people from any thrown value.
 * @param error - what was thrown.
 * @returns a short sentence.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return 'The service cannot be reached. Check your connection and try again.';
    if (error.status === 401 && error.code === 'UNAUTHENTICATED')
      return 'Your session has expired: sign in again.';
    if (error.status === 403) return `Not allowed: ${error.detail}`;
    if (error.status >= 500) return 'The service failed. Try again in a moment.';
    return error.detail;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
