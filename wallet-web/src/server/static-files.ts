import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function fileAt(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  size: number,
  cacheControl: string,
): void {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': cacheControl,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
}

/**
 * Whether a path is a page of the public directory. Its last segment is a DID or a batch id, which may contain dots
 * (`did:web:example.com`, lot `L2026.07`), so it is a page whatever its "extension".
 * @param pathname - the decoded path.
 * @returns true for `/directory/profiles/<DID>` and `/directory/batches/<batch id>`.
 */
export function isDirectoryPage(pathname: string): boolean {
  return /^\/directory\/(profiles|batches)\/[^/]+$/.test(pathname);
}

/**
 * Serves the built app: files of `distDir` (hashed `/assets/*` cached for a year), and `index.html` for every other
 * page path (client-side routes such as `/clinic`, and directory pages such as `/directory/profiles/<DID>` even when
 * their DID has a dot). Hidden files (the build stamp, `.vite/`) are never served.
 * @param req - the request (GET or HEAD).
 * @param res - the response.
 * @param distDir - the build folder.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, distDir: string): Promise<void> {
  const root = resolve(distDir);
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
    return;
  }
  const hidden = pathname.split('/').some((segment) => segment.startsWith('.'));
  const target = resolve(join(root, pathname));
  if (!hidden && target.startsWith(root + sep)) {
    const size = await fileAt(target);
    if (size !== undefined) {
      const immutable = pathname.startsWith('/assets/');
      send(req, res, target, size, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
  }
  if ((extname(pathname) === '' || isDirectoryPage(pathname)) && !hidden) {
    const index = join(root, 'index.html');
    const size = await fileAt(index);
    if (size !== undefined) {
      send(req, res, index, size, 'no-cache');
      return;
    }
  }
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
}
