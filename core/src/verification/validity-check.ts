/**
 * The `validity` check: the validity window (`nbf` / `exp`, `issuanceDate` / `expirationDate`, `validFrom` /
 * `validUntil`) against a moment, with a tolerated clock skew.
 * @see https://www.w3.org/TR/vc-data-model/#expiration
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckList } from './check-list.ts';
import { isoDate } from './credential-time.ts';

/**
 * Records `validity`: `CREDENTIAL_NOT_YET_VALID` when `validFrom` is later than `at + skew`,
 * `CREDENTIAL_EXPIRED` when `at - skew` is at or after `validUntil`.
 * @param list - the report's checks.
 * @param validFrom - start, epoch ms (none: no lower bound).
 * @param validUntil - end, epoch ms, exclusive (none: no upper bound).
 * @param at - the moment judged, epoch ms.
 * @param skewMs - tolerated clock difference, ms.
 */
export function checkValidity(
  list: CheckList,
  validFrom: number | undefined,
  validUntil: number | undefined,
  at: number,
  skewMs: number,
): void {
  if (validFrom === undefined && validUntil === undefined) {
    list.notApplicable('validity', 'no validity window');
    return;
  }
  if (validFrom !== undefined && validFrom > at + skewMs) {
    list.fail('validity', ErrorCodes.CREDENTIAL_NOT_YET_VALID, `not valid before ${isoDate(validFrom)}`);
  } else if (validUntil !== undefined && at - skewMs >= validUntil) {
    list.fail('validity', ErrorCodes.CREDENTIAL_EXPIRED, `expired at ${isoDate(validUntil)}`);
  } else {
    list.pass('validity');
  }
}
