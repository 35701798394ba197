/**
 * Row ids of the SQLite search index that follow the search order. A party's `id` (the FTS5 rowid) is chosen between
 * the ids of its neighbours in (name key, subject key, kind) order, so ascending rowid IS the result order: FTS5
 * returns a query's matches in rowid order, and a page is the first matches after the cursor — a bounded read
 * however many parties match. The id tried first is the name's place in the whole id range ({@link idGuessOf}: its
 * first four characters read as a fraction, coarse enough to leave ~2^31 ids to each four-letter start), so parties inserted in any order spread like their names do; when that
 * guess is not between the neighbours, the midpoint is taken; when neighbours are adjacent, a window of following
 * rows is spread out again (the whole table only when the window has no room either).
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteConnection } from './directory-database.ts';

type BetterStatement<R> = Statement<[string, string, string], R>;

/** Gap left between parties when the whole table is renumbered. */
export const SPACING = 2 ** 24;
/** Largest id (ids stay exact JavaScript numbers). */
const MAX_ID = Number.MAX_SAFE_INTEGER;
/** Characters of the name the guess reads, and their base. */
const GUESS_CHARS = 4;
const BASE = 40;

/** A character's digit, non-decreasing in code point order (space and punctuation < digits < letters < others). */
function digitOf(code: number): number {
  if (code < 0x30) return 1;
  if (code <= 0x39) return 2 + code - 0x30;
  if (code < 0x61) return 12;
  if (code <= 0x7a) return 13 + code - 0x61;
  return 39;
}

/**
 * Where a name falls in the id range: its first characters as a base-40 fraction of `MAX_ID` (non-decreasing in the
 * search order).
 * @param nameKey - the normalised name.
 * @returns an id in [0, MAX_ID).
 */
export function idGuessOf(nameKey: string): number {
  let fraction = 0;
  let scale = 1 / BASE;
  for (let i = 0; i < Math.min(GUESS_CHARS, nameKey.length); i++) {
    fraction += digitOf(nameKey.charCodeAt(i)) * scale;
    scale /= BASE;
  }
  return Math.floor(fraction * MAX_ID);
}
/**
 * Rows spread out again when two neighbours are adjacent: the smallest window whose rows then lie at least
 * {@link ROOMY} apart (so the place does not fill up again at once), else the largest with any room.
 */
const WINDOWS = [16, 256, 4_096, 65_536];
const ROOMY = 2 ** 16;

/** A position in the search order. */
export interface OrderKey {
  nameKey: string;
  subjectKey: string;
  kind: string;
}

/** Allocates order-following ids in the `parties` table. */
export class PartyOrderIds {
  readonly #db: SqliteConnection;
  readonly #atOrBefore: BetterStatement<{ id: number }>;
  readonly #after: BetterStatement<{ id: number }>;

  /** @param db - the directory database. */
  constructor(db: SqliteConnection) {
    this.#db = db;
    this.#atOrBefore = db.prepare(
      `SELECT id FROM parties WHERE (name_key, subject_key, kind) <= (?, ?, ?)
       ORDER BY name_key DESC, subject_key DESC, kind DESC LIMIT 1`,
    );
    this.#after = db.prepare(
      `SELECT id FROM parties WHERE (name_key, subject_key, kind) > (?, ?, ?)
       ORDER BY name_key, subject_key, kind LIMIT 1`,
    );
  }

  /**
   * The id a new party at `key` takes (call inside the transaction that inserts it).
   * @param key - its position.
   * @returns a free id between its neighbours'.
   */
  allocate(key: OrderKey): number {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { lo, hi } = this.#neighbours(key);
      if (hi - lo > 1) {
        const guess = idGuessOf(key.nameKey);
        return guess > lo && guess < hi ? guess : lo + Math.floor((hi - lo) / 2);
      }
      if (
        attempt === 0 &&
        (WINDOWS.some((size) => this.#spreadAfter(lo, size, ROOMY)) ||
          this.#spreadAfter(lo, WINDOWS[WINDOWS.length - 1]!, 2))
      ) {
        continue;
      }
      this.#renumberAll();
    }
    throw new Error('no free id in the search index');
  }

  /**
   * The id of the last party at or before a position (0 when none): rows after a cursor have larger ids.
   * @param key - the cursor's position.
   * @returns the id bound.
   */
  idAtOrBefore(key: OrderKey): number {
    return this.#atOrBefore.get(key.nameKey, key.subjectKey, key.kind)?.id ?? 0;
  }

  #neighbours(key: OrderKey): { lo: number; hi: number } {
    const lo = this.idAtOrBefore(key);
    const next = this.#after.get(key.nameKey, key.subjectKey, key.kind);
    return { lo, hi: next?.id ?? MAX_ID + 1 };
  }

  /**
   * Spreads `size` rows after `lo` evenly up to the row after them, when that leaves gaps of `minStep` or more.
   * @returns whether it did.
   */
  #spreadAfter(lo: number, size: number, minStep: number): boolean {
    const rows = this.#db
      .prepare<[number, number], { id: number }>('SELECT id FROM parties WHERE id > ? ORDER BY id LIMIT ?')
      .all(lo, size + 1);
    const bound = rows.length > size ? rows.pop()!.id : MAX_ID + 1;
    const step = Math.floor((bound - lo) / (rows.length + 2));
    if (step < minStep) return false;
    this.#move(rows.map((r, i) => [r.id, lo + step * (i + 2)]));
    return true;
  }

  /** Gives every row an id `SPACING` apart, in order. */
  #renumberAll(): void {
    const rows = this.#db
      .prepare<[], { id: number }>('SELECT id FROM parties ORDER BY name_key, subject_key, kind')
      .all();
    const step = Math.max(2, Math.min(SPACING, Math.floor(MAX_ID / (rows.length + 2))));
    this.#move(rows.map((r, i) => [r.id, step * (i + 1)]));
  }

  /** Moves rows to new ids through negative ones (so no move collides with a row not moved yet). */
  #move(moves: Array<[number, number]>): void {
    const update = this.#db.prepare('UPDATE parties SET id = ? WHERE id = ?');
    for (const [from] of moves) update.run(-from, from);
    for (const [from, to] of moves) update.run(to, -from);
  }
}
