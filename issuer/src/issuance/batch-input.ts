import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { parseCsvRecords } from './csv-records.ts';
import { subjectFieldKinds, type SubjectFieldKind } from './subject-field-kinds.ts';

/** Input formats of a batch. */
export type BatchFormat = 'csv' | 'jsonl';

/** One item of a batch: what varies per credential (the type and issuer are the batch's). */
export interface BatchRowInput {
  /** Line of the input the item starts on (CSV: the header is line 1; JSON lines: 1-based). Unique per batch. */
  row: number;
  /** The claims (personal data: never log them). */
  credentialSubject: Record<string, unknown>;
  /** RFC 3339 date-time, if the credential expires. */
  expirationDate?: string;
}

/** Options of {@link parseBatch}. */
export interface ParseBatchOptions {
  /**
   * The batch's credential type: CSV cells of its list properties (e.g. `scopeOfPractice`) are split on
   * `arraySeparator`, and cells of its integer / number / boolean properties become numbers / booleans.
   */
  credentialType?: string;
  /** CSV subject fields to split into lists, in addition to those the schema declares as lists. */
  arrayFields?: readonly string[];
  /** Separator of list cells; default `;`. */
  arraySeparator?: string;
  /** Largest number of items accepted; default {@link MAX_BATCH_ITEMS}. */
  maxItems?: number;
}

/** Largest batch {@link parseBatch} accepts unless told otherwise. */
export const MAX_BATCH_ITEMS = 1_000_000;

const SUBJECT_PREFIX = 'credentialSubject.';
const TOP_LEVEL_COLUMNS = new Set(['expirationDate']);
const JSONL_MEMBERS = new Set(['credentialSubject', 'expirationDate']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function invalidArgument(message: string): MedtrustError {
  return new MedtrustError(ErrorCodes.INVALID_ARGUMENT, message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a CSV column goes: a top-level member or a (possibly nested) subject path. */
type Column = { target: 'top'; name: string } | { target: 'subject'; path: string[]; kind: SubjectFieldKind };

function toColumns(header: string[], options: ParseBatchOptions): Column[] {
  const kinds = options.credentialType === undefined ? new Map() : subjectFieldKinds(options.credentialType);
  const arrays = new Set(options.arrayFields ?? []);
  const seen = new Set<string>();
  return header.map((raw, i) => {
    const name = raw.trim();
    if (name === '') throw invalidArgument(`CSV line 1: column ${i + 1} has no name`);
    const field = name.startsWith(SUBJECT_PREFIX) ? name.slice(SUBJECT_PREFIX.length) : name;
    const key = TOP_LEVEL_COLUMNS.has(name) ? name : `${SUBJECT_PREFIX}${field}`;
    if (seen.has(key)) throw invalidArgument(`CSV line 1: column "${name}" fills the same field as another`);
    seen.add(key);
    if (TOP_LEVEL_COLUMNS.has(name)) return { target: 'top', name };
    const path = field.split('.');
    if (path.some((part) => part === '' || FORBIDDEN_KEYS.has(part))) {
      throw invalidArgument(`CSV line 1: column "${name}" is not a usable field name`);
    }
    const top = path[0]!;
    const kind: SubjectFieldKind =
      arrays.has(field) || arrays.has(top)
        ? 'array'
        : path.length === 1
          ? ((kinds.get(top) as SubjectFieldKind | undefined) ?? 'string')
          : 'string';
    return { target: 'subject', path, kind };
  });
}

function cellValue(text: string, kind: SubjectFieldKind, separator: string): unknown {
  const value = text.trim();
  switch (kind) {
    case 'array':
      return value
        .split(separator)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'integer':
    case 'number':
      // anything else stays text, for the schema to report on that row
      return /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown, line: number): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node = node[part] = {};
    else if (isPlainObject(next)) node = next;
    else throw invalidArgument(`CSV line ${line}: column "${path.join('.')}" conflicts with another column`);
  }
  node[path[path.length - 1]!] = value;
}

function parseCsv(text: string, options: ParseBatchOptions, maxItems: number): BatchRowInput[] {
  const records = parseCsvRecords(text);
  const header = records[0];
  if (header === undefined) throw invalidArgument('CSV line 1: the header row is missing');
  const columns = toColumns(header.fields, options);
  const separator = options.arraySeparator ?? ';';
  if (records.length - 1 > maxItems) {
    throw invalidArgument(`CSV line ${records[maxItems + 1]!.line}: more than ${maxItems} items`);
  }
  const items: BatchRowInput[] = [];
  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== columns.length) {
      throw invalidArgument(`CSV line ${line}: ${fields.length} fields, the header has ${columns.length}`);
    }
    const credentialSubject: Record<string, unknown> = {};
    const item: BatchRowInput = { row: line, credentialSubject };
    columns.forEach((column, i) => {
      const text = fields[i]!;
      if (text.trim() === '') return; // an empty cell leaves the field out
      if (column.target === 'top') item.expirationDate = text.trim();
      else setPath(credentialSubject, column.path, cellValue(text, column.kind, separator), line);
    });
    items.push(item);
  }
  return items;
}

