/**
 * A JSON-RPC proxy in front of the benchmark's chain that counts the calls passing through it, by method (a batch
 * counts each of its calls), so a benchmark can report chain calls per credential for whatever clients — threads or
 * processes — sit behind it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running counting proxy. */
export interface CountingRpcProxy {
  /** The URL to give clients instead of the node's. */
  url: string;
  /** Calls seen since the last reset, by method. */
  counts(): Record<string, number>;
  /** Total calls since the last reset, except the head polls (`eth_getBlockByNumber("latest")`, `eth_blockNumber`). */
  nonPollCalls(): number;
  /** Head polls since the last reset. */
  pollCalls(): number;
  /** Zeroes the counters. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the proxy on a free loopback port.
 * @param target - the node's URL.
 * @returns the proxy.
 */
export async function startCountingRpcProxy(target: string): Promise<CountingRpcProxy> {
  let counts: Record<string, number> = {};
  let polls = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        const parsed = JSON.parse(body.toString()) as unknown;
        for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
          const { method, params } = call as { method?: string; params?: unknown[] };
          const name = String(method);
          if (name === 'eth_blockNumber' || (name === 'eth_getBlockByNumber' && params?.[0] === 'latest'))
            polls++;
          else counts[name] = (counts[name] ?? 0) + 1;
        }
      } catch {
        counts['unparsable'] = (counts['unparsable'] ?? 0) + 1;
      }
      fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (answer) => {
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => {
          response.writeHead(502);
          response.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    nonPollCalls: () => Object.values(counts).reduce((a, b) => a + b, 0),
    pollCalls: () => polls,
    reset() {
      counts = {};
      polls = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
