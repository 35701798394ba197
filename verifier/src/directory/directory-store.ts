/**
 * The directory's storage: one SQLite database holding the listed credentials with their feeds' cursors, the
 * published reviews with their replies, and (unless the directory's index is on PostgreSQL) the search index and
 * the stored verifications.
 */
import { openDirectoryDatabase, type SqliteConnection } from './directory-database.ts';
import { EntryStore } from './entry-store.ts';
import { ReviewStore } from './review-store.ts';
import { SqliteDirectoryIndex } from './sqlite-directory-index.ts';

/** Options of {@link DirectoryStore.open}. */
export interface DirectoryStoreOptions {
  /**
   * Open the file on first use instead of now (a verifier with no feeds creates no file until someone publishes a
   * review or reads the directory).
   */
  lazy?: boolean;
}

/** The directory database and its two stores. */
export class DirectoryStore {
  readonly #file: string;
  #db: SqliteConnection | undefined;
  #entries: EntryStore | undefined;
  #reviews: ReviewStore | undefined;
  #index: SqliteDirectoryIndex | undefined;
  #closed = false;

  private constructor(file: string) {
    this.#file = file;
  }

  /**
   * Opens (creating when missing) the directory database.
   * @param file - SQLite file path (its folder is created), or `:memory:`.
   * @param options - `lazy`: open on first use.
   * @returns the store.
   * @throws MedtrustError `CONFIGURATION_INVALID` when it cannot be opened (on first use when lazy).
   */
  static open(file: string, options: DirectoryStoreOptions = {}): DirectoryStore {
    const store = new DirectoryStore(file);
    if (!options.lazy) store.#connection();
    return store;
  }

  /** Feeds and listed credentials. */
  get entries(): EntryStore {
    this.#entries ??= new EntryStore(this.#connection());
    return this.#entries;
  }

  /** Reviews, their private evidence and replies. */
  get reviews(): ReviewStore {
    this.#reviews ??= new ReviewStore(this.#connection());
    return this.#reviews;
  }

  /** The search index and stored verifications in this database (opened on first use when lazy). */
  get index(): SqliteDirectoryIndex {
    this.#index ??= new SqliteDirectoryIndex(() => this.#connection());
    return this.#index;
  }

  /** Whether the database has been opened (a lazy store opens on first use). */
  get isOpen(): boolean {
    return this.#db?.open === true;
  }

  /** Closes the database (idempotent; a closed store cannot be reopened). */
  close(): void {
    this.#closed = true;
    if (this.#db?.open) this.#db.close();
  }

  #connection(): SqliteConnection {
    if (this.#closed) throw new Error('the directory store is closed');
    this.#db ??= openDirectoryDatabase(this.#file);
    return this.#db;
  }
}
