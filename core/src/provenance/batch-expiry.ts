/**
 * Batch expiry: the `expiryDate` printed on the packs is the last day the batch may be used.
 * @see ../../../schemas/DrugBatchCredential/v1/schema.json
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckOutcome } from './pipeline-outcome.ts';

/**
 * Judges a batch's expiry against a clock: expired once the clock's UTC date is after `expiryDate`.
 * @param expiryDate - the batch's `expiryDate` (YYYY-MM-DD), untrusted.
 * @param now - the injected clock's time.
 * @returns `passed`, or `failed` with `BATCH_EXPIRED` (also for a missing or malformed date: fail closed).
 */
export function checkBatchExpiry(expiryDate: unknown, now: Date): CheckOutcome {
  if (
    typeof expiryDate !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(expiryDate) ||
    Number.isNaN(Date.parse(expiryDate))
  ) {
    return { status: 'failed', code: ErrorCodes.BATCH_EXPIRED, detail: 'the batch has no valid expiryDate' };
  }
  const today = now.toISOString().slice(0, 10);
  if (today > expiryDate) {
    return {
      status: 'failed',
      code: ErrorCodes.BATCH_EXPIRED,
      detail: `the batch expired on ${expiryDate} (today is ${today})`,
    };
  }
  return { status: 'passed', detail: `expires ${expiryDate}` };
}
