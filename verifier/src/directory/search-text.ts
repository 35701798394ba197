/**
 * Search normalisation: case- and accent-insensitive, so `ines ferreira` finds "Inês Ferreira".
 */

/**
 * Normalises text for searching: Unicode NFD without combining marks, lower case, runs of white space collapsed.
 * @param text - any text.
 * @returns the normalised text.
 */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
