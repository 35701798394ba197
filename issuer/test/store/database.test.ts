// The Database API on both dialects: placeholders, value conventions, transactions, error mapping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, StoreError, type Database } from '../../src/store/index.ts';
import { describeStore, caught, seedOrganisation } from './harness.ts';

describeStore('database', (ctx) => {
  it('binds $n placeholders (reused, out of order) and ignores $n inside string literals', async () => {
    const rows = await ctx.db.query<{ a: string; b: string; c: string; lit: string }>(
      `SELECT $2 AS a, $1 AS b, $2 AS c, '$1 stays' AS lit -- $3 in a comment`,
      ['y', 'x'],
    );
    assert.deepEqual(rows, [{ a: 'x', b: 'y', c: 'x', lit: '$1 stays' }]);
  });

  it('stores booleans as 0/1, Dates as ISO text, undefined as NULL; COUNT(*) comes back as a number', async () => {
    const org = await seedOrganisation(ctx.db, 16);
    await ctx.db.execute(
      `INSERT INTO credentials (id, organisation_id, type, subject_id, issued_at, jwt, revoked, suspended)
       VALUES ($1, $2, 'T', $3, $4, 'jwt', $5, $6)`,
      ['urn:uuid:conv', org.id, undefined, new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), true, false],
    );
    const [row] = await ctx.db.query<{
      subject_id: unknown;
      issued_at: string;
      revoked: number;
      suspended: number;
    }>('SELECT subject_id, issued_at, revoked, suspended FROM credentials WHERE id = $1', ['urn:uuid:conv']);
    assert.deepEqual(row, {
      subject_id: null,
      issued_at: '2025-01-02T03:04:05.000Z',
      revoked: 1,
      suspended: 0,
    });
    const [count] = await ctx.db.query<{ n: unknown }>(
      'SELECT COUNT(*) AS n FROM credentials WHERE revoked = $1',
      [true],
    );
    assert.equal(count?.n, 1);
  });

  it('execute reports changed rows; query of a statement without rows returns []', async () => {
    const org = await seedOrganisation(ctx.db);
    assert.deepEqual(
      await ctx.db.query('UPDATE organisations SET name = $2 WHERE id = $1', [org.id, 'Renamed']),
      [],
    );
    assert.deepEqual(
      await ctx.db.execute('UPDATE organisations SET name = $2 WHERE id = $1', [org.id, 'Again']),
      {
        changes: 1,
      },
    );
    assert.deepEqual(
      await ctx.db.execute('UPDATE organisations SET name = $2 WHERE id = $1', ['nope', 'x']),
      {
        changes: 0,
      },
    );
  });

  it('commits a transaction and returns its value', async () => {
    const org = await seedOrganisation(ctx.db);
    const value = await ctx.db.transaction(async (tx) => {
      await tx.execute('UPDATE organisations SET name = $2 WHERE id = $1', [org.id, 'Committed']);
      return 42;
    });
    assert.equal(value, 42);
    const [row] = await ctx.db.query<{ name: string }>('SELECT name FROM organisations WHERE id = $1', [
      org.id,
    ]);
    assert.equal(row?.name, 'Committed');
  });

  it('rolls back a transaction whose function throws, and rethrows the same error', async () => {
    const org = await seedOrganisation(ctx.db);
    const boom = new Error('boom');
    const error = await caught(() =>
      ctx.db.transaction(async (tx) => {
        await tx.execute('UPDATE organisations SET name = $2 WHERE id = $1', [org.id, 'Lost']);
        throw boom;
      }),
    );
    assert.equal(error, boom);
    const [row] = await ctx.db.query<{ name: string }>('SELECT name FROM organisations WHERE id = $1', [
      org.id,
    ]);
    assert.equal(row?.name, 'Test Medical Board');
  });

  it('nested transactions run inline as savepoints: an inner failure undoes only the inner work', async () => {
    const org = await seedOrganisation(ctx.db);
    await ctx.db.transaction(async (tx) => {
      await tx.execute('UPDATE organisations SET name = $2 WHERE id = $1', [org.id, 'Outer']);
      await assert.rejects(
        tx.transaction(async (inner) => {
          await inner.execute('UPDATE organisations SET jurisdiction = $2 WHERE id = $1', [org.id, 'ES']);
          await inner.execute(
            'INSERT INTO organisations (id, slug, name, kind, jurisdiction, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
            [org.id, 'dup', 'n', 'k', 'PT', 'now'],
          );
        }),
        { name: 'StoreError', code: 'STORE_CONFLICT' },
      );
      const inner = await tx.transaction(async (t2) =>
        t2.query<{ j: string }>('SELECT jurisdiction AS j FROM organisations WHERE id = $1', [org.id]),
      );
      assert.equal(inner[0]?.j, 'PT');
    });
    const [row] = await ctx.db.query<{ name: string; jurisdiction: string }>(
      'SELECT name, jurisdiction FROM organisations WHERE id = $1',
      [org.id],
    );
    assert.deepEqual(row, { name: 'Outer', jurisdiction: 'PT' });
  });

  it('refuses the root database inside its own transaction, and a transaction object after it ended', async () => {
    let leaked: Database | undefined;
    await ctx.db.transaction(async (tx) => {
      leaked = tx;
      await assert.rejects(ctx.db.query('SELECT 1 AS one'), { name: 'StoreError', code: 'STORE_ERROR' });
      await assert.rejects(
        ctx.db.transaction(async () => 1),
        { name: 'StoreError', code: 'STORE_ERROR' },
      );
    });
    await assert.rejects(leaked!.query('SELECT 1 AS one'), { name: 'StoreError', code: 'STORE_ERROR' });
    assert.deepEqual(await ctx.db.query('SELECT 1 AS one'), [{ one: 1 }]); // the database still works
  });

  it('maps failures to stable codes and never echoes parameter values', async () => {
    const org = await seedOrganisation(ctx.db, 16);
    const secret = 'SECRET-diagnosis-F32.1';
    const conflict = await caught(() =>
      ctx.db.execute(
        'INSERT INTO organisations (id, slug, name, kind, jurisdiction, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [org.id, secret, secret, secret, secret, secret],
      ),
    );
    assert.ok(conflict instanceof StoreError);
    assert.equal(conflict.code, 'STORE_CONFLICT');
    assert.ok(!conflict.message.includes(secret) && !String(conflict.stack).includes(secret));

    const badValue = await caught(() =>
      ctx.db.execute('UPDATE status_lists SET capacity = $1 WHERE organisation_id = $2', [secret, org.id]),
    );
    assert.ok(badValue instanceof StoreError);
    assert.equal(badValue.code, 'STORE_ERROR'); // SQLite tables are STRICT, like PostgreSQL's types
    assert.ok(!badValue.message.includes(secret), badValue.message);

    const check = await caught(() =>
      ctx.db.execute(
        `INSERT INTO api_keys (id, organisation_id, role, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
        ['k', org.id, secret, secret, secret],
      ),
    );
    assert.ok(check instanceof StoreError);
    assert.equal(check.code, 'STORE_ERROR');
    assert.ok(!check.message.includes(secret), check.message);

    await assert.rejects(ctx.db.query('SELEC oops'), { name: 'StoreError', code: 'STORE_ERROR' });
    await assert.rejects(ctx.db.query('SELECT $1 AS x', [{ diagnosis: secret }]), {
      name: 'StoreError',
      code: 'STORE_INVALID_ARGUMENT',
    });
  });

  it('fails with STORE_UNAVAILABLE after close', async () => {
    const other = await ctx.openAnother();
    await other.close();
    await assert.rejects(other.query('SELECT 1 AS one'), { name: 'StoreError', code: 'STORE_UNAVAILABLE' });
    await assert.rejects(
      other.transaction(async () => 1),
      { name: 'StoreError', code: 'STORE_UNAVAILABLE' },
    );
  });
});

describe('database: opening', () => {
  it('PostgreSQL unreachable → STORE_UNAVAILABLE, not a crash', async () => {
    await assert.rejects(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/x' }), {
      name: 'StoreError',
      code: 'STORE_UNAVAILABLE',
    });
    await assert.rejects(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/x', schema: 'whatever' }), {
      name: 'StoreError',
      code: 'STORE_UNAVAILABLE',
    });
  });

  it('refuses an unsupported URL scheme and a bad schema name without echoing the URL', async () => {
    const error = await caught(() => openDatabase({ url: 'mysql://user:hunter2@host/db' }));
    assert.ok(error instanceof StoreError);
    assert.equal(error.code, 'STORE_INVALID_ARGUMENT');
    assert.ok(!error.message.includes('hunter2'));
    await assert.rejects(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/x', schema: 'Bad; DROP' }), {
      name: 'StoreError',
      code: 'STORE_INVALID_ARGUMENT',
    });
  });

  it('SQLite: creates the parent folder and runs in WAL mode with busy_timeout and foreign keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medtrust-store-'));
    try {
      const db = await openDatabase({ sqliteFile: join(dir, 'a', 'b', 'issuer.sqlite') });
      try {
        const [mode] = await db.query<{ journal_mode: string }>('PRAGMA journal_mode');
        const [busy] = await db.query<{ timeout: number }>('PRAGMA busy_timeout');
        const [fk] = await db.query<{ foreign_keys: number }>('PRAGMA foreign_keys');
        assert.equal(mode?.journal_mode, 'wal');
        assert.equal(busy?.timeout, 5000);
        assert.equal(fk?.foreign_keys, 1);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
