/**
 * Benchmark dispatcher: `npm run bench` runs every benchmark, `npm run bench -- <name> [<name>…]` only those.
 * Each benchmark prints its table and writes its figures to `bench/results/<name>.json` (git-ignored).
 * Exit code: 0 when every bar is met, 1 when a bar fails or a benchmark errors, 2 on a usage error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAnchoringReport, runAnchoringBenchmark } from './anchoring.ts';
import { formatDirectoryReport, runDirectoryBenchmark } from './directory.ts';
import { formatGasReport, runGasBenchmark } from './gas.ts';
import { formatIssuanceReport, runIssuanceBenchmark } from './issuance.ts';
import { formatVerificationReport, runVerificationBenchmark } from './verification.ts';
import { formatHttpVerificationReport, runHttpVerificationBenchmark } from './verification-http.ts';

/** A benchmark module as seen by the dispatcher. */
interface Benchmark {
  description: string;
  /** Runs the benchmark: `report` is written as JSON, `table` printed, `passed` false fails the run. */
  run(): Promise<{ report: unknown; table: string; passed: boolean }>;
}

const BENCHMARKS: Record<string, Benchmark> = {
  anchoring: {
    description:
      'time from issuance to anchored and verifiable (median, max) at the default flush, vs one direct anchor tx',
    async run() {
      const report = await runAnchoringBenchmark();
      return { report, table: formatAnchoringReport(report), passed: report.passed };
    },
  },
  directory: {
    description:
      'directory search and profile p50/p99 through the HTTP routes at 10,000 and 1,000,000 listed entries (single client), vs raw indexed lookups',
    async run() {
      const report = await runDirectoryBenchmark();
      return { report, table: formatDirectoryReport(report), passed: report.passed };
    },
  },
  gas: {
    description: 'gas of revocation: StatusRegistry vs naive per-credential registry vs EIP-5539',
    async run() {
      const report = await runGasBenchmark();
      return { report, table: formatGasReport(report), passed: report.passed };
    },
  },
  issuance: {
    description:
      'issuance throughput: raw ES256K signing vs runBatch credentials/s, 100,000-credential batch time',
    async run() {
      const report = await runIssuanceBenchmark();
      return { report, table: formatIssuanceReport(report), passed: report.passed };
    },
  },
  verification: {
    description:
      'realistic traffic (10,000 issuers, 40,000 credentials over 180 days): verifyCredential/s cold and warm vs libsecp256k1 on all cores, chain calls per credential, presentations/s, before-mirror and Veramo 7 on the same traffic, RSS',
    async run() {
      const report = await runVerificationBenchmark();
      return { report, table: formatVerificationReport(report), passed: report.passed };
    },
  },
  http: {
    description:
      'POST /verify of the verifier process on realistic traffic: req/s and p50/p99 at 1, 8, 64 clients, p99 at 80 % of max',
    async run() {
      const report = await runHttpVerificationBenchmark();
      return { report, table: formatHttpVerificationReport(report), passed: report.passed };
    },
  },
};

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

function usage(): string {
  return [
    'usage: npm run bench [-- <benchmark>…]',
    ...Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(8)} ${b.description}`),
  ].join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage());
    return 0;
  }
  const unknown = args.filter((a) => !(a in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }
  const selected = args.length > 0 ? [...new Set(args)] : Object.keys(BENCHMARKS);
  let exitCode = 0;
  for (const name of selected) {
    const started = performance.now();
    try {
      const { report, table, passed } = await BENCHMARKS[name]!.run();
      console.log(table);
      mkdirSync(resultsDir, { recursive: true });
      const file = join(resultsDir, `${name}.json`);
      writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `${name}: ${passed ? 'passed' : 'FAILED'} in ${seconds} s; figures in ${relative(process.cwd(), file)}\n`,
      );
      if (!passed) exitCode = 1;
    } catch (error) {
      console.error(`${name}: ERROR ${(error as Error).stack ?? String(error)}\n`);
      exitCode = 1;
    }
  }
  return exitCode;
}

process.exitCode = await main();
