import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_DIST_DIR, ensureAppBuilt } from './app-build.ts';
import { proxyRequest, type ProxyTarget } from './reverse-proxy.ts';
import { SCHEMAS_PATH, serveSchema } from './schema-documents.ts';
import { setSecurityHeaders } from './security-headers.ts';
import { serveStatic } from './static-files.ts';

/** Same-origin path of the issuer API. */
export const ISSUER_API_PATH = '/api/issuer';
/** Same-origin path of the verifier API. */
export const VERIFIER_API_PATH = '/api/verifier';

/** Options of {@link startWalletWeb}. */
export interface WalletWebOptions {
  /** Port to listen on; 4300 by default, 0 for a free port. */
  port?: number;
  /** Interface to listen on; `127.0.0.1` by default. */
  host?: string;
  /** The issuer service's base URL (proxied at `/api/issuer`). */
  issuerUrl: string;
  /** The verifier service's base URL (proxied at `/api/verifier`). */
  verifierUrl: string;
  /** Where the built app is (or goes); `wallet-web/dist` by default. */
  distDir?: string;
  /** `auto` (default): build with Vite when missing or stale; `always`; `never`. */
  build?: 'auto' | 'always' | 'never';
  /** Progress messages (build); silent by default. */
  log?: (message: string) => void;
}

/** A running web app server. */
export interface RunningWalletWeb {
  /** Where it listens, e.g. `http://127.0.0.1:4300`. */
  url: string;
  /** Where the built app is served from. */
  distDir: string;
  /** Stops listening. */
  close(): Promise<void>;
}

/** What the app reads at `/config.json`. */
export interface WalletWebConfig {
  issuerUrl: string;
  verifierUrl: string;
  issuerApi: string;
  verifierApi: string;
}

function baseUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`${name} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError(`${name} must be an http(s) URL`);
  return url;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(JSON.stringify(body));
}

function under(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * Starts the web app server: serves the built React app (building it first with Vite when `dist/` is missing or
 * stale), `/config.json` (the service URLs), the credential JSON Schemas at `/schemas/…`, and reverse-proxies
 * `/api/issuer/*` to the issuer and `/api/verifier/*` to the verifier so the app calls them same-origin.
 * @param options - port, host, service URLs, build folder and mode.
 * @returns the running server.
 * @throws RangeError for an unusable service URL; Error when the build fails or the port is taken.
 */
export async function startWalletWeb(options: WalletWebOptions): Promise<RunningWalletWeb> {
  const issuer: ProxyTarget = { prefix: ISSUER_API_PATH, url: baseUrl(options.issuerUrl, 'issuerUrl') };
  const verifier: ProxyTarget = {
    prefix: VERIFIER_API_PATH,
    url: baseUrl(options.verifierUrl, 'verifierUrl'),
  };
  const { distDir } = await ensureAppBuilt({
    distDir: options.distDir ?? DEFAULT_DIST_DIR,
    mode: options.build ?? 'auto',
    ...(options.log ? { log: options.log } : {}),
  });
  const config: WalletWebConfig = {
    issuerUrl: issuer.url.toString().replace(/\/+$/, ''),
    verifierUrl: verifier.url.toString().replace(/\/+$/, ''),
    issuerApi: ISSUER_API_PATH,
    verifierApi: VERIFIER_API_PATH,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (under(pathname, ISSUER_API_PATH)) return proxyRequest(req, res, issuer);
    if (under(pathname, VERIFIER_API_PATH)) return proxyRequest(req, res, verifier);
    setSecurityHeaders(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { code: 'METHOD_NOT_ALLOWED', detail: `${req.method} is not allowed here` });
    }
    if (pathname === '/config.json') return json(res, 200, config);
    if (pathname === '/health') return json(res, 200, { status: 'ok' });
    if (under(pathname, SCHEMAS_PATH)) return serveSchema(pathname, res);
    return serveStatic(req, res, distDir);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { code: 'INTERNAL', detail: 'internal error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4300, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    distDir,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
