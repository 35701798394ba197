/**
 * The Merkle tree an issuer anchors on-chain: one leaf per credential, the leaf value being the credential's hash
 * ({@link credentialJwtHash}: SHA-256 of its compact JWT). Built with OpenZeppelin's `StandardMerkleTree`
 * (`bytes32` leaves, double-hashed with keccak-256, so a leaf can never be mistaken for an inner node), the same
 * construction OpenZeppelin's `MerkleProof.verify` checks in Solidity.
 * @see https://github.com/OpenZeppelin/merkle-tree
 */
import { getProof, makeMerkleTree, processProof } from '@openzeppelin/merkle-tree/dist/core.js';
import { keccak256 } from 'viem';

const BYTES32 = /^0x[0-9a-f]{64}$/;

/** One anchored batch: its root and the inclusion proof of each credential hash. */
export interface AnchorTree {
  /** The Merkle root, `0x` + 64 lowercase hex digits: what goes on-chain. */
  readonly root: `0x${string}`;
  /** Number of leaves. */
  readonly size: number;
  /**
   * @param credentialHash - a hash the tree was built from.
   * @returns its inclusion proof (sibling hashes from leaf to root).
   * @throws RangeError when the hash is not a leaf of this tree.
   */
  proofOf(credentialHash: string): `0x${string}`[];
}

/**
 * Builds the tree over a batch of credential hashes (kept in the given order; duplicates refused).
 * @param credentialHashes - `0x` + 64 hex digits each, at least one.
 * @returns the root and proofs.
 * @throws RangeError for an empty batch, a malformed hash or a duplicate.
 */
export function buildAnchorTree(credentialHashes: readonly string[]): AnchorTree {
  if (credentialHashes.length === 0) throw new RangeError('an anchor needs at least one credential');
  const index = new Map<string, number>();
  const values = credentialHashes.map((hash, i) => {
    const normalised = hash.toLowerCase();
    if (!BYTES32.test(normalised)) throw new RangeError(`not a credential hash: ${hash.slice(0, 80)}`);
    if (index.has(normalised)) throw new RangeError(`duplicate credential hash ${normalised}`);
    index.set(normalised, i);
    return [normalised];
  });
  // The StandardMerkleTree of these values (`['bytes32']`, leaves unsorted), built by OpenZeppelin's own
  // makeMerkleTree / getProof over leaf hashes computed directly (see leafHash): StandardMerkleTree.of encodes every
  // leaf with a generic ABI encoder and getProof re-verifies every proof it returns, together ~540 µs per credential
  // of an issuance batch (measured), for the same root and proofs.
  const tree = makeMerkleTree(values.map(([value]) => leafHash(value!)));
  return {
    root: tree[0]!.toLowerCase() as `0x${string}`,
    size: values.length,
    proofOf(credentialHash) {
      const i = index.get(credentialHash.toLowerCase());
      if (i === undefined) throw new RangeError('not a leaf of this anchor');
      return getProof(tree, tree.length - 1 - i).map((h) => h.toLowerCase() as `0x${string}`);
    },
  };
}

/**
 * The leaf of one `bytes32` value in OpenZeppelin's StandardMerkleTree: keccak256(keccak256(abi.encode(value))), and
 * `abi.encode` of a `bytes32` is its 32 bytes.
 * @param value - `0x` + 64 lowercase hex digits.
 */
function leafHash(value: string): `0x${string}` {
  return keccak256(keccak256(value as `0x${string}`));
}

/**
 * Checks that `credentialHash` is a leaf of the tree with `root`. Never throws: malformed input is `false`.
 * @param root - the anchored root.
 * @param credentialHash - the credential's hash.
 * @param proof - its inclusion proof (at most 64 hashes).
 * @returns whether the proof leads from the leaf to the root.
 */
export function verifyAnchorInclusion(
  root: string,
  credentialHash: string,
  proof: readonly string[],
): boolean {
  if (typeof root !== 'string' || typeof credentialHash !== 'string' || !Array.isArray(proof)) return false;
  if (proof.length > 64) return false;
  const values = [root, credentialHash, ...proof].map((h) => (typeof h === 'string' ? h.toLowerCase() : ''));
  if (!values.every((h) => BYTES32.test(h))) return false;
  try {
    // StandardMerkleTree's leaf of one bytes32 is keccak256(keccak256(abi.encode(value))), and abi.encode of a
    // bytes32 is its 32 bytes: hashed directly, as OpenZeppelin's generic ABI encoder (9 % of a verification worker's
    // time, measured; it builds an Error per call) is not needed for it; the library's own processProof then climbs
    // the proof with its node hash.
    return processProof(leafHash(values[1]!), values.slice(2)).toLowerCase() === values[0];
  } catch {
    return false;
  }
}
