import { ApiError } from './api-error.ts';

/** The `fetch` the clients use (injected in tests). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns an error response into an {@link ApiError}.
 * @param response - a non-2xx response.
 * @returns the error.
 */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isObject(body)) {
    if (typeof body.code === 'string') {
      const detail = typeof body.detail === 'string' ? body.detail : body.code;
      return new ApiError(
        response.status,
        body.code,
        detail,
        typeof body.pointer === 'string' ? body.pointer : undefined,
      );
    }
    if (typeof body.error === 'string') {
      const description = typeof body.error_description === 'string' ? body.error_description : body.error;
      return new ApiError(response.status, body.error, description);
    }
  }
  return new ApiError(
    response.status,
    `HTTP_${response.status}`,
    `${response.status} ${response.statusText}`.trim(),
  );
}

/**
 * Calls a URL and parses the JSON answer.
 * @param fetchFn - the fetch to use.
 * @param url - the URL.
 * @param init - method, headers, body.
 * @returns the parsed body (undefined for an empty 2xx answer).
 * @throws ApiError for a non-2xx answer or a network failure.
 */
export async function fetchJson<T>(fetchFn: FetchLike, url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, 'NETWORK', `cannot reach ${new URL(url, 'http://localhost').host}`);
  }
  if (!response.ok) throw await apiErrorOf(response);
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}
