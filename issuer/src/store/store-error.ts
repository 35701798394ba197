import { ErrorCodes, MedtrustError } from '@medtrust/core';

/**
 * Stable codes of {@link StoreError}. Callers (HTTP error mapping, publisher, tests) match on these, never on messages.
 */
export const StoreErrorCodes = {
  /** The database cannot be reached or opened (connection refused, authentication failed, file locked too long, closed). */
  STORE_UNAVAILABLE: ErrorCodes.STORE_UNAVAILABLE,
  /** A UNIQUE or PRIMARY KEY constraint refused the write (SQLite `SQLITE_CONSTRAINT_UNIQUE` / `_PRIMARYKEY`, PostgreSQL `23505`). */
  STORE_CONFLICT: ErrorCodes.STORE_CONFLICT,
  /** An append-only table (the audit log) refused an UPDATE, DELETE or TRUNCATE. */
  STORE_APPEND_ONLY: ErrorCodes.STORE_APPEND_ONLY,
  /** A caller passed an argument the store cannot use (unsupported parameter type, malformed cursor, bad schema name). */
  STORE_INVALID_ARGUMENT: ErrorCodes.STORE_INVALID_ARGUMENT,
  /** Any other database failure (syntax, other constraints, use of a finished transaction). */
  STORE_ERROR: ErrorCodes.STORE_ERROR,
} as const;

/** One {@link StoreErrorCodes} value. */
export type StoreErrorCode = (typeof StoreErrorCodes)[keyof typeof StoreErrorCodes];

/** Sanitised facts about the driver failure behind a {@link StoreError}; never carries SQL parameter values. */
export interface StoreErrorDetails {
  /** The driver's own code: a PostgreSQL SQLSTATE (`23505`), an SQLite extended code (`SQLITE_BUSY`) or a socket code (`ECONNREFUSED`). */
  driverCode?: string;
  /** The violated constraint: its name (PostgreSQL) or its `table.column` list (SQLite). */
  constraint?: string;
}

/**
 * Every failure of the storage layer. The message is for operators: it may name the statement's first words, the
 * table, column or constraint, but never a bound parameter value (parameters may carry health data), and the
 * driver's raw error is deliberately not attached as `cause` for the same reason (PostgreSQL puts row values in
 * `detail` and in some messages).
 */
export class StoreError extends MedtrustError {
  /** The stable code. */
  declare readonly code: StoreErrorCode;
  /** The driver's own code, when there was a driver failure. */
  readonly driverCode: string | undefined;
  /** The violated constraint, when known. */
  readonly constraint: string | undefined;

  /**
   * @param code - stable code from {@link StoreErrorCodes}.
   * @param message - operator-facing detail, free of parameter values.
   * @param details - sanitised driver facts.
   */
  constructor(code: StoreErrorCode, message: string, details: StoreErrorDetails = {}) {
    super(code, message);
    this.name = 'StoreError';
    this.driverCode = details.driverCode;
    this.constraint = details.constraint;
  }
}

/**
 * Tells whether a value is a {@link StoreError}, optionally with a given code.
 *
 * @param error - any thrown value.
 * @param code - the code to require, if any.
 * @returns true when `error` is a StoreError (with that code).
 */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

/**
 * A short, parameter-free description of a statement for error messages: its first words, whitespace collapsed.
 *
 * @param sql - the statement text (placeholders only, never interpolated values).
 * @returns at most 80 characters of it.
 */
export function describeStatement(sql: string): string {
  const compact = sql.replace(/\s+/g, ' ').trim();
  return compact.length > 80 ? `${compact.slice(0, 77)}...` : compact;
}
