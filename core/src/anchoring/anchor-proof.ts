/**
 * The public proof that a credential was anchored: its hash is a leaf of a Merkle root that its issuer's controller
 * committed to the `AnchorRegistry` in a given block. Issuers serve it by credential hash, wallets keep it beside the
 * credential, presentations carry it (signed by the holder with the presentation), directories read it from feeds.
 * It carries no personal data: hashes, an address, a block and a transaction. This file imports nothing, so the web
 * app loads it too (`@medtrust/core/anchor-proof`).
 */

/** The JSON form of an anchor proof. */
export interface AnchorProof {
  /** Always `MedtrustAnchorProof`. */
  type: 'MedtrustAnchorProof';
  /** SHA-256 of the credential's compact JWT (`credentialJwtHash`), `0x` + 64 lowercase hex digits. */
  credentialHash: `0x${string}`;
  /** The issuer's ERC-1056 identity address (the `issuer` of the `CredentialsAnchored` event), lowercase. */
  issuer: `0x${string}`;
  /** The anchored Merkle root. */
  root: `0x${string}`;
  /** Inclusion proof: sibling hashes from the leaf to the root (OpenZeppelin `StandardMerkleTree`, `bytes32`). */
  proof: `0x${string}`[];
  /** Chain id of the anchor. */
  chainId: number;
  /** Address of the `AnchorRegistry` that emitted the event, lowercase. */
  anchorRegistry: `0x${string}`;
  /** The block that carries the anchor transaction, decimal string. */
  blockNumber: string;
  /** The anchor transaction. */
  transactionHash: `0x${string}`;
}

/** Where a root was anchored: what every proof of one anchor shares. */
export interface AnchorLocation {
  /** The issuer's ERC-1056 identity address the root was anchored under. */
  issuer: string;
  /** The anchored Merkle root. */
  root: string;
  /** Chain id of the anchor. */
  chainId: number;
  /** Address of the `AnchorRegistry`. */
  anchorRegistry: string;
  /** The block that carries the anchor transaction. */
  blockNumber: bigint | number | string;
  /** The anchor transaction. */
  transactionHash: string;
}

/**
 * The proof of one leaf of a confirmed anchor, in the public form (hex lowercase, block number as a decimal string).
 * Used by whoever anchors (the issuer's publisher, test fixtures, benchmarks), so every proof is written one way.
 * @param credentialHash - the leaf (`credentialJwtHash`).
 * @param path - its inclusion path (`AnchorTree.proofOf`).
 * @param at - where the root was anchored.
 * @returns the proof.
 */
export function anchorProofOf(
  credentialHash: string,
  path: readonly string[],
  at: AnchorLocation,
): AnchorProof {
  const lower = (s: string) => s.toLowerCase() as `0x${string}`;
  return {
    type: 'MedtrustAnchorProof',
    credentialHash: lower(credentialHash),
    issuer: lower(at.issuer),
    root: lower(at.root),
    proof: path.map(lower),
    chainId: at.chainId,
    anchorRegistry: lower(at.anchorRegistry),
    blockNumber: String(at.blockNumber),
    transactionHash: lower(at.transactionHash),
  };
}

/** The result of {@link parseAnchorProof}. */
export type AnchorProofParse = { ok: true; proof: AnchorProof } | { ok: false; detail: string };

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;
/** Longest inclusion proof accepted (a tree of 2^32 leaves). */
const MAX_PROOF_LENGTH = 32;

/**
 * Validates untrusted JSON as an anchor proof (shape only: {@link verifyAnchorInclusion} and the chain decide whether
 * it is true). Hex is normalised to lowercase. Never throws.
 * @param value - parsed JSON.
 * @returns the proof, or why it is malformed.
 */
export function parseAnchorProof(value: unknown): AnchorProofParse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, detail: 'an anchor proof is an object' };
  }
  const v = value as Record<string, unknown>;
  if (v.type !== 'MedtrustAnchorProof') return { ok: false, detail: 'type must be MedtrustAnchorProof' };
  for (const name of ['credentialHash', 'root', 'transactionHash'] as const) {
    if (typeof v[name] !== 'string' || !BYTES32.test(v[name])) {
      return { ok: false, detail: `${name} must be 0x + 64 hex digits` };
    }
  }
  for (const name of ['issuer', 'anchorRegistry'] as const) {
    if (typeof v[name] !== 'string' || !ADDRESS.test(v[name])) {
      return { ok: false, detail: `${name} must be an address` };
    }
  }
  if (!Number.isSafeInteger(v.chainId) || (v.chainId as number) <= 0) {
    return { ok: false, detail: 'chainId must be a positive integer' };
  }
  if (typeof v.blockNumber !== 'string' || !DECIMAL.test(v.blockNumber)) {
    return { ok: false, detail: 'blockNumber must be a decimal string' };
  }
  if (
    !Array.isArray(v.proof) ||
    v.proof.length > MAX_PROOF_LENGTH ||
    !v.proof.every((h) => typeof h === 'string' && BYTES32.test(h))
  ) {
    return { ok: false, detail: `proof must be at most ${MAX_PROOF_LENGTH} hashes` };
  }
  const lower = <T extends string>(s: unknown) => (s as string).toLowerCase() as T;
  return {
    ok: true,
    proof: {
      type: 'MedtrustAnchorProof',
      credentialHash: lower(v.credentialHash),
      issuer: lower(v.issuer),
      root: lower(v.root),
      proof: (v.proof as string[]).map((h) => lower<`0x${string}`>(h)),
      chainId: v.chainId as number,
      anchorRegistry: lower(v.anchorRegistry),
      blockNumber: v.blockNumber,
      transactionHash: lower(v.transactionHash),
    },
  };
}
