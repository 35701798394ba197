/**
 * What a person types into the directory's forms, tidied and checked against the rules the directory applies
 * (`verifier/src/directory/directory-params.ts`), so a mistake is explained at the field before anything is sent.
 */
import type { DirectoryQuery } from './directory-location.ts';

/** Longest search text the directory accepts. */
export const MAX_SEARCH_LENGTH = 200;

const JURISDICTION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const GTIN = /^([0-9]{8}|[0-9]{12,14})$/;
const LOT = /^[A-Za-z0-9._-]{1,20}$/;

/** A checked form: the tidied values, and an error per field that is wrong (none when it may be sent). */
export interface CheckedInput<T, F extends string> {
  value: T;
  errors: Partial<Record<F, string>>;
}

/**
 * Tidies and checks a search: words trimmed (white space collapsed), the jurisdiction upper-cased.
 * @param input - the form's values.
 * @returns the query and the errors of `q` and `jurisdiction`.
 */
export function checkSearchInput(input: DirectoryQuery): CheckedInput<DirectoryQuery, 'q' | 'jurisdiction'> {
  const q = input.q.replace(/\s+/g, ' ').trim();
  const jurisdiction = input.jurisdiction.trim().toUpperCase();
  const errors: Partial<Record<'q' | 'jurisdiction', string>> = {};
  if (q.length > MAX_SEARCH_LENGTH) errors.q = `Use at most ${MAX_SEARCH_LENGTH} characters.`;
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(q)) errors.q = 'Remove the control characters.';
  if (jurisdiction !== '' && !JURISDICTION.test(jurisdiction)) {
    errors.jurisdiction = 'Use a country code such as PT or TR, or a region code such as PT-11.';
  }
  return { value: { q, kind: input.kind, jurisdiction }, errors };
}

/**
 * Tidies and checks a batch lookup: spaces removed from the GTIN, the lot trimmed.
 * @param input - GTIN and lot as typed.
 * @returns the values and the errors of `gtin` and `lot`.
 */
export function checkBatchInput(input: {
  gtin: string;
  lot: string;
}): CheckedInput<{ gtin: string; lot: string }, 'gtin' | 'lot'> {
  const gtin = input.gtin.replace(/[\s-]/g, '');
  const lot = input.lot.trim();
  const errors: Partial<Record<'gtin' | 'lot', string>> = {};
  if (gtin === '') errors.gtin = 'Enter the GTIN printed under the barcode.';
  else if (!GTIN.test(gtin)) errors.gtin = 'A GTIN has 8, 12, 13 or 14 digits.';
  if (lot === '') errors.lot = 'Enter the lot (batch) number printed on the pack.';
  else if (!LOT.test(lot)) errors.lot = "A lot has up to 20 letters, digits, '.', '_' or '-'.";
  return { value: { gtin, lot }, errors };
}

/**
 * Whether a checked form may be sent.
 * @param checked - the result of a check.
 * @returns true when no field is in error.
 */
export function isValidInput(checked: CheckedInput<unknown, string>): boolean {
  return Object.keys(checked.errors).length === 0;
}
