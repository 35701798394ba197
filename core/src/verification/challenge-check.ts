/**
 * The `challenge` check of a presentation: its `nonce` must be the verifier's challenge — equal to
 * `options.challenge` when given, and consumed from the `NonceStore` (single use, expiring) when one is configured.
 * @see https://www.w3.org/TR/vc-data-model/#jwt-encoding (nonce)
 */
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckList } from './check-list.ts';
import type { NonceStore } from './nonce-store.ts';

/** What the challenge check needs. */
export interface ChallengeInput {
  /** The presentation's `nonce`. */
  nonce: string | undefined;
  /** `options.challenge`. */
  expected: string | undefined;
  /** Whether a presentation without a valid challenge is refused. */
  required: boolean;
  /** The verifier's nonce store, if any. */
  store: NonceStore | undefined;
  /** Whether the presentation's signature verified (a nonce is consumed only by its genuine holder). */
  signatureVerified: boolean;
}

/**
 * Records `challenge`: `CHALLENGE_INVALID` for a missing, different, unknown or expired nonce,
 * `CHALLENGE_REPLAYED` for a nonce already consumed; skipped when no challenge is required and none can be checked.
 * @param list - the presentation's checks.
 * @param input - nonce, expectation and store.
 */
export async function checkChallenge(list: CheckList, input: ChallengeInput): Promise<void> {
  const { nonce, expected, required, store } = input;
  if (nonce === undefined) {
    if (required) list.fail('challenge', ErrorCodes.CHALLENGE_INVALID, 'the presentation carries no nonce');
    else list.notApplicable('challenge', 'no challenge required');
    return;
  }
  if (expected !== undefined && nonce !== expected) {
    list.fail('challenge', ErrorCodes.CHALLENGE_INVALID, 'the nonce is not the expected challenge');
    return;
  }
  if (store === undefined) {
    if (expected !== undefined) list.pass('challenge');
    else list.notApplicable('challenge', 'no challenge to compare the nonce with');
    return;
  }
  if (!input.signatureVerified) {
    list.notEvaluated('challenge', 'not evaluated: the presentation signature did not verify');
    return;
  }
  let outcome;
  try {
    outcome = await store.consume(nonce);
  } catch (error) {
    list.error(
      'challenge',
      ErrorCodes.CHALLENGE_INVALID,
      `nonce store unavailable: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
    );
    return;
  }
  if (outcome === 'valid') list.pass('challenge');
  else if (outcome === 'replayed')
    list.fail('challenge', ErrorCodes.CHALLENGE_REPLAYED, 'the nonce was already used');
  else list.fail('challenge', ErrorCodes.CHALLENGE_INVALID, `the nonce is ${outcome}`);
}
