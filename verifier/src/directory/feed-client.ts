/**
 * Reads one page of an issuer's publication feed: `GET <feed>?after=<cursor>&limit=<n>` →
 * `{items: [{id, type, jwt?, anchorProof?, publishedAt, withdrawn}], next: <cursor | null>, hasMore?}`.
 * The page is untrusted: its shape is checked here, every credential is verified by the pipeline afterwards.
 */
import { ErrorCodes, MedtrustError } from '@medtrust/core';

/** One feed item, as far as its shape is sound (`problem` says what is not). */
export interface FeedItem {
  /** The publication's id (a synthetic one when the feed sent none). */
  id: string;
  /** The type the feed claims (never trusted: the signed credential's type is used). */
  type?: string;
  /** The compact JWT of a publication. */
  jwt?: string;
  publishedAt?: string;
  withdrawn: boolean;
  /**
   * The publication's `MedtrustAnchorProof` (untrusted: the pipeline checks it against the chain); `null` when the
   * feed says the credential is not anchored yet; absent when the feed sent none.
   */
  anchorProof?: Record<string, unknown> | null;
  /** Why the item is malformed, when it is. */
  problem?: string;
}

/** One page of a feed. */
export interface FeedPage {
  items: FeedItem[];
  /** The cursor to read after next; `null` when the feed names none (read from the same cursor again). */
  next: string | null;
  /** Whether more items follow at once; when the feed does not say, more follow if the page was full. */
  hasMore: boolean;
}

/** How a feed is read. */
export interface FeedClientOptions {
  /** Timeout of one request, ms. */
  timeoutMs: number;
  /** Largest accepted page, bytes. */
  maxPageBytes: number;
  /** The fetch implementation (the global one by default). */
  fetch?: typeof fetch;
}

const MAX_ID_LENGTH = 512;
const MAX_JWT_LENGTH = 65_536;

function unavailable(feed: string, detail: string, cause?: unknown): MedtrustError {
  return new MedtrustError(
    ErrorCodes.DIRECTORY_FEED_UNAVAILABLE,
    `feed ${feed}: ${detail}`,
    cause === undefined ? undefined : { cause },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemOf(raw: unknown, position: string): FeedItem {
  if (!isObject(raw)) return { id: `invalid:${position}`, withdrawn: false, problem: 'not an object' };
  const id =
    typeof raw.id === 'string' && raw.id !== '' && raw.id.length <= MAX_ID_LENGTH ? raw.id : undefined;
  const item: FeedItem = { id: id ?? `invalid:${position}`, withdrawn: raw.withdrawn === true };
  if (typeof raw.type === 'string' && raw.type.length <= 128) item.type = raw.type;
  if (typeof raw.publishedAt === 'string' && !Number.isNaN(Date.parse(raw.publishedAt))) {
    item.publishedAt = new Date(raw.publishedAt).toISOString();
  }
  if (id === undefined) item.problem = 'no valid id';
  else if (typeof raw.withdrawn !== 'boolean') item.problem = 'withdrawn must be a boolean';
  else if (!item.withdrawn) {
    if (typeof raw.jwt !== 'string' || raw.jwt === '' || raw.jwt.length > MAX_JWT_LENGTH) {
      item.problem = 'a publication carries its compact JWT';
    } else if (raw.anchorProof !== undefined && raw.anchorProof !== null && !isObject(raw.anchorProof)) {
      item.problem = 'anchorProof must be an object or null';
    } else {
      item.jwt = raw.jwt.trim();
      if (raw.anchorProof !== undefined) item.anchorProof = raw.anchorProof as Record<string, unknown> | null;
    }
  }
  return item;
}

/**
 * Reads one page of a feed.
 * @param feed - the feed URL (`…/public/credentials`).
 * @param after - the cursor (`null` for the start).
 * @param limit - page size asked for.
 * @param options - timeout, size limit, fetch.
 * @returns the page.
 * @throws MedtrustError `DIRECTORY_FEED_UNAVAILABLE` when the feed cannot be reached, answers an HTTP error, times
 *   out, or sends something that is not a feed page.
 */
export async function fetchFeedPage(
  feed: string,
  after: string | null,
  limit: number,
  options: FeedClientOptions,
): Promise<FeedPage> {
  const url = new URL(feed);
  if (after !== null) url.searchParams.set('after', after);
  url.searchParams.set('limit', String(limit));
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw unavailable(feed, `unreachable (${error instanceof Error ? error.name : 'error'})`, error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw unavailable(feed, `HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > options.maxPageBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw unavailable(feed, 'page too large');
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw unavailable(feed, 'the page could not be read', error);
  }
  if (text.length > options.maxPageBytes) throw unavailable(feed, 'page too large');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unavailable(feed, 'the page is not JSON');
  }
  if (!isObject(body) || !Array.isArray(body.items)) throw unavailable(feed, 'the page has no items list');
  if (body.items.length > limit) throw unavailable(feed, `the page has more than ${limit} items`);
  const next = body.next;
  if (next !== null && next !== undefined && typeof next !== 'string' && typeof next !== 'number') {
    throw unavailable(feed, 'next must be a cursor or null');
  }
  const nextCursor = next === null || next === undefined ? null : String(next);
  if (nextCursor !== null && (nextCursor === '' || nextCursor.length > MAX_ID_LENGTH)) {
    throw unavailable(feed, 'next must be a cursor or null');
  }
  const items = body.items.map((raw, i) => itemOf(raw, `${after ?? ''}#${i}`));
  const hasMore =
    typeof body.hasMore === 'boolean'
      ? body.hasMore
      : nextCursor !== null && nextCursor !== after && items.length === limit;
  return { items, next: nextCursor, hasMore: hasMore && nextCursor !== null && nextCursor !== after };
}
