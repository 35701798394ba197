/**
 * "On the treatment date": the moment the doctor's licence and the hospital's accreditation are judged at.
 *
 * A `TreatmentCredential` carries only a calendar date, in the hospital's local time. The moment used is the
 * treatment credential's issuance when the hospital issued it on the treatment day (in any time zone, UTC−12 to
 * UTC+14) — the most precise moment known — and otherwise the last instant that is still the treatment date
 * anywhere (the day's end at UTC−12): a licence suspended at any time on the treatment day then fails (fail closed).
 * @see ../../../schemas/TreatmentCredential/v1/schema.json
 */

const HOUR = 3_600_000;
/** The treatment day starts earliest at UTC+14. */
const EARLIEST_OFFSET = 14 * HOUR;
/** The treatment day ends latest at UTC−12: 36 hours after the day's UTC midnight. */
const LATEST_OFFSET = 36 * HOUR;

/** The moment of a treatment, or why the date is unusable (`TREATMENT_DATE_INVALID`). */
export type TreatmentMoment = { ok: true; day: string; moment: Date } | { ok: false; detail: string };

/**
 * @param treatmentDate - `credentialSubject.treatmentDate` (untrusted).
 * @param issuedAt - the treatment credential's issuance, epoch ms.
 * @param now - the clock's time, epoch ms.
 * @returns the day and the moment, or why the date is malformed, in the future, or later than the issuance.
 */
export function treatmentMoment(treatmentDate: unknown, issuedAt: number, now: number): TreatmentMoment {
  if (typeof treatmentDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(treatmentDate)) {
    return { ok: false, detail: 'treatmentDate is not a YYYY-MM-DD date' };
  }
  const midnight = Date.parse(`${treatmentDate}T00:00:00Z`);
  if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== treatmentDate) {
    return { ok: false, detail: `treatmentDate ${treatmentDate} is not a calendar date` };
  }
  const earliest = midnight - EARLIEST_OFFSET;
  if (now < earliest) return { ok: false, detail: `treatmentDate ${treatmentDate} is in the future` };
  if (issuedAt < earliest) {
    return {
      ok: false,
      detail: `the treatment credential was issued at ${new Date(issuedAt).toISOString()}, before its treatment date ${treatmentDate}`,
    };
  }
  return {
    ok: true,
    day: treatmentDate,
    moment: new Date(Math.min(issuedAt, midnight + LATEST_OFFSET - 1000, now)),
  };
}
