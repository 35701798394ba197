/**
 * The public directory at scale (issue 12): search and profile latency with 10,000 and 1,000,000 listed entries,
 * single client, each request through the directory's real HTTP routes (`GET /directory/search`,
 * `GET /directory/profiles/:did`, the express router with its parsing, rate limiter and error handler, in process).
 *
 * The directory is filled through the store's own API in large transactions (`EntryStore.applyPage`, 10,000 listings
 * a page, its party rows written to the index, and a stored verification per credential through
 * `putResults`): realistic, distinct parties — doctors (90 %), hospitals (7 %) and suppliers (3 %) with names from
 * Portuguese, Spanish, French, German, Italian and English name lists, specialties, hospital and supplier names
 * carrying their city, ISO 3166 jurisdictions and subdivisions, 500 issuing boards. Credentials are synthetic JWTs
 * (they are not verified: a profile is served from its stored verification, and the bench counts pipeline calls to
 * prove it made none).
 *
 * Queries, drawn at random: surname and first-name prefixes (3–5 letters), full names, cities, specialties, licence
 * numbers, a specialty within a jurisdiction, and words that match nothing. Profiles: random listed parties.
 * Baseline (the limit): the same queries as one raw FTS5 lookup of 20 matches (no order, no HTTP), and a profile's
 * two indexed reads (its entries by subject, their stored verifications by hash), in process.
 *
 * Bar: search p99 and profile p99 ≤ 20 ms at 1,000,000 entries. Knobs: `DIRECTORY_BENCH_SIZES` (comma-separated,
 * `10000,1000000`), `DIRECTORY_BENCH_REQUESTS` (per size and route, 2,000), `DIRECTORY_BENCH_BACKEND` (`sqlite`, or
 * `postgres` on `DATABASE_URL_TEST`/`DATABASE_URL`, a throw-away schema); diagnostics: `DIRECTORY_BENCH_SLOWEST=N`
 * prints the N slowest searches, `DIRECTORY_BENCH_PHASES=1` the fill time per store call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import express from 'express';
import pg from 'pg';
import { credentialJwtHash } from '@medtrust/core';
import {
  Directory,
  DirectoryStore,
  DirectoryRechecker,
  PostgresDirectoryIndex,
  createDirectoryRouter,
  silentLogger,
  type DirectoryEntry,
  type DirectoryIndex,
  type FeedOperation,
} from '@medtrust/verifier';
import { DEFAULT_DIRECTORY_LIMITS } from '../verifier/src/directory/directory-context.ts';
import type { AccreditationChain } from '../verifier/src/directory/accreditation-chain.ts';
import type { LiveStatus } from '../verifier/src/directory/live-status.ts';
import { queryTokensOf } from '../verifier/src/directory/search-text.ts';
import { verificationRecordOf } from '../verifier/src/directory/verification-record.ts';
import { errorHandler, notFoundHandler } from '../verifier/src/http/error-handler.ts';
import { requestId } from '../verifier/src/http/request-id.ts';

/** Bar of the benchmark (at the largest size, 1,000,000). */
export const DIRECTORY_BARS = { searchP99Ms: 20, profileP99Ms: 20, atEntries: 1_000_000 } as const;

/** Latency figures of one route. */
export interface LatencyFigures {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  loadAverage: number[];
}

/** The figures of one directory size. */
export interface DirectorySizeReport {
  entries: number;
  backend: 'sqlite' | 'postgres';
  fillSeconds: number;
  fillLoadAverage: number[];
  search: LatencyFigures;
  profile: LatencyFigures;
  /** Raw indexed lookups of the same work, in process (the limit). */
  rawSearch: LatencyFigures;
  rawProfile: LatencyFigures;
  /** `GET /directory/feeds` (reads nothing): the HTTP round trip every figure includes. */
  httpFloor: LatencyFigures;
  /** Search hits returned on average (20 at most), and the share of queries with none. */
  meanHits: number;
  noHitShare: number;
  /** Pipeline verifications made while serving (0: profiles came from stored verifications). */
  pipelineCalls: number;
}

/** The figures of one run. */
export interface DirectoryBenchReport {
  sizes: DirectorySizeReport[];
  bars: typeof DIRECTORY_BARS;
  passed: boolean;
}

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

