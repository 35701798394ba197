// A fake issuer: its publication feed `GET /public/credentials?after=&limit=` in the issuer service's contract
// (`{items: [{id, type, jwt, anchorProof, publishedAt, withdrawn}], next}`) and its proof endpoint
// `GET /public/anchor-proofs/{hash}` (200 anchored, 202 pending, 404 NOT_FOUND), served by a tiny local HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentialJwtHash } from '@medtrust/core';

/** A running fake feed. */
export interface FakeFeed {
  /** The feed URL to configure. */
  url: string;
  /** The fake issuer's base URL (`ANCHOR_PROOF_URLS`). */
  baseUrl: string;
  /** Hashes whose anchor is pending: their feed items carry `anchorProof: null`, the proof endpoint answers 202. */
  pending: Set<string>;
  /** Publishes a credential (a fresh item id unless given). */
  publish(jwt: string, type: string, id?: string): string;
  /** Withdraws a publication. */
  withdraw(id: string, type: string): void;
  /** Appends a raw item (malformed ones too). */
  raw(item: Record<string, unknown>): void;
  /** When set, every request answers this HTTP status. */
  failWith: number | undefined;
  /** The `after` of every request received (`null` without). */
  readonly requests: Array<string | null>;
  close(): Promise<void>;
}

/**
 * Starts a fake issuer on a free loopback port.
 * @param proofs - the anchor proofs it knows, by credential hash (read at each request).
 */
export async function startFakeFeed(proofs: ReadonlyMap<string, unknown> = new Map()): Promise<FakeFeed> {
  const events: Array<Record<string, unknown> & { seq: number }> = [];
  const requests: Array<string | null> = [];
  const pending = new Set<string>();
  let counter = 0;
  const feed = { failWith: undefined as number | undefined };
  const proofOf = (hash: string) => (pending.has(hash) ? undefined : proofs.get(hash));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const proofRoute = /^\/public\/anchor-proofs\/(0x[0-9a-fA-F]{64})$/.exec(url.pathname);
    if (proofRoute !== null) {
      const hash = proofRoute[1]!.toLowerCase();
      const proof = proofOf(hash);
      const [status, body] =
        proof !== undefined
          ? [200, { state: 'anchored', proof }]
          : pending.has(hash)
            ? [202, { state: 'pending' }]
            : [404, { code: 'NOT_FOUND' }];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (url.pathname !== '/public/credentials') {
      res.writeHead(404).end();
      return;
    }
    const after = url.searchParams.get('after');
    requests.push(after);
    if (feed.failWith !== undefined) {
      res.writeHead(feed.failWith, { 'content-type': 'application/json' }).end('{"code":"INTERNAL"}');
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const from = after === null ? 0 : Number(after);
    const items = events.filter((e) => e.seq > from).slice(0, limit);
    const next = items.length > 0 ? String(items.at(-1)!.seq) : after;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        // a publication carries its proof as the issuer has it now (null while pending), as the issuer's feed does
        items: items.map(({ seq: _seq, ...item }) =>
          typeof item.jwt === 'string' && !('anchorProof' in item)
            ? { ...item, anchorProof: proofOf(credentialJwtHash(item.jwt)) ?? null }
            : item,
        ),
        next,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/public/credentials`,
    baseUrl: `http://127.0.0.1:${port}`,
    pending,
    get failWith() {
      return feed.failWith;
    },
    set failWith(value) {
      feed.failWith = value;
    },
    requests,
    publish(jwt, type, id = `pub-${++counter}`) {
      events.push({
        seq: events.length + 1,
        id,
        type,
        jwt,
        publishedAt: new Date().toISOString(),
        withdrawn: false,
      });
      return id;
    },
    withdraw(id, type) {
      events.push({
        seq: events.length + 1,
        id,
        type,
        publishedAt: new Date().toISOString(),
        withdrawn: true,
      });
    },
    raw(item) {
      events.push({ seq: events.length + 1, ...item });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
