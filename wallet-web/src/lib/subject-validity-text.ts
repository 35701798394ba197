/**
 * A licence's or an accreditation's own dates in plain words ("Licence lapsed on 31 December 2026 (UTC)"), for the
 * wallet badge, the clinic check report and the directory. The dates are whole days in UTC, as the verifier judges
 * them (`validUntil: "2026-12-31"` is valid through that day, UTC).
 *
 * Which types carry such dates, and in which fields, is `SUBJECT_VALIDITY_FIELDS` of `@medtrust/core`; the browser
 * cannot load core, so {@link SUBJECT_WINDOWS} mirrors it and the type check keeps the two identical.
 * @see ../../../core/src/verification/subject-validity.ts
 */
import type { SUBJECT_VALIDITY_FIELDS } from '@medtrust/core';

/** The verifier's codes for a subject window that does not cover the moment judged. */
export const SUBJECT_VALIDITY_CODES = ['SUBJECT_VALIDITY_ENDED', 'SUBJECT_VALIDITY_NOT_STARTED'] as const;

/** One of {@link SUBJECT_VALIDITY_CODES}. */
export type SubjectValidityCode = (typeof SUBJECT_VALIDITY_CODES)[number];

/** The mirror of core's table (type-checked to be equal in both directions). */
export const SUBJECT_WINDOWS = {
  MedicalLicenseCredential: { from: 'validFrom', until: 'validUntil', what: 'licence' },
  HospitalAccreditationCredential: { from: 'validFrom', until: 'validUntil', what: 'accreditation' },
  SupplierAccreditationCredential: { from: 'validFrom', until: 'validUntil', what: 'accreditation' },
} as const satisfies typeof SUBJECT_VALIDITY_FIELDS;
// core's table may not list a type the mirror lacks, nor other fields
const _sameAsCore: typeof SUBJECT_WINDOWS = {} as typeof SUBJECT_VALIDITY_FIELDS;
void _sameAsCore;

type WindowType = keyof typeof SUBJECT_WINDOWS;

const NOUN: Record<'licence' | 'accreditation', string> = {
  licence: 'Licence',
  accreditation: 'Accreditation',
};

function windowOf(type: string | undefined): (typeof SUBJECT_WINDOWS)[WindowType] | undefined {
  return type !== undefined && Object.hasOwn(SUBJECT_WINDOWS, type)
    ? SUBJECT_WINDOWS[type as WindowType]
    : undefined;
}

/**
 * Whether a code is one of {@link SUBJECT_VALIDITY_CODES}.
 * @param code - a verifier code.
 * @returns true for `SUBJECT_VALIDITY_ENDED` / `SUBJECT_VALIDITY_NOT_STARTED`.
 */
export function isSubjectValidityCode(code: string | undefined): code is SubjectValidityCode {
  return (SUBJECT_VALIDITY_CODES as readonly (string | undefined)[]).includes(code);
}

/**
 * A `YYYY-MM-DD` day in words, with its time zone.
 * @param day - e.g. `2026-12-31`.
 * @returns `31 December 2026 (UTC)`, or `undefined` when it is not a calendar date.
 */
export function utcDayText(day: unknown): string | undefined {
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return undefined;
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })} (UTC)`;
}

/**
 * What the subject's dates are of, in words.
 * @param type - the credential type.
 * @returns `Licence` or `Accreditation`, or `undefined` for a type without such dates.
 */
export function subjectWindowNoun(type: string | undefined): string | undefined {
  const window = windowOf(type);
  return window === undefined ? undefined : NOUN[window.what];
}

/**
 * The words for a subject validity code.
 * @param code - `SUBJECT_VALIDITY_ENDED` or `SUBJECT_VALIDITY_NOT_STARTED`.
 * @param type - the credential type, e.g. `MedicalLicenseCredential`.
 * @param subject - the credential's subject claims.
 * @returns e.g. `Licence lapsed on 31 December 2026 (UTC)` / `Accreditation not valid until 1 March 2027 (UTC)`.
 */
export function subjectValidityText(
  code: SubjectValidityCode,
  type: string | undefined,
  subject: Readonly<Record<string, unknown>> | undefined,
): string {
  const window = windowOf(type);
  const noun = window === undefined ? 'Licence or accreditation' : NOUN[window.what];
  const claims = subject ?? {};
  if (code === 'SUBJECT_VALIDITY_ENDED') {
    const until = utcDayText(claims[window?.until ?? 'validUntil']);
    return until === undefined ? `${noun} lapsed` : `${noun} lapsed on ${until}`;
  }
  const from = utcDayText(claims[window?.from ?? 'validFrom']);
  return from === undefined ? `${noun} not valid yet` : `${noun} not valid until ${from}`;
}

/**
 * The subject's dates as a range, for showing always (valid or not).
 * @param type - the credential type.
 * @param subject - its subject claims.
 * @returns e.g. `Licence valid 15 January 2024 – 14 January 2029 (UTC)`, or `undefined` for a type without dates.
 */
export function subjectValidityRange(
  type: string | undefined,
  subject: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const window = windowOf(type);
  if (window === undefined) return undefined;
  const claims = subject ?? {};
  const day = (value: unknown) => utcDayText(value)?.replace(' (UTC)', '');
  const from = day(claims[window.from]);
  const until = day(claims[window.until]);
  if (from === undefined && until === undefined) return undefined;
  return `${NOUN[window.what]} valid ${from ?? '…'} – ${until ?? '…'} (UTC)`;
}
