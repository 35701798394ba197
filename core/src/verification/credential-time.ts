/**
 * Dates of credentials: JWT NumericDate claims and RFC 3339 date-times, as epoch milliseconds.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-2 (NumericDate)
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** 9999-12-31T23:59:59Z: later NumericDates are refused. */
const MAX_SECONDS = 253_402_300_799;

/** A parsed date: absent, a time in ms, or invalid. */
export type ParsedTime = { ok: true; ms: number | undefined } | { ok: false };

/**
 * @param value - a JWT claim (`nbf`, `exp`, `iat`).
 * @returns epoch ms, `undefined` when absent, or invalid.
 */
export function numericDate(value: unknown): ParsedTime {
  if (value === undefined) return { ok: true, ms: undefined };
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SECONDS)
    return { ok: false };
  return { ok: true, ms: Math.round(value * 1000) };
}

/**
 * @param value - an RFC 3339 date-time string (`issuanceDate`, `validFrom`, …).
 * @returns epoch ms, `undefined` when absent, or invalid.
 */
export function dateTime(value: unknown): ParsedTime {
  if (value === undefined) return { ok: true, ms: undefined };
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return { ok: false };
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? { ok: false } : { ok: true, ms };
}

/**
 * @param ms - epoch milliseconds.
 * @returns ISO 8601 UTC, without `.000` for whole seconds (the form did-jwt-vc gives JWT dates).
 */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
