/**
 * Listed credentials and the feeds they came from: cursors, publications, withdrawals and rejections, each page of a
 * feed applied atomically with its cursor.
 */
import type { SqliteConnection } from './directory-database.ts';
import { searchTextOf, type DirectoryEntry } from './directory-entry.ts';
import { didKey } from './did-key.ts';
import type { FeedItem } from './feed-client.ts';
import { partyRowOf, type PartyChanges, type PartyRow } from './party-row.ts';
import type { DirectoryKind, PublishableType } from './publishable-types.ts';

/** What one feed has given the directory so far. */
export interface FeedState {
  url: string;
  /** The cursor the next poll reads after (`null` before the first page). */
  cursor: string | null;
  /** Credentials listed from it now. */
  listed: number;
  /** Items kept out (forged, unaccredited, malformed, patient data…). */
  rejected: number;
  /** Publications it withdrew. */
  withdrawn: number;
  /** Publications waiting for their anchor to be confirmed (judged again at each poll). */
  pending: number;
  lastSyncAt: string | null;
  /** The last failure to read it, when it has not been read successfully since. */
  lastError: { code: string; at: string } | null;
}

/** One change a feed page makes, applied in feed order. */
export type FeedOperation =
  | { op: 'list'; entry: DirectoryEntry }
  | { op: 'withdraw'; itemId: string }
  | { op: 'reject'; itemId: string; type?: string; codes: readonly string[] }
  /** Not decided yet (its anchor is not confirmed): kept aside and judged again at the next poll. */
  | { op: 'pending'; item: FeedItem };

/** What applying a page changed. */
export interface AppliedPage {
  listed: number;
  withdrawn: number;
  rejected: number;
  pending: number;
  /** The search-index rows the page changed (to write to the `DirectoryIndex`). */
  parties: PartyChanges;
}

interface EntryRow {
  feed: string;
  item_id: string;
  credential_id: string | null;
  type: string;
  kind: string | null;
  issuer: string;
  subject: string;
  name: string | null;
  number: string | null;
  jurisdiction: string | null;
  batch_id: string | null;
  gtin: string | null;
  lot: string | null;
  claims: string;
  jwt: string;
  jwt_hash: string;
  published_at: string;
  listed_at: string;
  anchor_proof: string | null;
}

const ENTRY_COLUMNS = `feed, item_id, credential_id, type, kind, issuer, subject, name, number, jurisdiction,
  batch_id, gtin, lot, claims, jwt, jwt_hash, published_at, listed_at, anchor_proof`;

function entryOfRow(row: EntryRow): DirectoryEntry {
  const entry: DirectoryEntry = {
    feed: row.feed,
    itemId: row.item_id,
    type: row.type as PublishableType,
    issuer: row.issuer,
    subject: row.subject,
    claims: JSON.parse(row.claims) as Record<string, unknown>,
    jwt: row.jwt,
    jwtHash: row.jwt_hash,
    publishedAt: row.published_at,
    listedAt: row.listed_at,
  };
  if (row.credential_id !== null) entry.credentialId = row.credential_id;
  if (row.anchor_proof !== null) entry.anchorProof = JSON.parse(row.anchor_proof) as Record<string, unknown>;
  if (row.kind !== null) entry.kind = row.kind as DirectoryKind;
  for (const [key, value] of [
    ['name', row.name],
    ['number', row.number],
    ['jurisdiction', row.jurisdiction],
    ['batchId', row.batch_id],
    ['gtin', row.gtin],
    ['lot', row.lot],
  ] as const) {
    if (value !== null) entry[key] = value;
  }
  return entry;
}

/** The same credential published by two feeds is one entry (the first listed). */
function distinct(entries: DirectoryEntry[]): DirectoryEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.jwtHash) && seen.add(e.jwtHash));
}

/**
 * Feeds and listed credentials in the directory database. Synchronous (better-sqlite3); every page of a feed is
 * applied in one transaction together with its new cursor, so a crash leaves either the whole page and its cursor or
 * neither.
 */
export class EntryStore {
  readonly #db: SqliteConnection;

  /** @param db - the open directory database. */
  constructor(db: SqliteConnection) {
    this.#db = db;
  }

  /**
   * @param url - a feed URL.
   * @returns its state (a fresh one, cursor `null`, when never read).
   */
  feedState(url: string): FeedState {
    const row = this.#db
      .prepare<
        [string],
        {
          cursor: string | null;
          last_sync_at: string | null;
          last_error_code: string | null;
          last_error_at: string | null;
        }
      >('SELECT cursor, last_sync_at, last_error_code, last_error_at FROM feeds WHERE url = ?')
      .get(url);
    const count = (table: string) =>
      (this.#db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE feed = ?`).get(url)
        ?.n ?? 0) as number;
    return {
      url,
      cursor: row?.cursor ?? null,
      listed: count('entries'),
      rejected: count('rejections'),
      withdrawn: count('withdrawals'),
      pending: count('pending_items'),
      lastSyncAt: row?.last_sync_at ?? null,
      lastError:
        row?.last_error_code && row.last_error_at
          ? { code: row.last_error_code, at: row.last_error_at }
          : null,
    };
  }

