/** CSV writing (RFC 4180): fields with commas, quotes or line breaks are quoted. */

/**
 * Quotes one CSV field when needed.
 * @param value - the value.
 * @returns the field.
 */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes rows as CSV text (CRLF line ends).
 * @param rows - rows of fields; the first is usually the header.
 * @returns the CSV.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
