import {
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Request headers passed to the upstream service (nothing else: no cookies, no browser noise). */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'authorization',
  'content-type',
  'content-length',
  'x-request-id',
  'if-none-match',
];
/** Hop-by-hop and cookie headers never passed back. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'set-cookie',
]);

/** A service the app reaches same-origin through the proxy. */
export interface ProxyTarget {
  /** Path prefix on this server, e.g. `/api/issuer`. */
  prefix: string;
  /** The service's base URL, e.g. `http://127.0.0.1:4100`. */
  url: URL;
  /** Upstream timeout (ms). */
  timeoutMs?: number;
}

function rewriteLocation(location: string, target: ProxyTarget): string {
  const base = target.url.toString().replace(/\/+$/, '');
  if (location.startsWith(base)) return `${target.prefix}${location.slice(base.length)}`;
  if (location.startsWith('/')) return `${target.prefix}${location}`;
  return location;
}

function fail(res: ServerResponse, status: number, code: string, detail: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ code, detail }));
}

/**
 * Forwards a request to a service: `<prefix>/rest?query` → `<service base URL>/rest?query`, streaming both bodies.
 * Only the headers a JSON API needs are forwarded; `Location` answers are mapped back under the prefix. When the
 * service cannot be reached the answer is 502 `{code: 'UPSTREAM_UNAVAILABLE'}` (504 on timeout).
 * @param req - the browser's request (its URL starts with `target.prefix`).
 * @param res - the response.
 * @param target - the service.
 */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, target: ProxyTarget): void {
  const incoming = req.url ?? '/';
  const rest = incoming.slice(target.prefix.length) || '/';
  const path = `${target.url.pathname.replace(/\/+$/, '')}${rest.startsWith('/') ? rest : `/${rest}`}`;
  const headers: OutgoingHttpHeaders = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    {
      protocol: target.url.protocol,
      hostname: target.url.hostname,
      port: target.url.port || undefined,
      method: req.method,
      path,
      headers,
      timeout: target.timeoutMs ?? 60_000,
    },
    (answer) => {
      const out: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
        out[name] = name === 'location' && typeof value === 'string' ? rewriteLocation(value, target) : value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('timeout', () => {
    upstream.destroy();
    fail(res, 504, 'UPSTREAM_TIMEOUT', `${target.prefix} did not answer in time`);
  });
  upstream.on('error', () => fail(res, 502, 'UPSTREAM_UNAVAILABLE', `${target.prefix} cannot be reached`));
  req.on('aborted', () => upstream.destroy());
  req.pipe(upstream);
}
