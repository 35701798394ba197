/**
 * The directory's search index and its stored verification results, behind one asynchronous interface with two
 * backends: SQLite (FTS5, in the directory's own database file; the embedded default) and PostgreSQL (full text on
 * a GIN index, when `DATABASE_URL` is set, shared by every verifier instance). Both answer every search identically:
 * - every query token must begin a token of the party's name, number, jurisdiction, DID address, GTIN, lot or specialty
 *   (tokens are made by `searchTokensOf`, so `carv ferr` finds "Carvalho Ferreira" and `ERS-12345` finds
 *   "ERS-12345"); a query that is one DID matches that subject exactly (`did:ethr` in any case);
 * - `kind` and `jurisdiction` (that code or a subdivision: `PT` finds `PT-11`) filter;
 * - hits are ordered by normalised name, then subject key, then kind (byte order), and paged by keyset (`after`, the
 *   `next` cursor of the previous page) or by a bounded `offset`.
 */
import type { AccreditationChain } from './accreditation-chain.ts';
import type { LiveStatus } from './live-status.ts';
import type { PartyChanges, PartyRow } from './party-row.ts';
import type { DirectoryKind } from './publishable-types.ts';

/** Where a page of hits ends: the sort key of its last hit. */
export interface SearchCursor {
  nameKey: string;
  subjectKey: string;
  kind: string;
}

/** A search of doctors, hospitals and suppliers. */
export interface PartySearch {
  /** Query tokens (`queryTokensOf`), all of which must match. */
  tokens?: readonly string[];
  /** Instead of tokens: the subject key of one DID (`didKey`). */
  subjectKey?: string;
  kind?: DirectoryKind;
  /** ISO 3166 code: that jurisdiction or a subdivision of it. */
  jurisdiction?: string;
  limit: number;
  offset: number;
  /** Hits after this one (keyset pagination). */
  after?: SearchCursor;
}

/** One page of hits. */
export interface SearchPage {
  items: PartyRow[];
  /** The cursor of the next page, when there are more hits. */
  next?: SearchCursor;
}

/** The stored verification of one listed credential (what its profile shows until something relevant changes). */
export interface StoredVerification {
  /** `credentialJwtHash` of the credential. */
  jwtHash: string;
  /** The pipeline's verdict (codes and checks only, never the credential). */
  status: LiveStatus;
  /** The issuer's accreditation chain when it was verified. */
  accreditation: AccreditationChain;
  /** When it was verified (ISO 8601). */
  checkedAt: string;
  /** When it must be verified again whatever happens on-chain (a validity window opens or ends, or max age). */
  recheckAfter: string;
  /** A relevant chain event arrived since: verify again before showing it. */
  stale: boolean;
  /** Incremented by every mark; a recheck clears `stale` only if no mark came while it ran. */
  generation: number;
}

/** A verification to store, with what makes it stale. */
export interface VerificationRecord extends Omit<StoredVerification, 'stale' | 'generation'> {
  /** The issuer's identity address (lowercase), when a `did:ethr`. */
  issuerAddress?: string;
  /** The subject's identity address (lowercase), when a `did:ethr`. */
  subjectAddress?: string;
  /** `<issuer address>:<list id>` of its status list, when it has one. */
  statusList?: string;
  /** Addresses (lowercase) of the accreditors behind the issuer's accreditation. */
  accreditors: readonly string[];
}

/** How a record is written. */
export interface RecordWrite {
  record: VerificationRecord;
  /** The `generation` read before verifying (0 when none was stored): a later mark keeps the row stale. */
  generation: number;
  /** Store it stale anyway (a mark arrived while it was verified). */
  stale: boolean;
}

/** What a chain event makes stale (addresses lowercase). */
export interface StaleMarks {
  /** Credentials issued by these identities (their keys or accreditation changed). */
  issuers?: readonly string[];
  /** Credentials about these identities (their keys changed). */
  subjects?: readonly string[];
  /** Credentials on these status lists (`<issuer address>:<list id>`). */
  lists?: readonly string[];
  /** Credentials whose issuer was accredited by these identities. */
  accreditors?: readonly string[];
  /** Every stored verification (the chain went backwards, or too many blocks passed to read their events). */
  all?: boolean;
}

/** The search index and the stored verifications. */
export interface DirectoryIndex {
  readonly backend: 'sqlite' | 'postgres';
  /** Writes what a feed page changed (idempotent). */
  putParties(changes: PartyChanges): Promise<void>;
  /** How many parties are indexed. */
  partyCount(): Promise<number>;
  /** One page of hits. */
  search(search: PartySearch): Promise<SearchPage>;
  /** The stored verifications of these credentials (missing ones absent). */
  resultsOf(jwtHashes: readonly string[]): Promise<Map<string, StoredVerification>>;
  /** Stores verifications. */
  putResults(writes: readonly RecordWrite[]): Promise<void>;
  /** Marks matching verifications stale; returns how many. */
  markStale(marks: StaleMarks): Promise<number>;
  /** Stale verifications' hashes in hash order, after `after` (for the background recheck). */
  staleHashes(limit: number, after?: string): Promise<string[]>;
  /** Forgets the verifications of credentials no longer listed. */
  forgetResults(jwtHashes: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * @param cursor - a page's `next`.
 * @returns its opaque form (the `after` parameter).
 */
export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.nameKey, cursor.subjectKey, cursor.kind])).toString('base64url');
}

/**
 * @param text - an `after` parameter.
 * @returns the cursor, or `undefined` when it is not one.
 */
export function decodeSearchCursor(text: string): SearchCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value.every((v) => typeof v === 'string' && v.length <= 1024)
    ) {
      const [nameKey, subjectKey, kind] = value as [string, string, string];
      return { nameKey, subjectKey, kind };
    }
  } catch {
    // not a cursor
  }
  return undefined;
}

/**
 * The cursor after a hit.
 * @param row - the last hit of a page.
 * @returns its cursor.
 */
export function cursorOf(row: PartyRow): SearchCursor {
  return { nameKey: row.nameKey, subjectKey: row.subjectKey, kind: row.kind };
}

/**
 * @param rows - up to `limit + 1` rows in order.
 * @param limit - the page size.
 * @returns the page, with `next` when a row beyond it was read.
 */
export function pageOf(rows: PartyRow[], limit: number): SearchPage {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: cursorOf(items[items.length - 1]!) };
}
