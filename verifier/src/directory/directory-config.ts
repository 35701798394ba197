/**
 * Settings of the public directory (read from the environment by `loadVerifierConfig`).
 */
import { DEFAULT_DIRECTORY_RATE_LIMIT, type DirectoryRateLimit } from './directory-rate-limit.ts';

/** How the directory ingests and serves. */
export interface DirectoryConfig {
  /** Issuers' publication feeds (`…/public/credentials`); none by default. */
  feeds: string[];
  /** SQLite file of the directory (`:memory:` for a throw-away one). */
  dbPath: string;
  /** Poll period of the feeds, seconds. */
  pollIntervalSeconds: number;
  /** Items asked for per feed page (1–500). */
  feedPageSize: number;
  /** First block scanned for trust-registry events (the registries' deployment block). */
  eventsFromBlock: number;
  /** Per-client rate limits. */
  rateLimit: DirectoryRateLimit;
  /** Stored verifications rechecked at once in the background after chain events (4). */
  recheckConcurrency?: number;
  /** Longest a stored verification is served without a relevant chain event, seconds (3,600). */
  resultMaxAgeSeconds?: number;
}

/** Defaults of {@link DirectoryConfig}, except `dbPath` (`<DATA_DIR>/directory.sqlite`). */
export const DEFAULT_DIRECTORY_CONFIG: Omit<DirectoryConfig, 'dbPath'> = Object.freeze({
  feeds: [],
  pollIntervalSeconds: 30,
  feedPageSize: 100,
  eventsFromBlock: 0,
  rateLimit: DEFAULT_DIRECTORY_RATE_LIMIT,
});
