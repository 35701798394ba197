import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';

/**
 * Options of one verification (W3C VC-API `options`, plus medtrust's historical `asOf`).
 * @see https://w3c-ccg.github.io/vc-api/#verify-presentation
 */
export interface VerifyOptions {
  /**
   * The challenge the presentation's `nonce` must equal. With a `NonceStore` configured, the nonce is also consumed
   * from the store (single use, expiring).
   */
  challenge?: string;
  /** The audience (`aud`) the presentation must name: this verifier's domain or client id. */
  domain?: string;
  /**
   * Answer a historical question: was the credential valid then? `time` is used for the validity window and mapped
   * to the last block at or before it for the status; `blockNumber` reads the status at that block (and, without
   * `time`, uses that block's timestamp for the validity window). DID keys and accreditation are always judged as
   * of the credential's issuance, and presentations (signature, challenge, domain) as of now.
   */
  asOf?: { time?: Date; blockNumber?: bigint };
  /**
   * Refuse a presentation without a valid challenge. Default: true when the verifier has a `NonceStore` or
   * `challenge` is given, false otherwise.
   */
  requireChallenge?: boolean;
}

/**
 * Checks caller-supplied options (they come from code, not from the credential, so a wrong one is a bug or a bad
 * request and throws).
 * @param options - the options, or undefined.
 * @returns the same options, typed.
 * @throws MedtrustError `INVALID_ARGUMENT` when a member has the wrong type, `challenge` / `domain` is empty or
 *   longer than 512 characters, `asOf.time` is not a valid Date or `asOf.blockNumber` is negative.
 */
export function validateVerifyOptions(options: unknown): VerifyOptions {
  if (options === undefined || options === null) return {};
  const bad = (detail: string) => new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `verify options: ${detail}`);
  if (typeof options !== 'object' || Array.isArray(options)) throw bad('must be an object');
  const { challenge, domain, asOf, requireChallenge } = options as Record<string, unknown>;
  for (const [name, value] of [
    ['challenge', challenge],
    ['domain', domain],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > 512)) {
      throw bad(`${name} must be a non-empty string of at most 512 characters`);
    }
  }
  if (requireChallenge !== undefined && typeof requireChallenge !== 'boolean') {
    throw bad('requireChallenge must be a boolean');
  }
  if (asOf !== undefined) {
    if (typeof asOf !== 'object' || asOf === null || Array.isArray(asOf)) throw bad('asOf must be an object');
    const { time, blockNumber } = asOf as Record<string, unknown>;
    if (time !== undefined && (!(time instanceof Date) || Number.isNaN(time.getTime()))) {
      throw bad('asOf.time must be a valid Date');
    }
    if (blockNumber !== undefined && (typeof blockNumber !== 'bigint' || blockNumber < 0n)) {
      throw bad('asOf.blockNumber must be a non-negative bigint');
    }
  }
  return options as VerifyOptions;
}
