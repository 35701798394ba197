import express, { type Router } from 'express';
import type { Oid4vciContext } from './oid4vci-context.ts';
import { oid4vciCors } from './oid4vci-router.ts';
import { oid4vciRuntime } from './oid4vci-runtime.ts';

/**
 * Serves the OID4VCI metadata at the RFC 8615 / RFC 8414 locations, where the well-known segment is inserted
 * between host and path (`/.well-known/openid-credential-issuer/oid4vci` for the issuer
 * `https://host/oid4vci`), as OpenID4VCI 1.0 and RFC 8414 specify. {@link createOid4vciRouter} already serves the
 * appended form (`/oid4vci/.well-known/…`) that draft 13 and Sphereon 0.20 clients fetch; mount this one at the
 * application root to serve both. For an issuer URL without path the two forms coincide and this is not needed.
 *
 * @param ctx - the same context as the OID4VCI router.
 * @returns an express router to mount at `/`.
 */
export function createOid4vciWellKnownRouter(ctx: Oid4vciContext): Router {
  const { baseUrl, protocol } = oid4vciRuntime(ctx);
  const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const documents = new Map([
    [`/.well-known/openid-credential-issuer${path}`, () => protocol.credentialIssuerMetadata()],
    [`/.well-known/oauth-authorization-server${path}`, () => protocol.authorizationServerMetadata()],
  ]);
  const router = express.Router();
  // CORS for browser wallets, on these documents only (this router sits at the application root)
  router.options(/^\/\.well-known\//, (req, res, next) =>
    documents.has(req.path) ? oid4vciCors(req, res, next) : next(),
  );
  // exact string match: the issuer path is data, not an express route pattern
  router.get(/^\/\.well-known\//, (req, res, next) => {
    const document = documents.get(req.path);
    if (document === undefined) next();
    else res.setHeader('Access-Control-Allow-Origin', '*').json(document());
  });
  return router;
}
