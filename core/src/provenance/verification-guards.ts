/**
 * Guards shared by the domain verifications (provenance, treatments, reviews, evidence): reading the injected clock,
 * and telling a caller's mistake (thrown) from an unexpected failure (reported, fail closed).
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';

/**
 * Reads an injected clock.
 * @param clock - the clock; `() => new Date()` when omitted.
 * @param who - the caller's name, for the error message.
 * @returns the clock's time.
 * @throws MedtrustError `CONFIGURATION_INVALID` when the clock throws or answers an invalid date.
 */
export function readClock(clock: (() => Date) | undefined, who: string): Date {
  let now: unknown;
  try {
    now = (clock ?? (() => new Date()))();
  } catch (error) {
    throw new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, `${who}: the clock failed`, { cause: error });
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, `${who}: invalid clock`);
  }
  return now;
}

/**
 * @param error - what was thrown inside a verification.
 * @returns whether it is the caller's mistake (malformed options, failing clock) and must be rethrown; anything else
 *   is reported as an `INTERNAL` error check.
 */
export function isCallerError(error: unknown): boolean {
  return (
    error instanceof MedtrustError &&
    (error.code === ErrorCodes.INVALID_ARGUMENT || error.code === ErrorCodes.CONFIGURATION_INVALID)
  );
}

/**
 * @param items - values, possibly repeated.
 * @returns each once, in first-seen order.
 */
export function uniqueItems<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
