import express, { type Router } from 'express';
import { ErrorCodes } from '@medtrust/core';
import { CREDENTIAL_HASH_PATTERN, type AnchorProofLookup } from '../anchoring/index.ts';
import { asyncRoute } from './async-route.ts';
import { HttpError } from './http-error.ts';

/**
 * The unauthenticated anchor-proof route (mount it under `/public`, behind its rate limit and CORS):
 * `GET /anchor-proofs/:credentialHash` → 200 `{state: 'anchored', proof}` (a `MedtrustAnchorProof`), 202
 * `{state: 'pending'}` for a credential issued here whose anchor is not confirmed yet, 404 `NOT_FOUND` for a hash
 * no credential issued here has, 400 `INVALID_ARGUMENT` when it is not `0x` + 64 hex digits (either case).
 *
 * @param anchorProofs - where proofs are read.
 * @returns the router.
 */
export function anchorProofRouter(anchorProofs: AnchorProofLookup): Router {
  const router = express.Router();
  router.get(
    '/anchor-proofs/:credentialHash',
    asyncRoute(async (req, res) => {
      const credentialHash = String(req.params.credentialHash);
      if (!CREDENTIAL_HASH_PATTERN.test(credentialHash)) {
        throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, 'credentialHash must be 0x + 64 hex digits');
      }
      const view = await anchorProofs.byHash(credentialHash);
      if (view === undefined) {
        throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no credential issued here has that hash');
      }
      res.status(view.state === 'anchored' ? 200 : 202).json(view);
    }),
  );
  return router;
}
