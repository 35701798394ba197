// Malformed paging and filter parameters on every listing route, against SQLite and PostgreSQL: garbage, negative,
// huge, non-numeric and wrongly encoded values answer 400 INVALID_ARGUMENT, never a 500; well-formed ones still work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor } from '../../src/store/pagination.ts';
import { startAppHarness, type AppHarness } from './app-harness.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Cursor values that no page ever returned. */
const BAD_CURSORS = [
  'garbage',
  '!!!!',
  '',
  '%00',
  'WyJhIiwiYiJd=', // padded
  'WyJhIiwi+iJd', // standard base64 alphabet
  'WyJhIiwiYiJdX', // trailing bits: decodes like another string
  b64('not json'),
  b64('{}'),
  b64('null'),
  b64('[1,2]'),
  b64('["a"]'),
  b64('["a","b","c"]'),
  b64('["a\\u0000","b"]'),
  b64('[1e400,"b"]'),
  'A'.repeat(501),
  encodeURIComponent('ü€'),
];

/** Integer values that are not a non-negative integer in range. */
const BAD_INTEGERS = ['-1', 'abc', '1.5', '1e3', '0x10', ' 5', '', '99999999999999999999', 'NaN', 'Infinity'];

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`issuer HTTP query parameters [${dialect}]`, () => {
    let harness: AppHarness;
    before(async () => {
      harness = await startAppHarness(dialect);
    });
    after(async () => {
      await harness?.close();
    });

    async function expect400(path: string, key: string | undefined = harness.keys.a.auditor) {
      const res = await harness.call('GET', path, key);
      assert.equal(res.status, 400, `${path} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'INVALID_ARGUMENT', path);
      assert.equal(typeof res.body.detail, 'string', path);
    }

    it('GET /credentials refuses a cursor no page returned with 400 INVALID_ARGUMENT', async () => {
      for (const cursor of BAD_CURSORS) await expect400(`/credentials?cursor=${cursor}`);
      await expect400(`/credentials?cursor=${b64('["a","b"]')}&cursor=${b64('["a","b"]')}`);
    });

    it('GET /credentials still pages with a well-formed cursor', async () => {
      const cursor = encodeCursor([
        '2999-01-01T00:00:00.000Z',
        'urn:uuid:00000000-0000-0000-0000-000000000000',
      ]);
      const res = await harness.call('GET', `/credentials?cursor=${cursor}&limit=5`, harness.keys.a.auditor);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.items, []);
    });

    it('GET /credentials refuses a limit out of 1…500 or not an integer', async () => {
      for (const limit of [...BAD_INTEGERS, '0', '501']) await expect400(`/credentials?limit=${limit}`);
      await expect400('/credentials?limit=5&limit=6');
      assert.equal((await harness.call('GET', '/credentials?limit=500', harness.keys.a.auditor)).status, 200);
    });

    it('GET /credentials refuses NUL characters and arrays in its filters', async () => {
      for (const name of ['type', 'subject', 'q']) {
        await expect400(`/credentials?${name}=a%00b`);
        await expect400(`/credentials?${name}=a&${name}=b`);
      }
      await expect400('/credentials/urn%3Auuid%3A%00');
    });

    it('GET /audit refuses a before that is not a sequence number', async () => {
      for (const value of BAD_INTEGERS) await expect400(`/audit?before=${value}`);
      await expect400('/audit?before=1&before=2');
      await expect400('/audit?before=%00');
      const res = await harness.call('GET', '/audit?before=9007199254740991', harness.keys.a.auditor);
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(res.body.entries));
    });

    it('GET /public/credentials refuses a bad after or limit', async () => {
      for (const value of BAD_INTEGERS) await expect400(`/public/credentials?after=${value}`, undefined);
      for (const value of [...BAD_INTEGERS, '0', '501']) {
        await expect400(`/public/credentials?limit=${value}`, undefined);
      }
      await expect400('/public/credentials?after=1&after=2', undefined);
      const res = await harness.call(
        'GET',
        '/public/credentials?after=9007199254740991&limit=500',
        undefined,
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.next, '9007199254740991');
    });

    it('batch routes answer 400 or 404 for garbage ids and types, never a 500', async () => {
      await expect400('/batches/%00');
      const unknown = await harness.call('GET', '/batches/not-a-batch', harness.keys.a.auditor);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'NOT_FOUND');
      const csv = { body: 'name\nx\n', headers: { 'content-type': 'text/csv' } };
      for (const query of ['type=a%00b', 'type=a&type=b', '']) {
        const res = await harness.call('POST', `/batches?${query}`, harness.keys.a.operator, csv);
        assert.equal(res.status, 400, query);
        assert.equal(res.body.code, 'INVALID_ARGUMENT', query);
      }
    });
  });
}
