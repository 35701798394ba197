// The issuer's HTTP app alone (no chain, no signing): a fresh database (SQLite file or PostgreSQL schema) with two
// organisations holding API keys for every role, the app listening on a free loopback port, and issuing operations
// that are never expected to run. For the request-validation and authentication-limit suites, which need many
// cheap requests and app options the full service does not take.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { createIssuerApp, type IssuerAppOptions } from '../../src/http/app.ts';
import { createAnchorProofLookup } from '../../src/anchoring/index.ts';
import { SessionTokens } from '../../src/http/auth.ts';
import type { IssuerOperations } from '../../src/http/issuer-operations.ts';
import { createRoleKeys } from '../../src/organisations/ensure-organisation.ts';
import { createOrganisation, openDatabase, type Database, type Dialect } from '../../src/store/index.ts';
import { freshLocation } from '../store/harness.ts';
import { silentLogger, type CallResult } from './service-harness.ts';

/** The running app and what the tests need of it. */
export interface AppHarness {
  db: Database;
  sessions: SessionTokens;
  keys: Record<'a' | 'b', Record<'admin' | 'operator' | 'auditor', string>>;
  /**
   * Calls the app. `from` is sent as `X-Forwarded-For` (believed from loopback under the default `trust proxy`),
   * standing for the client address.
   */
  call(
    method: string,
    path: string,
    key: string | undefined,
    options?: { from?: string; body?: string; headers?: Record<string, string> },
  ): Promise<CallResult>;
  close(): Promise<void>;
}

const notHere = async (): Promise<never> => {
  throw new Error('issuing operations are not part of this suite');
};

/** Operations that fail if reached: these suites only exercise the HTTP layer in front of them. */
export const unusedOperations: IssuerOperations = {
  issue: notHere,
  changeStatus: notHere,
  startBatch: notHere,
  createOffer: notHere,
  rotateSigningKey: notHere,
  replaceIdentity: notHere,
  startReissue: notHere,
  createReissueOffers: notHere,
};

/**
 * Opens a fresh database, seeds organisations `a` and `b` with role keys and starts the app.
 * @param dialect - `sqlite` or `postgres`.
 * @param options - app options to change (e.g. `authFailureLimit`).
 */
export async function startAppHarness(
  dialect: Dialect,
  options: Partial<IssuerAppOptions> = {},
): Promise<AppHarness> {
  const fresh = freshLocation(dialect);
  const db = await openDatabase(fresh.location);
  const keys = {} as AppHarness['keys'];
  for (const name of ['a', 'b'] as const) {
    const org = await createOrganisation(db, {
      slug: `board-${name}-${randomUUID()}`,
      name: `Board ${name}`,
      kind: 'medical-board',
      jurisdiction: 'PT',
    });
    keys[name] = await createRoleKeys(db, org.id);
  }
  const clock = () => new Date();
  const sessions = options.sessions ?? new SessionTokens(randomBytes(32), clock);
  const app = createIssuerApp({
    db,
    operations: unusedOperations,
    logger: silentLogger,
    clock,
    chainHealth: async () => ({ reachable: true }),
    anchorProofs: createAnchorProofLookup(db, {
      chainId: 31337,
      anchorRegistry: '0x00000000000000000000000000000000000000a1',
    }),
    ...options,
    sessions,
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    db,
    sessions,
    keys,
    async call(method, path, key, { from, body, headers = {} } = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(from ? { 'x-forwarded-for': from } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json');
      return {
        status: response.status,
        body: text && json ? JSON.parse(text) : text || undefined,
        headers: response.headers,
      };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await fresh.cleanup();
    },
  };
}
