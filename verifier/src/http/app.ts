import express, { type Express } from 'express';
import type { ChainHead, EvidenceChainAccess, NonceStore } from '@medtrust/core';
import type { Directory } from '../directory/directory.ts';
import { DEFAULT_DIRECTORY_RATE_LIMIT, type DirectoryRateLimit } from '../directory/directory-rate-limit.ts';
import { createDirectoryRouter } from '../directory/directory-routes.ts';
import { evidenceRouter } from './evidence-routes.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { oid4vpClientId } from '../oid4vp/authorization-request.ts';
import type { VerifierKey } from '../oid4vp/verifier-key.ts';
import { PolicyRegistry } from '../policies/policy-registry.ts';
import { PresentationRequestService } from '../requests/presentation-request-service.ts';
import type { PresentationRequestStore } from '../requests/presentation-request-store.ts';
import type { VerificationEngine } from '../verification-engine.ts';
import { cors } from './cors.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { createHealthRouter } from './health-route.ts';
import { createOid4vpRouter } from './oid4vp-routes.ts';
import { createPolicyRouter } from './policy-routes.ts';
import { createPresentationRequestRouter } from './presentation-request-routes.ts';
import { requestUrls } from './request-links.ts';
import { requestId } from './request-id.ts';
import { createVerifyRouter } from './verify-routes.ts';

/** Request limits and lifetimes of the verifier's HTTP app. */
export interface VerifierLimits {
  /** Largest accepted request body (default `1mb`; larger → 413 `PAYLOAD_TOO_LARGE`). */
  maxBodyBytes: string;
  /**
   * Deepest accepted JSON nesting of a body (default 64; deeper → 400 `INVALID_ARGUMENT`). The pipeline refuses
   * documents nested deeper than its own limit (32) with a `FORMAT_INVALID` report.
   */
  maxJsonDepth: number;
  /** Lifetime of a presentation request when its creator names none (default 300 s). */
  requestTtlSeconds: number;
  /** Longest lifetime a creator may ask for (default 3,600 s). */
  maxRequestTtlSeconds: number;
  /** Lifetime of `POST /challenges` challenges (default 300 s). */
  challengeTtlSeconds: number;
  /** How long `/health` waits for the chain (default 2,000 ms). */
  healthTimeoutMs: number;
}

/** Defaults of {@link VerifierLimits}. */
export const DEFAULT_LIMITS: VerifierLimits = {
  maxBodyBytes: '1mb',
  maxJsonDepth: 64,
  requestTtlSeconds: 300,
  maxRequestTtlSeconds: 3600,
  challengeTtlSeconds: 300,
  healthTimeoutMs: 2000,
};

/** Everything the verifier's HTTP app is built from (all injected, so tests can substitute any of it). */
export interface VerifierAppDependencies {
  /** The verification pipeline (`@medtrust/core`'s `Verifier`). */
  engine: VerificationEngine;
  /** Issues presentation-request nonces and challenges; the engine consumes them from the same store. */
  nonces: NonceStore;
  /** Chain connectivity for `/health`. */
  chainHead: ChainHead;
  /** Where presentation requests live. */
  requests: PresentationRequestStore;
  /** The verifier's OID4VP signing identity. */
  verifierKey: VerifierKey;
  /** Public base URL the links (QR codes, `request_uri`, `response_uri`) are built on. */
  publicBaseUrl: string;
  /** Presentation policies ({@link PolicyRegistry} defaults when omitted). */
  policies?: PolicyRegistry;
  /** Audience of directly answered presentations when a request names none (the public URL's host by default). */
  defaultDomain?: string;
  chainId?: number;
  clock?: () => Date;
  logger?: Logger;
  limits?: Partial<VerifierLimits>;
  /** Express `trust proxy`: whose `X-Forwarded-For` names the client (rate limits); `loopback` by default. */
  trustProxy?: false | number | string;
  /** The public directory, mounted at `/directory` when given (rate limits: 120 requests, 10 submissions a minute). */
  directory?: { directory: Directory; rateLimit?: DirectoryRateLimit };
  /** Chain access for `POST /evidence-bundles` (mounted when given). */
  evidence?: EvidenceChainAccess;
}

/**
 * Builds the verifier's express app: verification (`/verify`, VC-API `/credentials/verify`,
 * `/presentations/verify`, `/challenges`), presentation requests (`/presentation-requests`), OID4VP
 * (`/oid4vp/requests/:id`, `/oid4vp/responses/:id`), `/policies`, `/health` and, when given, the public directory
 * (`/directory`, rate limited per client). No route needs authentication;
 * bodies are size- and depth-limited; errors are `{code, detail}` (5xx: `{code: 'INTERNAL', requestId}`); bodies are
 * never logged.
 * @param deps - engine, stores, chain head, key, URLs, clock, logger, limits.
 * @returns the app (not listening).
 */
export function createVerifierApp(deps: VerifierAppDependencies): Express {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const bodyLimits = { maxBytes: limits.maxBodyBytes, maxJsonDepth: limits.maxJsonDepth };
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const policies = deps.policies ?? new PolicyRegistry();
  const urls = requestUrls(deps.publicBaseUrl, oid4vpClientId(deps.verifierKey));
  const service = new PresentationRequestService({
    policies,
    store: deps.requests,
    nonces: deps.nonces,
    engine: deps.engine,
    clock,
    defaultDomain: deps.defaultDomain ?? new URL(deps.publicBaseUrl).host,
    defaultTtlSeconds: limits.requestTtlSeconds,
    maxTtlSeconds: limits.maxRequestTtlSeconds,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  app.set('json replacer', (_key: string, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  app.use(requestId);
  app.use(cors);

  app.use(
    createHealthRouter({
      chainHead: deps.chainHead,
      timeoutMs: limits.healthTimeoutMs,
      ...(deps.chainId === undefined ? {} : { chainId: deps.chainId }),
    }),
  );
  app.use(createPolicyRouter(policies));
  app.use(
    createVerifyRouter({
      engine: deps.engine,
      nonces: deps.nonces,
      limits: bodyLimits,
      challengeTtlSeconds: limits.challengeTtlSeconds,
      logger,
    }),
  );
  app.use(createPresentationRequestRouter({ service, urls, limits: bodyLimits, clock, logger }));
  app.use(
    createOid4vpRouter({ service, urls, verifierKey: deps.verifierKey, limits: bodyLimits, clock, logger }),
  );

  if (deps.evidence !== undefined) {
    app.use(evidenceRouter({ engine: deps.engine, chain: deps.evidence, clock, limits: bodyLimits }));
  }
  if (deps.directory !== undefined) {
    app.use(
      '/directory',
      createDirectoryRouter({
        directory: deps.directory.directory,
        rateLimit: deps.directory.rateLimit ?? DEFAULT_DIRECTORY_RATE_LIMIT,
        limits: bodyLimits,
        logger,
      }),
    );
  }

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
