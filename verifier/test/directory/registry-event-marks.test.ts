// Which stored verifications a batch of registry events makes stale.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { marksTouch, staleMarksOf } from '../../src/directory/registry-event-marks.ts';

const registries = {
  didRegistry: '0x00000000000000000000000000000000000000d1',
  statusRegistry: '0x00000000000000000000000000000000000000d2',
  trustRegistry: '0x00000000000000000000000000000000000000d3',
};
const topic = (hex: string) => `0x${hex.replace(/^0x/, '').padStart(64, '0')}`;
const EVENT = topic('ee');
const ALICE = '0x00000000000000000000000000000000000000a1';
const BOARD = '0x00000000000000000000000000000000000000b0';

describe('registry event marks', () => {
  it('maps ERC-1056, status and trust-registry events to identities, lists and accreditors', () => {
    const marks = staleMarksOf(
      {
        reset: false,
        logs: [
          {
            address: registries.didRegistry.toUpperCase().replace('0X', '0x'),
            topics: [EVENT, topic(ALICE)],
          },
          { address: registries.statusRegistry, topics: [EVENT, topic(BOARD), topic('7'), topic('0')] },
          { address: registries.trustRegistry, topics: [EVENT, topic(BOARD), topic('1'), topic('2')] },
          { address: '0x00000000000000000000000000000000000000ff', topics: [EVENT, topic(ALICE)] },
        ],
      },
      registries,
    );
    assert.deepEqual(marks, {
      issuers: [ALICE, BOARD],
      subjects: [ALICE],
      lists: [`${BOARD}:7`],
      accreditors: [BOARD],
    });
    const record = { issuerAddress: BOARD, subjectAddress: ALICE, statusList: `${BOARD}:1`, accreditors: [] };
    assert.equal(marksTouch({ lists: [`${BOARD}:7`] }, record), false, 'another list of the same issuer');
    assert.equal(marksTouch({ lists: [`${BOARD}:1`] }, record), true);
    assert.equal(marksTouch({ subjects: [ALICE] }, record), true);
    assert.equal(marksTouch({ accreditors: [BOARD] }, { ...record, issuerAddress: ALICE }), false);
    assert.equal(marksTouch({ accreditors: [BOARD] }, { ...record, accreditors: [BOARD] }), true);
  });

  it('marks everything on a reset and nothing for unrelated logs', () => {
    assert.deepEqual(staleMarksOf({ reset: true, logs: [] }, registries), { all: true });
    assert.equal(
      staleMarksOf(
        { reset: false, logs: [{ address: '0x00000000000000000000000000000000000000ff', topics: [] }] },
        registries,
      ),
      undefined,
    );
    assert.deepEqual(
      staleMarksOf(
        { reset: false, logs: [{ address: registries.statusRegistry, topics: [EVENT] }] },
        registries,
      ),
      { all: true },
      'an unreadable status event',
    );
  });
});
