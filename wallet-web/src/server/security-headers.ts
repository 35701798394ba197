import type { ServerResponse } from 'node:http';

/**
 * Content Security Policy of the app: scripts and styles only from this origin, images also from `data:` / `blob:`
 * (QR codes), camera frames from `blob:`/`mediastream:`; the wallet may call any https (and local http) service,
 * since credential issuers and verifiers live on other origins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' https: http:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sets the security headers of every page and file the app server answers itself.
 * @param res - the response.
 */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('permissions-policy', 'camera=(self), microphone=(), geolocation=()');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}
