import type { Database, Dialect } from './database.ts';

/** One statement, the same in both dialects or written per dialect (a dialect without text skips it). */
export type MigrationStatement = string | { readonly sqlite?: string; readonly postgres?: string };

/** One schema change; applied once, in order, inside a transaction, and recorded in `schema_migrations`. */
export interface Migration {
  /** Stable, sortable identifier (`0001_initial`); never renamed or reused. */
  readonly id: string;
  /** The statements, one per entry (drivers run one statement at a time). */
  readonly statements: readonly MigrationStatement[];
}

/** Text the audit-log triggers raise; drivers recognise its `STORE_APPEND_ONLY` prefix. */
export const APPEND_ONLY_MESSAGE = 'STORE_APPEND_ONLY: audit_log is append-only';
/** SQLSTATE the PostgreSQL audit-log trigger raises (class `MT` is not used by PostgreSQL itself). */
export const APPEND_ONLY_SQLSTATE = 'MT001';

/**
 * Every migration, oldest first. Append new ones; never edit an applied one.
 *
 * Portable types only: TEXT (ids, ISO-8601 UTC timestamps, JSON), INTEGER / BIGINT, 0/1 INTEGER booleans with
 * CHECKs. SQLite tables are STRICT (BIGINT written as INTEGER, which is 64-bit there), so a value of the wrong type
 * is refused in both dialects instead of being stored as-is by SQLite. Sequences differ: SQLite
 * `INTEGER PRIMARY KEY AUTOINCREMENT`, PostgreSQL `BIGSERIAL`.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_initial',
    statements: [
      portableTable(`CREATE TABLE organisations (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        did TEXT,
        address TEXT,
        created_at TEXT NOT NULL
      )`),
      `CREATE INDEX organisations_did_idx ON organisations (did)`,

      portableTable(`CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'auditor')),
        key_hash TEXT NOT NULL UNIQUE,
        label TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      )`),
      `CREATE INDEX api_keys_organisation_idx ON api_keys (organisation_id)`,

      portableTable(`CREATE TABLE issuer_keys (
        kid TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        type TEXT NOT NULL,
        public_key_hex TEXT NOT NULL,
        encrypted_private_key TEXT,
        purpose TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
        created_at TEXT NOT NULL,
        retired_at TEXT
      )`),
      `CREATE INDEX issuer_keys_organisation_idx ON issuer_keys (organisation_id, status)`,

      portableTable(`CREATE TABLE status_lists (
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        list_id BIGINT NOT NULL CHECK (list_id >= 0),
        capacity BIGINT NOT NULL CHECK (capacity > 0),
        next_index BIGINT NOT NULL DEFAULT 0 CHECK (next_index >= 0 AND next_index <= capacity),
        created_tx TEXT,
        PRIMARY KEY (organisation_id, list_id)
      )`),

      portableTable(`CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        credential_type TEXT NOT NULL,
        total INTEGER NOT NULL CHECK (total >= 0),
        processed INTEGER NOT NULL DEFAULT 0 CHECK (processed >= 0 AND processed <= total),
        failed INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0 AND failed <= processed),
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        finished_at TEXT
      )`),
      `CREATE INDEX batches_organisation_idx ON batches (organisation_id, created_at)`,

      portableTable(`CREATE TABLE credentials (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        type TEXT NOT NULL,
        subject_id TEXT,
        issued_at TEXT NOT NULL,
        expires_at TEXT,
        jwt TEXT NOT NULL,
        list_id BIGINT,
        list_index BIGINT CHECK (list_index >= 0),
        revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
        suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
        batch_id TEXT REFERENCES batches (id),
        batch_row INTEGER,
        UNIQUE (organisation_id, list_id, list_index),
        UNIQUE (batch_id, batch_row),
        FOREIGN KEY (organisation_id, list_id) REFERENCES status_lists (organisation_id, list_id),
        CHECK ((list_id IS NULL) = (list_index IS NULL)),
        CHECK (batch_row IS NULL OR batch_id IS NOT NULL)
      )`),
      // by batch: served by the UNIQUE (batch_id, batch_row) index
      `CREATE INDEX credentials_organisation_type_idx ON credentials (organisation_id, type, issued_at, id)`,
      `CREATE INDEX credentials_organisation_issued_idx ON credentials (organisation_id, issued_at, id)`,
      `CREATE INDEX credentials_subject_idx ON credentials (subject_id, organisation_id)`,

      portableTable(`CREATE TABLE batch_items (
        batch_id TEXT NOT NULL REFERENCES batches (id),
        row INTEGER NOT NULL,
        payload TEXT NOT NULL,
        credential_id TEXT REFERENCES credentials (id),
        error TEXT,
        PRIMARY KEY (batch_id, row),
        CHECK (credential_id IS NULL OR error IS NULL)
      )`),

      {
        sqlite: toSqliteDdl(`CREATE TABLE status_changes (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          ${statusChangeColumns()}
        )`),
        postgres: `CREATE TABLE status_changes (
          seq BIGSERIAL PRIMARY KEY,
          ${statusChangeColumns()}
        )`,
      },
      `CREATE INDEX status_changes_state_idx ON status_changes (state, seq)`,
      `CREATE INDEX status_changes_credential_idx ON status_changes (credential_id)`,

      {
        sqlite: toSqliteDdl(`CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          ${auditLogColumns()}
        )`),
        postgres: `CREATE TABLE audit_log (
          seq BIGSERIAL PRIMARY KEY,
          ${auditLogColumns()}
        )`,
      },
      `CREATE INDEX audit_log_organisation_idx ON audit_log (organisation_id, seq)`,
      {
        sqlite: `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`,
        postgres: `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
          BEGIN
            RAISE EXCEPTION '${APPEND_ONLY_MESSAGE}' USING ERRCODE = '${APPEND_ONLY_SQLSTATE}';
          END
          $fn$`,
      },
      {
        sqlite: `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`,
        postgres: `CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
          FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
      },
      {
        // SQLite has no TRUNCATE (a DELETE without WHERE fires the trigger above)
        postgres: `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
          FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
      },

      portableTable(`CREATE TABLE offers (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        credential_id TEXT REFERENCES credentials (id),
        pre_authorized_code_hash TEXT NOT NULL UNIQUE,
        pin_hash TEXT,
        expires_at TEXT NOT NULL,
        redeemed_at TEXT
      )`),
      `CREATE INDEX offers_organisation_idx ON offers (organisation_id)`,
    ],
  },
  {
    id: '0002_key_records',
    statements: [
      // Veramo's key, DID and sealed private-key stores and the signing-key registry persist as JSON records
      // (issuer/src/keys/record-store.ts); private keys are sealed before they get here.
      portableTable(`CREATE TABLE key_records (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        record TEXT NOT NULL,
        seq BIGINT NOT NULL,
        PRIMARY KEY (collection, id)
      )`),
      `CREATE INDEX audit_log_target_idx ON audit_log (organisation_id, target, seq)`,
    ],
  },
  {
    id: '0003_publications',
    statements: [
      // The public feed of what issuers chose to publish (and later withdrew), read by directories in seq order.
      {
        sqlite: toSqliteDdl(`CREATE TABLE publications (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          ${publicationColumns()}
        )`),
        postgres: `CREATE TABLE publications (
          seq BIGSERIAL PRIMARY KEY,
          ${publicationColumns()}
        )`,
      },
      `CREATE INDEX publications_credential_idx ON publications (credential_id, seq)`,
    ],
  },
  {
    id: '0004_anchors',
    statements: [
      // Anchoring: every issued credential's hash (credentialJwtHash of its JWT) becomes a leaf of a Merkle root its
      // issuer commits to the AnchorRegistry. Rows issued before this migration have no hash yet: the anchor
      // publisher hashes and queues them (issuer/src/anchoring/anchor-publisher.ts).
      `ALTER TABLE credentials ADD COLUMN credential_hash TEXT`,
      `CREATE UNIQUE INDEX credentials_hash_idx ON credentials (credential_hash)`,
      portableTable(`CREATE TABLE anchors (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        issuer TEXT NOT NULL,
        root TEXT NOT NULL,
        credential_count INTEGER NOT NULL CHECK (credential_count > 0),
        state TEXT NOT NULL DEFAULT 'built' CHECK (state IN ('built', 'sent', 'confirmed')),
        tx_hash TEXT,
        block_number BIGINT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        confirmed_at TEXT,
        CHECK ((state = 'built') OR tx_hash IS NOT NULL),
        CHECK ((state = 'confirmed') = (block_number IS NOT NULL))
      )`),
      `CREATE INDEX anchors_state_idx ON anchors (state, organisation_id, created_at)`,
      // One row per issued credential: queued (anchor_id NULL) until a flush puts it under an anchor with its proof.
      portableTable(`CREATE TABLE credential_anchors (
        credential_hash TEXT PRIMARY KEY,
        credential_id TEXT NOT NULL UNIQUE REFERENCES credentials (id),
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        anchor_id TEXT REFERENCES anchors (id),
        proof_json TEXT,
        CHECK ((anchor_id IS NULL) = (proof_json IS NULL))
      )`),
      `CREATE INDEX credential_anchors_anchor_idx ON credential_anchors (anchor_id, organisation_id)`,
    ],
  },
  {
    id: '0005_identity_replacement',
    statements: [
      // The DIDs an organisation used before `POST /identity/replace` (newest last); its credentials keep their rows.
      portableTable(`CREATE TABLE previous_identities (
        organisation_id TEXT NOT NULL REFERENCES organisations (id),
        did TEXT NOT NULL,
        address TEXT NOT NULL,
        replaced_by TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (organisation_id, did)
      )`),
      // A credential re-issued under a new identity and the one it replaces (each original is replaced at most once).
      portableTable(`CREATE TABLE credential_replacements (
        credential_id TEXT PRIMARY KEY REFERENCES credentials (id),
        replaces_id TEXT NOT NULL UNIQUE REFERENCES credentials (id),
        organisation_id TEXT NOT NULL REFERENCES organisations (id)
      )`),
    ],
  },
  {
    id: '0006_batch_leases',
    statements: [
      // The issuer instance running a batch and until when (ms since the epoch) its lease holds; NULL: nobody.
      `ALTER TABLE batches ADD COLUMN lease_owner TEXT`,
      {
        sqlite: `ALTER TABLE batches ADD COLUMN lease_expires_at INTEGER`,
        postgres: `ALTER TABLE batches ADD COLUMN lease_expires_at BIGINT`,
      },
    ],
  },
];

function publicationColumns(): string {
  return `organisation_id TEXT NOT NULL REFERENCES organisations (id),
          credential_id TEXT NOT NULL REFERENCES credentials (id),
          type TEXT NOT NULL,
          at TEXT NOT NULL,
          withdrawn INTEGER NOT NULL CHECK (withdrawn IN (0, 1))`;
}

/** SQLite form of a portable CREATE TABLE: STRICT, with BIGINT spelt INTEGER (STRICT accepts only its own type names). */
function toSqliteDdl(ddl: string): string {
  return `${ddl.replace(/\bBIGINT\b/g, 'INTEGER')} STRICT`;
}