  /**
   * Applies one feed page — publications, withdrawals, rejections in feed order — and moves the feed's cursor, in
   * one transaction. Idempotent: re-applying a page gives the same state.
   * @param url - the feed.
   * @param operations - the page's changes, in feed order.
   * @param cursor - the cursor after this page.
   * @param at - now.
   * @returns how many were listed, withdrawn, rejected and set aside.
   */
  applyPage(url: string, operations: readonly FeedOperation[], cursor: string | null, at: Date): AppliedPage {
    const now = at.toISOString();
    const counts: AppliedPage = {
      listed: 0,
      withdrawn: 0,
      rejected: 0,
      pending: 0,
      parties: { upserts: [], removed: [] },
    };
    // Parties whose index row may change: those listed, and the owners of what is removed.
    const touched = new Map<string, { subjectKey: string; kind: DirectoryKind }>();
    const touch = (subjectKey: string, kind: string | null) => {
      if (kind !== null) touched.set(`${kind} ${subjectKey}`, { subjectKey, kind: kind as DirectoryKind });
    };
    const ownerOf = this.#db.prepare<[string, string], { subject_key: string; kind: string | null }>(
      'SELECT subject_key, kind FROM entries WHERE feed = ? AND item_id = ?',
    );
    const touchOwner = (itemId: string) => {
      const owner = ownerOf.get(url, itemId);
      if (owner !== undefined) touch(owner.subject_key, owner.kind);
    };
    const upsert = this.#db.prepare(
      `INSERT OR REPLACE INTO entries (feed, item_id, credential_id, type, kind, issuer, issuer_key, subject,
         subject_key, name, number, jurisdiction, batch_id, gtin, lot, search_text, claims, jwt, jwt_hash,
         published_at, listed_at, anchor_proof)
       VALUES (@feed, @itemId, @credentialId, @type, @kind, @issuer, @issuerKey, @subject, @subjectKey, @name,
         @number, @jurisdiction, @batchId, @gtin, @lot, @searchText, @claims, @jwt, @jwtHash, @publishedAt,
         @listedAt, @anchorProof)`,
    );
    const setAside = this.#db.prepare(
      `INSERT INTO pending_items (feed, item_id, item, since) VALUES (?, ?, ?, ?)
       ON CONFLICT (feed, item_id) DO UPDATE SET item = excluded.item`,
    );
    const forgetPending = this.#db.prepare('DELETE FROM pending_items WHERE feed = ? AND item_id = ?');
    const remove = this.#db.prepare('DELETE FROM entries WHERE feed = ? AND item_id = ?');
    const forgetWithdrawal = this.#db.prepare('DELETE FROM withdrawals WHERE feed = ? AND item_id = ?');
    const forgetRejection = this.#db.prepare('DELETE FROM rejections WHERE feed = ? AND item_id = ?');
    const withdraw = this.#db.prepare(
      'INSERT OR REPLACE INTO withdrawals (feed, item_id, at) VALUES (?, ?, ?)',
    );
    const reject = this.#db.prepare(
      'INSERT OR REPLACE INTO rejections (feed, item_id, type, codes, at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#db
      .transaction(() => {
        for (const operation of operations) {
          if (operation.op === 'list') {
            const e = operation.entry;
            touchOwner(e.itemId);
            touch(didKey(e.subject), e.kind ?? null);
            upsert.run({
              feed: url,
              itemId: e.itemId,
              credentialId: e.credentialId ?? null,
              type: e.type,
              kind: e.kind ?? null,
              issuer: e.issuer,
              issuerKey: didKey(e.issuer),
              subject: e.subject,
              subjectKey: didKey(e.subject),
              name: e.name ?? null,
              number: e.number ?? null,
              jurisdiction: e.jurisdiction ?? null,
              batchId: e.batchId ?? null,
              gtin: e.gtin ?? null,
              lot: e.lot ?? null,
              searchText: searchTextOf(e),
              claims: JSON.stringify(e.claims),
              jwt: e.jwt,
              jwtHash: e.jwtHash,
              publishedAt: e.publishedAt,
              listedAt: e.listedAt,
              anchorProof: e.anchorProof === undefined ? null : JSON.stringify(e.anchorProof),
            });
            forgetWithdrawal.run(url, e.itemId);
            forgetRejection.run(url, e.itemId);
            forgetPending.run(url, e.itemId);
            counts.listed++;
          } else if (operation.op === 'withdraw') {
            touchOwner(operation.itemId);
            remove.run(url, operation.itemId);
            forgetPending.run(url, operation.itemId);
            withdraw.run(url, operation.itemId, now);
            counts.withdrawn++;
          } else if (operation.op === 'pending') {
            setAside.run(url, operation.item.id, JSON.stringify(operation.item), now);
            counts.pending++;
          } else {
            touchOwner(operation.itemId);
            remove.run(url, operation.itemId);
            forgetPending.run(url, operation.itemId);
            reject.run(url, operation.itemId, operation.type ?? null, operation.codes.join(','), now);
            counts.rejected++;
          }
        }
        this.#db
          .prepare(
            `INSERT INTO feeds (url, cursor, last_sync_at, last_error_code, last_error_at)
             VALUES (?, ?, ?, NULL, NULL)
             ON CONFLICT (url) DO UPDATE SET cursor = excluded.cursor, last_sync_at = excluded.last_sync_at,
               last_error_code = NULL, last_error_at = NULL`,
          )
          .run(url, cursor, now);
        counts.parties = this.partyChangesOf([...touched.values()]);
      })
      .immediate();
    return counts;
  }

  /**
   * The index rows of parties as the listed credentials make them now.
   * @param keys - the parties (subject key and kind).
   * @returns a row for each that still has a listed credential of its kind; the others as removed.
   */
  partyChangesOf(keys: ReadonlyArray<{ subjectKey: string; kind: DirectoryKind }>): PartyChanges {
    const latest = this.#db.prepare<[string, string], EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM entries WHERE subject_key = ? AND kind = ? ORDER BY rowid DESC LIMIT 1`,
    );
    const count = this.#db.prepare<[string, string], { n: number }>(
      'SELECT COUNT(DISTINCT jwt_hash) AS n FROM entries WHERE subject_key = ? AND kind = ?',
    );
    const changes: PartyChanges = { upserts: [], removed: [] };
    for (const key of keys) {
      const row = latest.get(key.subjectKey, key.kind);
      if (row === undefined) changes.removed.push(key);
      else changes.upserts.push(partyRowOf(entryOfRow(row), count.get(key.subjectKey, key.kind)?.n ?? 1));
    }
    return changes;
  }

  /**
   * Every party's index row, in pages (to build an index from the listed credentials).
   * @param after - the last `cursor` returned, or `undefined` to start.
   * @param limit - at most this many rows.
   * @returns the rows and the cursor of the next page (`undefined` at the end).
   */
  partyRows(after: string | undefined, limit: number): { rows: PartyRow[]; next?: string } {
    const [subjectKey, kind] = after === undefined ? ['', ''] : (JSON.parse(after) as [string, string]);
    const keys = this.#db
      .prepare<[string, string, number], { subject_key: string; kind: string }>(
        `SELECT DISTINCT subject_key, kind FROM entries
         WHERE kind IS NOT NULL AND (subject_key, kind) > (?, ?) ORDER BY subject_key, kind LIMIT ?`,
      )
      .all(subjectKey, kind, limit);
    const { upserts } = this.partyChangesOf(
      keys.map((k) => ({ subjectKey: k.subject_key, kind: k.kind as DirectoryKind })),
    );
    const last = keys[keys.length - 1];
    return last === undefined || keys.length < limit
      ? { rows: upserts }
      : { rows: upserts, next: JSON.stringify([last.subject_key, last.kind]) };
  }

  /**
   * A listed credential by its hash (the first listed, when two feeds published it).
   * @param jwtHash - `credentialJwtHash` of the credential (lowercase).
   * @returns the entry, or `undefined` when it is not listed.
   */
  entryByHash(jwtHash: string): DirectoryEntry | undefined {
    const row = this.#db
      .prepare<[string], EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM entries WHERE jwt_hash = ? ORDER BY rowid LIMIT 1`,
      )
      .get(jwtHash.toLowerCase());
    return row === undefined ? undefined : entryOfRow(row);
  }

  /**
   * Publications of a feed set aside until their anchor is confirmed, oldest first.
   * @param url - the feed.
   * @param limit - at most this many.
   * @returns the feed items as they were read.
   */
  pendingItems(url: string, limit: number): FeedItem[] {
    return this.#db
      .prepare<[string, number], { item: string }>(
        'SELECT item FROM pending_items WHERE feed = ? ORDER BY since, rowid LIMIT ?',
      )
      .all(url, limit)
      .map((row) => JSON.parse(row.item) as FeedItem);
  }

  /**
   * The anchor proof a feed published with a listed credential.
   * @param jwtHash - `credentialJwtHash` of the credential (lowercase).
   * @returns the proof (untrusted JSON), or `undefined`.
   */
  anchorProofOf(jwtHash: string): Record<string, unknown> | undefined {
    const row = this.#db
      .prepare<[string], { anchor_proof: string }>(
        'SELECT anchor_proof FROM entries WHERE jwt_hash = ? AND anchor_proof IS NOT NULL LIMIT 1',
      )
      .get(jwtHash.toLowerCase());
    return row === undefined ? undefined : (JSON.parse(row.anchor_proof) as Record<string, unknown>);
  }

  /**
   * Records that a feed could not be read (its cursor is left as it was).
   * @param url - the feed.
   * @param code - a stable error code.
   * @param at - now.
   */
  recordFeedError(url: string, code: string, at: Date): void {
    this.#db
      .prepare(
        `INSERT INTO feeds (url, cursor, last_error_code, last_error_at) VALUES (?, NULL, ?, ?)
         ON CONFLICT (url) DO UPDATE SET last_error_code = excluded.last_error_code,
           last_error_at = excluded.last_error_at`,
      )
      .run(url, code, at.toISOString());
  }

  /**
   * Licences and accreditations about a party.
   * @param did - the doctor's, hospital's or supplier's DID.
   * @param limit - at most this many (newest first).
   * @returns the entries, each credential once.
   */
  entriesAbout(did: string, limit: number): DirectoryEntry[] {
    return distinct(
      this.#db
        .prepare<[string, number], EntryRow>(
          `SELECT ${ENTRY_COLUMNS} FROM entries WHERE subject_key = ? AND kind IS NOT NULL
           ORDER BY rowid DESC LIMIT ?`,
        )
        .all(didKey(did), limit)
        .map(entryOfRow),
    );
  }

  /**
   * The JWTs of the listed credentials of one type about a party (the lookups of `verifyReview` and
   * `verifyProvenance`).
   * @param did - the party.
   * @param type - the credential type.
   * @param limit - at most this many.
   * @returns the compact JWTs.
   */
  jwtsAbout(did: string, type: PublishableType, limit = 20): string[] {
    return [
      ...new Set(
        this.#db
          .prepare<[string, string, number], { jwt: string }>(
            'SELECT jwt FROM entries WHERE subject_key = ? AND type = ? ORDER BY rowid DESC LIMIT ?',
          )
          .all(didKey(did), type, limit)
          .map((r) => r.jwt),
      ),
    ];
  }

  /**
   * Credentials of one type a party issued (e.g. the batches of a manufacturer).
   * @param did - the issuer.
   * @param type - the credential type.
   * @param limit - at most this many (newest first).
   * @returns the entries.
   */
  entriesIssuedBy(did: string, type: PublishableType, limit: number): DirectoryEntry[] {
    return distinct(
      this.#db
        .prepare<[string, string, number], EntryRow>(
          `SELECT ${ENTRY_COLUMNS} FROM entries WHERE issuer_key = ? AND type = ? ORDER BY rowid DESC LIMIT ?`,
        )
        .all(didKey(did), type, limit)
        .map(entryOfRow),
    );
  }

  /**
   * The batch credentials and custody transfers listed for one batch.
   * @param batchId - `urn:gtin:<gtin>:lot:<lot>`.
   * @param type - `DrugBatchCredential` or `CustodyTransferCredential`.
   * @param limit - at most this many (oldest first).
   * @returns the entries.
   */
  entriesOfBatch(
    batchId: string,
    type: 'DrugBatchCredential' | 'CustodyTransferCredential',
    limit: number,
  ): DirectoryEntry[] {
    return distinct(
      this.#db
        .prepare<[string, string, number], EntryRow>(
          `SELECT ${ENTRY_COLUMNS} FROM entries WHERE batch_id = ? AND type = ? ORDER BY rowid LIMIT ?`,
        )
        .all(batchId, type, limit)
        .map(entryOfRow),
    );
  }

  /**
   * Batch credentials by product code (and lot).
   * @param gtin - the GTIN.
   * @param lot - the lot, or any.
   * @param limit - at most this many.
   * @param offset - skip this many.
   * @returns the entries, newest first.
   */
  batchesByGtin(gtin: string, lot: string | undefined, limit: number, offset: number): DirectoryEntry[] {
    const rows =
      lot === undefined
        ? this.#db
            .prepare<[string, number, number], EntryRow>(
              `SELECT ${ENTRY_COLUMNS} FROM entries WHERE type = 'DrugBatchCredential' AND gtin = ?
               ORDER BY rowid DESC LIMIT ? OFFSET ?`,
            )
            .all(gtin, limit, offset)
        : this.#db
            .prepare<[string, string, number, number], EntryRow>(
              `SELECT ${ENTRY_COLUMNS} FROM entries WHERE type = 'DrugBatchCredential' AND gtin = ? AND lot = ?
               ORDER BY rowid DESC LIMIT ? OFFSET ?`,
            )
            .all(gtin, lot, limit, offset);
    return distinct(rows.map(entryOfRow));
  }
}
