import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The wallet-web package folder (holds `index.html`, `vite.config.ts`, `src/`). */
export const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the app is built by default. */
export const DEFAULT_DIST_DIR = join(APP_ROOT, 'dist');
/** File in the build folder recording which sources it was built from. */
const STAMP_FILE = '.medtrust-build.json';
/** A build lock older than this is considered abandoned (a crashed build). */
const STALE_LOCK_MS = 5 * 60_000;

/** Options of {@link ensureAppBuilt}. */
export interface EnsureAppBuiltOptions {
  /** Package folder with the sources; {@link APP_ROOT} by default. */
  appRoot?: string;
  /** Build folder; `<appRoot>/dist` by default. */
  distDir?: string;
  /** `auto` (default): build when missing or stale; `always`; `never` (serve what is there). */
  mode?: 'auto' | 'always' | 'never';
  /** Progress messages. */
  log?: (message: string) => void;
}

/** What {@link ensureAppBuilt} did. */
export interface AppBuildResult {
  distDir: string;
  /** Whether a build ran. */
  built: boolean;
  /** How long the build took (ms), when one ran. */
  durationMs?: number;
}

function sourceFiles(appRoot: string): string[] {
  const files = ['index.html', 'vite.config.ts', 'package.json'].map((f) => join(appRoot, f));
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory())
        return entry.name === 'server' && dir === join(appRoot, 'src') ? [] : walk(full);
      return [full];
    });
  return [...files.filter((f) => existsSync(f)), ...walk(join(appRoot, 'src'))].sort();
}

/**
 * A fingerprint of the app's sources (paths and contents; the server's own code excluded).
 * @param appRoot - the package folder.
 * @returns hex SHA-256.
 */
export function sourceFingerprint(appRoot: string): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(appRoot)) {
    hash.update(relative(appRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

async function builtFingerprint(distDir: string): Promise<string | undefined> {
  try {
    const stamp = JSON.parse(await readFile(join(distDir, STAMP_FILE), 'utf8')) as { sources?: unknown };
    return typeof stamp.sources === 'string' && existsSync(join(distDir, 'index.html'))
      ? stamp.sources
      : undefined;
  } catch {
    return undefined;
  }
}

async function acquireLock(lockDir: string): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(lockDir);
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockDir).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Makes sure the production build of the app exists and matches its sources, building it with Vite's JS API when
 * it is missing or stale. Concurrent callers (several processes) build once: the build runs under a lock folder
 * into a temporary folder that then replaces the build folder.
 * @param options - folders and mode.
 * @returns where the build is and whether one ran.
 * @throws Error when the build fails, or when `mode` is `never` and there is no build.
 */
export async function ensureAppBuilt(options: EnsureAppBuiltOptions = {}): Promise<AppBuildResult> {
  const appRoot = options.appRoot ?? APP_ROOT;
  const distDir = options.distDir ?? join(appRoot, 'dist');
  const mode = options.mode ?? 'auto';
  const hasSources = existsSync(join(appRoot, 'src')) && existsSync(join(appRoot, 'index.html'));
  if (mode === 'never' || !hasSources) {
    if (!existsSync(join(distDir, 'index.html'))) throw new Error(`no built app in ${distDir}`);
    return { distDir, built: false };
  }
  const wanted = sourceFingerprint(appRoot);
  if (mode === 'auto' && (await builtFingerprint(distDir)) === wanted) return { distDir, built: false };

  await mkdir(dirname(distDir), { recursive: true });
  const release = await acquireLock(`${distDir}.lock`);
  try {
    // another process may have built it while this one waited for the lock
    if (mode === 'auto' && (await builtFingerprint(distDir)) === wanted) return { distDir, built: false };
    const started = performance.now();
    options.log?.('building the web app');
    const temporary = `${distDir}.tmp-${process.pid}-${Date.now()}`;
    const { build } = await import('vite');
    await build({
      configFile: join(appRoot, 'vite.config.ts'),
      root: appRoot,
      logLevel: 'warn',
      build: { outDir: temporary, emptyOutDir: true },
    });
    await writeFile(
      join(temporary, STAMP_FILE),
      JSON.stringify({ sources: wanted, builtAt: new Date().toISOString() }),
    );
    const previous = `${distDir}.old-${process.pid}-${Date.now()}`;
    if (existsSync(distDir)) await rename(distDir, previous);
    await rename(temporary, distDir);
    await rm(previous, { recursive: true, force: true });
    const durationMs = Math.round(performance.now() - started);
    options.log?.(`built the web app in ${durationMs} ms`);
    return { distDir, built: true, durationMs };
  } finally {
    await release();
  }
}

/**
 * Whether a folder holds a build (its `index.html` exists).
 * @param distDir - the folder.
 * @returns whether it does.
 */
export function hasBuild(distDir: string): boolean {
  return existsSync(join(distDir, 'index.html')) && statSync(join(distDir, 'index.html')).isFile();
}
