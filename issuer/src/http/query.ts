import { ErrorCodes } from '@medtrust/core';
import { HttpError } from './http-error.ts';

/**
 * Reads an optional non-negative integer query parameter: digits only (no sign, exponent, hex or spaces), at most
 * `max`.
 * @param value - the raw query value (a string, or an array when repeated).
 * @param name - parameter name, for the detail.
 * @param fallback - value when absent.
 * @param min - smallest accepted value.
 * @param max - largest accepted value.
 * @returns the integer.
 * @throws HttpError 400 `INVALID_ARGUMENT` for anything else.
 */
export function queryInteger(
  value: unknown,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, `${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}