/** A CREATE TABLE written once: as is for PostgreSQL, {@link toSqliteDdl} for SQLite. */
function portableTable(ddl: string): MigrationStatement {
  return { sqlite: toSqliteDdl(ddl), postgres: ddl };
}

function statusChangeColumns(): string {
  return `id TEXT NOT NULL UNIQUE,
          organisation_id TEXT NOT NULL REFERENCES organisations (id),
          credential_id TEXT NOT NULL REFERENCES credentials (id),
          list_id BIGINT NOT NULL,
          list_index BIGINT NOT NULL,
          action TEXT NOT NULL CHECK (action IN ('revoke', 'suspend', 'reinstate')),
          reason TEXT,
          requested_at TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'confirmed')),
          tx_hash TEXT,
          block_number BIGINT,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT`;
}

function auditLogColumns(): string {
  return `at TEXT NOT NULL,
          organisation_id TEXT REFERENCES organisations (id),
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT,
          detail TEXT`;
}

/**
 * The text of one statement for a dialect.
 *
 * @param statement - a migration statement.
 * @param dialect - the target dialect.
 * @returns the SQL to run, or undefined when the statement does not apply to that dialect.
 */
export function statementFor(statement: MigrationStatement, dialect: Dialect): string | undefined {
  return typeof statement === 'string' ? statement : statement[dialect];
}

