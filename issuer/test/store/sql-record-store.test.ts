// The SQL-backed record store behind the issuer's key stores, on SQLite and PostgreSQL.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { SqlRecordStore } from '../../src/store/index.ts';
import { describeStore } from './harness.ts';

describeStore('SqlRecordStore', (ctx) => {
  it('puts, gets, replaces, lists in insertion order and deletes, per collection', async () => {
    const a = new SqlRecordStore<{ n: number }>(ctx.db, 'a');
    const b = new SqlRecordStore<{ n: number }>(ctx.db, 'b');
    await a.put('x', { n: 1 });
    await a.put('y', { n: 2 });
    await b.put('x', { n: 9 });
    await a.put('x', { n: 3 });
    assert.deepEqual(await a.get('x'), { n: 3 });
    assert.equal(await a.get('missing'), undefined);
    assert.deepEqual(await a.list(), [{ n: 3 }, { n: 2 }]);
    assert.deepEqual(await b.list(), [{ n: 9 }]);
    assert.equal(await a.delete('x'), true);
    assert.equal(await a.delete('x'), false);
    assert.deepEqual(await a.list(), [{ n: 2 }]);
  });
});
