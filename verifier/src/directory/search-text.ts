/**
 * Search normalisation and tokens: case- and accent-insensitive, so `ines ferreira` finds "Inês Ferreira". Both index
 * backends (SQLite FTS5 and PostgreSQL full text) are given the tokens made here, so they split text identically.
 */

/**
 * Normalises text for searching: Unicode NFD without combining marks, lower case, runs of white space collapsed.
 * @param text - any text.
 * @returns the normalised text.
 */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Longest token kept (longer ones are cut: a query token matches as a prefix, so a cut token still matches). */
const MAX_TOKEN_LENGTH = 64;

/**
 * The words of a text as the index stores them: normalised, split at every character that is not a letter or a
 * digit (`ERS-12345` gives `ers 12345`, a DID gives `did ethr 0x…`).
 * @param text - any text.
 * @returns the tokens, in order (duplicates kept out).
 */
export function searchTokensOf(text: string): string[] {
  const tokens = normaliseForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '')
    .map((t) => t.slice(0, MAX_TOKEN_LENGTH));
  return [...new Set(tokens)];
}

/** Most tokens of one query that are matched (the rest are ignored). */
export const MAX_QUERY_TOKENS = 8;

/**
 * The tokens of a query: each must begin a token of a hit (`carv ferr` finds "Carvalho Ferreira").
 * @param q - the query.
 * @returns at most {@link MAX_QUERY_TOKENS} tokens.
 */
export function queryTokensOf(q: string): string[] {
  return searchTokensOf(q).slice(0, MAX_QUERY_TOKENS);
}
