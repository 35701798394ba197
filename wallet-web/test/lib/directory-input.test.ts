// The directory's forms: values tidied and checked with the directory's own rules before anything is sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBatchInput, checkSearchInput, isValidInput } from '../../src/lib/directory-input.ts';

describe('directory form checks', () => {
  it('tidies a search: words trimmed and collapsed, jurisdiction upper-cased', () => {
    const checked = checkSearchInput({ q: '  Inês   Ferreira ', kind: 'doctor', jurisdiction: ' pt-11 ' });
    assert.deepEqual(checked, {
      value: { q: 'Inês Ferreira', kind: 'doctor', jurisdiction: 'PT-11' },
      errors: {},
    });
    assert.ok(isValidInput(checked));
    assert.ok(isValidInput(checkSearchInput({ q: '', kind: '', jurisdiction: '' })));
  });

  it('refuses what the directory would refuse, per field', () => {
    const checked = checkSearchInput({ q: 'x'.repeat(201), kind: '', jurisdiction: 'Portugal' });
    assert.equal(checked.errors.q, 'Use at most 200 characters.');
    assert.match(checked.errors.jurisdiction!, /country code such as PT/);
    assert.ok(!isValidInput(checked));
    assert.equal(
      checkSearchInput({ q: 'a\u0007b', kind: '', jurisdiction: '' }).errors.q,
      'Remove the control characters.',
    );
    assert.ok(isValidInput(checkSearchInput({ q: 'x'.repeat(200), kind: '', jurisdiction: 'TR-34' })));
  });

  it('checks a batch look-up: GTIN digits (spaces and dashes dropped), lot characters', () => {
    assert.deepEqual(checkBatchInput({ gtin: ' 0 5601234 567891 ', lot: ' BTX2025-117 ' }), {
      value: { gtin: '05601234567891', lot: 'BTX2025-117' },
      errors: {},
    });
    assert.deepEqual(checkBatchInput({ gtin: '', lot: '' }).errors, {
      gtin: 'Enter the GTIN printed under the barcode.',
      lot: 'Enter the lot (batch) number printed on the pack.',
    });
    assert.deepEqual(checkBatchInput({ gtin: '123456789', lot: 'LOT 7' }).errors, {
      gtin: 'A GTIN has 8, 12, 13 or 14 digits.',
      lot: "A lot has up to 20 letters, digits, '.', '_' or '-'.",
    });
    assert.equal(checkBatchInput({ gtin: '12345678', lot: 'A'.repeat(21) }).errors.lot !== undefined, true);
    assert.deepEqual(checkBatchInput({ gtin: '12345678', lot: 'L.2026_07-a' }).errors, {});
  });
});