function sizes(): number[] {
  const value = process.env.DIRECTORY_BENCH_SIZES;
  if (value === undefined || value === '') return [10_000, 1_000_000];
  return value.split(',').map((s) => {
    const n = Number(s.trim().replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 100) throw new Error('DIRECTORY_BENCH_SIZES: integers ≥ 100');
    return n;
  });
}

/** mulberry32: a seeded PRNG, so every run fills and queries the same directory. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = (
  'Inês João Maria José Ana Pedro Rui Sofia Tiago Beatriz Carlos Lucía Javier Carmen Pablo Elena Alejandro ' +
  'Marta Sergio Pilar Camille Louis Chloé Hugo Léa Mathieu Élodie Antoine Zoë Lukas Anna Jonas Lena Felix ' +
  'Sophie Maximilian Jürgen Katharina Giulia Marco Francesca Luca Chiara Alessandro Giorgio Oliver Emily ' +
  'James Charlotte William Amelia Henry Grace Thomas Hannah Daniel Olivia Samuel Isabel Nuno Filipa'
).split(' ');
const SURNAMES = (
  'Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves Gomes Lopes ' +
  'Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes Soares Vieira García ' +
  'Martínez López Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Navarro ' +
  'Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Lefèvre Müller Schmidt Schneider ' +
  'Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Rossi Russo Ferrari Esposito Bianchi Romano ' +
  'Colombo Ricci Marino Greco Smith Jones Williams Taylor Brown Davies Evans Wilson Johnson Roberts Walker'
).split(' ');
const SPECIALTIES = [
  'Dermatology',
  'Plastic, Reconstructive and Aesthetic Surgery',
  'Cardiology',
  'Ophthalmology',
  'Orthopaedics',
  'General Surgery',
  'Anaesthesiology',
  'Paediatrics',
  'Obstetrics and Gynaecology',
  'Oncology',
  'Neurology',
  'Psychiatry',
  'Radiology',
  'Urology',
  'Otorhinolaryngology',
  'Gastroenterology',
  'Endocrinology',
  'Nephrology',
  'Pulmonology',
  'Rheumatology',
  'Dentistry',
  'Maxillofacial Surgery',
  'Vascular Surgery',
  'Family Medicine',
];
/** Country, subdivisions, cities. */
const PLACES: Array<[string, string[], string[]]> = [
  ['PT', ['PT-11', 'PT-13', 'PT-08', 'PT-06'], ['Lisboa', 'Porto', 'Faro', 'Coimbra', 'Braga', 'Funchal']],
  [
    'ES',
    ['ES-M', 'ES-B', 'ES-V', 'ES-SE'],
    ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Málaga', 'Bilbao'],
  ],
  ['FR', ['FR-75', 'FR-69', 'FR-13'], ['Paris', 'Lyon', 'Marseille', 'Nice', 'Bordeaux', 'Toulouse']],
  ['DE', ['DE-BE', 'DE-BY', 'DE-HH'], ['Berlin', 'München', 'Hamburg', 'Köln', 'Frankfurt', 'Stuttgart']],
  ['IT', ['IT-RM', 'IT-MI', 'IT-NA'], ['Roma', 'Milano', 'Napoli', 'Torino', 'Firenze', 'Bologna']],
  ['GB', ['GB-LND', 'GB-MAN'], ['London', 'Manchester', 'Edinburgh', 'Bristol', 'Leeds', 'Glasgow']],
];
const HOSPITAL = ['Hospital', 'Clínica', 'Centro Médico', 'Hôpital', 'Klinikum', 'Ospedale', 'Clinic'];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const hex40 = (n: number) => n.toString(16).padStart(40, '0');

