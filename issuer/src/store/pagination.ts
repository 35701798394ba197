import { StoreError } from './store-error.ts';

/** Largest page any list function returns. */
export const MAX_PAGE_SIZE = 500;

/**
 * Clamps a requested page size to 1…{@link MAX_PAGE_SIZE}.
 *
 * @param limit - requested size, if any.
 * @param fallback - size when none was requested.
 * @returns an integer page size.
 */
export function pageSize(limit: number | undefined, fallback = 50): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/**
 * Encodes a keyset position as an opaque cursor string.
 *
 * @param key - the sort key of the last row of a page.
 * @returns a base64url cursor.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Longest cursor {@link decodeCursor} reads. */
const MAX_CURSOR_LENGTH = 2048;

function validPart(part: unknown, type: 'string' | 'number'): boolean {
  if (type === 'number') return typeof part === 'number' && Number.isFinite(part);
  // PostgreSQL text cannot hold U+0000 (the query would fail instead of matching nothing)
  return typeof part === 'string' && !part.includes('\u0000');
}

/**
 * Decodes a cursor made by {@link encodeCursor}. Only canonical base64url (what {@link encodeCursor} writes) of a
 * JSON array of the expected shape is accepted: finite numbers, strings without U+0000.
 *
 * @param cursor - the cursor a previous page returned.
 * @param shape - the expected type of each key part.
 * @returns the key parts.
 * @throws StoreError `STORE_INVALID_ARGUMENT` when the cursor is malformed.
 */
export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  let key: unknown;
  if (cursor.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]+$/.test(cursor)) {
    const bytes = Buffer.from(cursor, 'base64url');
    try {
      if (bytes.toString('base64url') === cursor) key = JSON.parse(bytes.toString('utf8'));
    } catch {
      key = undefined;
    }
  }
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    key.some((part, i) => !validPart(part, shape[i]!))
  ) {
    throw new StoreError('STORE_INVALID_ARGUMENT', 'malformed pagination cursor');
  }
  return key as (string | number)[];
}
