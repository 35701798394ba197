import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { findOfferByPreAuthorizedCode, getOffer, redeemOffer, type Offer } from '../store/index.ts';
import { GrantTypes, PRE_AUTH_CODE_LITERAL } from '@sphereon/oid4vci-common';
import { verifyHolderProof } from './holder-proof-verifier.ts';
import { isOAuthError, OAuthError, sendOAuthError } from './oauth-error.ts';
import { OFFER_AUDIT_ACTIONS, recordOfferEvent } from './offer-audit.ts';
import { PIN_TX_CODE, verifyPin } from './offer-secrets.ts';
import type { Oid4vciContext } from './oid4vci-context.ts';
import { oid4vciRuntime } from './oid4vci-runtime.ts';
import { lockOffer, MAX_PIN_ATTEMPTS, reservePinAttempt } from './pin-attempts.ts';
import { describeStoredCredential } from './stored-credential.ts';
import { anyOriginCors } from '../http/public-cors.ts';

const CODE_MAX_LENGTH = 256;

function noStore(res: Response): Response {
  return res.setHeader('Cache-Control', 'no-store').setHeader('Pragma', 'no-cache');
}

/** A single-valued string parameter of a form or JSON body (RFC 6749 §3.2: parameters must not repeat). */
function param(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw new OAuthError(400, 'invalid_request', `${name} must be given once, as a string`);
  return value;
}

function isLive(offer: Offer, now: Date): boolean {
  return offer.redeemedAt === null && Date.parse(offer.expiresAt) > now.getTime();
}

/**
 * CORS of the public OID4VCI endpoints, so browser wallets on other origins can run the flow: any origin may call
 * them (they use no cookies and need no credentials beyond what the wallet itself holds: the pre-authorised code,
 * the PIN, the access token); preflights answer 204.
 */
export const oid4vciCors: RequestHandler = anyOriginCors({
  methods: 'GET, POST, OPTIONS',
  headers: 'authorization, content-type, dpop',
});

/** Generic answer for unknown, expired, used and locked codes alike (nothing to learn from the difference). */
function invalidCode(): OAuthError {
  return new OAuthError(400, 'invalid_grant', 'pre-authorized code is invalid, expired or already used');
}

/**
 * The OID4VCI endpoints a wallet needs for the pre-authorised code flow, relative to where the router is mounted
 * (the context's `baseUrl`), following OpenID4VCI 1.0 draft 15 as implemented by Sphereon 0.20 (with draft 13
 * members kept for older wallets):
 *
 * - `GET /.well-known/openid-credential-issuer`: Credential Issuer Metadata (`credential_configurations_supported`
 *   for every medtrust type in `jwt_vc_json`).
 * - `GET /.well-known/oauth-authorization-server`: Authorization Server Metadata (token endpoint, pre-authorised
 *   grant, `pre-authorized_grant_anonymous_access_supported: true`).
 * - `GET /credential-offers/:code`: the offer behind a `credential_offer_uri` (offers created `byReference`).
 * - `POST /token`: `grant_type=urn:ietf:params:oauth:grant-type:pre-authorized_code`, `pre-authorized_code`,
 *   `tx_code` (`user_pin` of drafts ≤ 12) when the offer has a PIN. Codes are single use and expire; a wrong PIN is
 *   `invalid_grant` and the offer is locked after {@link MAX_PIN_ATTEMPTS} attempts. Errors per RFC 6749 §5.2:
 *   400 `{error, error_description}`.
 * - `POST /nonce`: a fresh `c_nonce` (draft 15 nonce endpoint).
 * - `POST /credential`: bearer access token from `/token` and one `jwt` key proof whose key must belong to the
 *   credential's subject DID (else `invalid_proof`); answers the stored credential as
 *   `{credentials: [{credential}], credential, format: 'jwt_vc_json', c_nonce, c_nonce_expires_in}`.
 *
 * Every endpoint answers CORS (`Access-Control-Allow-Origin: *`, see {@link oid4vciCors}) for browser wallets.
 * Never logs request bodies, codes, PINs, tokens or credentials. Mount it at the path of `ctx.baseUrl`, e.g.
 * `app.use('/oid4vci', createOid4vciRouter(ctx))` with `baseUrl` `https://issuer.example/oid4vci`.
 *
 * @param ctx - the OID4VCI context (share it with `createCredentialOffer`).
 * @returns an express router.
 * @throws RangeError when the context's `baseUrl` or secret is unusable.
 */
