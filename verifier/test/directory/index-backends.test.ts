// The directory index on both backends — SQLite (FTS5, the directory's own file) and PostgreSQL (a unique schema on
// DATABASE_URL_TEST) — against one reference: the same search cases give the same hits in the same order, keyset
// pages cover every hit exactly once, and stored verifications go stale and fresh the same way.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DirectoryStore,
  PostgresDirectoryIndex,
  type DirectoryIndex,
  type PartyRow,
  type PartySearch,
  type StoredVerification,
} from '../../src/index.ts';
import { SPACING } from '../../src/directory/party-order-ids.ts';
import { rebuildDirectoryIndex } from '../../src/directory/directory-indexer.ts';
import type { DirectoryEntry } from '../../src/directory/directory-entry.ts';
import { normaliseForSearch, queryTokensOf, searchTokensOf } from '../../src/directory/search-text.ts';
import type { VerificationRecord } from '../../src/directory/directory-index.ts';
import { DATABASE_URL_TEST, dropSchemas, uniqueSchema } from '../store/postgres-test-schema.ts';

type Kind = PartyRow['kind'];

function party(
  n: number,
  kind: Kind,
  name: string,
  jurisdiction: string,
  extra: { specialty?: string; number?: string } = {},
): PartyRow {
  const did = `did:ethr:0x${n.toString(16).padStart(40, '0')}`;
  const number = extra.number ?? `L-${10_000 + n}`;
  const row: PartyRow = {
    subjectKey: did.toLowerCase(),
    kind,
    did,
    name,
    number,
    jurisdiction,
    issuer: 'did:ethr:0x00000000000000000000000000000000000000aa',
    credentials: 1,
    nameKey: normaliseForSearch(name),
    tokens: searchTokensOf([name, number, jurisdiction, did, extra.specialty ?? ''].join(' ')).join(' '),
  };
  if (extra.specialty !== undefined) row.specialty = extra.specialty;
  return row;
}

const FIXED: PartyRow[] = [
  party(1, 'doctor', 'Inês Carvalho Ferreira', 'PT', { specialty: 'Dermatology', number: '54873' }),
  party(2, 'doctor', 'João Pedro Silva', 'PT-11', { specialty: 'Plastic surgery' }),
  party(3, 'hospital', 'Hospital da Luz', 'PT-11', { number: 'ERS-12345' }),
  party(4, 'supplier', 'Distribuidora Tejo Farma, Lda.', 'PT'),
  party(5, 'doctor', 'Ana Martínez', 'ES', { specialty: 'Dermatology' }),
  party(6, 'doctor', 'ana martinez', 'ES-M', { specialty: 'Cardiology' }), // same name key as 5: tie on subject
  party(7, 'hospital', 'Ana Martinez', 'ES-M'), // and on kind
  party(8, 'doctor', 'Zoë Østergaard', 'DK', { specialty: 'Ophthalmology' }),
];
// Many rows sharing a token: a page is still the first matches in order.
const MANY = Array.from({ length: 2_300 }, (_, i) =>
  party(
    100 + i,
    i % 3 === 0 ? 'hospital' : 'doctor',
    `Clinic ${String((i * 7919) % 10_000).padStart(4, '0')} Lisboa`,
    i % 2 ? 'PT-11' : 'PT',
    {
      specialty: i % 5 === 0 ? 'Dermatology' : 'General practice',
    },
  ),
);
const ROWS = [...FIXED, ...MANY];

function compareKeys(a: PartyRow, b: PartyRow): number {
  for (const [x, y] of [
    [a.nameKey, b.nameKey],
    [a.subjectKey, b.subjectKey],
    [a.kind, b.kind],
  ] as const) {
    const c = Buffer.compare(Buffer.from(x), Buffer.from(y));
    if (c !== 0) return c;
  }
  return 0;
}

