/**
 * What `verifyProvenance` is asked about and what it needs injected.
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import type { AccreditationSource } from '../verification/verifier-dependencies.ts';

/**
 * The credentials of one delivery. Every member is untrusted and optional; whatever is missing or malformed is
 * reported, never thrown. Credentials may be compact JWTs, JSON forms with a `JwtProof2020` proof, or VCDM 2.0
 * envelopes.
 */
export interface ProvenanceInput {
  /** The `DrugBatchCredential` (or carried in `presentation`). */
  batch?: unknown;
  /** The `CustodyTransferCredential`s of the chain, in any order (or carried in `presentation`). */
  transfers?: readonly unknown[];
  /**
   * A presentation signed by the presenting party (the final receiver) carrying the batch and transfer credentials
   * (and possibly accreditation credentials). Its holder is the presenter.
   */
  presentation?: unknown;
  /** `SupplierAccreditationCredential`s of the senders (any number, any order). */
  accreditations?: readonly unknown[];
  /** DID of the party the chain must end at, when there is no presentation (or to double-check its holder). */
  presenter?: string;
  /**
   * Every transfer of this batch a directory knows about (any branch), to detect stock sent out twice: a party on the
   * chain whose verified outgoing transfers exceed what it verifiably received fails `quantity`.
   */
  knownTransfers?: readonly unknown[];
}

/** Dependencies and options of `verifyProvenance`. */
export interface ProvenanceOptions {
  /** The on-chain `TrustRegistry` (e.g. `createChainVerifierSources(...).accreditation`). */
  trustRegistry: AccreditationSource;
  /** The clock batch expiry is judged against; pass the verifier's clock. `() => new Date()` when omitted. */
  clock?: () => Date;
  /**
   * Looks up the `SupplierAccreditationCredential`s of a DID (e.g. from a directory), in addition to
   * `input.accreditations`. A throw makes the dependent checks `error` (`CREDENTIAL_LOOKUP_UNAVAILABLE`).
   */
  accreditationsOf?: (did: string) => Promise<readonly unknown[]>;
  /** The presentation's expected challenge (nonce). */
  challenge?: string;
  /** The presentation's expected audience. */
  domain?: string;
  /** Refuse a presentation without a valid challenge (see `VerifyOptions.requireChallenge`). */
  requireChallenge?: boolean;
  /** Type key of each sender's on-chain accreditation; `CustodyTransferCredential` by default. */
  transferAccreditationType?: string;
  /** Type key of the manufacturer's on-chain accreditation at batch issuance; `DrugBatchCredential` by default. */
  batchAccreditationType?: string;
}

/**
 * Checks caller-supplied options (code, not untrusted input: a wrong one throws).
 * @param options - the options.
 * @returns the same options, typed.
 * @throws MedtrustError `INVALID_ARGUMENT` when `trustRegistry.isAccredited` is missing or a member has the wrong
 *   type.
 */
export function validateProvenanceOptions(options: unknown): ProvenanceOptions {
  const bad = (detail: string) =>
    new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `provenance options: ${detail}`);
  if (typeof options !== 'object' || options === null) throw bad('options are required');
  const o = options as Record<string, unknown>;
  if (typeof (o.trustRegistry as AccreditationSource | undefined)?.isAccredited !== 'function') {
    throw bad('trustRegistry.isAccredited is required');
  }
  for (const name of ['clock', 'accreditationsOf'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function') throw bad(`${name} must be a function`);
  }
  for (const name of ['transferAccreditationType', 'batchAccreditationType'] as const) {
    if (o[name] !== undefined && (typeof o[name] !== 'string' || o[name] === '')) {
      throw bad(`${name} must be a non-empty string`);
    }
  }
  return options as ProvenanceOptions;
}
