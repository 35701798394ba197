/**
 * The `validity` check: the validity window (`nbf` / `exp`, `issuanceDate` / `expirationDate`, `validFrom` /
 * `validUntil`) against a moment, with a tolerated clock skew — and, for the types listed in
 * `SUBJECT_VALIDITY_FIELDS`, the window of the licence or accreditation the subject carries, judged at the same
 * moment with the same skew (see `subject-validity.ts` for date-only values: whole days in UTC).
 * @see https://www.w3.org/TR/vc-data-model/#expiration
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckList } from './check-list.ts';
import { isoDate } from './credential-time.ts';
import { judgeSubjectValidity, subjectValidityWindow } from './subject-validity.ts';

/** What the subject window is read from: a credential's types and subject claims. */
export interface SubjectValiditySource {
  readonly type: readonly string[];
  readonly credentialSubject: unknown;
}

/**
 * Records `validity`: `CREDENTIAL_NOT_YET_VALID` when `validFrom` is later than `at + skew`,
 * `CREDENTIAL_EXPIRED` when `at - skew` is at or after `validUntil`; then, when `subjectOf` is a type whose subject
 * carries a window, `SUBJECT_VALIDITY_NOT_STARTED` / `SUBJECT_VALIDITY_ENDED` by the same rule. The credential's own
 * window is reported first.
 * @param list - the report's checks.
 * @param validFrom - start, epoch ms (none: no lower bound).
 * @param validUntil - end, epoch ms, exclusive (none: no upper bound).
 * @param at - the moment judged, epoch ms.
 * @param skewMs - tolerated clock difference, ms.
 * @param subjectOf - the credential whose subject window is judged too (none for a presentation).
 */
export function checkValidity(
  list: CheckList,
  validFrom: number | undefined,
  validUntil: number | undefined,
  at: number,
  skewMs: number,
  subjectOf?: SubjectValiditySource,
): void {
  const subject = subjectOf === undefined ? undefined : subjectValidityWindow(subjectOf);
  const subjectHasWindow = subject?.startMs !== undefined || subject?.endMs !== undefined;
  if (validFrom === undefined && validUntil === undefined && !subjectHasWindow) {
    list.notApplicable('validity', 'no validity window');
    return;
  }
  if (validFrom !== undefined && validFrom > at + skewMs) {
    list.fail('validity', ErrorCodes.CREDENTIAL_NOT_YET_VALID, `not valid before ${isoDate(validFrom)}`);
    return;
  }
  if (validUntil !== undefined && at - skewMs >= validUntil) {
    list.fail('validity', ErrorCodes.CREDENTIAL_EXPIRED, `expired at ${isoDate(validUntil)}`);
    return;
  }
  if (subject !== undefined) {
    const judgement = judgeSubjectValidity(subject, at, skewMs);
    if (!judgement.ok) {
      list.fail('validity', judgement.code, judgement.detail);
      return;
    }
  }
  list.pass('validity');
}

/**
 * Records `validity` for a credential: its own window (`validFrom` / `validUntil`, epoch ms) and its subject's
 * (see {@link checkValidity}).
 * @param list - the report's checks.
 * @param credential - the parsed credential (or anything with its window, types and subject).
 * @param at - the moment judged (now, or `asOf`), epoch ms.
 * @param skewMs - tolerated clock difference, ms.
 */
export function checkCredentialValidity(
  list: CheckList,
  credential: SubjectValiditySource & {
    readonly validFrom: number | undefined;
    readonly validUntil: number | undefined;
  },
  at: number,
  skewMs: number,
): void {
  checkValidity(list, credential.validFrom, credential.validUntil, at, skewMs, credential);
}
