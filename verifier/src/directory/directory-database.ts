/**
 * The directory's SQLite database: opening (WAL, busy timeout, its folder created) and the schema.
 *
 * Tables: `feeds` (one cursor per feed), `entries` (listed credentials), `rejections` and `withdrawals` (what each
 * feed sent that is not listed), `reviews` (public views only), `review_evidence` (the full presentation and report,
 * private: never served), `review_replies`, and (version 2) `pending_items` (publications whose anchor is not
 * confirmed yet, judged again at each poll) and `entries.anchor_proof` (the feed's `MedtrustAnchorProof`); version 3
 * the search index (`parties`, one row per subject and kind, and its FTS5 table `parties_fts`) and the stored
 * verifications of listed credentials (`verification_results`, `verification_result_accreditors`).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ErrorCodes, MedtrustError } from '@medtrust/core';

/** An open better-sqlite3 connection. */
export type SqliteConnection = BetterSqlite3.Database;

const SCHEMA_VERSION = 3;

const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS feeds (
  url TEXT PRIMARY KEY,
  cursor TEXT,
  last_sync_at TEXT,
  last_error_code TEXT,
  last_error_at TEXT
);
CREATE TABLE IF NOT EXISTS entries (
  feed TEXT NOT NULL,
  item_id TEXT NOT NULL,
  credential_id TEXT,
  type TEXT NOT NULL,
  kind TEXT,
  issuer TEXT NOT NULL,
  issuer_key TEXT NOT NULL,
  subject TEXT NOT NULL,
  subject_key TEXT NOT NULL,
  name TEXT,
  number TEXT,
  jurisdiction TEXT,
  batch_id TEXT,
  gtin TEXT,
  lot TEXT,
  search_text TEXT NOT NULL,
  claims TEXT NOT NULL,
  jwt TEXT NOT NULL,
  jwt_hash TEXT NOT NULL,
  published_at TEXT NOT NULL,
  listed_at TEXT NOT NULL,
  PRIMARY KEY (feed, item_id)
);
CREATE INDEX IF NOT EXISTS entries_subject ON entries (subject_key, kind);
CREATE INDEX IF NOT EXISTS entries_issuer ON entries (issuer_key, type);
CREATE INDEX IF NOT EXISTS entries_kind ON entries (kind, name);
CREATE INDEX IF NOT EXISTS entries_batch ON entries (batch_id, type);
CREATE INDEX IF NOT EXISTS entries_gtin ON entries (gtin, lot);
CREATE INDEX IF NOT EXISTS entries_hash ON entries (jwt_hash);
CREATE TABLE IF NOT EXISTS rejections (
  feed TEXT NOT NULL,
  item_id TEXT NOT NULL,
  type TEXT,
  codes TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (feed, item_id)
);
CREATE TABLE IF NOT EXISTS withdrawals (
  feed TEXT NOT NULL,
  item_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (feed, item_id)
);
CREATE TABLE IF NOT EXISTS reviews (
  id TEXT PRIMARY KEY,
  review_hash TEXT NOT NULL UNIQUE,
  treatment_hash TEXT NOT NULL,
  subject TEXT NOT NULL,
  subject_key TEXT NOT NULL,
  subject_role TEXT NOT NULL,
  view TEXT NOT NULL,
  published_at TEXT NOT NULL,
  UNIQUE (treatment_hash, subject_key)
);
CREATE INDEX IF NOT EXISTS reviews_subject ON reviews (subject_key, published_at);
CREATE TABLE IF NOT EXISTS review_evidence (
  review_id TEXT PRIMARY KEY REFERENCES reviews (id),
  presentation TEXT NOT NULL,
  standing TEXT NOT NULL,
  report TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_replies (
  id TEXT PRIMARY KEY,
  review_id TEXT NOT NULL REFERENCES reviews (id),
  jws_hash TEXT NOT NULL UNIQUE,
  jws TEXT NOT NULL,
  doctor TEXT NOT NULL,
  text TEXT NOT NULL,
  replied_at TEXT NOT NULL,
  published_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_replies_review ON review_replies (review_id, published_at);
`;

/** Version 2: anchor proofs kept with entries, and publications waiting for their anchor. */
const SCHEMA_V2 = `
ALTER TABLE entries ADD COLUMN anchor_proof TEXT;
CREATE TABLE IF NOT EXISTS pending_items (
  feed TEXT NOT NULL,
  item_id TEXT NOT NULL,
  item TEXT NOT NULL,
  since TEXT NOT NULL,
  PRIMARY KEY (feed, item_id)
);
`;

/**
 * Version 3: the search index (FTS5 over each party's tokens, external content, kept in step by triggers; a party's
 * id follows the search order, see `PartyOrderIds`) and the stored verifications, indexed by what makes them stale.
 */
const SCHEMA_V3 = `
CREATE TABLE IF NOT EXISTS parties (
  id INTEGER PRIMARY KEY,
  subject_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  did TEXT NOT NULL,
  name TEXT,
  number TEXT,
  jurisdiction TEXT,
  country TEXT,
  issuer TEXT NOT NULL,
  specialty TEXT,
  role TEXT,
  credentials INTEGER NOT NULL,
  name_key TEXT NOT NULL,
  tokens TEXT NOT NULL,
  UNIQUE (subject_key, kind)
);
CREATE INDEX IF NOT EXISTS parties_order ON parties (name_key, subject_key, kind);
CREATE INDEX IF NOT EXISTS parties_kind ON parties (kind);
CREATE INDEX IF NOT EXISTS parties_country ON parties (country);
CREATE VIRTUAL TABLE IF NOT EXISTS parties_fts USING fts5(
  tokens, content='parties', content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3'
);
CREATE TRIGGER IF NOT EXISTS parties_ai AFTER INSERT ON parties BEGIN
  INSERT INTO parties_fts (rowid, tokens) VALUES (new.id, new.tokens);
END;
CREATE TRIGGER IF NOT EXISTS parties_ad AFTER DELETE ON parties BEGIN
  INSERT INTO parties_fts (parties_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
END;
CREATE TRIGGER IF NOT EXISTS parties_au AFTER UPDATE OF id, tokens ON parties BEGIN
  INSERT INTO parties_fts (parties_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
  INSERT INTO parties_fts (rowid, tokens) VALUES (new.id, new.tokens);
END;
CREATE TABLE IF NOT EXISTS verification_results (
  jwt_hash TEXT PRIMARY KEY,
  issuer_address TEXT,
  subject_address TEXT,
  status_list TEXT,
  status TEXT NOT NULL,
  accreditation TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  recheck_after TEXT NOT NULL,
  stale INTEGER NOT NULL DEFAULT 0,
  generation INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS verification_results_issuer ON verification_results (issuer_address);
CREATE INDEX IF NOT EXISTS verification_results_subject ON verification_results (subject_address);
CREATE INDEX IF NOT EXISTS verification_results_list ON verification_results (status_list);
CREATE INDEX IF NOT EXISTS verification_results_stale ON verification_results (jwt_hash) WHERE stale = 1;
CREATE TABLE IF NOT EXISTS verification_result_accreditors (
  address TEXT NOT NULL,
  jwt_hash TEXT NOT NULL,
  PRIMARY KEY (address, jwt_hash)
);
`;

/**
 * Opens (creating when missing) the directory database and brings its schema up to date.
 * @param file - path of the SQLite file (its folder is created), or `:memory:`.
 * @returns the connection.
 * @throws MedtrustError `CONFIGURATION_INVALID` when the file cannot be opened or migrated.
 */
export function openDirectoryDatabase(file: string): SqliteConnection {
  const inMemory = file === ':memory:';
  let db: SqliteConnection | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
    db = new BetterSqlite3(file);
    if (!inMemory) db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    // 64 MiB of page cache (the default 2 MiB thrashes on a directory of a million entries: ~5 GB of B-trees)
    db.pragma('cache_size = -65536');
    db.pragma('foreign_keys = ON');
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`schema version ${version} is newer than this service (${SCHEMA_VERSION})`);
    }
    if (version < SCHEMA_VERSION) {
      db.transaction(() => {
        if (version < 1) db!.exec(SCHEMA_V1);
        if (version < 2) db!.exec(SCHEMA_V2);
        if (version < 3) db!.exec(SCHEMA_V3);
        db!.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
    }
    return db;
  } catch (error) {
    db?.close();
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      `cannot open the directory database ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