/** What every backend must answer. */
function reference(rows: readonly PartyRow[], search: PartySearch): PartyRow[] {
  const hits = rows
    .filter((r) => search.subjectKey === undefined || r.subjectKey === search.subjectKey)
    .filter((r) => search.kind === undefined || r.kind === search.kind)
    .filter(
      (r) =>
        search.jurisdiction === undefined ||
        r.jurisdiction === search.jurisdiction ||
        (r.jurisdiction ?? '').startsWith(`${search.jurisdiction}-`),
    )
    .filter((r) => (search.tokens ?? []).every((t) => r.tokens.split(' ').some((w) => w.startsWith(t))))
    .filter(
      (r) =>
        search.after === undefined ||
        compareKeys(r, { ...r, ...search.after, kind: search.after.kind as Kind }) > 0,
    )
    .sort(compareKeys);
  return hits.slice(search.offset, search.offset + search.limit);
}

const QUERIES: Array<Omit<PartySearch, 'limit' | 'offset'> & { q?: string }> = [
  { q: 'ines' },
  { q: 'carv FERR' },
  { q: 'Inês Carvalho Ferreira' },
  { q: '54873' },
  { q: 'ERS-12345' },
  { q: 'ana martinez' },
  { q: 'zoe' },
  { q: 'ostergaard' },
  { q: 'dermatology' },
  { q: 'derm', kind: 'doctor' },
  { q: 'clinic' },
  { q: 'clinic 12' },
  { q: 'clinic lisboa', kind: 'hospital', jurisdiction: 'PT-11' },
  { q: 'c' },
  { q: 'nobody-here' },
  { q: 'xq' },
  { jurisdiction: 'PT' },
  { jurisdiction: 'ES-M' },
  { kind: 'supplier' },
  {},
  { subjectKey: FIXED[0]!.subjectKey },
];

interface Backend {
  name: string;
  index: DirectoryIndex;
  close(): Promise<void>;
}

async function openBackends(): Promise<Backend[]> {
  const store = DirectoryStore.open(join(mkdtempSync(join(tmpdir(), 'medtrust-index-')), 'directory.sqlite'));
  const schema = uniqueSchema('dindex');
  const pg = await PostgresDirectoryIndex.open(DATABASE_URL_TEST, { schema });
  return [
    { name: 'sqlite', index: store.index, close: async () => store.close() },
    {
      name: 'postgres',
      index: pg,
      async close() {
        await pg.close();
        await dropSchemas([schema]);
      },
    },
  ];
}

function record(n: number, extra: Partial<VerificationRecord> = {}): VerificationRecord {
  const address = `0x${n.toString(16).padStart(40, '0')}`;
  return {
    jwtHash: n.toString(16).padStart(64, '0'),
    status: {
      state: 'verified',
      verified: true,
      revoked: false,
      suspended: false,
      checkedAt: '2026-12-07T00:00:00.000Z',
      failedCodes: [],
      checks: [],
    },
    accreditation: { state: 'accredited', accreditors: [] },
    checkedAt: '2026-12-07T00:00:00.000Z',
    recheckAfter: '2026-12-08T00:00:00.000Z',
    issuerAddress: '0x00000000000000000000000000000000000000aa',
    subjectAddress: address,
    statusList: `0x00000000000000000000000000000000000000aa:${n % 2}`,
    accreditors: n % 3 === 0 ? ['0x00000000000000000000000000000000000000bb'] : [],
    ...extra,
  };
}

