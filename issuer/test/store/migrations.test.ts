// Migrations: applied once, idempotent across reopenings, safe when several openers race on a fresh database.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  openDatabase,
  appliedMigrations,
  runMigrations,
  MIGRATIONS,
  type Database,
} from '../../src/store/index.ts';
import { describeStore, freshLocation } from './harness.ts';

const TABLES = [
  'organisations',
  'api_keys',
  'issuer_keys',
  'status_lists',
  'credentials',
  'status_changes',
  'batches',
  'batch_items',
  'audit_log',
  'offers',
  'schema_migrations',
];

async function tableNames(db: Database): Promise<string[]> {
  const rows =
    db.dialect === 'sqlite'
      ? await db.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await db.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
        );
  return rows.map((r) => r.name);
}

describeStore('migrations', (ctx) => {
  it('creates every table of the design and records each migration', async () => {
    const names = await tableNames(ctx.db);
    for (const table of TABLES) assert.ok(names.includes(table), `missing table ${table}`);
    assert.deepEqual(await appliedMigrations(ctx.db), MIGRATIONS.map((m) => m.id).sort());
  });

  it('is idempotent: opening the same database again applies nothing and keeps the data', async () => {
    await ctx.db.execute(
      `INSERT INTO organisations (id, slug, name, kind, jurisdiction, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      ['org-keep', 'keep', 'Keep', 'hospital', 'PT', new Date().toISOString()],
    );
    const again = await ctx.openAnother();
    assert.deepEqual(await runMigrations(again), []);
    await ctx.reopen();
    assert.deepEqual(await runMigrations(ctx.db), []);
    const rows = await ctx.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations');
    assert.equal(rows[0]?.n, MIGRATIONS.length);
    const [org] = await ctx.db.query<{ slug: string }>('SELECT slug FROM organisations WHERE id = $1', [
      'org-keep',
    ]);
    assert.equal(org?.slug, 'keep');
  });

  it('concurrent openers of a fresh database apply each migration exactly once', async () => {
    const { location, cleanup } = freshLocation(ctx.dialect);
    const opened: Database[] = [];
    try {
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => openDatabase(location)));
      for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
      assert.deepEqual(
        results.filter((r) => r.status === 'rejected'),
        [],
      );
      const rows = await opened[0]!.query<{ id: string; n: number }>(
        'SELECT id, COUNT(*) AS n FROM schema_migrations GROUP BY id ORDER BY id',
      );
      assert.deepEqual(
        rows,
        MIGRATIONS.map((m) => ({ id: m.id, n: 1 })),
      );
    } finally {
      for (const db of opened) await db.close();
      await cleanup();
    }
  });
});
