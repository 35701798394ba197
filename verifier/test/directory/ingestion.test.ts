// The directory's feed ingestion and search on a real local chain and SQLite file: verified publications are listed,
// forgeries and patient data kept out and counted, withdrawals remove entries, a restart resumes from the stored
// cursor, a failing feed keeps its cursor; search by name, number, jurisdiction and DID; bounded parameters; rate
// limits; no 500s.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes } from '@medtrust/core';
import {
  licensedDoctor,
  medicalRegister,
  supplyChain,
  type Doctor,
  type MedicalRegister,
} from './register.ts';
import { startDirectoryTestbed, type DirectoryTestbed } from './testbed.ts';
import { isoDay, nowSeconds } from './world.ts';

interface Hit {
  did: string;
  kind: string;
  name?: string;
  number?: string;
  jurisdiction?: string;
}

function tamper(jwt: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jwt.split('.');
  const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  change(decoded);
  return `${header}.${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
}

describe('directory ingestion and search', () => {
  let bed: DirectoryTestbed;
  let register: MedicalRegister;
  let ines: Doctor;
  let joao: Doctor;
  let joaoItem: string;

  async function search(query: string): Promise<Hit[]> {
    const answer = await bed.get(`/directory/search?${query}`);
    assert.equal(answer.status, 200, answer.text);
    return answer.body.items as Hit[];
  }

  async function feedState() {
    const answer = await bed.get('/directory/feeds');
    assert.equal(answer.status, 200);
    return (answer.body.feeds as Array<Record<string, unknown>>)[0]!;
  }

  before(async () => {
    bed = await startDirectoryTestbed();
    const { world, feed } = bed;
    register = await medicalRegister(world);
    ines = await licensedDoctor(world, register, 'Inês Carvalho Ferreira', '54873');
    joao = await licensedDoctor(world, register, 'João Pedro Silva', '61234', 'Dermatology');
    const supply = await supplyChain(world);
    feed.publish(ines.licence.jwt, 'MedicalLicenseCredential');
    joaoItem = feed.publish(joao.licence.jwt, 'MedicalLicenseCredential');
    feed.publish(register.hospitalAccreditation.jwt, 'HospitalAccreditationCredential');
    for (const a of supply.accreditations) feed.publish(a.jwt, 'SupplierAccreditationCredential');

    // a forgery: Inês's licence with another name (the signature no longer matches)
    feed.publish(
      tamper(ines.licence.jwt, (p) => {
        ((p.vc as Record<string, unknown>).credentialSubject as Record<string, unknown>).name = 'Dr Forged';
      }),
      'MedicalLicenseCredential',
    );
    // a licence from an issuer nobody accredited
    const rogue = await world.org();
    const fake = await world.issue(rogue, 'MedicalLicenseCredential', rogue.did, {
      name: 'Dr Impostor',
      licenseNumber: '99999',
      jurisdiction: 'PT',
      specialty: 'Plastic surgery',
      scopeOfPractice: ['Everything'],
      validFrom: isoDay(nowSeconds() - 86_400),
      validUntil: isoDay(nowSeconds() + 86_400 * 365),
    });
    feed.publish(fake.jwt, 'MedicalLicenseCredential');
    // patient data never enters the directory, even genuine
    const patient = world.patient();
    const treatment = await world.issue(register.hospital, 'TreatmentCredential', patient.did, {
      doctor: ines.did,
      hospital: register.hospital.did,
      procedureCategory: 'AES-RHINO',
      treatmentDate: isoDay(nowSeconds()),
    });
    feed.publish(treatment.jwt, 'TreatmentCredential');
    // a malformed item
    feed.raw({ id: 'no-jwt', type: 'MedicalLicenseCredential', withdrawn: false, publishedAt: 'x' });
  });
  after(async () => {
    await bed?.stop();
  });

  it('lists verified publications and keeps forgeries and patient data out, counted', async () => {
    const summary = await bed.sync();
    const result = summary.feeds[0]!;
    assert.equal(result.error, undefined);
    assert.equal(result.listed, 6);
    assert.equal(result.rejected, 4);
    const state = await feedState();
    assert.equal(state.listed, 6);
    assert.equal(state.rejected, 4);
    assert.equal(state.cursor, '10');
    assert.equal(state.lastError, null);

    assert.deepEqual(await search('q=Forged'), []);
    assert.deepEqual(await search('q=Impostor'), []);
    const found = await search('q=ines');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.name, 'Inês Carvalho Ferreira');
    // nothing about the patient or the treatment
    assert.deepEqual(await search('q=AES-RHINO'), []);

    const again = await bed.sync();
    assert.equal(again.feeds[0]!.listed, 0, 'an idle feed adds nothing');
    assert.equal((await feedState()).listed, 6);
  });

  it('searches by name, licence or registration number, jurisdiction and DID', async () => {
    const byName = await search('q=carvalho%20FERREIRA');
    assert.deepEqual(
      byName.map((h) => [h.did, h.kind, h.number]),
      [[ines.did, 'doctor', '54873']],
    );
    assert.deepEqual(
      (await search('q=61234')).map((h) => h.did),
      [joao.did],
    );
    assert.deepEqual(
      (await search('q=ERS-12345')).map((h) => h.did),
      [register.hospital.did],
    );
    const pt11 = await search('jurisdiction=PT-11');
    assert.deepEqual(
      pt11.map((h) => h.kind),
      ['hospital'],
    );
    const doctors = await search('kind=doctor&jurisdiction=PT');
    assert.deepEqual(doctors.map((h) => h.name).sort(), ['Inês Carvalho Ferreira', 'João Pedro Silva']);
    assert.equal((await search('jurisdiction=PT')).length, 6, 'PT covers PT-11');
    assert.deepEqual(
      (await search(`q=${encodeURIComponent(ines.did)}`)).map((h) => h.name),
      ['Inês Carvalho Ferreira'],
    );
    assert.deepEqual(
      (await search(`q=${encodeURIComponent(ines.did.toLowerCase())}`)).map((h) => h.did),
      [ines.did],
      'did:ethr addresses match in any case',
    );
    const suppliers = await search('kind=supplier');
    assert.equal(suppliers.length, 3);
    assert.deepEqual(
      (await search('kind=supplier&q=tejo')).map((h) => h.name),
      ['Distribuidora Tejo Farma, Lda.'],
    );
    assert.equal((await search('limit=2')).length, 2);
    assert.equal((await search('limit=2&offset=5')).length, 1);
  });

  it('refuses malformed parameters with 400 INVALID_ARGUMENT', async () => {
    for (const query of [
      'kind=nurse',
      'limit=0',
      'limit=101',
      'limit=ten',
      'offset=-1',
      'offset=10001',
      'jurisdiction=portugal',
      'q=a&q=b',
      `q=${'x'.repeat(201)}`,
      'q=%01',
    ]) {
      const answer = await bed.get(`/directory/search?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.code, ErrorCodes.INVALID_ARGUMENT, query);
      assert.equal(typeof answer.body.detail, 'string');
    }
  });

  it('removes a publication its issuer withdrew', async () => {
    assert.equal((await bed.get(`/directory/profiles/${encodeURIComponent(joao.did)}`)).status, 200);
    bed.feed.withdraw(joaoItem, 'MedicalLicenseCredential');
    const summary = await bed.sync();
    assert.equal(summary.feeds[0]!.withdrawn, 1);
    assert.deepEqual(await search('q=61234'), []);
    const profile = await bed.get(`/directory/profiles/${encodeURIComponent(joao.did)}`);
    assert.equal(profile.status, 404);
    assert.equal(profile.body.code, ErrorCodes.NOT_FOUND);
    const state = await feedState();
    assert.equal(state.withdrawn, 1);
    assert.equal(state.listed, 5);
  });

  it('keeps its cursor when the feed fails, and resumes from the stored cursor after a restart', async () => {
    const before = await feedState();
    bed.feed.failWith = 500;
    const failed = await bed.sync();
    assert.equal(failed.feeds[0]!.error, ErrorCodes.DIRECTORY_FEED_UNAVAILABLE);
    const broken = await feedState();
    assert.equal(broken.cursor, before.cursor);
    assert.equal((broken.lastError as { code: string }).code, ErrorCodes.DIRECTORY_FEED_UNAVAILABLE);
    bed.feed.failWith = undefined;

    const ana = await licensedDoctor(bed.world, register, 'Ana Sofia Martins', '70001', 'Dermatology');
    bed.feed.publish(ana.licence.jwt, 'MedicalLicenseCredential');
    const seen = bed.feed.requests.length;
    await bed.restart();
    const summary = await bed.sync();
    assert.equal(
      bed.feed.requests[seen],
      before.cursor,
      'the first read after the restart is from the cursor',
    );
    assert.equal(summary.feeds[0]!.error, undefined);
    const resumed = await feedState();
    assert.equal(resumed.listed, 6);
    assert.equal(resumed.lastError, null);
    assert.equal(resumed.cursor, '12');
    assert.deepEqual(
      (await search('q=martins')).map((h) => h.did),
      [ana.did],
    );
    assert.equal((await search('q=ferreira')).length, 1, 'earlier listings survive the restart');
  });

  it('reads a feed page by page into an empty directory', async () => {
    const paged = await bed.another({ DIRECTORY_FEED_PAGE_SIZE: '3' });
    try {
      const summary = await paged.directory.sync();
      const result = summary.feeds[0]!;
      assert.equal(result.error, undefined);
      assert.equal(result.pages, 5, 'four full pages, then an empty one');
      assert.equal(result.cursor, '12');
      const state = paged.directory.directory.feeds()[0]!;
      assert.equal(state.listed, 6);
      assert.equal(state.rejected, 4);
      assert.equal(state.withdrawn, 1);
    } finally {
      await paged.close();
    }
  });

  it('rate limits each client with 429 RATE_LIMITED', async () => {
    const limited = await bed.another({ DIRECTORY_RATE_LIMIT: '3', DIRECTORY_WRITE_RATE_LIMIT: '1' });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await fetch(`${limited.url}/directory/search?q=ines`);
        statuses.push(last.status);
        if (i < 3) await last.text();
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const body = (await last!.json()) as Record<string, unknown>;
      assert.equal(body.code, ErrorCodes.RATE_LIMITED);
      assert.ok(last!.headers.get('retry-after'));
      assert.equal((await fetch(`${limited.url}/health`)).status, 200, 'only the directory is limited');
    } finally {
      await limited.close();
    }
  });

  it('behind a proxy on loopback, limits each forwarded client on its own; with TRUST_PROXY=false, the proxy', async () => {
    const search = (url: string, client: string) =>
      fetch(`${url}/directory/search?q=ines`, { headers: { 'x-forwarded-for': client } }).then(async (r) => {
        await r.text();
        return r.status;
      });
    const proxied = await bed.another({ DIRECTORY_RATE_LIMIT: '2' });
    try {
      const statuses = [];
      for (const client of ['203.0.113.7', '203.0.113.7', '203.0.113.7', '198.51.100.9', '198.51.100.9']) {
        statuses.push(await search(proxied.url, client));
      }
      assert.deepEqual(statuses, [200, 200, 429, 200, 200], 'each forwarded client has its own allowance');
    } finally {
      await proxied.close();
    }
    const direct = await bed.another({ DIRECTORY_RATE_LIMIT: '2', TRUST_PROXY: 'false' });
    try {
      const statuses = [];
      for (const client of ['203.0.113.7', '198.51.100.9', '192.0.2.1'])
        statuses.push(await search(direct.url, client));
      assert.deepEqual(statuses, [200, 200, 429], 'a forwarded address is ignored: one allowance per peer');
    } finally {
      await direct.close();
    }
  });

  it('never answers 500 or a stack trace to hostile requests', async () => {
    const probes: Array<[string, number, string]> = [
      ['/directory/profiles/not-a-did', 400, ErrorCodes.INVALID_ARGUMENT],
      [
        '/directory/profiles/did%3Aethr%3A0x7a69%3A0x0000000000000000000000000000000000000001',
        404,
        'NOT_FOUND',
      ],
      ['/directory/batches/xyz', 400, ErrorCodes.INVALID_ARGUMENT],
      ['/directory/batches?gtin=abc', 400, ErrorCodes.INVALID_ARGUMENT],
      ['/directory/batches?lot=L1', 400, ErrorCodes.INVALID_ARGUMENT],
      ['/directory/reviews/nope', 400, ErrorCodes.INVALID_ARGUMENT],
      ['/directory/nothing', 404, ErrorCodes.NOT_FOUND],
    ];
    for (const [path, status, code] of probes) {
      const answer = await bed.get(path);
      assert.equal(answer.status, status, path);
      assert.equal(answer.body.code, code, path);
    }
    const badJson = await bed.postRaw(
      '/directory/reviews',
      '{"verifiablePresentation": ',
      'application/json',
    );
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.code, ErrorCodes.INVALID_JSON);
    const empty = await bed.post('/directory/reviews', {});
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, ErrorCodes.INVALID_ARGUMENT);
    const garbage = await bed.postRaw('/directory/reviews', 'not.a.jwt', 'application/jwt');
    assert.equal(garbage.status, 422);
    assert.equal(garbage.body.code, ErrorCodes.FORMAT_INVALID);
    for (const answer of bed.answers) {
      assert.ok(answer.status < 500, `${answer.status} ${answer.text}`);
      assert.ok(!/\bat .+\.ts:\d+/.test(answer.text), 'no stack trace');
    }
  });
});