/** Listed entry `i` of the synthetic directory. */
function entryAt(i: number, random: () => number, listedAt: string): DirectoryEntry {
  const [country, subdivisions, cities] = pick(random, PLACES);
  const jurisdiction = random() < 0.5 ? country : pick(random, subdivisions);
  const city = pick(random, cities);
  const board = i % 500;
  const issuer = `did:ethr:0x${hex40(0xb0a4d000 + board)}`;
  const subject = `did:ethr:0x${hex40(0x10000000 + i)}`;
  const roll = i % 100;
  let type: DirectoryEntry['type'];
  let kind: NonNullable<DirectoryEntry['kind']>;
  let name: string;
  let number: string;
  const claims: Record<string, unknown> = { id: subject, jurisdiction };
  if (roll < 90) {
    type = 'MedicalLicenseCredential';
    kind = 'doctor';
    const middle = random() < 0.4 ? ` ${pick(random, SURNAMES)}` : '';
    name = `${pick(random, FIRST)}${middle} ${pick(random, SURNAMES)}`;
    number = `${country}-${(100_000 + i).toString()}`;
    claims.licenseNumber = number;
    claims.specialty = pick(random, SPECIALTIES);
  } else if (roll < 97) {
    type = 'HospitalAccreditationCredential';
    kind = 'hospital';
    name = `${pick(random, HOSPITAL)} ${pick(random, SURNAMES)} ${city}`;
    number = `REG-${i}`;
    claims.registrationNumber = number;
  } else {
    type = 'SupplierAccreditationCredential';
    kind = 'supplier';
    name = `${pick(random, SURNAMES)} ${city} Pharma`;
    number = `SUP-${i}`;
    claims.registrationNumber = number;
    claims.role = random() < 0.5 ? 'distributor' : 'manufacturer';
  }
  claims.name = name;
  claims.validFrom = '2025-01-01';
  claims.validUntil = '2030-01-01';
  const payload = {
    iss: issuer,
    sub: subject,
    vc: {
      type: ['VerifiableCredential', type],
      credentialSubject: claims,
      credentialStatus: {
        type: 'MedtrustStatusRegistryEntry',
        statusIssuer: `0x${hex40(0xb0a4d000 + board)}`,
        statusListId: 1 + (i % 50),
        statusListIndex: i,
      },
    },
  };
  const jwt = `eyJhbGciOiJFUzI1NksifQ.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2lnbmF0dXJl${i}`;
  return {
    feed: 'https://issuer.example/public/credentials',
    itemId: String(i),
    credentialId: `urn:uuid:00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    type,
    kind,
    issuer,
    subject,
    name,
    number,
    jurisdiction,
    claims,
    jwt,
    jwtHash: credentialJwtHash(jwt),
    publishedAt: listedAt,
    listedAt,
  };
}

const CHECKS = [
  'format',
  'signature',
  'issuer',
  'schema',
  'validity',
  'status',
  'accreditation',
  'anchoring',
];

function verifiedStatus(block: number, at: string): LiveStatus {
  return {
    state: 'verified',
    verified: true,
    revoked: false,
    suspended: false,
    blockNumber: String(block),
    checkedAt: at,
    failedCodes: [],
    checks: CHECKS.map((check) => ({ check, status: 'passed' })) as LiveStatus['checks'],
  };
}

function accreditedChain(entry: DirectoryEntry, block: number): AccreditationChain {
  const address = entry.issuer.slice(-42);
  return {
    state: 'accredited',
    issuer: {
      did: entry.issuer,
      address,
      credentialType: entry.type,
      jurisdiction: entry.jurisdiction ?? '',
      accreditedNow: true,
      records: [
        {
          grantedBy: 'governance',
          accreditor: '0x0000000000000000000000000000000000000000',
          validFrom: '2025-01-01T00:00:00.000Z',
          validUntil: '2035-01-01T00:00:00.000Z',
          delegable: false,
          active: true,
          blockNumber: String(block - 1000),
          txHash: `0x${'ab'.repeat(32)}`,
        },
      ],
    },
    accreditors: [],
    blockNumber: String(block),
  };
}

/** A directory of `size` entries with its index and stored verifications. */
async function fill(size: number, dir: string, backend: 'sqlite' | 'postgres') {
  const file = join(dir, `directory-${size}.sqlite`);
  const store = DirectoryStore.open(file);
  let index: DirectoryIndex;
  let schema: string | undefined;
  const url =
    process.env.DATABASE_URL_TEST || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  if (backend === 'postgres') {
    schema = `dbench_${process.pid}_${size}`;
    index = await PostgresDirectoryIndex.open(url, { schema });
  } else {
    index = store.index;
  }
  const random = prng(size);
  const now = new Date();
  const at = now.toISOString();
  const subjects: string[] = [];
  const phases = { applyPage: 0, putParties: 0, putResults: 0 };
  const started = performance.now();
  const PAGE = 10_000;
  for (let from = 0; from < size; from += PAGE) {
    const entries: DirectoryEntry[] = [];
    for (let i = from; i < Math.min(size, from + PAGE); i++) entries.push(entryAt(i, random, at));
    const operations: FeedOperation[] = entries.map((entry) => ({ op: 'list', entry }));
    let t = performance.now();
    const applied = store.entries.applyPage(entries[0]!.feed, operations, String(from + entries.length), now);
    phases.applyPage += performance.now() - t;
    t = performance.now();
    await index.putParties(applied.parties);
    phases.putParties += performance.now() - t;
    t = performance.now();
    const block = 1_000_000 + from;
    await index.putResults(
      entries.map((entry) => ({
        record: verificationRecordOf(
          entry,
          undefined,
          verifiedStatus(block, at),
          accreditedChain(entry, block),
          now,
          86_400_000,
        ),
        generation: 0,
        stale: false,
      })),
    );
    phases.putResults += performance.now() - t;
    for (const e of entries) subjects.push(e.subject);
  }
  if (process.env.DIRECTORY_BENCH_PHASES) console.log('fill phases (ms)', phases);
  if (backend === 'postgres') {
    // statistics for the planner, as autovacuum gathers them after a bulk load (before it, every plan guesses)
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`ANALYZE ${schema}.directory_parties`);
    await client.query(`ANALYZE ${schema}.directory_results`);
    await client.end();
  }
  const fillSeconds = (performance.now() - started) / 1000;
  // the baseline's own connection to the same file (the store keeps its own private)
  const raw = new BetterSqlite3(file, { readonly: true });
  return {
    store,
    raw,
    index,
    subjects,
    fillSeconds,
    fillLoadAverage: loadavg(),
    async close() {
      raw.close();
      await index.close();
      store.close();
      if (schema !== undefined) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    },
  };
}

/** Realistic queries: prefixes, names, cities, specialties, numbers, filters, and no-hit words. */
function queries(count: number, size: number): string[] {
  const random = prng(7 * size + 1);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const params = new URLSearchParams();
    if (roll < 0.2) params.set('q', pick(random, SURNAMES).slice(0, 3 + Math.floor(random() * 3)));
    else if (roll < 0.3) params.set('q', pick(random, FIRST).slice(0, 3 + Math.floor(random() * 3)));
    else if (roll < 0.45) params.set('q', `${pick(random, FIRST)} ${pick(random, SURNAMES)}`);
    else if (roll < 0.57) params.set('q', pick(random, pick(random, PLACES)[2]));
    else if (roll < 0.69) params.set('q', pick(random, SPECIALTIES).split(' ')[0]!);
    else if (roll < 0.77) {
      const [country] = pick(random, PLACES);
      params.set('q', `${country}-${100_000 + Math.floor(random() * size)}`);
    } else if (roll < 0.87) {
      params.set('q', pick(random, SPECIALTIES).split(' ')[0]!.slice(0, 5));
      params.set('kind', 'doctor');
      params.set('jurisdiction', pick(random, PLACES)[0]);
    } else {
      params.set('q', `${pick(random, ['zyx', 'qwv', 'xoq', 'vvk'])}${Math.floor(random() * 1000)}`);
    }
    out.push(params.toString());
  }
  return out;
}

function figures(samples: number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    requests: samples.length,
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted[sorted.length - 1]!),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function timed(
  items: readonly string[],
  run: (item: string) => Promise<void> | void,
): Promise<number[]> {
  const samples: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await run(item);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function measureSize(size: number, requests: number, backend: 'sqlite' | 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'medtrust-directory-bench-'));
  const filled = await fill(size, dir, backend);
  let pipelineCalls = 0;
  const engine = {
    verifyCredential: async () => {
      pipelineCalls++;
      throw new Error('the bench serves stored verifications only');
    },
  };
  const accreditationChains = {
    chainOf: async (): Promise<AccreditationChain> => {
      pipelineCalls++;
      return { state: 'unavailable', accreditors: [] };
    },
  };
  const clock = () => new Date();
  const rechecker = new DirectoryRechecker({
    index: filled.index,
    entryByHash: (hash) => filled.store.entries.entryByHash(hash),
    engine,
    accreditationChains,
    registries: { didRegistry: '0x01', statusRegistry: '0x02', trustRegistry: '0x03' },
    clock,
    logger: silentLogger,
  });
  const directory = new Directory({
    store: filled.store,
    index: filled.index,
    rechecker,
    engine: engine as never,
    resolver: { resolve: async () => ({}) } as never,
    trustRegistry: { isAccredited: async () => false } as never,
    accreditationChains,
    clock,
    logger: silentLogger,
    limits: DEFAULT_DIRECTORY_LIMITS,
  });
  const app = express();
  app.use(requestId);
  app.use(
    '/directory',
    createDirectoryRouter({
      directory,
      rateLimit: { windowSeconds: 60, maxRequests: 1_000_000_000, maxWrites: 10 },
      limits: { maxBytes: '1mb', maxJsonDepth: 32 },
      logger: silentLogger,
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(silentLogger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/directory`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const searchList = queries(requests, size);
    const random = prng(size + 3);
    const profileList = Array.from({ length: requests }, () => pick(random, filled.subjects));
    let hits = 0;
    let empty = 0;
    const get = (path: string) =>
      new Promise<{ items?: unknown[] }>((resolve, reject) => {
        http
          .get(`${base}${path}`, { agent }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (response.statusCode !== 200) reject(new Error(`${path}: ${response.statusCode} ${text}`));
              else resolve(JSON.parse(text) as { items?: unknown[] });
            });
          })
          .on('error', reject);
      });
    // warm-up (connections, statement caches, pages)
    for (const q of searchList.slice(0, 100)) await get(`/search?${q}`);
    for (const did of profileList.slice(0, 100)) await get(`/profiles/${encodeURIComponent(did)}`);
    const searchSamples = await timed(searchList, async (q) => {
      const n = (await get(`/search?${q}`)).items?.length ?? 0;
      hits += n;
      if (n === 0) empty++;
    });
    const search = figures(searchSamples);
    const slowest = process.env.DIRECTORY_BENCH_SLOWEST ? envNumber('DIRECTORY_BENCH_SLOWEST', 1) : 0;
    if (slowest > 0) {
      const ranked = searchList.map((q, i) => [searchSamples[i]!, q] as const).sort((a, b) => b[0] - a[0]);
      for (const [ms, q] of ranked.slice(0, slowest)) console.log(`slow search ${ms.toFixed(2)} ms: ${q}`);
    }
    const profile = figures(
      await timed(profileList, async (did) => {
        await get(`/profiles/${encodeURIComponent(did)}`);
      }),
    );
    // the same HTTP round trip to a route that reads nothing: the floor of any route here
    const httpFloor = figures(await timed(profileList, async () => void (await get('/feeds'))));
    const { rawSearch, rawProfile } = await rawBaselines(filled, searchList, profileList, backend);
    return {
      entries: size,
      backend,
      fillSeconds: Math.round(filled.fillSeconds * 10) / 10,
      fillLoadAverage: filled.fillLoadAverage.map((l) => Math.round(l * 100) / 100),
      search,
      profile,
      rawSearch,
      rawProfile,
      httpFloor,
      meanHits: Math.round((hits / searchList.length) * 10) / 10,
      noHitShare: Math.round((empty / searchList.length) * 1000) / 1000,
      pipelineCalls,
    } satisfies DirectorySizeReport;
  } finally {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rechecker.stop();
    await filled.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same work as raw indexed lookups, in process: what no route can beat. */
async function rawBaselines(
  filled: Awaited<ReturnType<typeof fill>>,
  searchList: readonly string[],
  profileList: readonly string[],
  backend: 'sqlite' | 'postgres',
): Promise<{ rawSearch: LatencyFigures; rawProfile: LatencyFigures }> {
  const db = filled.raw;
  const tokensOf = (q: string) => queryTokensOf(new URLSearchParams(q).get('q') ?? '');
  const match = (tokens: string[]) => tokens.map((t) => `"${t}"*`).join(' AND ');
  let rawSearch: LatencyFigures;
  if (backend === 'sqlite') {
    const lookup = db.prepare(
      'SELECT p.* FROM parties p WHERE p.id IN (SELECT rowid FROM parties_fts WHERE parties_fts MATCH ? LIMIT 20)',
    );
    rawSearch = figures(await timed(searchList, (q) => void lookup.all(match(tokensOf(q)))));
  } else {
    const client = new pg.Client({
      connectionString:
        process.env.DATABASE_URL_TEST ||
        process.env.DATABASE_URL ||
        'postgres://postgres@127.0.0.1:5432/test',
    });
    await client.connect();
    await client.query(`SET search_path = dbench_${process.pid}_${filled.subjects.length}`);
    rawSearch = figures(
      await timed(searchList, async (q) => {
        const tsquery = tokensOf(q)
          .map((t) => `'${t}':*`)
          .join(' & ');
        await client.query('SELECT * FROM directory_parties WHERE tsv @@ $1::tsquery LIMIT 20', [tsquery]);
      }),
    );
    await client.end();
  }
  const entries = db.prepare('SELECT * FROM entries WHERE subject_key = ? AND kind IS NOT NULL LIMIT 50');
  const results = db.prepare('SELECT * FROM verification_results WHERE jwt_hash = ?');
  const rawProfile = figures(
    await timed(profileList, async (did) => {
      const rows = entries.all(did.toLowerCase()) as Array<{ jwt_hash: string }>;
      if (backend === 'sqlite') for (const row of rows) results.get(row.jwt_hash);
      else await filled.index.resultsOf(rows.map((r) => r.jwt_hash));
    }),
  );
  return { rawSearch, rawProfile };
}

/**
 * Runs the directory benchmark at each size.
 * @returns the figures and whether the bar is met.
 */
export async function runDirectoryBenchmark(): Promise<DirectoryBenchReport> {
  const backend = process.env.DIRECTORY_BENCH_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
  const requests = envNumber('DIRECTORY_BENCH_REQUESTS', 2_000);
  const reports: DirectorySizeReport[] = [];
  for (const size of sizes()) reports.push(await measureSize(size, requests, backend));
  const largest = reports.find((r) => r.entries === DIRECTORY_BARS.atEntries);
  const passed =
    largest !== undefined &&
    largest.search.p99Ms <= DIRECTORY_BARS.searchP99Ms &&
    largest.profile.p99Ms <= DIRECTORY_BARS.profileP99Ms &&
    reports.every((r) => r.pipelineCalls === 0);
  return { sizes: reports, bars: DIRECTORY_BARS, passed };
}

/**
 * @param report - a run's figures.
 * @returns the table.
 */
export function formatDirectoryReport(report: DirectoryBenchReport): string {
  const ms = (n: number) => n.toFixed(2).padStart(7);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const lines = [
    `Directory, single client, through GET /directory/search and GET /directory/profiles/:did (bar: both p99 ≤ ${DIRECTORY_BARS.searchP99Ms} ms at ${DIRECTORY_BARS.atEntries.toLocaleString('en')} entries)`,
    '| entries | backend | route | p50 ms | p99 ms | max ms | raw lookup p50 / p99 ms | load average |',
    '|---:|---|---|---:|---:|---:|---:|---|',
  ];
  for (const r of report.sizes) {
    lines.push(
      `| ${r.entries.toLocaleString('en')} | ${r.backend} | search | ${ms(r.search.p50Ms)} | ${ms(r.search.p99Ms)} | ${ms(r.search.maxMs)} | ${r.rawSearch.p50Ms.toFixed(2)} / ${r.rawSearch.p99Ms.toFixed(2)} | ${load(r.search.loadAverage)} |`,
      `| ${r.entries.toLocaleString('en')} | ${r.backend} | profile | ${ms(r.profile.p50Ms)} | ${ms(r.profile.p99Ms)} | ${ms(r.profile.maxMs)} | ${r.rawProfile.p50Ms.toFixed(2)} / ${r.rawProfile.p99Ms.toFixed(2)} | ${load(r.profile.loadAverage)} |`,
    );
  }
  for (const r of report.sizes) {
    lines.push(
      `${r.entries.toLocaleString('en')} entries: filled in ${r.fillSeconds} s (load ${load(r.fillLoadAverage)}); ` +
        `${r.search.requests} searches (mean ${r.meanHits} hits, ${(r.noHitShare * 100).toFixed(1)} % none), ` +
        `${r.profile.requests} profiles; pipeline calls while serving: ${r.pipelineCalls}`,
    );
  }
  for (const r of report.sizes) {
    lines.push(
      `${r.entries.toLocaleString('en')} entries: HTTP floor (GET /directory/feeds) p50 ${r.httpFloor.p50Ms.toFixed(2)} / p99 ${r.httpFloor.p99Ms.toFixed(2)} ms (load ${load(r.httpFloor.loadAverage)})`,
    );
  }
  lines.push(`bar ${report.passed ? 'met' : 'NOT met'}`);
  return lines.join('\n');
}
