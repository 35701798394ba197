// Planning queued changes into batch transactions: packing, grouping, ordering of suspend / reinstate, splitting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StatusAction, StatusChange } from '../../src/store/index.ts';
import { packIndices, planStatusBatches } from '../../src/status/index.ts';

let seq = 0;
function change(action: StatusAction, listIndex: number, organisationId = 'org-a', listId = 1): StatusChange {
  seq++;
  return {
    seq,
    id: `c${seq}`,
    organisationId,
    credentialId: `urn:uuid:${listIndex}`,
    listId,
    listIndex,
    action,
    reason: null,
    requestedAt: '2030-01-01T00:00:00.000Z',
    state: 'pending',
    txHash: null,
    blockNumber: null,
    attempts: 0,
    lastError: null,
  };
}

describe('packIndices', () => {
  it('packs indices into ascending words with one bit per index', () => {
    assert.deepEqual(packIndices([257, 0, 255, 3, 256, 1024, 3]), {
      wordIndices: [0n, 1n, 4n],
      masks: [(1n << 255n) | (1n << 3n) | 1n, 0b11n, 1n],
    });
    const all = packIndices(Array.from({ length: 256 }, (_, i) => 256 + i));
    assert.deepEqual(all, { wordIndices: [1n], masks: [(1n << 256n) - 1n] });
  });

  it('refuses negative and fractional indices', () => {
    assert.throws(() => packIndices([-1]), RangeError);
    assert.throws(() => packIndices([1.5]), RangeError);
  });
});

describe('planStatusBatches', () => {
  it('groups by organisation, list and action, ordered by each group’s oldest change', () => {
    const changes = [
      change('revoke', 5),
      change('suspend', 7),
      change('revoke', 300),
      change('revoke', 2, 'org-b'),
      change('revoke', 6, 'org-a', 2),
      change('suspend', 8),
    ];
    const batches = planStatusBatches(changes);
    assert.deepEqual(
      batches.map((b) => [b.organisationId, b.listId, b.action, b.changes.map((c) => c.listIndex)]),
      [
        ['org-a', 1, 'revoke', [5, 300]],
        ['org-a', 1, 'suspend', [7, 8]],
        ['org-b', 1, 'revoke', [2]],
        ['org-a', 2, 'revoke', [6]],
      ],
    );
    assert.deepEqual(batches[0]!.wordIndices, [0n, 1n]);
    assert.deepEqual(batches[0]!.masks, [1n << 5n, 1n << 44n]);
  });

  it('never sends a later reinstate before an earlier suspend of the same index (nor the reverse)', () => {
    const changes = [
      change('suspend', 1),
      change('suspend', 2),
      change('reinstate', 1),
      change('suspend', 3),
      change('suspend', 1),
      change('reinstate', 3),
      change('reinstate', 2),
    ];
    const batches = planStatusBatches(changes);
    assert.deepEqual(
      batches.map((b) => [b.action, b.changes.map((c) => c.listIndex)]),
      [
        ['suspend', [1, 2, 3]],
        ['reinstate', [1, 3, 2]],
        ['suspend', [1]],
      ],
    );
    // replaying the plan gives the queue's final state for every index
    const suspended = new Set<number>();
    for (const b of batches)
      for (const c of b.changes) {
        if (b.action === 'suspend') suspended.add(c.listIndex);
        else suspended.delete(c.listIndex);
      }
    assert.deepEqual([...suspended].sort(), [1]);
  });

  it('splits a group above the word limit into several transactions of ascending words', () => {
    const changes = [change('revoke', 5 * 256), change('revoke', 0), change('revoke', 2 * 256 + 1)];
    const batches = planStatusBatches(changes, 2);
    assert.deepEqual(
      batches.map((b) => b.wordIndices),
      [[0n, 2n], [5n]],
    );
    assert.deepEqual(
      batches.map((b) => b.changes.map((c) => c.listIndex)),
      [[0, 513], [1280]],
    );
    assert.throws(() => planStatusBatches(changes, 0), RangeError);
  });

  it('returns nothing for nothing', () => {
    assert.deepEqual(planStatusBatches([]), []);
  });
});
