/**
 * URLs of the verifier's public directory API (`/directory/*`), under the same-origin base the app is configured
 * with (`/api/verifier`). Every value is URL-encoded; empty filters are left out.
 */
import type { DirectoryQuery } from './directory-location.ts';

/** Results asked for per search page. */
export const SEARCH_PAGE_SIZE = 20;

function trimBase(base: string): string {
  return base.replace(/\/+$/, '');
}

/**
 * `GET /directory/search`.
 * @param base - the verifier API base, e.g. `/api/verifier`.
 * @param query - words, kind, jurisdiction.
 * @param page - `limit` and `offset`.
 * @returns the URL.
 */
export function searchUrl(
  base: string,
  query: DirectoryQuery,
  page: { limit?: number; offset?: number } = {},
): string {
  const params = new URLSearchParams();
  if (query.q !== '') params.set('q', query.q);
  if (query.kind !== '') params.set('kind', query.kind);
  if (query.jurisdiction !== '') params.set('jurisdiction', query.jurisdiction);
  params.set('limit', String(page.limit ?? SEARCH_PAGE_SIZE));
  if (page.offset !== undefined && page.offset > 0) params.set('offset', String(page.offset));
  return `${trimBase(base)}/directory/search?${params}`;
}

/**
 * `GET /directory/profiles/:did`.
 * @param base - the verifier API base.
 * @param did - the party's DID.
 * @returns the URL.
 */
export function profileUrl(base: string, did: string): string {
  return `${trimBase(base)}/directory/profiles/${encodeURIComponent(did)}`;
}

/**
 * `GET /directory/batches?gtin=&lot=`: the batch of a product's lot.
 * @param base - the verifier API base.
 * @param gtin - the GTIN.
 * @param lot - the lot.
 * @returns the URL.
 */
export function batchLookupUrl(base: string, gtin: string, lot: string): string {
  return `${trimBase(base)}/directory/batches?${new URLSearchParams({ gtin, lot })}`;
}

/**
 * `GET /directory/batches/:batchId`.
 * @param base - the verifier API base.
 * @param batchId - `urn:gtin:<gtin>:lot:<lot>`.
 * @returns the URL.
 */
export function batchUrl(base: string, batchId: string): string {
  return `${trimBase(base)}/directory/batches/${encodeURIComponent(batchId)}`;
}
