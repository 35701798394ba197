// Brute-force protection, against SQLite and PostgreSQL: failed authentication attempts (wrong API key on any route
// and on POST /sessions, forged or expired session tokens) are limited per client address (X-Forwarded-For from the
// loopback proxy), answered 429 RATE_LIMITED with Retry-After; successful requests are not counted; other addresses
// are unaffected; an address over the limit is refused even with a right key until the window ends (no oracle).
// No test waits on the clock: the limits are small, and the window's end is shown with an injected store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MemoryStore } from 'express-rate-limit';
import { SessionTokens } from '../../src/http/auth.ts';
import { startAppHarness, type AppHarness } from './app-harness.ts';

const LIMIT = 20;

function assertLimited(res: { status: number; body: { code?: unknown }; headers: Headers }, what: string) {
  assert.equal(res.status, 429, what);
  assert.equal(res.body.code, 'RATE_LIMITED', what);
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `${what}: Retry-After ${retryAfter}`);
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`issuer authentication failure limit [${dialect}]`, () => {
    let harness: AppHarness;
    // injected so that a test can end the window (resetAll) instead of waiting for it
    const store = new MemoryStore();
    const sessionSecret = randomBytes(32);
    before(async () => {
      harness = await startAppHarness(dialect, {
        sessions: new SessionTokens(sessionSecret, () => new Date()),
        authFailureLimit: { limit: LIMIT, windowMs: 300_000, store },
      });
    });
    after(async () => {
      store.shutdown();
      await harness?.close();
    });

    it('answers the 21st wrong key 429 RATE_LIMITED with Retry-After; the first 20 are 401', async () => {
      const from = '203.0.113.1';
      for (let i = 0; i < LIMIT; i++) {
        const res = await harness.call('GET', '/credentials', `mtk_wrong_${i}`, { from });
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'UNAUTHENTICATED');
      }
      assertLimited(await harness.call('GET', '/credentials', 'mtk_wrong_21', { from }), '21st wrong key');
      assertLimited(await harness.call('POST', '/sessions', 'mtk_wrong_22', { from }), 'POST /sessions');
    });

    it('keeps serving a right key from another address, and counts that address on its own', async () => {
      const res = await harness.call('GET', '/credentials', harness.keys.a.auditor, { from: '198.51.100.7' });
      assert.equal(res.status, 200);
      const wrong = await harness.call('GET', '/organisation', 'mtk_wrong', { from: '198.51.100.7' });
      assert.equal(wrong.status, 401);
    });

    it('refuses even a right key from an address over the limit, until the window ends', async () => {
      const from = '203.0.113.1';
      assertLimited(await harness.call('GET', '/credentials', harness.keys.a.auditor, { from }), 'right key');
      await store.resetAll(); // the window ends
      assert.equal((await harness.call('GET', '/credentials', harness.keys.a.auditor, { from })).status, 200);
    });

    it('never counts successful requests, and they never wipe earlier failures', async () => {
      const from = '203.0.113.2';
      for (let i = 0; i < 100; i++) {
        assert.equal(
          (await harness.call('GET', '/organisation', harness.keys.a.auditor, { from })).status,
          200,
        );
      }
      for (let i = 0; i < LIMIT - 1; i++) {
        assert.equal((await harness.call('GET', '/organisation', 'mtk_wrong', { from })).status, 401);
        assert.equal(
          (await harness.call('GET', '/organisation', harness.keys.b.auditor, { from })).status,
          200,
        );
      }
      // 403 and 404 of an authenticated caller are not authentication failures
      assert.equal((await harness.call('GET', '/api-keys', harness.keys.a.auditor, { from })).status, 403);
      assert.equal(
        (await harness.call('GET', '/credentials/nope', harness.keys.a.auditor, { from })).status,
        404,
      );
      assert.equal((await harness.call('GET', '/organisation', 'mtk_wrong', { from })).status, 401); // the 20th
      assertLimited(await harness.call('GET', '/organisation', harness.keys.a.auditor, { from }), 'after 20');
    });

    it('counts forged and expired session tokens and wrong keys on POST /sessions', async () => {
      const from = '203.0.113.3';
      const login = await harness.call('POST', '/sessions', harness.keys.a.admin, { from });
      assert.equal(login.status, 201);
      // this service's own token for that key, issued two hours ago: expired
      const past = new SessionTokens(sessionSecret, () => new Date(Date.now() - 7_200_000));
      const expired = past.issue(harness.sessions.verify(login.body.token)!).token;
      const forged = new SessionTokens(randomBytes(32), () => new Date()).issue('any').token;
      const attempts = [
        () => harness.call('POST', '/sessions', 'mtk_wrong', { from }),
        () => harness.call('GET', '/credentials', 'mts_forged.token', { from }),
        () => harness.call('GET', '/credentials', forged, { from }),
        () => harness.call('GET', '/credentials', expired, { from }),
      ];
      for (let i = 0; i < LIMIT; i++) {
        const res = await attempts[i % attempts.length]!();
        assert.equal(res.status, 401, `attempt ${i}`);
      }
      assertLimited(await harness.call('POST', '/sessions', harness.keys.a.admin, { from }), 'login');
    });

    it('does not count requests without credentials, and sessions still open for a right key', async () => {
      const from = '203.0.113.4';
      for (let i = 0; i < LIMIT + 5; i++) {
        assert.equal((await harness.call('GET', '/credentials', undefined, { from })).status, 401);
      }
      const login = await harness.call('POST', '/sessions', harness.keys.a.admin, { from });
      assert.equal(login.status, 201);
      const session = await harness.call('GET', '/organisation', login.body.token, { from });
      assert.equal(session.status, 200);
    });

    it('limits concurrent wrong keys too, without refusing concurrent right keys of other addresses', async () => {
      const results = await Promise.all([
        ...Array.from({ length: 60 }, (_, i) =>
          harness.call('GET', '/credentials', `mtk_wrong_${i}`, { from: '203.0.113.5' }),
        ),
        ...Array.from({ length: 60 }, (_, i) =>
          harness.call('GET', '/credentials', harness.keys.a.auditor, { from: `192.0.2.${i + 1}` }),
        ),
      ]);
      const wrong = results.slice(0, 60).map((r) => r.status);
      assert.equal(wrong.filter((s) => s === 401).length, LIMIT);
      assert.equal(wrong.filter((s) => s === 429).length, 60 - LIMIT);
      assert.ok(results.slice(60).every((r) => r.status === 200));
    });
  });
}
