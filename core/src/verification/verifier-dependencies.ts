import type { DIDResolutionResult } from 'did-resolver';
import type { SchemaValidator } from '@medtrust/schemas';
import type { CredentialStatusReading, StatusPointer } from '../chain/status-registry-reader.ts';
import type { AnchorProofSource, AnchorSource } from './anchor-source.ts';
import type { NonceStore } from './nonce-store.ts';
import type { SignatureVerifier } from './signature-verifier.ts';

/**
 * Resolves DIDs (and DID URLs with a `versionTime` query) to DID documents, e.g. a `did-resolver` `Resolver` or the
 * caching resolver of `createChainVerifierSources`. Should not throw; a throw is treated like an unresolvable DID.
 * @see https://www.w3.org/TR/did-core/#did-resolution
 */
export interface DidResolver {
  /**
   * @param didUrl - a DID, or a DID with `?versionTime=<RFC 3339>` asking for the document as it was then.
   */
  resolve(didUrl: string): Promise<DIDResolutionResult>;
}

/** When to read a status: a block, or the last block at or before a time; the latest block when omitted. */
export interface StatusReadAt {
  blockNumber?: bigint;
  time?: Date;
}

/**
 * Reads credential status from the on-chain `StatusRegistry`.
 * Throws a `MedtrustError` when it cannot answer (`CHAIN_UNAVAILABLE`, or `CONTRACT_REVERTED` for a list or index that
 * does not exist): the verifier reports `STATUS_UNAVAILABLE` and fails closed.
 */
export interface StatusSource {
  /** Address of the `StatusRegistry` this source reads; a credential naming another registry is refused. */
  readonly registry: string;
  /**
   * @param pointer - `(issuer, listId, index)` from the credential's `credentialStatus`.
   * @param at - a historical block or time; the latest (cached) block when omitted.
   * @returns both bits and the block the answer is valid at.
   */
  statusOf(pointer: StatusPointer, at?: StatusReadAt): Promise<CredentialStatusReading>;
  /**
   * The timestamp of a block, used for the validity window of `asOf: { blockNumber }` questions.
   * Optional: without it such questions judge validity at the injected clock's time.
   */
  timeOfBlock?(blockNumber: bigint): Promise<Date>;
}

/**
 * Answers issuer accreditation from the on-chain `TrustRegistry` (e.g. `TrustRegistryReader`, or the cached source of
 * `createChainVerifierSources`). Throws a `MedtrustError` when it cannot answer: the verifier fails closed.
 */
export interface AccreditationSource {
  /**
   * @param issuer - ERC-1056 identity address of the issuer.
   * @param credentialType - e.g. `MedicalLicenseCredential`.
   * @param jurisdiction - ISO 3166 code, e.g. `PT`.
   * @param at - the moment asked about: the anchor block's timestamp (or, for a type that is not anchored, the
   *   credential's issuance).
   * @param blockNumber - the block whose registry state answers (the anchor block), so a record written later
   *   cannot rewrite the past; the current head when omitted.
   * @returns whether it was accredited (directly or through the one delegated level) at that moment.
   */
  isAccredited(
    issuer: `0x${string}`,
    credentialType: string,
    jurisdiction: string,
    at: Date,
    blockNumber?: bigint,
  ): Promise<boolean>;
}

/** Everything the {@link Verifier} needs, injected. */
export interface VerifierDependencies {
  /** DID resolution (`did:ethr` as of a time, `did:key`, `did:web`). */
  resolver: DidResolver;
  /** On-chain credential status. */
  status: StatusSource;
  /** On-chain issuer accreditation. */
  accreditation: AccreditationSource;
  /** JSON Schema validation (`createSchemaValidator()` of `@medtrust/schemas`, built once). */
  schemas: SchemaValidator;
  /** The time source for validity windows and nonce expiry. */
  clock: () => Date;
  /** Issued challenges; without it a presentation's nonce can only be compared with `options.challenge`. */
  nonces?: NonceStore;
  /** Tolerated clock difference for `nbf` / `exp` and for DID documents as of issuance, seconds; 60 by default. */
  clockSkewSeconds?: number;
  /** Signature verification; `node:crypto` when available, pure JavaScript otherwise. */
  signatureVerifier?: SignatureVerifier;
  /**
   * Credential types whose issuer must be accredited in the trust registry (for the type and the subject's
   * `jurisdiction`, at issuance). Default: {@link DEFAULT_ACCREDITATION_REQUIRED_FOR}.
   */
  accreditationRequiredFor?: readonly string[];
  /**
   * Credential types that must carry a `MedtrustStatusRegistryEntry` (so they can be revoked). Others may omit
   * `credentialStatus` (the check is then skipped). Default: {@link DEFAULT_STATUS_REQUIRED_FOR}.
   */
  statusRequiredFor?: readonly string[];
  /**
   * The on-chain `AnchorRegistry` (e.g. `anchors` of `createChainVerifierSources`). Required unless
   * `anchorRequiredFor` is empty.
   */
  anchors?: AnchorSource;
  /** Where the proof of a credential presented without one is fetched (its issuer's public endpoint). */
  anchorProofs?: AnchorProofSource;
  /**
   * Credential types that must be anchored (the `anchoring` check; the anchor block becomes their time of
   * reference). Default: {@link DEFAULT_ANCHOR_REQUIRED_FOR}.
   */
  anchorRequiredFor?: readonly string[];
  /** Longest accepted delay from `nbf` to the anchor block, seconds; {@link DEFAULT_ANCHOR_MAX_LAG_SECONDS}. */
  anchorMaxLagSeconds?: number;
}
