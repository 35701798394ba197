/**
 * Issuance throughput benchmark. One run on a fresh local anvil chain and a temporary SQLite file:
 *
 * (a) raw ES256K signing rate on one core: the faster of Node's `crypto.sign` (secp256k1 `KeyObject`) and
 *     `@noble/curves` 1.x `secp256k1.sign` (with SHA-256), both on the same JWT signing input as a real credential;
 * (b) credentials issued per second by `runBatch` (validated, status slot allocated, signed, stored, audited);
 * (c) the wall time of one 100,000-credential batch.
 *
 * Bars: (b) ≥ 50 % of (a); (c) < 120 s. The issuer's keys live in the database (`SqlRecordStore`), as in the
 * service, so `runBatch` can also sign in a `worker_threads` pool (`ISSUANCE_BENCH_WORKERS`, see below).
 *
 * Knobs (environment): `ISSUANCE_BENCH_ITEMS` (size of batch (c), default 100,000), `ISSUANCE_BENCH_RATE_ITEMS`
 * (size of batch (b), default 20,000), `ISSUANCE_BENCH_SIGN_SECONDS` (per raw measurement, default 3),
 * `ISSUANCE_BENCH_WORKERS` (signing worker threads; default: one per core when there are several cores, else 0).
 */
import { createHash, generateKeyPairSync, randomBytes, sign as cryptoSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import type { ChainConfig } from '@medtrust/core';
import { createSchemaValidator } from '@medtrust/schemas';
import {
  createOrganisation,
  openDatabase,
  setOrganisationIdentity,
  type Database,
} from '../issuer/src/store/index.ts';
import {
  closeIssuerAgent,
  createCredentialSigner,
  createIssuerAgent,
  createIssuerIdentity,
} from '../issuer/src/keys/index.ts';
import {
  buildCredential,
  createIssuanceBatch,
  organisationIdentityFromStore,
  sqlIssuerKeyRecords,
  runBatch,
  type BatchRowInput,
  type IssuanceContext,
} from '../issuer/src/issuance/index.ts';

/** Bars of the benchmark. */
export const ISSUANCE_BARS = {
  /** Credentials issued per second by runBatch, as a fraction of the raw single-core signing rate. */
  batchRateVsRawSigning: 0.5,
  /** Wall time of a 100,000-credential batch, seconds (upper bound). */
  largeBatchSeconds: 120,
} as const;

/** The figures of one run. */
export interface IssuanceBenchReport {
  /** `loadAverage`: 1/5/15-minute load when the run started (the bars assume the cores are not busy elsewhere). */
  machine: { node: string; cpu: string; cores: number; loadAverage: number[] };
  /** (a) raw ES256K signatures per second on one core. */
  rawSigning: {
    nodeCryptoPerSecond: number;
    noblePerSecond: number;
    noblePackage: string;
    /** The faster of the two: the baseline of (b). */
    perSecond: number;
    faster: 'node:crypto' | '@noble/curves';
  };
  /** Signing worker threads runBatch used (0: signed in the main thread). */
  signingWorkers: number;
  /** (b) */
  batchRate: {
    items: number;
    seconds: number;
    perSecond: number;
    /** perSecond ÷ rawSigning.perSecond. */
    ratio: number;
    bar: number;
    pass: boolean;
  };
  /** (c) */
  largeBatch: {
    items: number;
    /** runBatch wall time. */
    seconds: number;
    /** createIssuanceBatch (storing the items), not part of `seconds`. */
    storeSeconds: number;
    perSecond: number;
    /** Signing alone at the raw rate: items ÷ rawSigning.perSecond (the floor on one core). */
    rawSigningSeconds: number;
    bar: number;
    pass: boolean;
  };
  passed: boolean;
  notes: string[];
}

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
}

/** Runs `operation` for about `seconds` after a warm-up; returns operations per second. */
function rate(operation: () => unknown, seconds: number): number {
  for (let i = 0; i < 100; i++) operation();
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 20; i++) operation();
    count += 20;
  }
  return (count * 1000) / (performance.now() - start);
}

