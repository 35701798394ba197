import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One entry of Vite's build manifest (`dist/.vite/manifest.json`). */
interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** What a route downloads: the files and their gzip sizes. */
export interface RouteBundle {
  /** Files loaded on the first visit (entry chunk, its static imports, CSS). */
  initial: string[];
  /** Files loaded only when a feature of the route is used (e.g. the QR decoder). */
  onDemand: string[];
  /** gzip size (bytes) of `initial`. */
  initialGzipBytes: number;
  /** gzip size (bytes) of `initial` and `onDemand` together. */
  totalGzipBytes: number;
}

/** Source modules of the routes that are not the wallet (their own chunks). */
export const NON_WALLET_ROUTES = [
  'src/clinic/ClinicPage.tsx',
  'src/console/ConsolePage.tsx',
  'src/directory/DirectoryPage.tsx',
];

/**
 * Measures the JS and CSS a route downloads, from the build manifest: the entry's static closure, plus every chunk
 * it may load on demand except the chunks of other routes.
 * @param distDir - the build folder.
 * @param excluded - manifest keys of other routes' dynamic entries; {@link NON_WALLET_ROUTES} by default.
 * @returns files and gzip sizes (level 9).
 */
export function measureRouteBundle(
  distDir: string,
  excluded: readonly string[] = NON_WALLET_ROUTES,
): RouteBundle {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const initial = new Set<string>();
  const onDemand = new Set<string>();
  const visit = (key: string, into: Set<string>, seen: Set<string>) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    into.add(chunk.file);
    for (const css of chunk.css ?? []) into.add(css);
    for (const imported of chunk.imports ?? []) visit(imported, into, seen);
  };
  const staticSeen = new Set<string>();
  visit('index.html', initial, staticSeen);
  const queue = [...staticSeen].flatMap((k) => manifest[k]?.dynamicImports ?? []);
  const dynamicSeen = new Set<string>(staticSeen);
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (excluded.includes(key) || dynamicSeen.has(key)) continue;
    const before = new Set(dynamicSeen);
    visit(key, onDemand, dynamicSeen);
    for (const added of dynamicSeen)
      if (!before.has(added)) queue.push(...(manifest[added]?.dynamicImports ?? []));
  }
  for (const file of initial) onDemand.delete(file);
  const gzip = (files: Iterable<string>) =>
    [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(distDir, f)), { level: 9 }).length, 0);
  const initialGzipBytes = gzip(initial);
  return {
    initial: [...initial],
    onDemand: [...onDemand],
    initialGzipBytes,
    totalGzipBytes: initialGzipBytes + gzip(onDemand),
  };
}
