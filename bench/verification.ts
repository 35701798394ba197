/**
 * Verification benchmark on realistic traffic (issue 12). One run on a fresh local anvil chain whose history spans
 * months (`buildRealisticTraffic`: 10,000 distinct accredited issuers of three types in 30 jurisdictions, 40,000
 * distinct credentials to distinct holders at distinct issuance times, each anchored within hours, 5 % of issuers
 * rotating their owner key, a revocation every 100 credentials). Every chain client sits behind a counting JSON-RPC
 * proxy. Then, in the same process:
 *
 * (a) baseline: libsecp256k1 (npm `secp256k1`, native addon) verifying the traffic's own distinct signatures on one
 *     core, and on every core at once — the real limit of ES256K verification here;
 * (b) ours, as the verifier service ships (registry mirror, native signatures, worker pool sized to the cores):
 *     `verifyCredential` over every credential once (cold: each issuer's first credential is its first sight) and
 *     again in another order (warm); presentations (one credential each, a fresh challenge) per second; chain calls
 *     per credential outside the head polls;
 * (c) before: today's chain-reading sources on one thread on the same traffic (a time-boxed sample);
 * (d) Veramo 7's default `verifyCredential` on the same traffic (a time-boxed sample of distinct credentials).
 *
 * Every answer is compared with the traffic's truth (verified, or `CREDENTIAL_REVOKED` for the revoked ones); any
 * mismatch fails the run. Bars: (b warm) ≥ 0.30 × (a all cores); chain calls per credential 0 when warm and ≤ 2 per
 * cold issuer. Knobs: `VERIFICATION_BENCH_ISSUERS` (10,000), `VERIFICATION_BENCH_CREDENTIALS` (40,000),
 * `VERIFICATION_BENCH_SECONDS` (per time-boxed measurement, 5).
 */
import { cpus, loadavg } from 'node:os';
import { Resolver } from 'did-resolver';
import { getResolver as getEthrResolver } from 'ethr-did-resolver';
import { JsonRpcProvider } from 'ethers';
import { createAgent, type ICredentialPlugin, type IResolver } from '@veramo/core';
import { CredentialPlugin } from '@veramo/credential-w3c';
import { CredentialProviderJWT } from '@veramo/credential-jwt';
import { DIDResolverPlugin } from '@veramo/did-resolver';
import type { VerificationReport } from '@medtrust/core';
import { startCountingRpcProxy } from './traffic/counting-rpc-proxy.ts';
import { chainReadingEngine, shippedEngine, type BenchEngine } from './traffic/our-engine.ts';
import { buildRealisticTraffic, signJwtNative, type TrafficCredential } from './traffic/realistic-traffic.ts';
import { measureSecp256k1Baseline } from './traffic/secp256k1-baseline.ts';

/** Bars of the benchmark. */
export const VERIFICATION_BARS = {
  /** Warm verified credentials/s as a fraction of libsecp256k1 verifies/s on every core. */
  vsNativeAllCores: 0.3,
  /** Chain calls per credential once warm. */
  warmCallsPerCredential: 0,
  /** Chain calls per cold issuer. */
  coldCallsPerIssuer: 2,
} as const;

const load = () => loadavg().map((l) => Number(l.toFixed(2)));

/** One throughput measurement. */
export interface ThroughputFigure {
  perSecond: number;
  items: number;
  seconds: number;
  /** Chain calls other than head polls, per item. */
  callsPerItem: number;
  /** Head polls during the measurement. */
  headPolls: number;
  loadAverage: number[];
}

/** The figures of one run. */
export interface VerificationBenchReport {
  machine: { node: string; cpu: string; cores: number };
  traffic: Awaited<ReturnType<typeof buildRealisticTraffic>>['figures'];
  baseline: { oneCore: number; allCores: number; cores: number; loadAverage: number[] };
  ours: {
    engine: string;
    cold: ThroughputFigure & { callsPerColdIssuer: number };
    warm: ThroughputFigure;
    presentations: ThroughputFigure;
    ratioVsAllCores: number;
    rssBytes: number;
    indexBytes?: number;
    indexBytesPerIssuer?: number;
  };
  before: ThroughputFigure & { engine: string };
  /** Veramo's answers on the same traffic; `wrongAnswers` disagree with the truth (revoked accepted, rotated keys refused). */
  veramo: ThroughputFigure & { wrongAnswers: number };
  bars: typeof VERIFICATION_BARS;
  pass: { throughput: boolean; warmCalls: boolean; coldCalls: boolean };
  passed: boolean;
  notes: string[];
}

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

