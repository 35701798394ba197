// Shared set-up of the storage suites: every suite is written once and runs against SQLite (a temp file) and
// PostgreSQL (DATABASE_URL_TEST, in a fresh random schema dropped afterwards, so parallel runs never collide).
import { after, before, describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  openDatabase,
  createOrganisation,
  createStatusList,
  type Database,
  type Dialect,
  type Organisation,
  type OpenDatabaseOptions,
} from '../../src/store/index.ts';

/** The PostgreSQL server the suites use. */
export const POSTGRES_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The database of one dialect's run of a suite. */
export class StoreTestContext {
  readonly dialect: Dialect;
  readonly #location: OpenDatabaseOptions;
  readonly #cleanup: () => Promise<void>;
  readonly #extra: Database[] = [];
  #db: Database | undefined;

  /**
   * @param dialect - which dialect.
   * @param location - how to open this run's database.
   * @param cleanup - removes it (temp folder, schema).
   */
  constructor(dialect: Dialect, location: OpenDatabaseOptions, cleanup: () => Promise<void>) {
    this.dialect = dialect;
    this.#location = location;
    this.#cleanup = cleanup;
  }

  /** The open database (set up in `before`). */
  get db(): Database {
    if (this.#db === undefined) throw new Error('database not open');
    return this.#db;
  }

  /** Where the database lives, to open it again. */
  get location(): OpenDatabaseOptions {
    return { ...this.#location };
  }

  /** Opens the database (runs migrations). */
  async open(): Promise<void> {
    this.#db = await openDatabase(this.#location);
  }

  /** Closes the database and opens it again, as a restarted service would. */
  async reopen(): Promise<Database> {
    await this.#db?.close();
    this.#db = undefined;
    await this.open();
    return this.db;
  }

  /** Opens another handle on the same database (closed at the end of the suite). */
  async openAnother(): Promise<Database> {
    const db = await openDatabase(this.#location);
    this.#extra.push(db);
    return db;
  }

  /** Closes every handle and removes the database. */
  async tearDown(): Promise<void> {
    for (const db of this.#extra) await db.close();
    await this.#db?.close();
    await this.#cleanup();
  }
}

/** A fresh, empty database location of a dialect (nothing opened yet), with its cleanup. */
export function freshLocation(dialect: Dialect): {
  location: OpenDatabaseOptions;
  cleanup: () => Promise<void>;
} {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'medtrust-store-'));
    return {
      location: { sqliteFile: join(dir, 'nested', 'issuer.sqlite') },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `medtrust_test_${randomBytes(8).toString('hex')}`;
  return {
    location: { url: POSTGRES_URL, schema },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Declares a suite once per dialect: `describe('<name> [sqlite]')` and `describe('<name> [postgres]')`, each with
 * its own fresh database opened in `before` and removed in `after`.
 *
 * @param name - suite name.
 * @param body - declares the tests; reads the database from the context inside them.
 */
export function describeStore(name: string, body: (ctx: StoreTestContext) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, () => {
      const { location, cleanup } = freshLocation(dialect);
      const ctx = new StoreTestContext(dialect, location, cleanup);
      before(() => ctx.open());
      after(() => ctx.tearDown());
      body(ctx);
    });
  }
}

/**
 * Creates an organisation (random slug) and, when `capacity` is given, its status list 1.
 *
 * @param db - the database.
 * @param capacity - capacity of list 1, if one is wanted.
 * @returns the organisation.
 */
export async function seedOrganisation(db: Database, capacity?: number): Promise<Organisation> {
  const organisation = await createOrganisation(db, {
    slug: `org-${randomUUID()}`,
    name: 'Test Medical Board',
    kind: 'medical-board',
    jurisdiction: 'PT',
  });
  if (capacity !== undefined)
    await createStatusList(db, { organisationId: organisation.id, listId: 1, capacity });
  return organisation;
}

/** A placeholder JWT (tests never need a real signature here). */
export const FAKE_JWT = 'eyJhbGciOiJFUzI1NksifQ.eyJ2YyI6e319.c2ln';

/**
 * A placeholder JWT of its own: stored credentials are unique by JWT (their anchoring hash), so every stored test
 * credential needs different bytes.
 *
 * @param seed - makes it reproducible (the same seed, the same JWT); random when omitted.
 * @returns a compact JWT with a fake signature.
 */
export function fakeJwt(seed: string = randomUUID()): string {
  const payload = Buffer.from(JSON.stringify({ vc: {}, jti: seed }), 'utf8').toString('base64url');
  return `eyJhbGciOiJFUzI1NksifQ.${payload}.c2ln`;
}

/**
 * Runs `fn` and returns the error it throws.
 *
 * @param fn - code expected to throw.
 * @returns the thrown value.
 */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, got none');
}
