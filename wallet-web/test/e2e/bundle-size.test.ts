// The wallet route's production bundle stays small: its JS and CSS (including what it loads on demand, such as the
// QR decoder) is at most 400 KB gzipped; the clinic, console and directory routes are separate chunks it never loads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureAppBuilt, measureRouteBundle } from '../../src/server/index.ts';

/** Budget of the wallet route (gzip). */
const BUDGET_BYTES = 400 * 1024;

describe('production bundle of the wallet route', () => {
  it('is at most 400 KB gzipped, without the clinic, console and directory code', async (t) => {
    const { distDir } = await ensureAppBuilt();
    const bundle = measureRouteBundle(distDir);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const line =
      `wallet route: ${kb(bundle.initialGzipBytes)} gzipped on first load (${bundle.initial.length} files), ` +
      `${kb(bundle.totalGzipBytes)} with on-demand chunks (${bundle.onDemand.length} files); budget ${kb(BUDGET_BYTES)}`;
    t.diagnostic(line);
    assert.ok(bundle.totalGzipBytes <= BUDGET_BYTES, line);
    const files = [...bundle.initial, ...bundle.onDemand];
    assert.ok(
      files.some((f) => f.endsWith('.css')),
      'CSS is counted',
    );
    assert.ok(
      !files.some((f) => /ClinicPage|ConsolePage|DirectoryPage/.test(f)),
      'clinic, console and directory are split off',
    );
  });
});
