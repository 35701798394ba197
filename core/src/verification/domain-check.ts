/**
 * The `domain` check of a presentation: its audience (`aud`) must name this verifier.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckList } from './check-list.ts';

/**
 * Records `domain`: `DOMAIN_MISMATCH` when `expected` is given and `aud` is missing or does not contain it; skipped
 * when no domain is expected.
 * @param list - the presentation's checks.
 * @param audience - the presentation's `aud` values.
 * @param expected - `options.domain`.
 */
export function checkDomain(
  list: CheckList,
  audience: readonly string[] | undefined,
  expected: string | undefined,
): void {
  if (expected === undefined) {
    list.notApplicable('domain', 'no domain expected');
    return;
  }
  if (audience === undefined) {
    list.fail('domain', ErrorCodes.DOMAIN_MISMATCH, 'the presentation names no audience');
  } else if (!audience.includes(expected)) {
    list.fail('domain', ErrorCodes.DOMAIN_MISMATCH, 'the presentation is addressed to another audience');
  } else {
    list.pass('domain');
  }
}
