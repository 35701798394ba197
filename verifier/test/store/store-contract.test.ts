// The nonce and presentation-request stores' contract, run against SQLite and real PostgreSQL (a fresh file or
// schema per test; the schemas are dropped afterwards).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PresentationRequestRecord, RequestAnswer } from '../../src/index.ts';
import { postgresBackend, sqliteBackend, type OpenStores, type StoreBackend } from './store-backends.ts';

/** A clock the test moves. */
function movableClock(): { clock: () => Date; advance(seconds: number): void } {
  let now = Date.UTC(2026, 11, 7, 12, 0, 0);
  return {
    clock: () => new Date(now),
    advance(seconds) {
      now += seconds * 1000;
    },
  };
}

function requestRecord(id: string, now: Date, ttlSeconds = 300): PresentationRequestRecord {
  return {
    id,
    policyId: 'clinic-doctor-licence',
    nonce: `nonce-of-${id}`,
    domain: 'clinic.example',
    state: 'pending',
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
  };
}

function answerOf(state: 'verified' | 'rejected', at: Date): RequestAnswer {
  return {
    state,
    answeredAt: at,
    channel: 'oid4vp',
    report: {
      verified: state === 'verified',
      checks: [{ check: 'challenge', status: state === 'verified' ? 'passed' : 'failed', blockNumber: '12' }],
      credentials: [],
    } as unknown as RequestAnswer['report'],
  };
}

for (const backend of [sqliteBackend(), postgresBackend()] as StoreBackend[]) {
  describe(`verifier stores on ${backend.name}`, () => {
    const opened: OpenStores[] = [];
    after(async () => {
      for (const stores of opened) await stores.close();
      await backend.cleanUp();
    });
    async function fresh() {
      const time = movableClock();
      const stores = await backend.open(time.clock);
      opened.push(stores);
      return { ...time, ...stores };
    }

    describe('nonces', () => {
      it('consumes an issued nonce once (valid), then refuses it (replayed)', async () => {
        const { nonces } = await fresh();
        const nonce = await nonces.issue(60);
        assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
        assert.equal(await nonces.consume(nonce), 'valid');
        assert.equal(await nonces.consume(nonce), 'replayed');
        assert.equal(await nonces.consume(nonce), 'replayed');
      });

      it('answers unknown for a nonce never issued and for an empty one', async () => {
        const { nonces } = await fresh();
        assert.equal(await nonces.consume('never-issued-nonce'), 'unknown');
        assert.equal(await nonces.consume(''), 'unknown');
      });

      it('answers expired after the ttl (on the injected clock), and keeps it unusable', async () => {
        const { nonces, advance } = await fresh();
        const nonce = await nonces.issue(30);
        advance(29);
        const other = await nonces.issue(30);
        advance(1);
        assert.equal(await nonces.consume(nonce), 'expired');
        assert.equal(await nonces.consume(nonce), 'expired');
        assert.equal(await nonces.consume(other), 'valid');
      });

      it('refuses a ttl out of range with INVALID_ARGUMENT', async () => {
        const { nonces } = await fresh();
        for (const ttl of [0, -1, 86_401, Number.NaN]) {
          await assert.rejects(nonces.issue(ttl), { code: 'INVALID_ARGUMENT' });
        }
      });

      it('purges expired nonces only (a replay after the purge reads unknown, still refused)', async () => {
        const { nonces, advance } = await fresh();
        const used = await nonces.issue(10);
        const unused = await nonces.issue(10);
        const lasting = await nonces.issue(3600);
        assert.equal(await nonces.consume(used), 'valid');
        advance(11);
        assert.equal(await nonces.purgeExpired(), 2);
        assert.equal(await nonces.consume(used), 'unknown');
        assert.equal(await nonces.consume(unused), 'unknown');
        assert.equal(await nonces.consume(lasting), 'valid');
        assert.equal(await nonces.purgeExpired(), 0);
      });

      it('gives valid to exactly one of many concurrent consumers', async () => {
        const { nonces } = await fresh();
        const nonce = await nonces.issue(60);
        const outcomes = await Promise.all(Array.from({ length: 16 }, () => nonces.consume(nonce)));
        assert.equal(outcomes.filter((o) => o === 'valid').length, 1);
        assert.equal(outcomes.filter((o) => o === 'replayed').length, 15);
      });
    });

    describe('presentation requests', () => {
      it('stores and returns a request with its dates', async () => {
        const { requests, clock } = await fresh();
        const record = requestRecord('req-1', clock());
        await requests.put(record);
        assert.deepEqual(await requests.get('req-1'), record);
        assert.equal(await requests.get('req-unknown'), undefined);
      });

      it('records the first answer only, with its report and channel', async () => {
        const { requests, clock, advance } = await fresh();
        await requests.put(requestRecord('req-2', clock()));
        advance(5);
        const first = answerOf('verified', clock());
        assert.equal(await requests.complete('req-2', first), true);
        assert.equal(await requests.complete('req-2', answerOf('rejected', clock())), false);
        assert.equal(await requests.complete('req-unknown', first), false);
        const read = await requests.get('req-2');
        assert.equal(read?.state, 'verified');
        assert.equal(read?.channel, 'oid4vp');
        assert.deepEqual(read?.answeredAt, first.answeredAt);
        assert.deepEqual(read?.report, first.report);
      });

      it('lets exactly one of concurrent answers win', async () => {
        const { requests, clock } = await fresh();
        await requests.put(requestRecord('req-3', clock()));
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            requests.complete('req-3', answerOf(i % 2 ? 'verified' : 'rejected', clock())),
          ),
        );
        assert.equal(results.filter(Boolean).length, 1);
      });

      it('keeps a request for an hour after expiry, then forgets and purges it', async () => {
        const { requests, clock, advance } = await fresh();
        await requests.put(requestRecord('req-4', clock(), 60));
        await requests.put(requestRecord('req-5', clock(), 7200));
        advance(60 + 3599);
        assert.equal((await requests.get('req-4'))?.state, 'pending');
        assert.equal(await requests.purgeExpired(), 0);
        advance(1);
        assert.equal(await requests.get('req-4'), undefined);
        assert.equal(await requests.purgeExpired(), 1);
        assert.equal((await requests.get('req-5'))?.id, 'req-5');
      });
    });
  });
}
