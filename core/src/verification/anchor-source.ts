/**
 * What the verifier needs to check that a credential was anchored: the on-chain `AnchorRegistry` (did the issuer's
 * controller commit this root in this block?) and, optionally, where to fetch the proof of a credential presented
 * without one.
 */

/** An anchor found on-chain. */
export interface AnchorOnChain {
  /** The block carrying the `CredentialsAnchored` event. */
  blockNumber: bigint;
  /** That block's timestamp, Unix seconds: the verifier's time of reference for the credential. */
  timestamp: number;
  /** The anchor transaction. */
  transactionHash: `0x${string}`;
}

/** What {@link AnchorSource.anchorAt} found in the block a proof names. */
export type AnchorAtResult =
  /** The block carries `CredentialsAnchored(issuer, root, …)`. */
  | { state: 'found'; anchor: AnchorOnChain }
  /** The block (at or before the head) carries no such anchor. */
  | { state: 'absent' }
  /** The block is beyond the chain head this verifier has seen (even after refreshing it): ask again shortly. */
  | { state: 'beyond-head' };

/**
 * Reads anchors from the on-chain `AnchorRegistry`. Throws a `MedtrustError` (`CHAIN_UNAVAILABLE`) when it cannot
 * answer: the verifier reports `ANCHOR_UNAVAILABLE` and fails closed.
 */
export interface AnchorSource {
  /** Chain id of the registry; a proof for another chain is refused. */
  readonly chainId: number;
  /** Address of the `AnchorRegistry`; a proof naming another registry is refused. */
  readonly registry: string;
  /**
   * @param issuer - the issuer's ERC-1056 identity address.
   * @param root - the Merkle root.
   * @param blockNumber - the block the proof names (no other block is searched).
   * @returns whether that block carries the anchor, or that it is beyond the head.
   */
  anchorAt(issuer: `0x${string}`, root: `0x${string}`, blockNumber: bigint): Promise<AnchorAtResult>;
}

/** What an issuer says of a credential hash (see {@link AnchorProofSource}). */
export type AnchorProofLookup =
  /** Anchored: the proof (untrusted JSON, checked by the verifier). */
  | { state: 'anchored'; proof: unknown }
  /** Issued and known to its issuer, not anchored yet (check again in a few seconds). */
  | { state: 'pending' }
  /** Nobody asked knows the credential. */
  | { state: 'unknown' };

/**
 * Finds the anchor proof of a credential presented without one, e.g. by asking its issuer's public endpoint.
 * Throws when no source could be asked (network down): the verifier reports `ANCHOR_UNAVAILABLE` (fail closed).
 */
export interface AnchorProofSource {
  /**
   * @param credentialHash - `credentialJwtHash` of the credential.
   * @param issuer - the credential's issuer DID.
   */
  proofFor(credentialHash: `0x${string}`, issuer: string): Promise<AnchorProofLookup>;
}