function checkAgainstTruth(credential: TrafficCredential, report: VerificationReport): void {
  const expected = credential.expected;
  const checks = [...report.checks, ...report.credentials.flatMap((c) => c.checks)];
  if (expected.verified) {
    if (report.verified) return;
  } else if (!report.verified && checks.some((check) => check.code === expected.code)) {
    return;
  }
  const failed = checks.filter((check) => check.status !== 'passed' && check.status !== 'skipped');
  throw new Error(
    `verifier disagrees with the traffic's truth (expected ${JSON.stringify(expected)}): ` +
      JSON.stringify(failed),
  );
}

/**
 * Runs `items` through `operation` with `concurrency` in flight; stops early after `seconds` when given.
 * @returns items done and elapsed seconds.
 */
async function drive<T>(
  items: readonly T[],
  concurrency: number,
  operation: (item: T) => Promise<void>,
  seconds?: number,
): Promise<{ items: number; seconds: number }> {
  let next = 0;
  let done = 0;
  const start = performance.now();
  const deadline = seconds === undefined ? Infinity : start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length && performance.now() < deadline) {
        const item = items[next++]!;
        await operation(item);
        done++;
      }
    }),
  );
  return { items: done, seconds: (performance.now() - start) / 1000 };
}

/**
 * Runs the benchmark.
 * @returns the figures; `passed` is false when a bar is missed.
 * @throws Error when the set-up fails or a verifier disagrees with the traffic's truth.
 */
