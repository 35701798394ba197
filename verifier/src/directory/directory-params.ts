/**
 * Validation of the directory's query and path parameters: every value bounded, every malformed one refused with
 * 400 `INVALID_ARGUMENT` and the parameter's name as `pointer`.
 */
import { ErrorCodes } from '@medtrust/core';
import { HttpError } from '../http/http-error.ts';
import type { DirectoryLimits } from './directory-context.ts';
import { decodeSearchCursor } from './directory-index.ts';
import { DIRECTORY_KINDS, type DirectoryKind } from './publishable-types.ts';

const JURISDICTION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const GTIN = /^([0-9]{8}|[0-9]{12,14})$/;
const LOT = /^[A-Za-z0-9._-]{1,20}$/;
const BATCH_ID = /^urn:gtin:([0-9]{8}|[0-9]{12,14}):lot:[A-Za-z0-9._-]{1,20}$/;
const DID = /^did:[a-z0-9]+:[^\s]+$/;
const REVIEW_ID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_QUERY_LENGTH = 200;

type Query = Record<string, unknown>;

/** A validated `GET /directory/search`. */
export interface DirectorySearch {
  /** Words, each of which must begin a word of a hit; or one DID. */
  q?: string;
  kind?: DirectoryKind;
  /** ISO 3166 code: that jurisdiction or a subdivision of it (`PT` finds `PT-11`). */
  jurisdiction?: string;
  limit: number;
  offset: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

function invalid(name: string, detail: string): HttpError {
  return new HttpError(400, ErrorCodes.INVALID_ARGUMENT, detail, { pointer: `/${name}` });
}

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(name, `${name} must be given once`);
  return value;
}

function integer(query: Query, name: string, fallback: number, min: number, max: number): number {
  const value = single(query, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw invalid(name, `${name} must be an integer from ${min} to ${max}`);
  }
  return Number(value);
}

/**
 * Reads `limit` and `offset`.
 * @param query - the request's query.
 * @param limits - default and largest page, largest offset.
 * @returns the page.
 * @throws HttpError 400 `INVALID_ARGUMENT`.
 */
export function parsePage(query: Query, limits: DirectoryLimits): { limit: number; offset: number } {
  return {
    limit: integer(query, 'limit', limits.defaultPageSize, 1, limits.maxPageSize),
    offset: integer(query, 'offset', 0, 0, limits.maxOffset),
  };
}

/**
 * Reads `GET /directory/search`: `q` (≤ 200 characters), `kind` (`doctor | hospital | supplier`), `jurisdiction`
 * (ISO 3166), `limit`, `offset`, `after` (the `next` cursor of the previous page).
 * @param query - the request's query.
 * @param limits - page bounds.
 * @returns the search.
 * @throws HttpError 400 `INVALID_ARGUMENT`.
 */
export function parseSearch(query: Query, limits: DirectoryLimits): DirectorySearch {
  const search: DirectorySearch = parsePage(query, limits);
  const after = single(query, 'after');
  if (after !== undefined) {
    if (after.length > 4096 || decodeSearchCursor(after) === undefined) {
      throw invalid('after', 'after must be the next cursor of a previous page');
    }
    search.after = after;
  }
  const q = single(query, 'q');
  if (q !== undefined) {
    if (q.length > MAX_QUERY_LENGTH || [...q].some((ch) => ch.charCodeAt(0) < 0x20)) {
      throw invalid('q', `q must be at most ${MAX_QUERY_LENGTH} printable characters`);
    }
    search.q = q;
  }
  const kind = single(query, 'kind');
  if (kind !== undefined) {
    if (!(DIRECTORY_KINDS as readonly string[]).includes(kind)) {
      throw invalid('kind', `kind must be one of ${DIRECTORY_KINDS.join(', ')}`);
    }
    search.kind = kind as DirectoryKind;
  }
  const jurisdiction = single(query, 'jurisdiction');
  if (jurisdiction !== undefined) {
    if (!JURISDICTION.test(jurisdiction)) {
      throw invalid('jurisdiction', 'jurisdiction must be an ISO 3166 code such as PT or PT-11');
    }
    search.jurisdiction = jurisdiction;
  }
  return search;
}

/**
 * Reads a DID path parameter.
 * @param value - the decoded parameter.
 * @returns the DID.
 * @throws HttpError 400 `INVALID_ARGUMENT`.
 */
export function parseDidParam(value: unknown): string {
  if (typeof value !== 'string' || value.length > 512 || !DID.test(value)) {
    throw invalid('did', 'did must be a DID (did:<method>:<id>, at most 512 characters)');
  }
  return value;
}

/**
 * Reads a batch id path parameter.
 * @param value - the decoded parameter.
 * @returns `urn:gtin:<gtin>:lot:<lot>`.
 * @throws HttpError 400 `INVALID_ARGUMENT`.
 */
export function parseBatchIdParam(value: unknown): string {
  if (typeof value !== 'string' || !BATCH_ID.test(value)) {
    throw invalid('batchId', 'batchId must be urn:gtin:<gtin>:lot:<lot>');
  }
  return value;
}

/**
 * Reads `GET /directory/batches`: `gtin` (required), `lot`, `limit`, `offset`.
 * @param query - the request's query.
 * @param limits - page bounds.
 * @returns the query.
 * @throws HttpError 400 `INVALID_ARGUMENT`.
 */
export function parseBatchQuery(
  query: Query,
  limits: DirectoryLimits,
): { gtin: string; lot?: string; limit: number; offset: number } {
  const page = parsePage(query, limits);
  const gtin = single(query, 'gtin');
  if (gtin === undefined || !GTIN.test(gtin)) throw invalid('gtin', 'gtin must be 8, 12, 13 or 14 digits');
  const lot = single(query, 'lot');
  if (lot !== undefined && !LOT.test(lot)) {
    throw invalid('lot', "lot must be 1 to 20 letters, digits, '.', '_' or '-'");
  }
  return lot === undefined ? { gtin, ...page } : { gtin, lot, ...page };
}

/**
 * Reads a review id path parameter.
 * @param value - the decoded parameter.
 * @returns the id.
 * @throws HttpError 400 `INVALID_ARGUMENT`.
 */
export function parseReviewIdParam(value: unknown): string {
  if (typeof value !== 'string' || !REVIEW_ID.test(value)) {
    throw invalid('id', 'id must be a review id (urn:uuid:…)');
  }
  return value;
}
