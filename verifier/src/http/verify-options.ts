import { ErrorCodes, MAX_ANCHOR_PROOFS, type VerifyOptions } from '@medtrust/core';
import { HttpError } from './http-error.ts';

const MAX_OPTION_LENGTH = 512;

function invalid(detail: string, pointer: string): HttpError {
  return new HttpError(400, ErrorCodes.INVALID_ARGUMENT, detail, { pointer });
}

function optionalString(value: unknown, pointer: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_OPTION_LENGTH) {
    throw invalid(
      `${pointer} must be a non-empty string of at most ${MAX_OPTION_LENGTH} characters`,
      pointer,
    );
  }
  return value;
}

function asOfOption(value: unknown): VerifyOptions['asOf'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid('options.asOf must be an object', '/options/asOf');
  const { time, blockNumber } = value as Record<string, unknown>;
  const asOf: NonNullable<VerifyOptions['asOf']> = {};
  if (time !== undefined) {
    const ms = typeof time === 'string' ? Date.parse(time) : Number.NaN;
    if (Number.isNaN(ms))
      throw invalid('options.asOf.time must be an RFC 3339 date-time', '/options/asOf/time');
    asOf.time = new Date(ms);
  }
  if (blockNumber !== undefined) {
    const text = typeof blockNumber === 'number' ? String(blockNumber) : blockNumber;
    if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) {
      throw invalid('options.asOf.blockNumber must be a non-negative integer', '/options/asOf/blockNumber');
    }
    asOf.blockNumber = BigInt(text);
  }
  return asOf;
}

function anchorProofsOption(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  const pointer = '/options/anchorProofs';
  if (!Array.isArray(value) || value.length > MAX_ANCHOR_PROOFS) {
    throw invalid(`options.anchorProofs must be a list of at most ${MAX_ANCHOR_PROOFS} objects`, pointer);
  }
  const bad = value.findIndex((p) => typeof p !== 'object' || p === null || Array.isArray(p));
  if (bad !== -1) {
    throw invalid(`options.anchorProofs[${bad}] must be a MedtrustAnchorProof object`, `${pointer}/${bad}`);
  }
  return value as unknown[];
}

/**
 * Reads the `options` member of a verification request (W3C VC-API `{challenge, domain}`, plus medtrust's
 * `asOf: {time, blockNumber}` for a historical answer, `requireChallenge`, and `anchorProofs`: the
 * `MedtrustAnchorProof`s of the credentials, at most 64 objects, each checked against the chain). Unknown members
 * are ignored, as the VC-API allows.
 * @param value - the request's `options` (may be undefined).
 * @returns the verifier options.
 * @throws HttpError 400 `INVALID_ARGUMENT` (with a JSON pointer) for a malformed option.
 */
export function parseVerifyOptions(value: unknown): VerifyOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid('options must be a JSON object', '/options');
  const raw = value as Record<string, unknown>;
  const options: VerifyOptions = {};
  const challenge = optionalString(raw.challenge, '/options/challenge');
  const domain = optionalString(raw.domain, '/options/domain');
  const asOf = asOfOption(raw.asOf);
  const anchorProofs = anchorProofsOption(raw.anchorProofs);
  if (raw.requireChallenge !== undefined && typeof raw.requireChallenge !== 'boolean') {
    throw invalid('options.requireChallenge must be a boolean', '/options/requireChallenge');
  }
  if (challenge !== undefined) options.challenge = challenge;
  if (domain !== undefined) options.domain = domain;
  if (asOf !== undefined) options.asOf = asOf;
  if (anchorProofs !== undefined) options.anchorProofs = anchorProofs;
  if (typeof raw.requireChallenge === 'boolean') options.requireChallenge = raw.requireChallenge;
  return options;
}
