/**
 * The validity window a credential's SUBJECT carries (a licence's or an accreditation's `validFrom` /
 * `validUntil`), as epoch milliseconds, and the judgement of a moment against it — shared by the `validity` check
 * and by the "standing at a past moment" checks of reviews and provenance.
 *
 * Date-only values (`YYYY-MM-DD`, what the schemas require) are whole days in UTC: `validFrom: "2025-01-01"` is
 * valid from 2025-01-01T00:00:00Z, `validUntil: "2026-12-31"` through the whole of that day, i.e. up to (excluding)
 * 2027-01-01T00:00:00Z. UTC is chosen because the credentials carry no time zone and a verifier must give the same
 * answer everywhere; the tolerated clock skew still applies at both edges. An RFC 3339 date-time (not allowed by the
 * v1 schemas, accepted for robustness) is that exact instant, `validUntil` exclusive like `exp`. A value that is
 * neither is ignored here: the `schema` check fails such a credential.
 * @see ./verification-policy.ts (SUBJECT_VALIDITY_FIELDS)
 */
import { ErrorCodes, type ErrorCode } from '../errors/codes.ts';
import { dateTime, isoDate } from './credential-time.ts';
import { SUBJECT_VALIDITY_FIELDS, type SubjectValidityFields } from './verification-policy.ts';

const DAY_MS = 86_400_000;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A subject's validity window. */
export interface SubjectValidityWindow {
  /** The credential type the window comes from. */
  readonly type: string;
  /** What it is of: `licence` or `accreditation`. */
  readonly what: SubjectValidityFields['what'];
  /** The member names. */
  readonly fields: SubjectValidityFields;
  /** `validFrom` as written, when present and readable. */
  readonly from?: string;
  /** `validUntil` as written, when present and readable. */
  readonly until?: string;
  /** First valid instant, epoch ms (inclusive). */
  readonly startMs?: number;
  /** First instant no longer valid, epoch ms (exclusive): the day after a date-only `validUntil`, at 00:00Z. */
  readonly endMs?: number;
}

/** The judgement of a moment against a subject window. */
export type SubjectValidityJudgement =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: Extract<ErrorCode, 'SUBJECT_VALIDITY_ENDED' | 'SUBJECT_VALIDITY_NOT_STARTED'>;
      readonly detail: string;
    };

/**
 * Reads a subject date.
 * @param value - a `credentialSubject` member (untrusted).
 * @param edge - `start` for `validFrom` (the day's first instant), `end` for `validUntil` (the next day's first).
 * @returns epoch ms, or `undefined` when absent or unreadable.
 */
export function subjectDateMs(value: unknown, edge: 'start' | 'end'): number | undefined {
  if (typeof value !== 'string') return undefined;
  const day = FULL_DATE.exec(value);
  if (day !== null) {
    const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    // refuse 2026-02-30 and the like, which Date.UTC would roll over
    if (new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
    return edge === 'start' ? ms : ms + DAY_MS;
  }
  const instant = dateTime(value);
  return instant.ok ? instant.ms : undefined;
}

/**
 * The subject window of a credential, when its type carries one.
 * @param credential - its `type` list and `credentialSubject` (e.g. a parsed credential or a report summary).
 * @param table - which types carry a window; {@link SUBJECT_VALIDITY_FIELDS} by default.
 * @returns the window (possibly with neither edge readable), or `undefined` for a type without one.
 */
export function subjectValidityWindow(
  credential: { readonly type: readonly string[]; readonly credentialSubject: unknown },
  table: Readonly<Record<string, SubjectValidityFields>> = SUBJECT_VALIDITY_FIELDS,
): SubjectValidityWindow | undefined {
  const type = credential.type.find((t) => Object.hasOwn(table, t));
  if (type === undefined) return undefined;
  const fields = table[type]!;
  const subject = credential.credentialSubject;
  const claims =
    typeof subject === 'object' && subject !== null && !Array.isArray(subject)
      ? (subject as Readonly<Record<string, unknown>>)
      : {};
  const rawFrom = Object.hasOwn(claims, fields.from) ? claims[fields.from] : undefined;
  const rawUntil = Object.hasOwn(claims, fields.until) ? claims[fields.until] : undefined;
  const startMs = subjectDateMs(rawFrom, 'start');
  const endMs = subjectDateMs(rawUntil, 'end');
  return {
    type,
    what: fields.what,
    fields,
    ...(startMs === undefined ? {} : { from: rawFrom as string, startMs }),
    ...(endMs === undefined ? {} : { until: rawUntil as string, endMs }),
  };
}

/**
 * Judges a moment against a subject window, with the same tolerance as `nbf` / `exp`: not started when `startMs`
 * is later than `at + skew`, ended when `at - skew` is at or after `endMs`.
 * @param window - from {@link subjectValidityWindow}.
 * @param at - the moment, epoch ms.
 * @param skewMs - tolerated clock difference, ms (0 for a calendar-day question).
 * @returns ok, or `SUBJECT_VALIDITY_NOT_STARTED` / `SUBJECT_VALIDITY_ENDED` with a detail naming the date.
 */
export function judgeSubjectValidity(
  window: SubjectValidityWindow,
  at: number,
  skewMs: number,
): SubjectValidityJudgement {
  const { fields, what } = window;
  if (window.startMs !== undefined && window.startMs > at + skewMs) {
    return {
      ok: false,
      code: ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED,
      detail: `the ${what} is not valid yet: credentialSubject.${fields.from} is ${window.from} (valid from ${isoDate(window.startMs)}, UTC)`,
    };
  }
  if (window.endMs !== undefined && at - skewMs >= window.endMs) {
    return {
      ok: false,
      code: ErrorCodes.SUBJECT_VALIDITY_ENDED,
      detail: `the ${what} lapsed: credentialSubject.${fields.until} is ${window.until} (valid until ${isoDate(window.endMs)}, exclusive, UTC)`,
    };
  }
  return { ok: true };
}

/**
 * Whether a subject window covers a whole calendar day asked about (e.g. a treatment date): the day lies between
 * `validFrom` and `validUntil`, both included — {@link judgeSubjectValidity} at the day's first instant, no skew.
 * @param window - from {@link subjectValidityWindow}.
 * @param day - `YYYY-MM-DD`.
 * @returns the judgement; an unreadable `day` fails closed (`SUBJECT_VALIDITY_NOT_STARTED`).
 */
export function judgeSubjectValidityOnDay(
  window: SubjectValidityWindow,
  day: string,
): SubjectValidityJudgement {
  const at = FULL_DATE.test(day) ? subjectDateMs(day, 'start') : undefined;
  if (at === undefined) {
    return {
      ok: false,
      code: ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED,
      detail: `the day asked about (${day.slice(0, 40)}) is not a YYYY-MM-DD calendar date`,
    };
  }
  return judgeSubjectValidity(window, at, 0);
}