describe('directory index backends', () => {
  let backends: Backend[];

  before(async () => {
    backends = await openBackends();
    for (const { index } of backends) {
      for (let i = 0; i < ROWS.length; i += 500) {
        await index.putParties({ upserts: ROWS.slice(i, i + 500), removed: [] });
      }
    }
  });
  after(async () => {
    for (const backend of backends ?? []) await backend.close();
  });

  it('answers every search case as the reference does, on SQLite and on PostgreSQL', async () => {
    for (const { name, index } of backends) {
      assert.equal(await index.partyCount(), ROWS.length, name);
      for (const query of QUERIES) {
        const { q, ...rest } = query;
        const search: PartySearch = { ...rest, limit: 20, offset: 0 };
        if (q !== undefined) search.tokens = queryTokensOf(q);
        const page = await index.search(search);
        assert.deepEqual(
          page.items.map((r) => [r.subjectKey, r.kind]),
          reference(ROWS, search).map((r) => [r.subjectKey, r.kind]),
          `${name}: ${JSON.stringify(query)}`,
        );
        assert.equal(page.next !== undefined, reference(ROWS, { ...search, limit: 21 }).length > 20);
      }
    }
  });

  it('pages by keyset through every hit exactly once, in order, and by offset the same', async () => {
    for (const { name, index } of backends) {
      for (const tokens of [['clinic'], ['derm'], []]) {
        const all = reference(ROWS, { tokens, limit: 100_000, offset: 0 });
        const seen: PartyRow[] = [];
        let search: PartySearch = { tokens, limit: 100, offset: 0 };
        for (;;) {
          const page = await index.search(search);
          seen.push(...page.items);
          if (page.next === undefined) break;
          search = { tokens, limit: 100, offset: 0, after: page.next };
        }
        assert.deepEqual(
          seen.map((r) => r.subjectKey + r.kind),
          all.map((r) => r.subjectKey + r.kind),
          `${name}: ${tokens.join(' ')}`,
        );
        const offsetPage = await index.search({ tokens, limit: 7, offset: 350 });
        assert.deepEqual(
          offsetPage.items.map((r) => r.subjectKey + r.kind),
          all.slice(350, 357).map((r) => r.subjectKey + r.kind),
        );
      }
    }
  });

  it('fills a new index from the listed credentials (one row per party and kind, the newest credential, the count)', async () => {
    const store = DirectoryStore.open(':memory:');
    const entry = (n: number, subject: number, name: string): DirectoryEntry => ({
      feed: 'https://feed.example/public/credentials',
      itemId: String(n),
      type: 'MedicalLicenseCredential',
      kind: 'doctor',
      issuer: 'did:ethr:0x00000000000000000000000000000000000000aa',
      subject: `did:ethr:0x${subject.toString(16).padStart(40, '0')}`,
      name,
      number: `PT-${n}`,
      jurisdiction: 'PT',
      claims: { specialty: 'Dermatology' },
      jwt: `h.${n}.s`,
      jwtHash: n.toString(16).padStart(64, '0'),
      publishedAt: '2026-12-07T00:00:00.000Z',
      listedAt: '2026-12-07T00:00:00.000Z',
    });
    const listed = [
      entry(1, 70_001, 'Rita Old Name'),
      entry(2, 70_001, 'Rita Nova'),
      entry(3, 70_002, 'Tomás Reis'),
    ];
    const applied = store.entries.applyPage(
      listed[0]!.feed,
      listed.map((e) => ({ op: 'list' as const, entry: e })),
      '3',
      new Date(),
    );
    assert.equal(applied.parties.upserts.length, 2, 'one row per party');
    for (const { name, index } of backends) {
      assert.equal(await rebuildDirectoryIndex(store.entries, index), 2, name);
      const hits = [
        ...(await index.search({ tokens: ['rita', 'derm'], limit: 5, offset: 0 })).items,
        ...(await index.search({ tokens: ['tomas'], kind: 'doctor', limit: 5, offset: 0 })).items,
      ];
      assert.deepEqual(
        hits.map((r) => [r.name, r.credentials]),
        [
          ['Rita Nova', 2],
          ['Tomás Reis', 1],
        ],
        name,
      );
      await index.putParties({
        upserts: [],
        removed: hits.map((r) => ({ subjectKey: r.subjectKey, kind: r.kind })),
      });
    }
    store.close();
  });

  it('updates and removes a party', async () => {
    for (const { name, index } of backends) {
      const renamed = { ...FIXED[3]!, name: 'Tejo Medical Supplies', nameKey: 'tejo medical supplies' };
      renamed.tokens = searchTokensOf(`${renamed.name} ${renamed.did}`).join(' ');
      await index.putParties({
        upserts: [renamed],
        removed: [{ subjectKey: FIXED[2]!.subjectKey, kind: 'hospital' }],
      });
      assert.deepEqual(
        (await index.search({ tokens: ['medical'], limit: 5, offset: 0 })).items.map((r) => r.name),
        ['Tejo Medical Supplies'],
        name,
      );
      assert.deepEqual((await index.search({ tokens: ['farma'], limit: 5, offset: 0 })).items, []);
      assert.deepEqual((await index.search({ tokens: ['ers', '12345'], limit: 5, offset: 0 })).items, []);
      await index.putParties({ upserts: [FIXED[2]!, FIXED[3]!], removed: [] });
    }
  });

  it('keeps the order through inserts crowding one place (ids spread out again)', async () => {
    for (const { name, index } of backends) {
      const crowd: PartyRow[] = [];
      // each sorts just before the previous one and after 'Inês…': midpoints run out after log2(SPACING) inserts
      for (let i = 0; i < 3 * Math.log2(SPACING); i++) {
        const row = party(90_000 + i, 'doctor', `Inga Crowd ${String(999 - i).padStart(3, '0')}`, 'NO');
        crowd.push(row);
        await index.putParties({ upserts: [row], removed: [] });
      }
      const search: PartySearch = { tokens: ['crowd'], limit: 100, offset: 0 };
      assert.deepEqual(
        (await index.search(search)).items.map((r) => r.name),
        reference(crowd, search).map((r) => r.name),
        name,
      );
      const everyone: PartySearch = {
        limit: 100,
        offset: 0,
        after: { nameKey: 'ines', subjectKey: '', kind: '' },
      };
      assert.deepEqual(
        (await index.search(everyone)).items.map((r) => r.subjectKey),
        reference([...ROWS, ...crowd], everyone).map((r) => r.subjectKey),
        name,
      );
      await index.putParties({
        upserts: [],
        removed: crowd.map((r) => ({ subjectKey: r.subjectKey, kind: r.kind })),
      });
    }
  });

  it('marks stored verifications stale by issuer, subject, list, accreditor or all, and clears them by generation', async () => {
    for (const { name, index } of backends) {
      const records = Array.from({ length: 6 }, (_, i) => record(i + 1));
      await index.putResults(records.map((r) => ({ record: r, generation: 0, stale: false })));
      const read = async () => index.resultsOf(records.map((r) => r.jwtHash));
      const staleOf = (m: Map<string, StoredVerification>) =>
        records.filter((r) => m.get(r.jwtHash)!.stale).map((r) => r.jwtHash.slice(-1));
      assert.deepEqual(staleOf(await read()), [], name);
      assert.equal((await read()).get(records[0]!.jwtHash)!.status.state, 'verified');

      assert.equal(await index.markStale({ subjects: [records[1]!.subjectAddress!] }), 1, name);
      assert.equal(await index.markStale({ lists: ['0x00000000000000000000000000000000000000aa:1'] }), 3);
      assert.equal(await index.markStale({ accreditors: ['0x00000000000000000000000000000000000000bb'] }), 2);
      assert.deepEqual(staleOf(await read()), ['1', '2', '3', '5', '6'], name);
      assert.deepEqual(await index.staleHashes(2), [records[0]!.jwtHash, records[1]!.jwtHash]);
      assert.deepEqual(await index.staleHashes(10, records[2]!.jwtHash), [
        records[4]!.jwtHash,
        records[5]!.jwtHash,
      ]);

      // a recheck that read generation g clears the mark only if no mark came after it
      const before = (await read()).get(records[2]!.jwtHash)!;
      await index.markStale({ subjects: [records[2]!.subjectAddress!] });
      await index.putResults([{ record: records[2]!, generation: before.generation, stale: false }]);
      assert.equal((await read()).get(records[2]!.jwtHash)!.stale, true, `${name}: a later mark wins`);
      const now = (await read()).get(records[2]!.jwtHash)!;
      const revoked = { ...records[2]!, status: { ...records[2]!.status, state: 'revoked' as const } };
      await index.putResults([{ record: revoked, generation: now.generation, stale: false }]);
      const cleared = (await read()).get(records[2]!.jwtHash)!;
      assert.equal(cleared.stale, false);
      assert.equal(cleared.status.state, 'revoked');
      await index.putResults([{ record: records[3]!, generation: 0, stale: true }]);
      assert.equal((await read()).get(records[3]!.jwtHash)!.stale, true, 'written stale when asked');

      assert.equal(await index.markStale({ issuers: ['0x00000000000000000000000000000000000000aa'] }), 6);
      assert.equal(await index.markStale({ all: true }), 6);
      await index.forgetResults([records[0]!.jwtHash]);
      assert.equal((await read()).size, 5);
    }
  });
});