export async function runVerificationBenchmark(): Promise<VerificationBenchReport> {
  const seconds = envNumber('VERIFICATION_BENCH_SECONDS', 5);
  const traffic = await buildRealisticTraffic({
    issuers: envNumber('VERIFICATION_BENCH_ISSUERS', 10_000),
    credentials: envNumber('VERIFICATION_BENCH_CREDENTIALS', 40_000),
  });
  const proxy = await startCountingRpcProxy(traffic.chain.rpcUrl);
  const config = { ...traffic.config, rpcUrl: proxy.url };
  const closers: Array<() => Promise<unknown>> = [() => traffic.close(), () => proxy.close()];
  const figure = (run: { items: number; seconds: number }, loadAverage: number[]): ThroughputFigure => ({
    perSecond: run.items / run.seconds,
    items: run.items,
    seconds: run.seconds,
    callsPerItem: proxy.nonPollCalls() / Math.max(1, run.items),
    headPolls: proxy.pollCalls(),
    loadAverage,
  });
  try {
    const credentials = traffic.credentials;
    // ---- (a) libsecp256k1 on one core and on every core ------------------------------------------------------------
    const baselineLoad = load();
    const baseline = await measureSecp256k1Baseline(
      credentials.slice(0, 5_000).map((c) => c.sample),
      seconds,
    );

    // ---- (b) ours, as shipped ----------------------------------------------------------------------------------------
    const ours: BenchEngine = await shippedEngine(config);
    closers.unshift(() => ours.close());
    const concurrency = 64 * cpus().length;
    const verifyAll = async (items: readonly TrafficCredential[]) =>
      drive(items, concurrency, async (credential) => {
        checkAgainstTruth(
          credential,
          await ours.verifyCredential(credential.jwt, { anchorProofs: [credential.anchorProof] }),
        );
      });
    proxy.reset();
    let loadAverage = load();
    const coldRun = await verifyAll(credentials);
    const cold = {
      ...figure(coldRun, loadAverage),
      callsPerColdIssuer: proxy.nonPollCalls() / traffic.figures.issuers,
    };
    const reordered = [...credentials].reverse();
    proxy.reset();
    loadAverage = load();
    const warm = figure(await verifyAll(reordered), loadAverage);

    const domain = 'https://verifier.medtrust.example';
    const presentations: Array<{ credential: TrafficCredential; jwt: string; challenge: string }> = [];
    for (const credential of credentials.slice(0, 10_000)) {
      const challenge = await ours.issueChallenge();
      const { jwt } = signJwtNative(
        {
          vp: {
            '@context': ['https://www.w3.org/2018/credentials/v1'],
            type: ['VerifiablePresentation'],
            verifiableCredential: [credential.jwt],
            anchorProofs: [credential.anchorProof],
          },
          nonce: challenge,
          aud: domain,
          iss: credential.holderDid,
          nbf: Math.floor(Date.now() / 1000) - 5,
        },
        credential.holderPrivateKey,
      );
      presentations.push({ credential, jwt, challenge });
    }
    proxy.reset();
    loadAverage = load();
    const presentationRun = await drive(presentations, concurrency, async (p) => {
      checkAgainstTruth(
        p.credential,
        await ours.verifyPresentation(p.jwt, { challenge: p.challenge, domain }),
      );
    });
    const presentationFigure = figure(presentationRun, loadAverage);
    const rssBytes = process.memoryUsage().rss;
    const issuerAddresses = [
      ...new Set(credentials.map((c) => c.issuerDid.slice(c.issuerDid.lastIndexOf(':') + 1).toLowerCase())),
    ] as `0x${string}`[];
    const indexBytes = await ours.indexBytes?.(issuerAddresses);
    await ours.close();
    closers.shift();

    // ---- (c) before: chain-reading sources, time-boxed --------------------------------------------------------------
    const before = await chainReadingEngine(config);
    closers.unshift(() => before.close());
    proxy.reset();
    loadAverage = load();
    const beforeRun = await drive(
      credentials.slice(Math.floor(credentials.length / 2)),
      8,
      async (credential) => {
        checkAgainstTruth(
          credential,
          await before.verifyCredential(credential.jwt, { anchorProofs: [credential.anchorProof] }),
        );
      },
      seconds,
    );
    const beforeFigure = { ...figure(beforeRun, loadAverage), engine: before.label };
    await before.close();
    closers.shift();

    // ---- (d) Veramo 7 default verifyCredential, time-boxed ----------------------------------------------------------
    const provider = new JsonRpcProvider(proxy.url, traffic.chain.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    closers.push(async () => provider.destroy());
    const agent = createAgent<IResolver & ICredentialPlugin>({
      plugins: [
        new DIDResolverPlugin({
          resolver: new Resolver(
            getEthrResolver({
              networks: [
                {
                  name: 'medtrust',
                  chainId: traffic.chain.chainId,
                  rpcUrl: proxy.url,
                  registry: traffic.config.didRegistry,
                  provider,
                },
              ],
            } as unknown as Parameters<typeof getEthrResolver>[0]),
          ),
        }),
        new CredentialPlugin([new CredentialProviderJWT()]),
      ],
    });
    let veramoWrong = 0;
    proxy.reset();
    loadAverage = load();
    const veramoRun = await drive(
      credentials.slice(Math.floor(credentials.length / 4), Math.floor(credentials.length / 2)),
      8,
      async (credential) => {
        const result = await agent.verifyCredential({ credential: credential.jwt });
        if (result.verified !== credential.expected.verified) veramoWrong++;
      },
      seconds,
    );
    const veramo = { ...figure(veramoRun, loadAverage), wrongAnswers: veramoWrong };

    const ratioVsAllCores = warm.perSecond / baseline.allCores;
    const pass = {
      throughput: ratioVsAllCores >= VERIFICATION_BARS.vsNativeAllCores,
      warmCalls: warm.callsPerItem <= VERIFICATION_BARS.warmCallsPerCredential,
      coldCalls: cold.callsPerColdIssuer <= VERIFICATION_BARS.coldCallsPerIssuer,
    };
    return {
      machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
      traffic: traffic.figures,
      baseline: { ...baseline, loadAverage: baselineLoad },
      ours: {
        engine: ours.label,
        cold,
        warm,
        presentations: presentationFigure,
        ratioVsAllCores,
        rssBytes,
        ...(indexBytes !== undefined
          ? { indexBytes, indexBytesPerIssuer: indexBytes / traffic.figures.issuers }
          : {}),
      },
      before: beforeFigure,
      veramo,
      bars: VERIFICATION_BARS,
      pass,
      passed: pass.throughput && pass.warmCalls && pass.coldCalls,
      notes: [
        'Veramo 7 verifyCredential checks the JWT signature against the issuer DID resolved at the head on every ' +
          'call; it checks no status, accreditation, anchoring, schema nor history.',
        'Revoked credentials (one in 100) must come back CREDENTIAL_REVOKED; every answer is checked.',
        'RSS is the whole benchmark process (worker threads included) after the realistic run.',
      ],
    };
  } finally {
    for (const close of closers) await close().catch(() => undefined);
  }
}

/**
 * Renders the report as a Markdown table with every figure beside its baseline.
 * @param report - the figures.
 * @returns the table and notes.
 */
export function formatVerificationReport(report: VerificationBenchReport): string {
  const n = (value: number, digits = 0) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const { baseline, ours, before, veramo, bars, pass, traffic } = report;
  const l = (values: number[]) => values.join('/');
  const header = ['figure', 'value', 'baseline (same run)', 'ratio', 'bar', 'pass/fail', 'load'];
  const rows = [
    [
      '(a) libsecp256k1 verify, one core',
      `${n(baseline.oneCore)}/s`,
      '—',
      '—',
      '—',
      '—',
      l(baseline.loadAverage),
    ],
    [
      `(a) libsecp256k1 verify, ${baseline.cores} cores`,
      `${n(baseline.allCores)}/s`,
      '—',
      '—',
      '—',
      '—',
      l(baseline.loadAverage),
    ],
    [
      '(b) ours, verifyCredential, warm',
      `${n(ours.warm.perSecond)}/s`,
      `${n(baseline.allCores)}/s (a, all cores)`,
      ours.ratioVsAllCores.toFixed(2),
      `≥ ${bars.vsNativeAllCores.toFixed(2)}`,
      pass.throughput ? 'PASS' : 'FAIL',
      l(ours.warm.loadAverage),
    ],
    [
      '(b) ours, verifyCredential, cold (every issuer first seen)',
      `${n(ours.cold.perSecond)}/s`,
      `${n(baseline.allCores)}/s`,
      (ours.cold.perSecond / baseline.allCores).toFixed(2),
      '—',
      '—',
      l(ours.cold.loadAverage),
    ],
    [
      '(b) ours, presentations (1 credential), warm',
      `${n(ours.presentations.perSecond)}/s`,
      `${n(baseline.allCores / 2)}/s (a ÷ 2 signatures)`,
      (ours.presentations.perSecond / (baseline.allCores / 2)).toFixed(2),
      '—',
      '—',
      l(ours.presentations.loadAverage),
    ],
    [
      '(b) chain calls per credential, warm',
      n(ours.warm.callsPerItem, 3),
      '—',
      '—',
      `≤ ${bars.warmCallsPerCredential}`,
      pass.warmCalls ? 'PASS' : 'FAIL',
      l(ours.warm.loadAverage),
    ],
    [
      '(b) chain calls per cold issuer',
      n(ours.cold.callsPerColdIssuer, 3),
      '—',
      '—',
      `≤ ${bars.coldCallsPerIssuer}`,
      pass.coldCalls ? 'PASS' : 'FAIL',
      l(ours.cold.loadAverage),
    ],
    [
      '(c) before: chain-reading sources, one thread',
      `${n(before.perSecond, 1)}/s (${n(before.callsPerItem, 2)} calls/cred)`,
      `${n(ours.warm.perSecond)}/s (b)`,
      (before.perSecond / ours.warm.perSecond).toFixed(3),
      '—',
      '—',
      l(before.loadAverage),
    ],
    [
      '(d) Veramo 7 default verifyCredential',
      `${n(veramo.perSecond, 1)}/s (${n(veramo.callsPerItem, 2)} calls/cred, ${n(veramo.wrongAnswers)} of ${n(veramo.items)} wrong)`,
      `${n(ours.warm.perSecond)}/s (b)`,
      `ours ${(ours.warm.perSecond / veramo.perSecond).toFixed(1)}×`,
      '—',
      '—',
      l(veramo.loadAverage),
    ],
    [
      'RSS after the run; registry index per issuer',
      `${n(ours.rssBytes / 2 ** 20)} MiB`,
      ours.indexBytesPerIssuer === undefined ? '—' : `${n(ours.indexBytesPerIssuer)} B/issuer`,
      '—',
      '—',
      '—',
      '—',
    ],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]) =>
    '| ' +
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ') +
    ' |';
  return [
    `Verification on realistic traffic — node ${report.machine.node}, ${report.machine.cores} core(s) ` +
      `(${report.machine.cpu}); ${n(traffic.issuers)} issuers, ${n(traffic.credentials)} credentials over ` +
      `${traffic.spanDays} days (${n(traffic.blocks)} blocks, ${n(traffic.transactions)} transactions, ` +
      `${traffic.keyRotations} key rotations, ${traffic.revocations} revocations; set-up ${n(traffic.setupSeconds, 1)} s); ` +
      `engine: ${ours.engine}`,
    render(header),
    '|' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|',
    ...rows.map(render),
    ...report.notes.map((note) => `note: ${note}`),
  ].join('\n');
}
