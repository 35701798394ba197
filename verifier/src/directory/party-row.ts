/**
 * One searchable party: a doctor, hospital or supplier under one kind, as the search index holds it — the fields of
 * its newest listed credential of that kind, how many it has, its search tokens and its sort key.
 */
import type { DirectoryEntry } from './directory-entry.ts';
import { searchTextOf } from './directory-entry.ts';
import { didKey } from './did-key.ts';
import type { DirectoryKind } from './publishable-types.ts';
import { normaliseForSearch } from './search-text.ts';

/** A row of the search index (one per subject and kind). */
export interface PartyRow {
  /** `didKey(subject)`: with `kind`, the row's identity. */
  subjectKey: string;
  kind: DirectoryKind;
  /** The subject's DID as its newest credential spells it. */
  did: string;
  name?: string;
  /** Licence or registration number. */
  number?: string;
  jurisdiction?: string;
  /** The issuer of the newest credential of that kind. */
  issuer: string;
  /** Licence: specialty. */
  specialty?: string;
  /** Supplier: role. */
  role?: string;
  /** Listed credentials of that kind (distinct JWTs). */
  credentials: number;
  /** The normalised name: results are ordered by it, then by `subjectKey` and `kind` (byte order). */
  nameKey: string;
  /** The search tokens, separated by single spaces (see `searchTokensOf`). */
  tokens: string;
}

/** What a feed page changed in the index: rows to write, and rows whose party has no listed credential left. */
export interface PartyChanges {
  upserts: PartyRow[];
  removed: Array<{ subjectKey: string; kind: DirectoryKind }>;
}

/**
 * @param entry - the party's newest listed credential of its kind (`entry.kind` set).
 * @param credentials - how many of that kind are listed.
 * @returns the index row.
 */
export function partyRowOf(entry: DirectoryEntry, credentials: number): PartyRow {
  const row: PartyRow = {
    subjectKey: didKey(entry.subject),
    kind: entry.kind!,
    did: entry.subject,
    issuer: entry.issuer,
    credentials,
    nameKey: normaliseForSearch(entry.name ?? ''),
    tokens: searchTextOf(entry),
  };
  if (entry.name !== undefined) row.name = entry.name;
  if (entry.number !== undefined) row.number = entry.number;
  if (entry.jurisdiction !== undefined) row.jurisdiction = entry.jurisdiction;
  if (typeof entry.claims.specialty === 'string') row.specialty = entry.claims.specialty;
  if (typeof entry.claims.role === 'string') row.role = entry.claims.role;
  return row;
}
