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
   * of the credential's anchor block (as of its issuance for a type that is not anchored), and presentations
   * (signature, challenge, domain) as of now.
   */
  asOf?: { time?: Date; blockNumber?: bigint };
  /**
   * Refuse a presentation without a valid challenge. Default: true when the verifier has a `NonceStore` or
   * `challenge` is given, false otherwise.
   */
  requireChallenge?: boolean;
  /**
   * `MedtrustAnchorProof`s of the credentials being verified (a wallet keeps them beside its credentials; a
   * presentation carries them in `anchorProofs`), matched by `credentialHash`. Untrusted: each is checked against
   * the chain. At most {@link MAX_ANCHOR_PROOFS}.
   */
  anchorProofs?: readonly unknown[];
}

/** Most anchor proofs accepted with one call (options or a presentation). */
export const MAX_ANCHOR_PROOFS = 64;

/**
 * Checks caller-supplied options (they come from code, not from the credential, so a wrong one is a bug or a bad
 * request and throws).
 * @param options - the options, or undefined.
 * @returns the same options, typed.
 * @throws MedtrustError `INVALID_ARGUMENT` when a member has the wrong type, `challenge` / `domain` is empty or
 *   longer than 512 characters, `asOf.time` is not a valid Date, `asOf.blockNumber` is negative or `anchorProofs` is not a list of at most
 *   {@link MAX_ANCHOR_PROOFS} objects.
 */
export function validateVerifyOptions(options: unknown): VerifyOptions {
  if (options === undefined || options === null) return {};
  const bad = (detail: string) => new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `verify options: ${detail}`);
  if (typeof options !== 'object' || Array.isArray(options)) throw bad('must be an object');
  const { challenge, domain, asOf, requireChallenge, anchorProofs } = options as Record<string, unknown>;
  if (
    anchorProofs !== undefined &&
    (!Array.isArray(anchorProofs) ||
      anchorProofs.length > MAX_ANCHOR_PROOFS ||
      !anchorProofs.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p)))
  ) {
    throw bad(`anchorProofs must be a list of at most ${MAX_ANCHOR_PROOFS} objects`);
  }
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
