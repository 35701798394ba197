/**
 * Schema of the verifier's durable stores, one list of migrations whose SQL runs unchanged on SQLite and
 * PostgreSQL. Times are epoch milliseconds (BIGINT) from the verifier's injected clock, so expiry follows the same
 * clock as the in-memory stores.
 */

/** One schema step. */
export interface VerifierStoreMigration {
  /** Increasing from 1; never renumbered. */
  version: number;
  /** Statements (`;`-separated) valid on both SQLite and PostgreSQL. */
  sql: string;
}

/** Every migration, in order. */
export const VERIFIER_STORE_MIGRATIONS: readonly VerifierStoreMigration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE verifier_nonces (
  nonce TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL,
  consumed_at BIGINT
);
CREATE INDEX verifier_nonces_expiry ON verifier_nonces (expires_at);
CREATE TABLE verifier_presentation_requests (
  id TEXT PRIMARY KEY,
  policy_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  domain TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  answered_at BIGINT,
  channel TEXT,
  report TEXT
);
CREATE INDEX verifier_presentation_requests_expiry ON verifier_presentation_requests (expires_at);
`,
  },
];
