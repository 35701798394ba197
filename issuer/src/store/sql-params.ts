import { StoreError } from './store-error.ts';

/**
 * Rewrites PostgreSQL-style `$1, $2 …` placeholders to SQLite's numbered `?1, ?2 …`, leaving string literals,
 * quoted identifiers and comments untouched.
 *
 * @param sql - a statement written with `$n` placeholders.
 * @returns the same statement with `?n` placeholders.
 */
export function toSqlitePlaceholders(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl === -1 ? sql.length : nl;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close === -1 ? sql.length : close + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '$' && isDigit(sql[i + 1])) {
      let j = i + 1;
      while (isDigit(sql[j])) j++;
      out += `?${sql.slice(i + 1, j)}`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Index just past the quote that closes the one at `start` (a doubled quote is an escaped quote). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** A value both drivers bind the same way. */
export type SqlValue = string | number | bigint | Buffer | null;

/**
 * Normalises one parameter so both dialects store the same thing: booleans become 0/1, `Date`s ISO-8601 UTC text,
 * `undefined` NULL, `Uint8Array`s Buffers. Objects and arrays are refused (serialise them yourself), so a statement
 * behaves identically on SQLite and PostgreSQL.
 *
 * @param value - the parameter as given.
 * @param position - its 1-based placeholder number, for the error message (the value itself is never echoed).
 * @returns the value to bind.
 * @throws StoreError `STORE_INVALID_ARGUMENT` for an unsupported type.
 */
export function toSqlValue(value: unknown, position: number): SqlValue {
  switch (typeof value) {
    case 'string':
    case 'bigint':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new StoreError('STORE_INVALID_ARGUMENT', `parameter $${position} is not a finite number`);
      }
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'undefined':
      return null;
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) {
          throw new StoreError('STORE_INVALID_ARGUMENT', `parameter $${position} is an invalid Date`);
        }
        return value.toISOString();
      }
      if (Buffer.isBuffer(value)) return value;
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      break;
    default:
      break;
  }
  throw new StoreError(
    'STORE_INVALID_ARGUMENT',
    `parameter $${position} has an unsupported type (${Array.isArray(value) ? 'array' : typeof value}); ` +
      'bind strings, numbers, bigints, booleans, Dates, Buffers or null',
  );
}

/**
 * Normalises a parameter list with {@link toSqlValue}.
 *
 * @param params - the parameters as given.
 * @returns the values to bind, in order.
 * @throws StoreError `STORE_INVALID_ARGUMENT` for an unsupported type.
 */
export function toSqlValues(params: readonly unknown[] | undefined): SqlValue[] {
  if (params === undefined) return [];
  return params.map((value, i) => toSqlValue(value, i + 1));
}
