import express, { type RequestHandler, type Router } from 'express';
import { ErrorCodes } from '@medtrust/core';
import {
  appendAuditEntry,
  appendPublicationEvent,
  getCredential,
  isPublished,
  listPublicationEvents,
  type Database,
} from '../store/index.ts';
import type { AnchorProofLookup } from '../anchoring/index.ts';
import { principalOf } from './auth.ts';
import { asyncRoute } from './async-route.ts';
import { HttpError } from './http-error.ts';
import { queryInteger } from './query.ts';

/**
 * Credential types an issuer may publish to directories: facts about professionals, organisations and goods. A
 * `TreatmentCredential` or `ReviewCredential` carries patient data and is never published by an issuer.
 */
export const PUBLISHABLE_TYPES: readonly string[] = Object.freeze([
  'MedicalLicenseCredential',
  'HospitalAccreditationCredential',
  'SupplierAccreditationCredential',
  'DrugBatchCredential',
  'CustodyTransferCredential',
]);

/** Audit actions of publication. */
export const PUBLICATION_AUDIT_ACTIONS = {
  publish: 'credential.published',
  withdraw: 'credential.withdrawn',
} as const;

/**
 * The unauthenticated feed directories read: `GET /credentials?after=<seq>&limit=<n>` →
 * `{items: [{seq, id, type, publishedAt, withdrawn, jwt?, anchorProof?}], next, hasMore}`, in feed order,
 * publications with their JWT and its `anchorProof` (a `MedtrustAnchorProof`, or null while the credential's anchor is
 * not confirmed), later withdrawals without either. Mount it at `/public` behind the public rate limit.
 *
 * @param db - the issuer database.
 * @param anchorProofs - where anchor proofs are read.
 * @returns the router.
 */
export function publicFeedRouter(db: Database, anchorProofs: AnchorProofLookup): Router {
  const router = express.Router();
  router.get(
    '/credentials',
    asyncRoute(async (req, res) => {
      const q = req.query as Record<string, unknown>;
      const after = queryInteger(q.after, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = queryInteger(q.limit, 'limit', 100, 1, 500);
      const page = await listPublicationEvents(db, after, limit);
      const anchors = await anchorProofs.byCredentialIds(
        page.items.filter((event) => event.jwt !== undefined).map((event) => event.credentialId),
      );
      res.json({
        items: page.items.map((event) => {
          const anchor = anchors.get(event.credentialId);
          return {
            seq: event.seq,
            id: event.credentialId,
            type: event.type,
            publishedAt: event.at,
            withdrawn: event.withdrawn,
            ...(event.jwt === undefined
              ? {}
              : { jwt: event.jwt, anchorProof: anchor?.state === 'anchored' ? anchor.proof : null }),
          };
        }),
        next: String(page.next),
        hasMore: page.hasMore,
      });
    }),
  );
  return router;
}

/**
 * Staff routes: `POST /credentials/:id/publish` (201 `{published: true, at}`; 200 when already published) and
 * `DELETE /credentials/:id/publish` (204; 404 `NOT_FOUND` when not published). Operators only; only the
 * organisation's own credentials of a {@link PUBLISHABLE_TYPES} type (400 `INVALID_ARGUMENT` otherwise). Both are
 * audited in the transaction that appends the feed event.
 *
 * @param deps - database, the authentication and operator-role middlewares, the clock.
 * @returns the router (mount it at the root, after the public routers).
 */
export function publicationRoutes(deps: {
  db: Database;
  auth: RequestHandler;
  operator: RequestHandler;
  clock: () => Date;
}): Router {
  const { db, auth, operator, clock } = deps;
  const router = express.Router();

  async function ownPublishable(organisationId: string, id: string) {
    const record = await getCredential(db, id, organisationId);
    if (!record) throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such credential');
    if (!PUBLISHABLE_TYPES.includes(record.type)) {
      throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, `a ${record.type} is never published`);
    }
    return record;
  }

  router.post(
    '/credentials/:id/publish',
    auth,
    operator,
    asyncRoute(async (req, res) => {
      const principal = principalOf(res);
      const record = await ownPublishable(principal.organisationId, String(req.params.id));
      const at = clock().toISOString();
      const published = await db.transaction(async (tx) => {
        if (await isPublished(tx, record.id)) return false;
        await appendPublicationEvent(tx, {
          organisationId: principal.organisationId,
          credentialId: record.id,
          type: record.type,
          at,
          withdrawn: false,
        });
        await appendAuditEntry(tx, {
          at,
          organisationId: principal.organisationId,
          actor: principal.actor,
          action: PUBLICATION_AUDIT_ACTIONS.publish,
          target: record.id,
          detail: { type: record.type },
        });
        return true;
      });
      res
        .status(published ? 201 : 200)
        .json({ id: record.id, published: true, ...(published ? { at } : {}) });
    }),
  );

  router.delete(
    '/credentials/:id/publish',
    auth,
    operator,
    asyncRoute(async (req, res) => {
      const principal = principalOf(res);
      const record = await ownPublishable(principal.organisationId, String(req.params.id));
      const at = clock().toISOString();
      const withdrawn = await db.transaction(async (tx) => {
        if (!(await isPublished(tx, record.id))) return false;
        await appendPublicationEvent(tx, {
          organisationId: principal.organisationId,
          credentialId: record.id,
          type: record.type,
          at,
          withdrawn: true,
        });
        await appendAuditEntry(tx, {
          at,
          organisationId: principal.organisationId,
          actor: principal.actor,
          action: PUBLICATION_AUDIT_ACTIONS.withdraw,
          target: record.id,
          detail: { type: record.type },
        });
        return true;
      });
      if (!withdrawn) throw new HttpError(404, ErrorCodes.NOT_FOUND, 'the credential is not published');
      res.status(204).end();
    }),
  );
  return router;
}
