// The anchor tree and proof parser: every leaf's proof verifies, anything altered does not, malformed input is
// refused without throwing; the root is the one OpenZeppelin's MerkleProof would check (double-hashed bytes32 leaves).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeAbiParameters, keccak256, concat } from 'viem';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { buildAnchorTree, credentialJwtHash, parseAnchorProof, verifyAnchorInclusion } from '@medtrust/core';

const hashes = Array.from({ length: 37 }, () => credentialJwtHash(`jwt-${randomBytes(16).toString('hex')}`));

describe('anchor tree', () => {
  it('every credential of a flush has a proof that leads to the root; others do not', () => {
    const tree = buildAnchorTree(hashes);
    assert.equal(tree.size, hashes.length);
    for (const hash of hashes) assert.equal(verifyAnchorInclusion(tree.root, hash, tree.proofOf(hash)), true);
    const stranger = credentialJwtHash('not issued');
    assert.equal(verifyAnchorInclusion(tree.root, stranger, tree.proofOf(hashes[0]!)), false);
    assert.throws(() => tree.proofOf(stranger), RangeError);
    const proof = tree.proofOf(hashes[3]!);
    const altered = [...proof];
    altered[0] = `0x${'00'.repeat(32)}`;
    assert.equal(verifyAnchorInclusion(tree.root, hashes[3]!, altered), false);
    assert.equal(verifyAnchorInclusion(tree.root, hashes[3]!, proof.slice(1)), false);
  });

  it("has OpenZeppelin StandardMerkleTree's root and proofs, leaves in issuance order, for every size up to 70", () => {
    const many = Array.from({ length: 70 }, () =>
      credentialJwtHash(`jwt-${randomBytes(16).toString('hex')}`),
    );
    for (let size = 1; size <= many.length; size++) {
      const values = many.slice(0, size);
      const ours = buildAnchorTree(values);
      const theirs = StandardMerkleTree.of(
        values.map((v) => [v]),
        ['bytes32'],
        { sortLeaves: false },
      );
      assert.equal(ours.root, theirs.root.toLowerCase(), `root of ${size}`);
      values.forEach((value, i) => {
        assert.deepEqual(
          ours.proofOf(value),
          theirs.getProof(i).map((h) => h.toLowerCase()),
          `proof ${i} of ${size}`,
        );
      });
    }
  });

  it('a single credential is its own tree: root = keccak(keccak(abi.encode(hash))), empty proof', () => {
    const tree = buildAnchorTree([hashes[0]!]);
    const leaf = keccak256(concat([keccak256(encodeAbiParameters([{ type: 'bytes32' }], [hashes[0]!]))]));
    assert.equal(tree.root, leaf);
    assert.deepEqual(tree.proofOf(hashes[0]!), []);
    assert.equal(verifyAnchorInclusion(tree.root, hashes[0]!, []), true);
  });

  it('refuses empty, malformed and duplicate batches', () => {
    assert.throws(() => buildAnchorTree([]), RangeError);
    assert.throws(() => buildAnchorTree(['0x12']), RangeError);
    assert.throws(
      () => buildAnchorTree([hashes[0]!, hashes[0]!.toUpperCase().replace('0X', '0x')]),
      RangeError,
    );
  });

  it('malformed inclusion input is false, never a throw', () => {
    for (const [root, leaf, proof] of [
      ['0x', hashes[0], []],
      [hashes[0], 42, []],
      [hashes[0], hashes[1], 'x'],
      [hashes[0], hashes[1], [1]],
      [hashes[0], hashes[1], Array.from({ length: 65 }, () => hashes[2])],
    ] as const) {
      assert.equal(verifyAnchorInclusion(root as never, leaf as never, proof as never), false);
    }
  });
});

describe('anchor proof parser', () => {
  const tree = buildAnchorTree(hashes);
  const good = {
    type: 'MedtrustAnchorProof',
    credentialHash: hashes[1]!,
    issuer: `0x${'AB'.repeat(20)}`,
    root: tree.root,
    proof: tree.proofOf(hashes[1]!),
    chainId: 31337,
    anchorRegistry: `0x${'cd'.repeat(20)}`,
    blockNumber: '12',
    transactionHash: `0x${'ef'.repeat(32)}`,
  };

  it('accepts a well-formed proof and lowercases its hex', () => {
    const parsed = parseAnchorProof(good);
    assert.equal(parsed.ok, true);
    if (parsed.ok) assert.equal(parsed.proof.issuer, `0x${'ab'.repeat(20)}`);
  });

  it('refuses every malformed member', () => {
    for (const change of [
      { type: 'Other' },
      { credentialHash: '0x1' },
      { issuer: 'did:ethr:0x1' },
      { root: 42 },
      { proof: ['0x12'] },
      { proof: 'x' },
      { chainId: 0 },
      { chainId: 1.5 },
      { anchorRegistry: null },
      { blockNumber: 12 },
      { blockNumber: '012' },
      { transactionHash: '' },
    ]) {
      assert.equal(parseAnchorProof({ ...good, ...change }).ok, false, JSON.stringify(change));
    }
    for (const value of [null, [], 'proof', 7]) assert.equal(parseAnchorProof(value).ok, false);
  });
});
