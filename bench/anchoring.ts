/**
 * Time from issuance to "anchored and verifiable", at the issuer's shipped default flush settings. One run on a fresh
 * local anvil chain (blocks mined on demand) with the demo organisations, the issuer service on a temporary SQLite
 * file, and the core verifier over the chain:
 *
 * (a) baseline: the confirmation latency of one `AnchorRegistry.anchor` transaction sent directly (median of 10): the
 *     floor of any design that anchors on-chain;
 * (b) distinct licences issued through `POST /credentials/types/medical-licenses` at a steady rate (distinct subjects,
 *     licence numbers and issuance times), each polled at `GET /credentials/:id` until its `anchor` is `anchored`,
 *     then verified with that proof;
 *     the figure per credential is the time from the issuance response to the first `verified: true`.
 *
 * Printed: median and max of (b), the ratio to (a), and the flush interval the issuer ran with. There is no bar (the
 * issue asks for the figure); the wallet and directory show such a credential as "being registered" meanwhile.
 *
 * Knobs (environment): `ANCHOR_BENCH_CREDENTIALS` (default 200), `ANCHOR_BENCH_RATE` (issuances per second, default
 * 20).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, http, type Abi, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startLocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import { anchorRegistryArtifact } from '@medtrust/registry-contract';
import { createChainVerifierSources, Verifier, type ChainConfig } from '@medtrust/core';
import { createSchemaValidator } from '@medtrust/schemas';
import {
  createRoleKeys,
  ensureOrganisation,
  loadIssuerConfig,
  startIssuerService,
} from '../issuer/src/index.ts';
import { seedDemo } from '../scripts/seed-demo.ts';
import { DEMO_ORGANISATIONS } from '../scripts/demo-organisations.ts';

/** The figures of one run. */
export interface AnchoringBenchReport {
  machine: { node: string; cpu: string; cores: number; loadAverage: number[] };
  /** The issuer's anchor flush interval in this run (its shipped default), ms. */
  flushIntervalMs: number;
  /** (a) median confirmation latency of one direct anchor transaction, ms. */
  directAnchorMs: number;
  /** (b) credentials measured. */
  credentials: number;
  /** (b) issuance → verified with its anchor, ms. */
  timeToVerifiable: { medianMs: number; p95Ms: number; maxMs: number };
  /** (b) median over (a). */
  medianVsDirect: number;
  /** Verifications that said ANCHOR_PENDING before the proof appeared (never counted as failures). */
  pendingAnswers: number;
  passed: boolean;
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Runs the benchmark. */
export async function runAnchoringBenchmark(): Promise<AnchoringBenchReport> {
  const count = Math.round(envNumber('ANCHOR_BENCH_CREDENTIALS', 200));
  const rate = envNumber('ANCHOR_BENCH_RATE', 20);
  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const dir = mkdtempSync(join(tmpdir(), 'medtrust-anchor-bench-'));
  const closers: Array<() => Promise<unknown> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const chain = await startLocalChain();
    closers.push(() => chain.stop());
    const deployment = await deployRegistries({
      rpcUrl: chain.rpcUrl,
      deployerPrivateKey: chain.accounts[0]!,
    });
    const chainConfig: ChainConfig = { ...deployment, rpcUrl: chain.rpcUrl };
    await seedDemo(chain.rpcUrl, deployment);

    // ---- (a) one anchor transaction, sent directly ------------------------------------------------------------
    const viemChain = {
      id: chain.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    } as const;
    const publicClient = createPublicClient({
      chain: viemChain,
      transport: http(chain.rpcUrl),
      pollingInterval: 20,
    });
    const key = chain.accounts[2]! as Hex;
    const account = privateKeyToAccount(key);
    const wallet = createWalletClient({ chain: viemChain, transport: http(chain.rpcUrl), account });
    const direct: number[] = [];
    for (let i = 0; i < 10; i++) {
      const root = `0x${randomBytes(32).toString('hex')}` as Hex;
      const started = performance.now();
      const hash = await wallet.writeContract({
        address: deployment.anchorRegistry,
        abi: anchorRegistryArtifact.abi as Abi,
        functionName: 'anchor',
        args: [account.address, root, 1n],
      });
      await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      direct.push(performance.now() - started);
    }
    direct.sort((x, y) => x - y);
    const directAnchorMs = quantile(direct, 0.5);

    // ---- (b) through the issuer service, default flush ---------------------------------------------------------
    const silent = { info() {}, error() {} };
    // The shipped defaults: the configuration an empty environment gives (only the port and data folder differ).
    const config = loadIssuerConfig({ DATA_DIR: dir, ISSUER_PORT: '0' }, chainConfig);
    const issuer = await startIssuerService({ config, logger: silent });
    closers.push(() => issuer.close());
    const flushIntervalMs = config.anchorFlushMs ?? 2_000;
    const demo = DEMO_ORGANISATIONS.find((o) => o.slug === 'medical-board')!;
    const organisation = await ensureOrganisation(issuer.db, issuer.agent, chainConfig, {
      slug: demo.slug,
      name: demo.name,
      kind: demo.slug,
      jurisdiction: demo.jurisdiction,
      privateKeyHex: demo.privateKey,
    });
    const apiKey = (await createRoleKeys(issuer.db, organisation.id)).operator;

    const sources = createChainVerifierSources(chainConfig, { headPollIntervalMs: 100 });
    closers.push(() => sources.close());
    const verifier = new Verifier({
      resolver: sources.resolver,
      status: sources.status,
      accreditation: sources.accreditation,
      anchors: sources.anchors,
      schemas: createSchemaValidator(),
      clock: () => new Date(),
    });

    const waits: Array<Promise<number>> = [];
    let pendingAnswers = 0;
    const gapMs = 1000 / rate;
    for (let i = 0; i < count; i++) {
      const due = performance.now() + gapMs;
      const response = await fetch(`${issuer.url}/credentials/types/medical-licenses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          credentialSubject: {
            id: `did:key:z6Mk${randomBytes(16).toString('hex')}`,
            name: `Doctor ${i}`,
            licenseNumber: `B-${i}-${randomBytes(3).toString('hex')}`,
            jurisdiction: 'PT',
            specialty: 'Dermatology',
            scopeOfPractice: ['Aesthetic medicine'],
            validFrom: '2024-01-15',
            validUntil: '2029-01-14',
          },
        }),
      });
      if (response.status !== 201)
        throw new Error(`issuance answered ${response.status}: ${await response.text()}`);
      const issuedAt = performance.now();
      const { id, jwt } = (await response.json()) as { id: string; jwt: string };
      waits.push(
        (async () => {
          // The organisation's own view of its credential (the console's), polled every 50 ms: the public proof
          // endpoint is rate-limited per client (600/min), which a benchmark polling hundreds of credentials exceeds.
          for (;;) {
            const answer = await fetch(`${issuer.url}/credentials/${encodeURIComponent(id)}`, {
              headers: { authorization: `Bearer ${apiKey}` },
            });
            if (answer.status !== 200) throw new Error(`GET /credentials/:id answered ${answer.status}`);
            const { anchor } = (await answer.json()) as { anchor?: { state: string; proof?: object } };
            if (anchor?.state === 'anchored' && anchor.proof !== undefined) {
              const report = await verifier.verifyCredential(jwt, { anchorProofs: [anchor.proof] });
              if (report.verified) return performance.now() - issuedAt;
              const anchoring = report.checks.find((c) => c.check === 'anchoring');
              if (anchoring?.code !== 'ANCHOR_PENDING') {
                throw new Error(`anchored credential did not verify: ${JSON.stringify(report.checks)}`);
              }
              pendingAnswers++;
            }
            await sleep(50);
          }
        })(),
      );
      const rest = due - performance.now();
      if (rest > 0) await sleep(rest);
    }
    const times = (await Promise.all(waits)).sort((x, y) => x - y);
    const median = quantile(times, 0.5);
    return {
      machine,
      flushIntervalMs,
      directAnchorMs: Math.round(directAnchorMs * 10) / 10,
      credentials: times.length,
      timeToVerifiable: {
        medianMs: Math.round(median),
        p95Ms: Math.round(quantile(times, 0.95)),
        maxMs: Math.round(times[times.length - 1]!),
      },
      medianVsDirect: Math.round((median / directAnchorMs) * 10) / 10,
      pendingAnswers,
      passed: true,
    };
  } finally {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
  }
}

/** The report as a table. */
export function formatAnchoringReport(report: AnchoringBenchReport): string {
  const r = report;
  return [
    `Anchoring benchmark — node ${r.machine.node}, ${r.machine.cores} core(s) (${r.machine.cpu}), load ${r.machine.loadAverage.join('/')}; ` +
      `${r.credentials} distinct licences issued through the issuer API, default anchor flush every ${r.flushIntervalMs} ms`,
    '| figure (ms)                                   |  value | baseline (a) | ratio |',
    '|:----------------------------------------------|-------:|-------------:|------:|',
    `| (a) one anchor transaction sent directly      | ${r.directAnchorMs.toFixed(1).padStart(6)} |            — |     — |`,
    `| (b) issuance → anchored and verified, median  | ${String(r.timeToVerifiable.medianMs).padStart(6)} | ${r.directAnchorMs.toFixed(1).padStart(12)} | ${String(r.medianVsDirect).padStart(4)}× |`,
    `| (b) issuance → anchored and verified, p95     | ${String(r.timeToVerifiable.p95Ms).padStart(6)} |            — |     — |`,
    `| (b) issuance → anchored and verified, max     | ${String(r.timeToVerifiable.maxMs).padStart(6)} |            — |     — |`,
    `note: anvil mines on demand (no block time); on a chain with T-second blocks add up to T. ${r.pendingAnswers} verification(s) answered ANCHOR_PENDING on the way (proof served before the verifier's head saw its block).`,
  ].join('\n');
}