function parseJsonLines(text: string, maxItems: number): BatchRowInput[] {
  const items: BatchRowInput[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    const line = i + 1;
    const content = (i === 0 && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine).trim();
    if (content === '') return;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      // the parser's message may quote the line: do not pass it on
      throw invalidArgument(`JSON line ${line}: not valid JSON`);
    }
    if (!isPlainObject(value)) throw invalidArgument(`JSON line ${line}: not a JSON object`);
    for (const name of Object.keys(value)) {
      if (!JSONL_MEMBERS.has(name)) throw invalidArgument(`JSON line ${line}: unsupported member "${name}"`);
    }
    if (!isPlainObject(value.credentialSubject)) {
      throw invalidArgument(`JSON line ${line}: credentialSubject must be a JSON object`);
    }
    if (value.expirationDate !== undefined && typeof value.expirationDate !== 'string') {
      throw invalidArgument(`JSON line ${line}: expirationDate must be a string`);
    }
    if (items.length >= maxItems) throw invalidArgument(`JSON line ${line}: more than ${maxItems} items`);
    const item: BatchRowInput = { row: line, credentialSubject: value.credentialSubject };
    if (value.expirationDate !== undefined) item.expirationDate = value.expirationDate;
    items.push(item);
  });
  return items;
}

/**
 * Parses a batch upload into items, each keeping the line it came from as its row number.
 *
 * CSV: a header row, then one credential per record. A column `credentialSubject.x` or plain `x` fills subject
 * field `x` (`a.b` nests), `expirationDate` fills the credential's; an empty cell leaves the field out. Cells of
 * list fields (declared as arrays by the type's schema, or named in `arrayFields`) are split on `;`; cells of
 * integer / number / boolean fields are converted when they parse.
 * JSON lines: one `{ "credentialSubject": {…}, "expirationDate"?: "…" }` per non-blank line.
 *
 * Only the shape is checked here; each item is validated against the schema when it is issued (an invalid item
 * fails alone).
 *
 * @param format - `csv` or `jsonl`.
 * @param text - the upload.
 * @param options - credential type (for CSV cell kinds), extra list fields, separator, size limit.
 * @returns the items, in input order.
 * @throws MedtrustError `INVALID_ARGUMENT` naming the line (`CSV line 7: …`, `JSON line 3: …`) of a malformed
 *   record, a wrong field count, a bad header, or when there are no items or too many. Messages never quote values.
 */
export function parseBatch(
  format: BatchFormat,
  text: string,
  options: ParseBatchOptions = {},
): BatchRowInput[] {
  const maxItems = options.maxItems ?? MAX_BATCH_ITEMS;
  let items: BatchRowInput[];
  if (format === 'csv') items = parseCsv(text, options, maxItems);
  else if (format === 'jsonl') items = parseJsonLines(text, maxItems);
  else throw invalidArgument(`unsupported batch format "${String(format)}": use csv or jsonl`);
  if (items.length === 0) throw invalidArgument('the batch has no items');
  return items;
}
