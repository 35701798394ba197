/**
 * The public directory's page addresses: `/directory` (search, its query in `?q=&kind=&jurisdiction=`),
 * `/directory/profiles/<URL-encoded DID>` and `/directory/batches/<URL-encoded batch id>`; built and read back.
 * Only public search words ever go in these addresses.
 */
import { DIRECTORY_KINDS, type DirectoryKind } from './directory-types.ts';

/** The directory's base path. */
export const DIRECTORY_PATH = '/directory';

/** A directory search as the page holds it (empty strings: not filtered). */
export interface DirectoryQuery {
  /** Words: a name, a licence or registration number, a DID. */
  q: string;
  kind: DirectoryKind | '';
  /** ISO 3166 code, e.g. `PT` or `PT-11`. */
  jurisdiction: string;
}

/** The empty search. */
export const EMPTY_QUERY: DirectoryQuery = Object.freeze({ q: '', kind: '', jurisdiction: '' });

/** Which directory page an address shows. */
export type DirectoryView =
  | { view: 'search'; query: DirectoryQuery; searched: boolean }
  | { view: 'profile'; did: string }
  | { view: 'batch'; batchId: string }
  | { view: 'unknown' };

function decodeSegment(segment: string): string | undefined {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded.trim() === '' ? undefined : decoded;
  } catch {
    return undefined;
  }
}

function isKind(value: string): value is DirectoryKind {
  return (DIRECTORY_KINDS as readonly string[]).includes(value);
}

/**
 * Reads a directory address.
 * @param pathname - `location.pathname` (still percent-encoded).
 * @param search - `location.search`.
 * @returns the page; `searched` tells whether the address carries a search to run.
 */
export function parseDirectoryLocation(pathname: string, search = ''): DirectoryView {
  const rest = pathname.replace(/\/+$/, '');
  if (rest === DIRECTORY_PATH) {
    const params = new URLSearchParams(search);
    const kind = params.get('kind') ?? '';
    const query: DirectoryQuery = {
      q: params.get('q') ?? '',
      kind: isKind(kind) ? kind : '',
      jurisdiction: params.get('jurisdiction') ?? '',
    };
    return { view: 'search', query, searched: ['q', 'kind', 'jurisdiction'].some((k) => params.has(k)) };
  }
  const match = /^\/directory\/(profiles|batches)\/([^/]+)$/.exec(rest);
  const value = match ? decodeSegment(match[2]!) : undefined;
  if (!match || value === undefined) return { view: 'unknown' };
  return match[1] === 'profiles' ? { view: 'profile', did: value } : { view: 'batch', batchId: value };
}

/**
 * The address of a search.
 * @param query - the search; empty members are left out.
 * @returns `/directory?q=…&kind=…&jurisdiction=…`.
 */
export function searchPath(query: DirectoryQuery): string {
  const params = new URLSearchParams();
  if (query.q !== '') params.set('q', query.q);
  if (query.kind !== '') params.set('kind', query.kind);
  if (query.jurisdiction !== '') params.set('jurisdiction', query.jurisdiction);
  const text = params.toString();
  // A search for everything still says so, so that the page runs it.
  return `${DIRECTORY_PATH}?${text === '' ? 'q=' : text}`;
}

/**
 * The address of a profile.
 * @param did - the party's DID.
 * @returns `/directory/profiles/<encoded DID>`.
 */
export function profilePath(did: string): string {
  return `${DIRECTORY_PATH}/profiles/${encodeURIComponent(did)}`;
}

/**
 * The address of a batch page.
 * @param batchId - `urn:gtin:<gtin>:lot:<lot>`.
 * @returns `/directory/batches/<encoded id>`.
 */
export function batchPath(batchId: string): string {
  return `${DIRECTORY_PATH}/batches/${encodeURIComponent(batchId)}`;
}
