/** The verifier's public directory, called same-origin through the app server's proxy (no credentials sent). */
import { ApiError } from '../lib/api-error.ts';
import { batchLookupUrl, batchUrl, profileUrl, searchUrl } from '../lib/directory-api-urls.ts';
import { RateLimitedError, retryAfterSeconds } from '../lib/directory-errors.ts';
import type { DirectoryQuery } from '../lib/directory-location.ts';
import type { BatchPage, Profile, SearchAnswer } from '../lib/directory-types.ts';
import { fetchJson, type FetchLike } from '../lib/fetch-json.ts';

/** The directory's calls. */
export interface DirectoryApi {
  /** `GET /directory/search`. */
  search(query: DirectoryQuery, offset?: number, signal?: AbortSignal): Promise<SearchAnswer>;
  /** `GET /directory/profiles/:did`. */
  profile(did: string, signal?: AbortSignal): Promise<Profile>;
  /** `GET /directory/batches?gtin=&lot=`. */
  lookupBatch(gtin: string, lot: string, signal?: AbortSignal): Promise<BatchPage>;
  /** `GET /directory/batches/:batchId`. */
  batch(batchId: string, signal?: AbortSignal): Promise<BatchPage>;
}

/**
 * The directory client.
 * @param base - the verifier API base (`/api/verifier`).
 * @param fetchFn - the fetch to use (the browser's by default).
 * @returns the calls; a 429 throws {@link RateLimitedError} carrying `Retry-After`, other failures `ApiError`.
 */
export function directoryApi(
  base: string,
  fetchFn: FetchLike = (input, init) => fetch(input, init),
): DirectoryApi {
  const get = async <T>(url: string, signal: AbortSignal | undefined): Promise<T> => {
    let retryAfter: string | null = null;
    const recording: FetchLike = async (input, init) => {
      const response = await fetchFn(input, { ...init, credentials: 'omit', ...(signal ? { signal } : {}) });
      retryAfter = response.headers.get('retry-after');
      return response;
    };
    try {
      return await fetchJson<T>(recording, url);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        throw new RateLimitedError(error.detail, retryAfterSeconds(retryAfter));
      }
      throw error;
    }
  };
  return {
    search: (query, offset = 0, signal) => get(searchUrl(base, query, { offset }), signal),
    profile: (did, signal) => get(profileUrl(base, did), signal),
    lookupBatch: (gtin, lot, signal) => get(batchLookupUrl(base, gtin, lot), signal),
    batch: (batchId, signal) => get(batchUrl(base, batchId), signal),
  };
}