/**
 * Serialises migrators. SQLite: BEGIN IMMEDIATE already excludes every other writer (also in other processes).
 * PostgreSQL: a transaction-scoped advisory lock keyed on the current schema, so concurrent `openDatabase` calls on
 * one schema apply each migration once, and different schemas do not wait for each other.
 */
async function lockMigrations(tx: Database): Promise<void> {
  if (tx.dialect === 'postgres') {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('medtrust:migrations:' || COALESCE(current_schema(), '')))`,
    );
  }
}

/**
 * Creates `schema_migrations` if needed and applies, in order, every migration not recorded there, each in its own
 * transaction together with its record. Safe to call concurrently and repeatedly.
 *
 * @param db - the root database (not a transaction).
 * @param migrations - the migrations to apply; default {@link MIGRATIONS}.
 * @returns the ids applied by this call (empty when the schema was up to date).
 * @throws StoreError when a statement fails (that migration is rolled back; earlier ones stay applied).
 */
export async function runMigrations(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.execute(
      `CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`,
    );
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await lockMigrations(tx);
      const rows = await tx.query<{ id: string }>('SELECT id FROM schema_migrations WHERE id = $1', [
        migration.id,
      ]);
      if (rows.length > 0) return true;
      for (const statement of migration.statements) {
        const sql = statementFor(statement, tx.dialect);
        if (sql !== undefined) await tx.execute(sql);
      }
      await tx.execute('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [
        migration.id,
        new Date().toISOString(),
      ]);
      return false;
    });
    if (!done) applied.push(migration.id);
  }
  return applied;
}

/**
 * Lists the migrations recorded in the database.
 *
 * @param db - an open database.
 * @returns their ids, sorted.
 */
export async function appliedMigrations(db: Database): Promise<string[]> {
  const rows = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
  return rows.map((r) => r.id);
}
