// Failed directory look-ups in plain language, and the directory client: same-origin URLs, no credentials sent, a
// 429 carrying its Retry-After, errors as the server said them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../src/lib/api-error.ts';
import {
  describeLookupFailure,
  RateLimitedError,
  retryAfterSeconds,
} from '../../src/lib/directory-errors.ts';
import type { FetchLike } from '../../src/lib/fetch-json.ts';
import { directoryApi } from '../../src/directory/directory-api.ts';

describe('failed look-ups in plain language', () => {
  it('explains a rate limit without blaming the search, with the wait when known', () => {
    const failure = describeLookupFailure(
      new RateLimitedError('too many requests; retry later', 42),
      'search',
    );
    assert.equal(failure.title, 'Too many look-ups for now');
    assert.match(failure.text, /limited number of look-ups per minute/);
    assert.match(failure.text, /Nothing is wrong with your search\. Wait 42 seconds, then try again\.$/);
    assert.equal(failure.retry, true);
    assert.match(describeLookupFailure(new RateLimitedError('x', 90), 'profile').text, /Wait 2 minutes,/);
    assert.match(
      describeLookupFailure(new ApiError(429, 'RATE_LIMITED', 'x'), 'batch').text,
      /Wait a minute,/,
    );
  });

  it('says what was not found, and which value was refused', () => {
    const notFound = new ApiError(404, 'NOT_FOUND', 'the directory lists no such batch');
    assert.match(describeLookupFailure(notFound, 'batch').text, /no batch with this GTIN and lot/);
    assert.match(describeLookupFailure(notFound, 'profile').text, /no doctor, hospital or supplier/);
    assert.equal(describeLookupFailure(notFound, 'profile').retry, false);
    const bad = new ApiError(400, 'INVALID_ARGUMENT', 'gtin must be 8, 12, 13 or 14 digits', '/gtin');
    assert.deepEqual(describeLookupFailure(bad, 'batch'), {
      title: 'This cannot be looked up',
      text: 'Check the GTIN: gtin must be 8, 12, 13 or 14 digits.',
      retry: false,
    });
  });

  it('offers a retry when the service is unreachable or failing', () => {
    for (const error of [
      new ApiError(0, 'NETWORK', 'cannot reach x'),
      new ApiError(502, 'UPSTREAM_UNAVAILABLE', 'down'),
    ]) {
      const failure = describeLookupFailure(error, 'profile');
      assert.equal(failure.title, 'The directory cannot be reached');
      assert.equal(failure.retry, true);
    }
    assert.equal(
      describeLookupFailure(new ApiError(500, 'INTERNAL', 'x'), 'search').title,
      'The directory failed',
    );
  });

  it('reads Retry-After in seconds or as a date', () => {
    const now = new Date('2026-05-03T10:00:00Z');
    assert.equal(retryAfterSeconds('30', now), 30);
    assert.equal(retryAfterSeconds('Sun, 03 May 2026 10:01:05 GMT', now), 65);
    assert.equal(retryAfterSeconds(null, now), undefined);
    assert.equal(retryAfterSeconds('soon', now), undefined);
  });
});

describe('directory client', () => {
  function recordingFetch(answer: () => Response): {
    fetch: FetchLike;
    calls: Array<{ url: string; init: RequestInit }>;
  } {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    return {
      calls,
      fetch: async (url, init = {}) => {
        calls.push({ url, init });
        return answer();
      },
    };
  }

  it('calls the same-origin API without credentials and returns the answer', async () => {
    const body = { batchId: 'urn:gtin:05601234567891:lot:A.1', conflict: false, batches: [] };
    const { fetch, calls } = recordingFetch(() => Response.json(body));
    const api = directoryApi('/api/verifier', fetch);
    assert.deepEqual(await api.lookupBatch('05601234567891', 'A.1'), body);
    await api.batch(body.batchId);
    await api.profile('did:key:z6Mkabc');
    await api.search({ q: 'Inês', kind: 'doctor', jurisdiction: '' }, 20);
    assert.deepEqual(
      calls.map((c) => c.url),
      [
        '/api/verifier/directory/batches?gtin=05601234567891&lot=A.1',
        '/api/verifier/directory/batches/urn%3Agtin%3A05601234567891%3Alot%3AA.1',
        '/api/verifier/directory/profiles/did%3Akey%3Az6Mkabc',
        '/api/verifier/directory/search?q=In%C3%AAs&kind=doctor&limit=20&offset=20',
      ],
    );
    for (const call of calls) {
      assert.equal(call.init.credentials, 'omit');
      assert.equal(new Headers(call.init.headers).get('accept'), 'application/json');
      assert.equal(new Headers(call.init.headers).get('authorization'), null);
    }
  });

  it('turns a 429 into RateLimitedError with its Retry-After, and keeps other errors as the server said', async () => {
    const limited = directoryApi(
      '/api/verifier',
      recordingFetch(
        () =>
          new Response(JSON.stringify({ code: 'RATE_LIMITED', detail: 'too many requests; retry later' }), {
            status: 429,
            headers: { 'content-type': 'application/json', 'retry-after': '17' },
          }),
      ).fetch,
    );
    await assert.rejects(limited.profile('did:key:z6Mkabc'), (error: unknown) => {
      assert.ok(error instanceof RateLimitedError);
      assert.equal(error.retryAfterSeconds, 17);
      assert.equal(error.status, 429);
      return true;
    });
    const missing = directoryApi(
      '/api/verifier',
      recordingFetch(() =>
        Response.json({ code: 'NOT_FOUND', detail: 'the directory lists no such party' }, { status: 404 }),
      ).fetch,
    );
    await assert.rejects(missing.profile('did:key:z6Mkabc'), (error: unknown) => {
      assert.ok(error instanceof ApiError && !(error instanceof RateLimitedError));
      assert.equal(error.code, 'NOT_FOUND');
      return true;
    });
  });
});
