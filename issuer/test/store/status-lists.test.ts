// Status-index allocation: atomic under heavy concurrency, rolled back with its transaction, never reused.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  allocateStatusIndex,
  createStatusList,
  ensureFirstStatusList,
  getStatusList,
  insertCredential,
  listStatusLists,
  listStatusListsAwaitingCreation,
  markStatusListCreated,
  type StatusAllocation,
} from '../../src/store/index.ts';
import { describeStore, seedOrganisation, fakeJwt } from './harness.ts';

describeStore('status lists', (ctx) => {
  it('1,000 concurrent issuing transactions: 1,000 credentials, 1,000 distinct slots over 4 lists of 256', async (t) => {
    const org = await seedOrganisation(ctx.db, 256);
    const started = performance.now();
    const allocations = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        ctx.db.transaction(async (tx) => {
          const slot = await allocateStatusIndex(tx, org.id);
          await yieldToEventLoop(); // let other transactions interleave where the dialect allows it
          await insertCredential(tx, {
            id: `urn:uuid:concurrent-${i}`,
            organisationId: org.id,
            type: 'MedicalLicenseCredential',
            subjectId: `did:example:doctor-${i}`,
            issuedAt: new Date().toISOString(),
            jwt: fakeJwt(),
            listId: slot.listId,
            listIndex: slot.index,
          });
          return slot;
        }),
      ),
    );
    const elapsed = performance.now() - started;
    t.diagnostic(`${ctx.dialect}: 1,000 concurrent allocate+insert transactions in ${elapsed.toFixed(0)} ms`);

    const key = (a: { listId: number; index: number }) => `${a.listId}:${a.index}`;
    assert.equal(allocations.length, 1000);
    assert.equal(new Set(allocations.map(key)).size, 1000, 'duplicated slot handed out');
    assert.ok(allocations.every((a) => a.index >= 0 && a.index < 256));
    assert.equal(allocations.filter((a) => a.isNewList).length, 3, 'lists 2, 3 and 4 are created once each');

    const stored = await ctx.db.query<{ listId: number; listIndex: number }>(
      `SELECT list_id AS "listId", list_index AS "listIndex" FROM credentials WHERE organisation_id = $1`,
      [org.id],
    );
    assert.equal(stored.length, 1000, 'credential lost');
    assert.deepEqual(new Set(stored.map((s) => `${s.listId}:${s.listIndex}`)), new Set(allocations.map(key)));
    const lists = await listStatusLists(ctx.db, org.id);
    assert.deepEqual(
      lists.map((l) => [l.listId, l.capacity, l.nextIndex]),
      [
        [1, 256, 256],
        [2, 256, 256],
        [3, 256, 256],
        [4, 256, 232],
      ],
    );
    // every slot below next_index is used exactly once: nothing skipped, nothing lost
    for (const list of lists) {
      const indices = stored.filter((s) => s.listId === list.listId).map((s) => s.listIndex);
      assert.deepEqual(
        indices.sort((a, b) => a - b),
        Array.from({ length: list.nextIndex }, (_, i) => i),
      );
    }
  });

  it('concurrent allocations outside transactions also roll over exactly once', async () => {
    const org = await seedOrganisation(ctx.db, 256);
    const slots = await Promise.all(Array.from({ length: 300 }, () => allocateStatusIndex(ctx.db, org.id)));
    assert.equal(new Set(slots.map((s) => `${s.listId}:${s.index}`)).size, 300);
    assert.equal(slots.filter((s) => s.isNewList).length, 1);
    const lists = await listStatusLists(ctx.db, org.id);
    assert.deepEqual(
      lists.map((l) => l.nextIndex),
      [256, 44],
    );
  });

  it('the UNIQUE (organisation, list, index) refuses a reused slot with STORE_CONFLICT', async () => {
    const org = await seedOrganisation(ctx.db, 16);
    const slot = await allocateStatusIndex(ctx.db, org.id);
    const credential = (id: string) => ({
      id,
      organisationId: org.id,
      type: 'MedicalLicenseCredential',
      issuedAt: new Date().toISOString(),
      jwt: fakeJwt(),
      listId: slot.listId,
      listIndex: slot.index,
    });
    await insertCredential(ctx.db, credential('urn:uuid:first'));
    await assert.rejects(insertCredential(ctx.db, credential('urn:uuid:second')), {
      name: 'StoreError',
      code: 'STORE_CONFLICT',
    });
  });

  it('a failed transaction rolls back: no index consumed', async () => {
    const org = await seedOrganisation(ctx.db, 16);
    const first = await allocateStatusIndex(ctx.db, org.id);
    await assert.rejects(
      ctx.db.transaction(async (tx) => {
        const slot = await allocateStatusIndex(tx, org.id);
        assert.equal(slot.index, first.index + 1);
        await insertCredential(tx, {
          id: 'urn:uuid:rolled-back',
          organisationId: org.id,
          type: 'MedicalLicenseCredential',
          issuedAt: new Date().toISOString(),
          jwt: fakeJwt(),
          listId: slot.listId,
          listIndex: slot.index,
        });
        throw new Error('signing failed');
      }),
      /signing failed/,
    );
    const again = await allocateStatusIndex(ctx.db, org.id);
    assert.deepEqual(again, { listId: first.listId, index: first.index + 1, isNewList: false });
    assert.equal((await getStatusList(ctx.db, org.id, first.listId))?.nextIndex, first.index + 2);
    const rows = await ctx.db.query('SELECT id FROM credentials WHERE id = $1', ['urn:uuid:rolled-back']);
    assert.deepEqual(rows, []);
  });

  it('a rollover rolled back leaves no new list behind', async () => {
    const org = await seedOrganisation(ctx.db, 1);
    await allocateStatusIndex(ctx.db, org.id);
    await assert.rejects(
      ctx.db.transaction(async (tx) => {
        assert.deepEqual(await allocateStatusIndex(tx, org.id), { listId: 2, index: 0, isNewList: true });
        throw new Error('chain down');
      }),
      /chain down/,
    );
    assert.deepEqual(
      (await listStatusLists(ctx.db, org.id)).map((l) => l.listId),
      [1],
    );
  });

  it('without a list: refused, or list 1 created with initialCapacity', async () => {
    const org = await seedOrganisation(ctx.db);
    await assert.rejects(allocateStatusIndex(ctx.db, org.id), { name: 'StoreError', code: 'STORE_ERROR' });
    const slot: StatusAllocation = await allocateStatusIndex(ctx.db, org.id, { initialCapacity: 512 });
    assert.deepEqual(slot, { listId: 1, index: 0, isNewList: true });
    assert.equal((await getStatusList(ctx.db, org.id, 1))?.capacity, 512);
  });

  it("registers an organisation's first list ahead of issuance, once, and the first allocation uses it", async () => {
    const org = await seedOrganisation(ctx.db);
    assert.equal(await ensureFirstStatusList(ctx.db, org.id, 512), true);
    assert.equal(await ensureFirstStatusList(ctx.db, org.id, 1024), false, 'idempotent');
    const list = await getStatusList(ctx.db, org.id, 1);
    assert.deepEqual([list?.capacity, list?.nextIndex, list?.createdTx], [512, 0, null]);
    assert.ok((await listStatusListsAwaitingCreation(ctx.db)).some((l) => l.organisationId === org.id));
    const slot = await allocateStatusIndex(ctx.db, org.id, { initialCapacity: 2048 });
    assert.deepEqual(slot, { listId: 1, index: 0, isNewList: false }, 'slot 0 of the registered list');
    await assert.rejects(ensureFirstStatusList(ctx.db, org.id, 0), {
      name: 'StoreError',
      code: 'STORE_INVALID_ARGUMENT',
    });
    const withLists = await seedOrganisation(ctx.db, 256);
    assert.equal(await ensureFirstStatusList(ctx.db, withLists.id, 256), false, 'an organisation with lists');
  });

  it('tracks on-chain creation of lists', async () => {
    const org = await seedOrganisation(ctx.db);
    await createStatusList(ctx.db, { organisationId: org.id, listId: 7, capacity: 256 });
    const awaiting = await listStatusListsAwaitingCreation(ctx.db);
    assert.ok(awaiting.some((l) => l.organisationId === org.id && l.listId === 7));
    assert.equal(await markStatusListCreated(ctx.db, org.id, 7, '0xabc'), true);
    assert.equal((await getStatusList(ctx.db, org.id, 7))?.createdTx, '0xabc');
    assert.ok(!(await listStatusListsAwaitingCreation(ctx.db)).some((l) => l.organisationId === org.id));
    await assert.rejects(createStatusList(ctx.db, { organisationId: org.id, listId: 7, capacity: 256 }), {
      name: 'StoreError',
      code: 'STORE_CONFLICT',
    });
    await assert.rejects(createStatusList(ctx.db, { organisationId: org.id, listId: 8, capacity: 0 }), {
      name: 'StoreError',
      code: 'STORE_INVALID_ARGUMENT',
    });
  });
});
