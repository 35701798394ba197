// Building the app with Vite's JS API: built once when missing, not again while the sources are unchanged, and
// once only when several processes ask at the same time.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureAppBuilt, sourceFingerprint, APP_ROOT } from '../../src/server/index.ts';

describe('app build', () => {
  const parent = mkdtempSync(join(tmpdir(), 'medtrust-web-build-'));
  const distDir = join(parent, 'dist');
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('builds when missing, then reuses the build while the sources are unchanged', async () => {
    const [a, b] = await Promise.all([ensureAppBuilt({ distDir }), ensureAppBuilt({ distDir })]);
    assert.equal([a, b].filter((r) => r.built).length, 1, 'concurrent callers build once');
    assert.ok(existsSync(join(distDir, 'index.html')));
    assert.ok(readdirSync(join(distDir, 'assets')).some((f) => f.endsWith('.js')));
    assert.deepEqual(readdirSync(parent).sort(), ['dist'], 'no temporary or lock folders left');
    assert.equal((await ensureAppBuilt({ distDir })).built, false);
    assert.equal(sourceFingerprint(APP_ROOT), sourceFingerprint(APP_ROOT));
  });

  it('refuses to serve nothing when told never to build', async () => {
    await assert.rejects(ensureAppBuilt({ distDir: join(parent, 'none'), mode: 'never' }), /no built app/);
  });
});