export function createOid4vciRouter(ctx: Oid4vciContext): Router {
  const runtime = oid4vciRuntime(ctx);
  const { protocol } = runtime;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });
  const json = express.json({ limit: '64kb' });
  router.use(oid4vciCors);

  router.get('/.well-known/openid-credential-issuer', (_req, res) => {
    res.json(protocol.credentialIssuerMetadata());
  });

  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.json(protocol.authorizationServerMetadata());
  });

  router.get('/credential-offers/:code', async (req: Request<{ code: string }>, res) => {
    const code = req.params.code;
    const offer =
      code.length <= CODE_MAX_LENGTH ? await findOfferByPreAuthorizedCode(ctx.db, code) : undefined;
    const jwt =
      offer && offer.credentialId !== null && isLive(offer, runtime.now())
        ? await ctx.loadCredentialJwt(offer.organisationId, offer.credentialId)
        : undefined;
    if (offer === undefined || jwt === undefined) {
      throw new OAuthError(404, 'not_found', 'no such credential offer, or it expired or was used');
    }
    noStore(res).json(
      protocol.createCredentialOffer({
        configurationId: describeStoredCredential(jwt).configuration.id,
        preAuthorizedCode: code,
        ...(offer.pinHash !== null && { txCode: PIN_TX_CODE }),
      }),
    );
  });

  router.post('/token', form, json, async (req, res) => {
    const body: unknown = req.body;
    const grantType = param(body, 'grant_type');
    if (grantType === undefined) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
    if (grantType !== GrantTypes.PRE_AUTHORIZED_CODE) {
      throw new OAuthError(
        400,
        'unsupported_grant_type',
        `only ${GrantTypes.PRE_AUTHORIZED_CODE} is supported`,
      );
    }
    const code = param(body, PRE_AUTH_CODE_LITERAL);
    if (code === undefined) throw new OAuthError(400, 'invalid_request', 'pre-authorized_code is required');
    const txCode = param(body, 'tx_code') ?? param(body, 'user_pin');

    const now = runtime.now();
    const offer =
      code.length <= CODE_MAX_LENGTH ? await findOfferByPreAuthorizedCode(ctx.db, code) : undefined;
    if (offer === undefined || offer.credentialId === null || !isLive(offer, now)) throw invalidCode();
    if (offer.pinHash === null) {
      if (txCode !== undefined) throw new OAuthError(400, 'invalid_request', 'this offer takes no tx_code');
    } else {
      if (txCode === undefined)
        throw new OAuthError(400, 'invalid_request', 'tx_code is required for this offer');
      const reservation = await reservePinAttempt(ctx.db, offer, now);
      if (!reservation.allowed) throw invalidCode();
      if (!(txCode.length <= 64 && (await verifyPin(txCode, offer.pinHash)))) {
        if (reservation.attempt >= MAX_PIN_ATTEMPTS) await lockOffer(ctx.db, offer, now);
        throw new OAuthError(400, 'invalid_grant', 'tx_code is wrong');
      }
    }

    const redeemed = await ctx.db.transaction(async (tx) => {
      if (!(await redeemOffer(tx, offer.id, now.toISOString()))) return false;
      await recordOfferEvent(tx, { offer, action: OFFER_AUDIT_ACTIONS.redeem, at: now });
      return true;
    });
    if (!redeemed) throw invalidCode();
    noStore(res).json(await protocol.issueAccessToken({ offerId: offer.id, now }));
  });

  router.post('/nonce', (_req, res) => {
    noStore(res).json(protocol.issueNonce());
  });

  router.post('/credential', json, async (req, res) => {
    const authorization = req.get('authorization');
    const token =
      authorization === undefined ? undefined : /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization)?.[1];
    if (token === undefined) throw new OAuthError(401, 'invalid_token', 'a Bearer access token is required');
    const now = runtime.now();
    const grant = protocol.verifyAccessToken(token, now);
    const offer = grant && (await getOffer(ctx.db, grant.offerId));
    if (offer === undefined || offer.redeemedAt === null || offer.credentialId === null) {
      throw new OAuthError(401, 'invalid_token', 'access token is invalid or expired');
    }
    const credentialJwt = await ctx.loadCredentialJwt(offer.organisationId, offer.credentialId);
    if (credentialJwt === undefined) {
      throw new OAuthError(400, 'credential_request_denied', 'the credential is no longer available');
    }
    const { configuration, subjectDid, vc } = describeStoredCredential(credentialJwt);
    if (subjectDid === undefined) {
      throw new OAuthError(400, 'credential_request_denied', 'the credential has no subject DID to bind to');
    }
    const response = await protocol.issueCredential({
      body: req.body,
      offerId: offer.id,
      configurationId: configuration.id,
      credentialJwt,
      vc,
      verifyProof: (jwt) =>
        verifyHolderProof({
          jwt,
          subjectDid,
          resolver: runtime.holderResolver,
          now,
          audience: runtime.baseUrl,
        }),
    });
    await recordOfferEvent(ctx.db, {
      offer,
      action: OFFER_AUDIT_ACTIONS.deliver,
      at: now,
      detail: { credentialId: offer.credentialId },
    });
    noStore(res).json(response);
  });

  const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (isOAuthError(error)) {
      sendOAuthError(res, error);
      return;
    }
    const parserError = error as { type?: unknown; status?: unknown };
    if (
      typeof parserError.type === 'string' &&
      typeof parserError.status === 'number' &&
      parserError.status < 500
    ) {
      const code = req.path === '/credential' ? 'invalid_credential_request' : 'invalid_request';
      sendOAuthError(res, new OAuthError(400, code, 'malformed request body'));
      return;
    }
    const e = error as { name?: unknown; code?: unknown };
    ctx.logger?.error('oid4vci request failed', {
      method: req.method,
      path: req.route?.path ?? 'unknown',
      errorName: typeof e.name === 'string' ? e.name : undefined,
      errorCode: typeof e.code === 'string' ? e.code : undefined,
    });
    sendOAuthError(res, new OAuthError(500, 'server_error', 'internal error'));
  };
  router.use(errorHandler);
  return router;
}
