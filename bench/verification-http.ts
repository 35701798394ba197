/**
 * Verification over HTTP (issue 12): `POST /verify` of the verifier service running as its own process with the
 * shipped defaults (configured from the environment as in production), on the realistic traffic of
 * `buildRealisticTraffic` (every request a distinct credential with its anchor proof, the revoked ones included).
 * The load generator is autocannon (npm), in this process. Measured, each with the load average:
 *
 * - throughput and p50 / p99 latency at 1, 8 and 64 concurrent clients (unthrottled: the maximum at that concurrency);
 * - p99 at 64 clients offered 80 % of the highest throughput measured (autocannon `overallRate`).
 *
 * Bar: that p99 ≤ 50 ms. Every response must be 200 with a report (verified or not); a 503 `OVERLOADED` is counted
 * separately (admission control), anything else fails the run. Knobs: `HTTP_BENCH_SECONDS` (per point, 10),
 * `VERIFICATION_BENCH_ISSUERS`, `VERIFICATION_BENCH_CREDENTIALS`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { buildRealisticTraffic } from './traffic/realistic-traffic.ts';

/** Bar of the benchmark. */
export const HTTP_BARS = { p99AtEightyPercentMs: 50 } as const;

/** One load point. */
export interface HttpPoint {
  connections: number;
  /** Requests/s offered (undefined = as fast as answered). */
  offeredRate?: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  overloaded: number;
  errors: number;
  loadAverage: number[];
}

/** The figures of one run. */
export interface HttpBenchReport {
  points: HttpPoint[];
  maxThroughput: number;
  atEightyPercent: HttpPoint;
  bars: typeof HTTP_BARS;
  passed: boolean;
  traffic: { issuers: number; credentials: number };
}

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

async function startVerifierProcess(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'traffic', 'verifier-process.ts')],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`verifier exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice(6).trim());
    });
  });
  return { url, child };
}

/**
 * Runs the benchmark.
 * @returns the figures; `passed` is false when the bar is missed.
 */
export async function runHttpVerificationBenchmark(): Promise<HttpBenchReport> {
  const seconds = envNumber('HTTP_BENCH_SECONDS', 10);
  const traffic = await buildRealisticTraffic({
    issuers: envNumber('VERIFICATION_BENCH_ISSUERS', 10_000),
    credentials: envNumber('VERIFICATION_BENCH_CREDENTIALS', 40_000),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'medtrust-http-bench-'));
  let child: ChildProcess | undefined;
  try {
    const { config } = traffic;
    const service = await startVerifierProcess({
      ...process.env,
      RPC_URL: config.rpcUrl,
      CHAIN_ID: String(config.chainId),
      DID_REGISTRY_ADDRESS: config.didRegistry,
      STATUS_REGISTRY_ADDRESS: config.statusRegistry,
      TRUST_REGISTRY_ADDRESS: config.trustRegistry,
      ANCHOR_REGISTRY_ADDRESS: config.anchorRegistry,
      DID_NETWORK_NAME: config.didNetworkName,
      VERIFIER_PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
    });
    child = service.child;
    const bodies = traffic.credentials.map((credential) =>
      JSON.stringify({
        verifiableCredential: credential.jwt,
        options: { anchorProofs: [credential.anchorProof] },
      }),
    );
    let next = 0;
    const point = async (connections: number, offeredRate?: number): Promise<HttpPoint> => {
      let overloaded = 0;
      const loadAverage = loadavg().map((l) => Number(l.toFixed(2)));
      const result = await autocannon({
        url: `${service.url}/verify`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections,
        duration: seconds,
        ...(offeredRate !== undefined ? { overallRate: offeredRate } : {}),
        requests: [
          {
            setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
            onResponse: (status) => {
              if (status === 503) overloaded++;
            },
          },
        ],
      });
      return {
        connections,
        ...(offeredRate !== undefined ? { offeredRate } : {}),
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        overloaded,
        errors: result.errors + result.timeouts,
        loadAverage,
      };
    };
    // Warm: one pass over every credential at 64 clients (each issuer seen once), not measured.
    const warmUp = await autocannon({
      url: `${service.url}/verify`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      connections: 64,
      amount: bodies.length,
      requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }) }],
    });
    if (warmUp.errors > 0) throw new Error(`warm-up: ${warmUp.errors} errors`);
    const points: HttpPoint[] = [];
    for (const connections of [1, 8, 64]) points.push(await point(connections));
    const maxThroughput = Math.max(...points.map((p) => p.requestsPerSecond));
    const atEightyPercent = await point(64, Math.floor(maxThroughput * 0.8));
    points.push(atEightyPercent);
    for (const p of points) {
      if (p.errors > 0 || p.non2xx > p.overloaded) {
        throw new Error(
          `${p.connections} clients: ${p.errors} errors, ${p.non2xx - p.overloaded} non-2xx other than 503`,
        );
      }
    }
    return {
      points,
      maxThroughput,
      atEightyPercent,
      bars: HTTP_BARS,
      passed: atEightyPercent.p99Ms <= HTTP_BARS.p99AtEightyPercentMs && atEightyPercent.overloaded === 0,
      traffic: { issuers: traffic.figures.issuers, credentials: traffic.figures.credentials },
    };
  } finally {
    child?.kill('SIGTERM');
    await traffic.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Renders the report.
 * @param report - the figures.
 * @returns a Markdown table.
 */
export function formatHttpVerificationReport(report: HttpBenchReport): string {
  const n = (value: number, digits = 0) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const rows = report.points.map((p) => [
    p.offeredRate === undefined
      ? `${p.connections} clients, unthrottled`
      : `${p.connections} clients at 80 % of max`,
    n(p.requestsPerSecond),
    p.offeredRate === undefined ? '—' : `${n(p.offeredRate)} offered (0.80 × ${n(report.maxThroughput)})`,
    n(p.p50Ms, 1),
    n(p.p99Ms, 1),
    p.offeredRate === undefined
      ? '—'
      : `≤ ${report.bars.p99AtEightyPercentMs} ms ${p.p99Ms <= report.bars.p99AtEightyPercentMs ? 'PASS' : 'FAIL'}`,
    String(p.overloaded),
    p.loadAverage.join('/'),
  ]);
  const header = ['point (POST /verify)', 'req/s', 'baseline', 'p50 ms', 'p99 ms', 'bar', '503', 'load'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]) =>
    '| ' +
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ') +
    ' |';
  return [
    `Verification over HTTP — ${n(report.traffic.issuers)} issuers, ${n(report.traffic.credentials)} distinct ` +
      'credentials; verifier in its own process with shipped defaults; autocannon in the bench process',
    render(header),
    '|' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|',
    ...rows.map(render),
  ].join('\n');
}
