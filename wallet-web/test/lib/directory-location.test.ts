// The directory's page addresses (built and read back, DIDs and batch ids with colons, dots and percent signs) and
// the URLs of its API under the same-origin base.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchLookupUrl, batchUrl, profileUrl, searchUrl } from '../../src/lib/directory-api-urls.ts';
import {
  batchPath,
  EMPTY_QUERY,
  parseDirectoryLocation,
  profilePath,
  searchPath,
} from '../../src/lib/directory-location.ts';

const DID_ETHR = 'did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const DID_WEB = 'did:web:clinic.example.com:staff%20list';
const BATCH = 'urn:gtin:05601234567891:lot:BTX2025.117';

describe('directory page addresses', () => {
  it('puts a DID or batch id in one URL-encoded segment and reads it back unchanged', () => {
    assert.equal(
      profilePath(DID_ETHR),
      '/directory/profiles/did%3Aethr%3A0x7a69%3A0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    );
    assert.equal(batchPath(BATCH), '/directory/batches/urn%3Agtin%3A05601234567891%3Alot%3ABTX2025.117');
    for (const did of [DID_ETHR, DID_WEB, 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK']) {
      assert.deepEqual(parseDirectoryLocation(profilePath(did)), { view: 'profile', did });
    }
    assert.deepEqual(parseDirectoryLocation(batchPath(BATCH)), { view: 'batch', batchId: BATCH });
    assert.ok(!profilePath('did:web:a.example/x').slice('/directory/profiles/'.length).includes('/'));
  });

  it('accepts an address typed without encoding, and a trailing slash', () => {
    assert.deepEqual(parseDirectoryLocation(`/directory/profiles/${DID_ETHR}/`), {
      view: 'profile',
      did: DID_ETHR,
    });
  });

  it('reads unknown, empty and malformed addresses as unknown', () => {
    for (const path of [
      '/directory/profiles/',
      '/directory/profiles/%E0%A4%A', // broken percent-encoding
      '/directory/doctors/x',
      '/directory/profiles/a/b',
      '/directory/batches/%20',
    ]) {
      assert.deepEqual(parseDirectoryLocation(path), { view: 'unknown' }, path);
    }
  });

  it('keeps a search in the query string, runs it only when the address carries one', () => {
    assert.deepEqual(parseDirectoryLocation('/directory', ''), {
      view: 'search',
      query: EMPTY_QUERY,
      searched: false,
    });
    const query = { q: 'Inês Ferreira', kind: 'doctor' as const, jurisdiction: 'PT' };
    const path = searchPath(query);
    assert.equal(path, '/directory?q=In%C3%AAs+Ferreira&kind=doctor&jurisdiction=PT');
    const url = new URL(path, 'http://localhost');
    assert.deepEqual(parseDirectoryLocation(url.pathname, url.search), {
      view: 'search',
      query,
      searched: true,
    });
    // a search for everything is still a search
    assert.equal(searchPath(EMPTY_QUERY), '/directory?q=');
    assert.deepEqual(parseDirectoryLocation('/directory', '?q='), {
      view: 'search',
      query: EMPTY_QUERY,
      searched: true,
    });
    // an unknown kind is dropped, not passed on
    assert.equal(
      (parseDirectoryLocation('/directory', '?kind=pharmacist') as { query: { kind: string } }).query.kind,
      '',
    );
  });
});

describe('directory API URLs', () => {
  it('encodes every value under the base and leaves empty filters out', () => {
    assert.equal(
      searchUrl('/api/verifier/', { q: 'a&b=c', kind: '', jurisdiction: '' }),
      '/api/verifier/directory/search?q=a%26b%3Dc&limit=20',
    );
    assert.equal(
      searchUrl('/api/verifier', { q: '', kind: 'hospital', jurisdiction: 'PT-11' }, { offset: 40 }),
      '/api/verifier/directory/search?kind=hospital&jurisdiction=PT-11&limit=20&offset=40',
    );
    assert.equal(
      profileUrl('/api/verifier', DID_WEB),
      '/api/verifier/directory/profiles/did%3Aweb%3Aclinic.example.com%3Astaff%2520list',
    );
    assert.equal(
      batchLookupUrl('/api/verifier', '05601234567891', 'L-1.2'),
      '/api/verifier/directory/batches?gtin=05601234567891&lot=L-1.2',
    );
    assert.equal(
      batchUrl('/api/verifier', BATCH),
      '/api/verifier/directory/batches/urn%3Agtin%3A05601234567891%3Alot%3ABTX2025.117',
    );
  });
});