/** `@noble/curves` as the issuer workspace has it (1.x; the root copy may be an older 1.x pulled in by others). */
function loadNoble(): { secp256k1: NobleSecp256k1; version: string } {
  const issuerPackage = join(dirname(fileURLToPath(import.meta.url)), '..', 'issuer', 'package.json');
  const require = createRequire(issuerPackage);
  const { secp256k1 } = require('@noble/curves/secp256k1') as { secp256k1: NobleSecp256k1 };
  const packageJson = join(dirname(require.resolve('@noble/curves/secp256k1')), 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return { secp256k1, version };
}

interface NobleSecp256k1 {
  sign(
    msgHash: Uint8Array,
    privateKey: Uint8Array,
    options?: { lowS?: boolean },
  ): { toCompactRawBytes(): Uint8Array };
}

function subject(n: number): Record<string, unknown> {
  return {
    id: 'did:ethr:medtrust:0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
    name: `Inês Carvalho Ferreira ${n}`,
    licenseNumber: `PT-${n}`,
    jurisdiction: 'PT',
    specialty: 'Cirurgia Plástica, Reconstrutiva e Estética',
    scopeOfPractice: ['Aesthetic surgery', 'Reconstructive surgery', 'Botulinum toxin and filler injections'],
    validFrom: '2024-01-15',
    validUntil: '2029-01-14',
  };
}

function items(count: number): BatchRowInput[] {
  return Array.from({ length: count }, (_, i) => ({
    row: i + 1,
    credentialSubject: subject(i + 1),
    expirationDate: '2029-01-15T00:00:00Z',
  }));
}

/**
 * Runs the benchmark.
 *
 * @returns the figures and whether both bars are met.
 */
export async function runIssuanceBenchmark(): Promise<IssuanceBenchReport> {
  const largeItems = envNumber('ISSUANCE_BENCH_ITEMS', 100_000);
  const rateItems = envNumber('ISSUANCE_BENCH_RATE_ITEMS', 20_000);
  const signSeconds = envNumber('ISSUANCE_BENCH_SIGN_SECONDS', 3);
  const cores = availableParallelism();
  const signingWorkers = envNumber('ISSUANCE_BENCH_WORKERS', cores > 1 ? cores : 0);
  const notes: string[] = [];
  const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));

  const dir = mkdtempSync(join(tmpdir(), 'medtrust-bench-issuance-'));
  const chain = await startLocalChain();
  let db: Database | undefined;
  const sealingSecret = randomBytes(32).toString('hex');
  try {
    const deployment = await deployRegistries({
      rpcUrl: chain.rpcUrl,
      deployerPrivateKey: chain.accounts[0]!,
    });
    const config: ChainConfig = { ...deployment, rpcUrl: chain.rpcUrl, didNetworkName: 'medtrust' };
    const location = { sqliteFile: join(dir, 'issuer.sqlite') };
    db = await openDatabase(location);
    const organisation = await createOrganisation(db, {
      slug: 'bench-board',
      name: 'Bench Medical Board',
      kind: 'medical-board',
      jurisdiction: 'PT',
    });
    const records = sqlIssuerKeyRecords(db);
    const agent = createIssuerAgent({ chain: config, sealingSecret, records });
    const identity = await createIssuerIdentity(agent, organisation.slug);
    await setOrganisationIdentity(db, organisation.id, { did: identity.did, address: identity.address });
    const signer = await createCredentialSigner(agent, { did: identity.did });
    const ctx: IssuanceContext = {
      db,
      signerFor: async () => signer,
      organisationFor: organisationIdentityFromStore(db),
      validator: createSchemaValidator(),
      clock: () => new Date(),
      chain: { chainId: config.chainId, statusRegistry: config.statusRegistry },
      statusListCapacity: 131_072,
      workerSignerFor: async () => ({ records, sealingSecret, chain: config, did: identity.did }),
    };

    // (a) the same JWT signing input a credential of this batch has
    const sample = await signer.sign(
      buildCredential(
        {
          type: 'MedicalLicenseCredential',
          credentialSubject: subject(1),
          expirationDate: '2029-01-15T00:00:00Z',
        },
        {
          issuer: identity,
          chain: ctx.chain,
          slot: { listId: 1, index: 12_345 },
          issuedAt: new Date(),
        },
      ),
    );
    const signingInput = Buffer.from(sample.jwt.slice(0, sample.jwt.lastIndexOf('.')), 'latin1');
    const nodeKey = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
    const noble = loadNoble();
    const noblePrivateKey = randomBytes(32);
    const measureRaw = () => ({
      node: rate(
        () => cryptoSign('sha256', signingInput, { key: nodeKey, dsaEncoding: 'ieee-p1363' }),
        signSeconds,
      ),
      noble: rate(
        () =>
          noble.secp256k1
            .sign(createHash('sha256').update(signingInput).digest(), noblePrivateKey, { lowS: true })
            .toCompactRawBytes(),
        signSeconds,
      ),
    });
    const rawBefore = measureRaw();

    const batchOptions = {
      signingWorkers,
      onSigningPoolError: (error: unknown) =>
        notes.push(`the signing pool did not start, signed in the main thread: ${String(error)}`),
    };

    // (b) a batch run end to end as a caller runs it: the signing pool's start-up (a few seconds, during which the
    // main thread signs) is included, as it is in (c)
    const small = await createIssuanceBatch(db, {
      organisationId: organisation.id,
      credentialType: 'MedicalLicenseCredential',
      items: items(rateItems),
    });
    let started = performance.now();
    await runBatch(ctx, small.id, batchOptions);
    const rateSeconds = (performance.now() - started) / 1000;

    const rawAfter = measureRaw();
    // the conservative baseline: the best rate seen in either measurement (the machine may be shared)
    const nodeCryptoPerSecond = Math.max(rawBefore.node, rawAfter.node);
    const noblePerSecond = Math.max(rawBefore.noble, rawAfter.noble);
    const rawPerSecond = Math.max(nodeCryptoPerSecond, noblePerSecond);

    // (c)
    started = performance.now();
    const large = await createIssuanceBatch(db, {
      organisationId: organisation.id,
      credentialType: 'MedicalLicenseCredential',
      items: items(largeItems),
    });
    const storeSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const progress = await runBatch(ctx, large.id, batchOptions);
    const largeSeconds = (performance.now() - started) / 1000;
    if (progress.state !== 'completed' || progress.succeeded !== largeItems) {
      throw new Error(`the large batch did not complete: ${JSON.stringify(progress)}`);
    }
    closeIssuerAgent(agent);
    // sanity: every credential stored once, each with its own status slot
    const [stored] = await db.query<{ n: number; slots: number }>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT list_id * 1000000000 + list_index) AS slots FROM credentials`,
    );
    if (Number(stored?.n) !== rateItems + largeItems || Number(stored?.slots) !== rateItems + largeItems) {
      throw new Error(
        `expected ${rateItems + largeItems} credentials with distinct slots: ${JSON.stringify(stored)}`,
      );
    }

    const batchPerSecond = rateItems / rateSeconds;
    const batchRatio = batchPerSecond / rawPerSecond;
    const batchPass = batchRatio >= ISSUANCE_BARS.batchRateVsRawSigning;
    const largePass = largeSeconds < ISSUANCE_BARS.largeBatchSeconds;
    notes.push(
      `raw rates: before (b) node ${rawBefore.node.toFixed(0)}/s, noble ${rawBefore.noble.toFixed(0)}/s; ` +
        `after (b) node ${rawAfter.node.toFixed(0)}/s, noble ${rawAfter.noble.toFixed(0)}/s (the higher of each is used)`,
    );
    return {
      machine: {
        node: process.version,
        cpu: cpus()[0]?.model ?? 'unknown',
        cores,
        loadAverage: loadAtStart,
      },
      rawSigning: {
        nodeCryptoPerSecond,
        noblePerSecond,
        noblePackage: `@noble/curves@${noble.version}`,
        perSecond: rawPerSecond,
        faster: nodeCryptoPerSecond >= noblePerSecond ? 'node:crypto' : '@noble/curves',
      },
      signingWorkers,
      batchRate: {
        items: rateItems,
        seconds: rateSeconds,
        perSecond: batchPerSecond,
        ratio: batchRatio,
        bar: ISSUANCE_BARS.batchRateVsRawSigning,
        pass: batchPass,
      },
      largeBatch: {
        items: largeItems,
        seconds: largeSeconds,
        storeSeconds,
        perSecond: largeItems / largeSeconds,
        rawSigningSeconds: largeItems / rawPerSecond,
        bar: ISSUANCE_BARS.largeBatchSeconds,
        pass: largePass,
      },
      passed: batchPass && largePass,
      notes,
    };
  } finally {
    await db?.close();
    await chain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Renders the report as a table: each figure with its baseline, ratio, bar and verdict.
 *
 * @param report - the figures.
 * @returns the printable table.
 */
export function formatIssuanceReport(report: IssuanceBenchReport): string {
  const n = (value: number, digits = 0) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const { rawSigning: a, batchRate: b, largeBatch: c } = report;
  const header = ['figure', 'value', 'baseline', 'ratio', 'bar', 'pass/fail'];
  const rows = [
    [
      '(a) raw ES256K, node crypto.sign (sig/s)',
      n(a.nodeCryptoPerSecond),
      `${n(a.noblePerSecond)} (noble)`,
      (a.nodeCryptoPerSecond / a.noblePerSecond).toFixed(2),
      '—',
      '—',
    ],
    [
      `(a) raw ES256K, ${a.noblePackage} (sig/s)`,
      n(a.noblePerSecond),
      `${n(a.nodeCryptoPerSecond)} (node)`,
      (a.noblePerSecond / a.nodeCryptoPerSecond).toFixed(2),
      '—',
      '—',
    ],
    [
      `(b) runBatch, ${n(b.items)} items (cred/s)`,
      n(b.perSecond),
      `${n(a.perSecond)} (a, ${a.faster})`,
      b.ratio.toFixed(2),
      `≥ ${b.bar.toFixed(2)}`,
      b.pass ? 'PASS' : 'FAIL',
    ],
    [
      `(c) runBatch, ${n(c.items)} items (s)`,
      n(c.seconds, 1),
      `${n(c.rawSigningSeconds, 1)} (signing at (a))`,
      (c.seconds / c.rawSigningSeconds).toFixed(2),
      `< ${n(c.bar)}`,
      c.pass ? 'PASS' : 'FAIL',
    ],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]) =>
    '| ' +
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ') +
    ' |';
  return [
    `Issuance benchmark — node ${report.machine.node}, ${report.machine.cores} core(s) (${report.machine.cpu}), ` +
      `load ${report.machine.loadAverage.join('/')}, SQLite temp file, runBatch signing ` +
      (report.signingWorkers > 0
        ? `in ${report.signingWorkers} worker thread(s) (signingWorkers; start-up included)`
        : 'in the main thread'),
    render(header),
    '|' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|',
    ...rows.map(render),
    `(c) also: ${n(c.perSecond)} cred/s; storing the ${n(c.items)} items took ${n(c.storeSeconds, 1)} s (not counted)`,
    ...report.notes.map((note) => `note: ${note}`),
  ].join('\n');
}
