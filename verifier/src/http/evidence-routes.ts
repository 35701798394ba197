import express, { type Router } from 'express';
import {
  buildEvidenceBundle,
  ErrorCodes,
  MedtrustError,
  type EvidenceChainAccess,
  type ReviewInput,
} from '@medtrust/core';
import type { VerificationEngine } from '../verification-engine.ts';
import { asyncRoute } from './async-route.ts';
import { verificationBody, type BodyLimits } from './body-parsers.ts';
import { HttpError } from './http-error.ts';

/** What {@link evidenceRouter} needs. */
export interface EvidenceRouteDependencies {
  /** The verification pipeline. */
  engine: VerificationEngine;
  /** viem client and registries, to read the on-chain facts and their transactions. */
  chain: EvidenceChainAccess;
  /** The verifier's clock. */
  clock: () => Date;
  /** Body size and depth limits. */
  limits: BodyLimits;
}

const MAX_SUPPORTING_CREDENTIALS = 16;

function jwtList(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length > MAX_SUPPORTING_CREDENTIALS ||
    !value.every((item) => typeof item === 'string' && item.length > 0)
  ) {
    throw new HttpError(
      400,
      ErrorCodes.INVALID_ARGUMENT,
      `${name} must be an array of at most ${MAX_SUPPORTING_CREDENTIALS} compact JWTs`,
    );
  }
  return value as string[];
}

function optionalJwt(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, `${name} must be a compact JWT`);
  }
  return value;
}

/**
 * `POST /evidence-bundles`: either party of a treatment (the patient or the hospital) sends what it holds —
 * `{presentation?, treatment?, review?, licences?, hospitalAccreditations?}` (compact JWTs; the presentation as it
 * was answered, judged as a historical one: its challenge was consumed then) — and receives 201 with the evidence
 * bundle: the credentials, the verification report and, for every on-chain fact, the transaction hash and block.
 * A bundle is made for failing cases too (that is often what a dispute is about). The bundle is confidential (it
 * carries the patient's credentials): it is returned, never stored or logged. `npm run recheck-evidence` re-checks it
 * later. 400 `{code, detail}` for a malformed request; 503 `CHAIN_UNAVAILABLE` when the chain cannot be read
 * (evidence is never made from partial facts).
 *
 * @param deps - pipeline, chain access, clock, body limits.
 * @returns the router (mount it at the root).
 */
export function evidenceRouter(deps: EvidenceRouteDependencies): Router {
  const router = express.Router();
  router.post(
    '/evidence-bundles',
    ...verificationBody(deps.limits),
    asyncRoute(async (req, res) => {
      const body: unknown = req.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, 'the body must be a JSON object');
      }
      const b = body as Record<string, unknown>;
      const input: ReviewInput = {};
      const presentation = optionalJwt(b.presentation, 'presentation');
      const treatment = optionalJwt(b.treatment, 'treatment');
      const review = optionalJwt(b.review, 'review');
      const licences = jwtList(b.licences, 'licences');
      const hospitalAccreditations = jwtList(b.hospitalAccreditations, 'hospitalAccreditations');
      if (presentation !== undefined) input.presentation = presentation;
      if (treatment !== undefined) input.treatment = treatment;
      if (review !== undefined) input.review = review;
      if (licences !== undefined) input.licences = licences;
      if (hospitalAccreditations !== undefined) input.hospitalAccreditations = hospitalAccreditations;
      if (presentation === undefined && treatment === undefined) {
        throw new HttpError(
          400,
          ErrorCodes.INVALID_ARGUMENT,
          'send the presentation or the treatment credential',
        );
      }
      try {
        const bundle = await buildEvidenceBundle(deps.engine, input, {
          chain: deps.chain,
          clock: deps.clock,
          historicalPresentation: true,
        });
        res
          .status(201)
          .set('cache-control', 'no-store')
          .set('content-disposition', 'attachment; filename="medtrust-evidence.json"')
          .json(bundle);
      } catch (error) {
        if (error instanceof MedtrustError && error.code === ErrorCodes.INVALID_ARGUMENT) {
          throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, error.message);
        }
        throw error;
      }
    }),
  );
  return router;
}
