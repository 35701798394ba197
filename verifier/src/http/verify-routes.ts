import { Router } from 'express';
import type { VerificationReport, NonceStore } from '@medtrust/core';
import type { Logger } from '../logger.ts';
import type { VerificationEngine } from '../verification-engine.ts';
import { asyncRoute } from './async-route.ts';
import { verificationBody, type BodyLimits } from './body-parsers.ts';
import { parseVcApiBody, parseVerificationBody, type VerificationInput } from './verification-input.ts';
import { parseVerifyOptions } from './verify-options.ts';

/** What the verification routes need. */
export interface VerifyRoutesOptions {
  engine: VerificationEngine;
  nonces: NonceStore;
  limits: BodyLimits;
  /** Lifetime of challenges issued by `POST /challenges` (seconds). */
  challengeTtlSeconds: number;
  logger: Logger;
}

/** The codes of a report's failed checks, for the log (never the document). */
export function failedCodes(report: {
  checks: ReadonlyArray<{ check: string; status: string; code?: string }>;
}): string[] {
  return report.checks
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => c.code ?? c.check);
}

/**
 * The verification routes:
 * - `POST /verify` — a credential or presentation in any accepted form (see `parseVerificationBody`) plus optional
 *   `options`; 200 with the report whether or not it verified, 400 `{code, detail}` for a malformed request.
 * - `POST /credentials/verify`, `POST /presentations/verify` — W3C CCG VC-API: `{verifiableCredential |
 *   verifiablePresentation, options: {challenge, domain}}`; 200 with the report when verified, 400 with the report
 *   when not (400 `{code, detail}` when the request itself is malformed).
 * - `POST /challenges` — VC-API: a fresh single-use challenge for `options.challenge`, 201 `{challenge}`.
 * @param options - engine, nonce store, body limits, logger.
 */
export function createVerifyRouter(options: VerifyRoutesOptions): Router {
  const { engine, logger } = options;
  const router = Router();
  const body = verificationBody(options.limits);

  async function run(input: VerificationInput): Promise<VerificationReport> {
    const verifyOptions = parseVerifyOptions(input.options);
    if (input.kind === 'credential') return engine.verifyCredential(input.document, verifyOptions);
    if (input.kind === 'presentation') return engine.verifyPresentation(input.document, verifyOptions);
    return engine.verify(input.document, verifyOptions);
  }

  function log(route: string, requestId: unknown, report: VerificationReport): void {
    logger.info('verified', { requestId, route, verified: report.verified, failed: failedCodes(report) });
  }

  router.post(
    '/verify',
    ...body,
    asyncRoute(async (req, res) => {
      const report = await run(parseVerificationBody(req.body));
      log('/verify', res.getHeader('x-request-id'), report);
      res.status(200).json(report);
    }),
  );

  for (const [path, member] of [
    ['/credentials/verify', 'verifiableCredential'],
    ['/presentations/verify', 'verifiablePresentation'],
  ] as const) {
    router.post(
      path,
      ...body,
      asyncRoute(async (req, res) => {
        const report = await run(parseVcApiBody(req.body, member));
        log(path, res.getHeader('x-request-id'), report);
        res.status(report.verified ? 200 : 400).json(report);
      }),
    );
  }

  router.post(
    '/challenges',
    asyncRoute(async (_req, res) => {
      res.status(201).json({ challenge: await options.nonces.issue(options.challengeTtlSeconds) });
    }),
  );
  return router;
}
