import { anchorProofOf, type AnchorProof } from '@medtrust/core';
import {
  findCredentialAnchor,
  findCredentialAnchorsByIds,
  type CredentialAnchorRecord,
  type Database,
} from '../store/index.ts';

/** Where the issuer anchors: what every proof names besides the anchor itself. */
export interface AnchorChain {
  chainId: number;
  /** The `AnchorRegistry` contract. */
  anchorRegistry: string;
}

/**
 * A credential's anchoring as the API shows it: `anchored` with its public {@link AnchorProof} once its anchor is
 * confirmed on-chain, `pending` until then (queued, or under an anchor not confirmed yet).
 */
export type CredentialAnchorView = { state: 'anchored'; proof: AnchorProof } | { state: 'pending' };

/** `0x` + 64 hex digits (either case): the shape of a credential hash in a URL. */
export const CREDENTIAL_HASH_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/**
 * The public view of a stored record.
 * @param record - from the store.
 * @param chain - chain id and registry of the issuer's anchors.
 * @returns `anchored` with the proof when its anchor is confirmed, else `pending`.
 */
export function anchorViewOf(record: CredentialAnchorRecord, chain: AnchorChain): CredentialAnchorView {
  const { anchor, proof } = record;
  if (
    anchor?.state !== 'confirmed' ||
    proof === undefined ||
    anchor.txHash === null ||
    anchor.blockNumber === null
  ) {
    return { state: 'pending' };
  }
  return {
    state: 'anchored',
    proof: anchorProofOf(record.credentialHash, proof, {
      issuer: anchor.issuer,
      root: anchor.root,
      chainId: chain.chainId,
      anchorRegistry: chain.anchorRegistry,
      blockNumber: anchor.blockNumber,
      transactionHash: anchor.txHash,
    }),
  };
}

/** Reads anchor proofs for the HTTP routes (public proof route, credential details, publication feed). */
export interface AnchorProofLookup {
  /**
   * @param credentialHash - `0x` + 64 hex digits, either case.
   * @returns the credential's anchoring, or undefined for a hash no stored credential has.
   */
  byHash(credentialHash: string): Promise<CredentialAnchorView | undefined>;
  /**
   * @param credentialIds - credential ids.
   * @returns the anchoring of each known one, by id.
   */
  byCredentialIds(credentialIds: readonly string[]): Promise<Map<string, CredentialAnchorView>>;
}

/**
 * {@link AnchorProofLookup} over the issuer database.
 * @param db - the issuer database.
 * @param chain - chain id and registry of the anchors.
 * @returns the lookup.
 */
export function createAnchorProofLookup(db: Database, chain: AnchorChain): AnchorProofLookup {
  return {
    async byHash(credentialHash) {
      const record = await findCredentialAnchor(db, credentialHash.toLowerCase());
      return record === undefined ? undefined : anchorViewOf(record, chain);
    },
    async byCredentialIds(credentialIds) {
      const records = await findCredentialAnchorsByIds(db, credentialIds);
      return new Map([...records].map(([id, record]) => [id, anchorViewOf(record, chain)]));
    },
  };
}
