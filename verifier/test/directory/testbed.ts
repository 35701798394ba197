// The directory suites' testbed: a world on a real local chain, a fake issuer feed, and the verifier service with
// its directory on a real SQLite file, plus small HTTP helpers.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadVerifierConfig,
  startVerifierService,
  type ProfileView,
  type RunningVerifier,
} from '../../src/index.ts';
import { startFakeFeed, type FakeFeed } from './feed-server.ts';
import { startWorld, type World } from './world.ts';

/** A parsed answer. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

/** The running testbed. */
export interface DirectoryTestbed {
  world: World;
  feed: FakeFeed;
  verifier: RunningVerifier;
  /** The directory's SQLite file. */
  dbFile: string;
  /** Every public answer received (to search them for patient DIDs). */
  answers: Answer[];
  get(path: string): Promise<Answer>;
  /** POSTs `body` as JSON. */
  post(path: string, body: unknown): Promise<Answer>;
  /** POSTs `text` as is. */
  postRaw(path: string, text: string, contentType: string): Promise<Answer>;
  /** Polls the feeds now. */
  sync(): ReturnType<RunningVerifier['directory']['sync']>;
  /** Stops the verifier and starts a new one on the same database file (and the same feed). */
  restart(env?: Record<string, string>): Promise<void>;
  /** Starts another verifier on the same world (its own database unless `DIRECTORY_DB` is given). */
  another(env?: Record<string, string>): Promise<RunningVerifier>;
  /** `GET /directory/profiles/:did`, asserted 200. */
  profile(did: string): Promise<ProfileView>;
  /** Waits until the verifier's chain head has seen `blockNumber`. */
  waitForBlock(blockNumber: bigint): Promise<void>;
  stop(): Promise<void>;
}

const BASE_ENV = {
  VERIFIER_PORT: '0',
  DIRECTORY_POLL_SECONDS: '3600',
  DIRECTORY_RATE_LIMIT: '100000',
  DIRECTORY_WRITE_RATE_LIMIT: '100000',
};

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: response.status, body, text, headers: response.headers };
}

/**
 * Starts the world, a feed and a verifier whose directory reads the feed (polling every hour: suites call `sync`).
 * @param env - extra environment of the verifier.
 */
export async function startDirectoryTestbed(env: Record<string, string> = {}): Promise<DirectoryTestbed> {
  const world = await startWorld();
  const feed = await startFakeFeed(world.proofs);
  const dir = mkdtempSync(join(tmpdir(), 'medtrust-directory-'));
  const dbFile = join(dir, 'directory.sqlite');
  const started: RunningVerifier[] = [];
  const start = async (extra: Record<string, string>) => {
    const verifier = await startVerifierService(
      loadVerifierConfig(
        {
          ...BASE_ENV,
          DIRECTORY_FEEDS: feed.url,
          DIRECTORY_DB: dbFile,
          DATA_DIR: dir,
          // treatments presented with reviews carry no proof: the fake issuer's endpoint serves them
          ANCHOR_PROOF_URLS: feed.baseUrl,
          ...env,
          ...extra,
        },
        world.config,
      ),
    );
    started.push(verifier);
    return verifier;
  };
  let verifier: RunningVerifier;
  try {
    verifier = await start({});
  } catch (error) {
    await feed.close();
    await world.stop();
    throw error;
  }
  const answers: Answer[] = [];
  const bed: DirectoryTestbed = {
    world,
    feed,
    get verifier() {
      return verifier;
    },
    dbFile,
    answers,
    async get(path) {
      const answer = await answerOf(await fetch(`${verifier.url}${path}`));
      answers.push(answer);
      return answer;
    },
    async profile(did) {
      const answer = await bed.get(`/directory/profiles/${encodeURIComponent(did)}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.body as unknown as ProfileView;
    },
    post(path, body) {
      return bed.postRaw(path, JSON.stringify(body), 'application/json');
    },
    async postRaw(path, text, contentType) {
      const answer = await answerOf(
        await fetch(`${verifier.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: text,
        }),
      );
      answers.push(answer);
      return answer;
    },
    sync: () => verifier.directory.sync(),
    async restart(extra = {}) {
      await verifier.close();
      verifier = await start(extra);
    },
    another: (extra = {}) => start({ DIRECTORY_DB: join(dir, `other-${started.length}.sqlite`), ...extra }),
    async waitForBlock(blockNumber) {
      for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
        const health = await answerOf(await fetch(`${verifier.url}/health`));
        const latest = (health.body.chain as { latestBlock?: string | null } | undefined)?.latestBlock;
        if (latest && BigInt(latest) >= blockNumber) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the verifier did not see block ${blockNumber}`);
    },
    async stop() {
      for (const v of started) await v.close().catch(() => undefined);
      await feed.close();
      await world.stop();
    },
  };
  return bed;
}

/**
 * Asserts that no answer received so far carries any of the DIDs (or a recognisable part of them).
 * @param answers - the answers.
 * @param dids - patient DIDs.
 */
export function assertNoneCarries(answers: readonly Answer[], dids: readonly string[]): void {
  for (const answer of answers) {
    for (const did of dids) {
      assert.ok(!answer.text.includes(did), `an answer (${answer.status}) carries ${did}`);
      assert.ok(
        !answer.text.includes(did.slice(9, 40)),
        `an answer (${answer.status}) carries part of ${did}`,
      );
    }
  }
}

/** The failed or errored codes of a report-like object. */
export function codesOf(report: unknown): string[] {
  const r = report as { checks?: Array<{ status: string; code?: string }> };
  return (r.checks ?? [])
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => c.code ?? '?');
}
