/**
 * A small HTTP client of the issuer API for the staff command-line tool.
 */

/** An error answer of the issuer API: its HTTP status and stable code. */
export class IssuerApiError extends Error {
  /**
   * @param status - HTTP status.
   * @param code - stable error code from the body.
   * @param detail - the body's detail.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'IssuerApiError';
  }
}

/** Calls the issuer API with an API key. */
export class IssuerClient {
  /**
   * @param baseUrl - e.g. `http://127.0.0.1:4100`.
   * @param apiKey - the organisation's API key (never printed).
   */
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /**
   * Sends one request and parses the JSON answer.
   * @throws IssuerApiError for a non-2xx answer; `CHAIN_UNAVAILABLE`-like network failures surface as `ISSUER_UNREACHABLE`.
   */
  async request<T>(
    method: string,
    path: string,
    body?: { json?: unknown; text?: string; contentType?: string },
  ): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}` };
    let payload: string | undefined;
    if (body?.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body?.text !== undefined) {
      headers['content-type'] = body.contentType ?? 'text/plain';
      payload = body.text;
    }
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), { method, headers, body: payload });
    } catch {
      throw new IssuerApiError(0, 'ISSUER_UNREACHABLE', `cannot reach ${this.baseUrl}`);
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (parsed ?? {}) as { code?: string; detail?: string; requestId?: string };
      throw new IssuerApiError(
        response.status,
        error.code ?? 'HTTP_ERROR',
        error.detail ?? error.requestId ?? response.statusText,
      );
    }
    return parsed as T;
  }
}
