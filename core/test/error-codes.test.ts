// Every stable code is SCREAMING_SNAKE, equals its key, and is documented in docs/error-codes.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ErrorCodes } from '@medtrust/core';

describe('error codes', () => {
  const doc = readFileSync(new URL('../../docs/error-codes.md', import.meta.url), 'utf8');
  for (const [key, code] of Object.entries(ErrorCodes)) {
    it(`${code} is stable and documented`, () => {
      assert.equal(code, key);
      assert.match(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      assert.ok(doc.includes(`\`${code}\``), `${code} missing from docs/error-codes.md`);
    });
  }
});
