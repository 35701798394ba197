import express, { type Express, type Response, type Router } from 'express';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import {
  appendAuditEntry,
  createApiKey,
  getBatchProgress,
  getCredential,
  getOrganisation,
  listApiKeys,
  listAuditEntries,
  listAuditEntriesForTarget,
  listStatusChangesForCredential,
  getBatch,
  listBatchItemResults,
  revokeApiKey,
  isStoreError,
  searchCredentials,
  type ApiKeyRole,
  type Database,
} from '../store/index.ts';
import { authenticate, principalOf, READ_ROLES, requireRole, type SessionTokens } from './auth.ts';
import {
  createAuthFailureLimiter,
  DEFAULT_AUTH_FAILURE_LIMIT,
  type AuthFailureLimitOptions,
} from './auth-failure-limit.ts';
import { errorHandler, notFoundHandler, type Logger } from './error-handler.ts';
import { HttpError } from './http-error.ts';
import type { IssuerOperations } from './issuer-operations.ts';
import { requestId } from './request-id.ts';
import { asyncRoute } from './async-route.ts';
import { publicFeedRouter, publicationRoutes } from './publication-routes.ts';
import { queryInteger } from './query.ts';
import { anchorProofRouter } from './anchor-proof-routes.ts';
import { anyOriginCors } from './public-cors.ts';
import { publicRateLimit } from './public-rate-limit.ts';
import type { AnchorProofLookup } from '../anchoring/index.ts';
import { REISSUE_BATCH_TYPE } from '../issuance/reissue.ts';

/** CORS of the unauthenticated `/public` routes: read-only, any origin (directories and wallets in browsers). */
const publicCors = anyOriginCors({ methods: 'GET, OPTIONS', headers: 'content-type' });

/** What the issuer's HTTP app needs. */
export interface IssuerAppOptions {
  db: Database;
  operations: IssuerOperations;
  sessions: SessionTokens;
  logger: Logger;
  clock: () => Date;
  /** Reports chain connectivity for `/health`. */
  chainHealth: () => Promise<{ reachable: boolean; blockNumber?: number }>;
  /** Extra routers mounted before authentication (e.g. OID4VCI at `/oid4vci`, which has its own tokens). */
  publicRouters?: { path: string; router: Router }[];
  /** Requests per minute and client address on the unauthenticated `/public` routes (600 by default). */
  publicRateLimitPerMinute?: number;
  /** Where anchor proofs are read (`/public/anchor-proofs`, credential details, the publication feed). */
  anchorProofs: AnchorProofLookup;
  /**
   * Failed authentication attempts per client address (20 per 5 minutes, in-process memory, by default); pass a
   * shared express-rate-limit `store` to count across issuer instances.
   */
  authFailureLimit?: Partial<AuthFailureLimitOptions>;
  /**
   * Express `trust proxy`: whose `X-Forwarded-For` names the client for the per-client limits; `loopback` by
   * default (the web app's same-origin proxy).
   */
  trustProxy?: false | number | string;
  /** JSON body limit, 1 MB by default; batch uploads 50 MB. */
  jsonLimit?: string;
  batchLimit?: string;
}

const ACTIONS = { revoke: 'revoke', suspend: 'suspend', reinstate: 'reinstate' } as const;
const ROLES: ApiKeyRole[] = ['admin', 'operator', 'auditor'];

function requireObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, `${name} must be a JSON object`, {
      pointer: `/${name}`,
    });
  }
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, name: string, max = 200): string | undefined {
  if (value === undefined) return undefined;
  // PostgreSQL text cannot hold U+0000: refused here rather than failing in the database.
  if (typeof value !== 'string' || value.length > max || value.includes('\u0000')) {
    throw new HttpError(
      400,
      ErrorCodes.INVALID_ARGUMENT,
      `${name} must be a string of at most ${max} characters`,
    );
  }
  return value;
}

/** Kebab-case route names of the credential types, for the richer per-type issuing route. */
export const TYPE_ROUTES: Record<string, string> = {
  'medical-licenses': 'MedicalLicenseCredential',
  'hospital-accreditations': 'HospitalAccreditationCredential',
  'supplier-accreditations': 'SupplierAccreditationCredential',
  'drug-batches': 'DrugBatchCredential',
  'custody-transfers': 'CustodyTransferCredential',
  treatments: 'TreatmentCredential',
  reviews: 'ReviewCredential',
};

/**
 * Builds the issuer's express app: health, sessions, W3C VC-API issuing, per-type issuing, search, status changes,
 * batches (CSV / JSON lines, and re-issue under a new identity: `POST /batches/reissue`, `POST /batches/:id/offers`),
 * offers, audit log and admin routes (API keys, `POST /keys/rotate`, `POST /identity/replace`). Every route but `/health` (and the public routers) needs an API key
 * or session token; roles: `admin` (keys), `operator` (issue, revoke), `auditor` (read). Every query is scoped to
 * the caller's organisation. Credential bodies are never logged.
 * @param options - database, operations, session tokens, logger, clock, chain health.
 * @returns the app (not listening).
 */
export function createIssuerApp(options: IssuerAppOptions): Express {
  const { db, operations, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? 'loopback');
  app.use(requestId);
  // A NUL can only arrive percent-encoded; no route takes one and PostgreSQL text cannot hold it.
  app.use((req, _res, next) => {
    next(
      /%00/.test(req.originalUrl)
        ? new HttpError(400, ErrorCodes.INVALID_ARGUMENT, 'the URL contains a NUL character')
        : undefined,
    );
  });

  app.get('/health', async (_req, res) => {
    const chain = await options.chainHealth().catch(() => ({ reachable: false }));
    res.json({ status: 'ok', chain });
  });
  for (const { path, router } of options.publicRouters ?? []) app.use(path, router);
  app.use(
    '/public',
    publicCors,
    publicRateLimit(options.publicRateLimitPerMinute ?? 600),
    publicFeedRouter(db, options.anchorProofs),
    anchorProofRouter(options.anchorProofs),
  );

  const json = express.json({ limit: options.jsonLimit ?? '1mb', strict: true });
  const text = express.text({
    limit: options.batchLimit ?? '50mb',
    type: ['text/csv', 'application/x-ndjson', 'application/jsonl', 'text/plain'],
  });
  const auth = authenticate(
    db,
    options.sessions,
    createAuthFailureLimiter({ ...DEFAULT_AUTH_FAILURE_LIMIT, ...options.authFailureLimit }),
  );
  const operator = requireRole('operator');
  const admin = requireRole('admin');
  const reader = requireRole(...READ_ROLES);

  // --- sessions (login) -------------------------------------------------------------------------------------
  app.post(
    '/sessions',
    auth,
    asyncRoute(async (_req, res) => {
      const principal = principalOf(res);
      const session = options.sessions.issue(principal.apiKeyId);
      await appendAuditEntry(db, {
        organisationId: principal.organisationId,
        actor: principal.actor,
        action: 'auth.login',
        target: principal.apiKeyId,
        at: options.clock().toISOString(),
      });
      res.status(201).json(session);
    }),
  );

  // --- issuing ---------------------------------------------------------------------------------------------------
  // W3C CCG VC-API: POST /credentials/issue {credential, options} → 201 {verifiableCredential}
  app.post(
    '/credentials/issue',
    auth,
    operator,
    json,
    asyncRoute(async (req, res) => {
      const body = requireObject(req.body, 'body');
      const credential = requireObject(body.credential, 'credential');
      if (body.options !== undefined) requireObject(body.options, 'options');
      const issued = await operations.issue(principalOf(res), credential);
      res.status(201).json({ verifiableCredential: issued.verifiableCredential });
    }),
  );

  // Richer per-type route: POST /credentials/types/:type {credentialSubject, expirationDate?, offer?: {pin}}
  app.post(
    '/credentials/types/:typeRoute',
    auth,
    operator,
    json,
    asyncRoute(async (req, res) => {
      const type = TYPE_ROUTES[String(req.params.typeRoute)];
      if (!type)
        throw new HttpError(
          404,
          ErrorCodes.NOT_FOUND,
          `unknown credential type route ${req.params.typeRoute}`,
        );
      const body = requireObject(req.body, 'body');
      const credentialSubject = requireObject(body.credentialSubject, 'credentialSubject');
      const expirationDate = optionalString(body.expirationDate, 'expirationDate', 40);
      const principal = principalOf(res);
      const issued = await operations.issue(principal, {
        type: ['VerifiableCredential', type],
        credentialSubject,
        ...(expirationDate ? { expirationDate } : {}),
      });
      const offerOptions = body.offer === undefined ? undefined : requireObject(body.offer, 'offer');
      const offer = offerOptions
        ? await operations.createOffer(principal, issued.credentialId, { pin: offerOptions.pin === true })
        : undefined;
      res.status(201).json({
        id: issued.credentialId,
        status: { listId: issued.listId, index: issued.index, revoked: false, suspended: false },
        jwt: issued.jwt,
        verifiableCredential: issued.verifiableCredential,
        ...(offer ? { offer } : {}),
      });
    }),
  );

  // --- reading ---------------------------------------------------------------------------------------------------
  app.get(
    '/credentials',
    auth,
    reader,
    asyncRoute(async (req, res) => {
      const q = req.query as Record<string, unknown>;
      const search = {
        organisationId: principalOf(res).organisationId,
        type: optionalString(q.type, 'type'),
        subjectId: optionalString(q.subject, 'subject', 500),
        text: optionalString(q.q, 'q'),
        cursor: optionalString(q.cursor, 'cursor', 500),
        limit: queryInteger(q.limit, 'limit', 50, 1, 500),
      };
      const page = await searchCredentials(db, search).catch((error: unknown) => {
        // the only argument the store can refuse here is the cursor (not one a previous page returned)
        if (isStoreError(error, 'STORE_INVALID_ARGUMENT')) {
          throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, 'cursor is not one a previous page returned');
        }
        throw error;
      });
      res.json(page);
    }),
  );

  async function ownCredential(res: Response, id: string) {
    const record = await getCredential(db, id);
    if (!record || record.organisationId !== principalOf(res).organisationId) {
      throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such credential');
    }
    return record;
  }

  app.get(
    '/credentials/:id',
    auth,
    reader,
    asyncRoute(async (req, res) => {
      const record = await ownCredential(res, String(req.params.id));
      const anchor = (await options.anchorProofs.byCredentialIds([record.id])).get(record.id);
      res.json({ ...record, anchor: anchor ?? { state: 'pending' } });
    }),
  );

  app.get(
    '/credentials/:id/status',
    auth,
    reader,
    asyncRoute(async (req, res) => {
      const record = await ownCredential(res, String(req.params.id));
      const changes = await listStatusChangesForCredential(db, record.id);
      res.json({
        id: record.id,
        listId: record.listId,
        index: record.listIndex,
        revoked: record.revoked,
        suspended: record.suspended,
        changes,
      });
    }),
  );

  app.get(
    '/credentials/:id/audit',
    auth,
    reader,
    asyncRoute(async (req, res) => {
      const record = await ownCredential(res, String(req.params.id));
      res.json({ entries: await listAuditEntriesForTarget(db, record.organisationId, record.id) });
    }),
  );

  // --- publication to directories (before /credentials/:id/:action, which would take it) --------------------------
  app.use(publicationRoutes({ db, auth, operator, clock: options.clock }));

  // --- delivery to wallets (before /credentials/:id/:action, which would take it) -----------------------------
  app.post(
    '/credentials/:id/offers',
    auth,
    operator,
    json,
    asyncRoute(async (req, res) => {
      const body = req.body === undefined ? {} : requireObject(req.body, 'body');
      res
        .status(201)
        .json(
          await operations.createOffer(principalOf(res), String(req.params.id), { pin: body.pin === true }),
        );
    }),
  );

  // --- status changes --------------------------------------------------------------------------------------------
  app.post(
    '/credentials/:id/:action',
    auth,
    operator,
    json,
    asyncRoute(async (req, res) => {
      const action = ACTIONS[String(req.params.action) as keyof typeof ACTIONS];
      if (!action) throw new HttpError(404, ErrorCodes.NOT_FOUND, `no route POST ${req.path}`);
      const body = req.body === undefined ? {} : requireObject(req.body, 'body');
      const reason = optionalString(body.reason, 'reason', 500) ?? '';
      const receipt = await operations.changeStatus(principalOf(res), String(req.params.id), action, reason);
      res.status(202).json(receipt);
    }),
  );

  // --- batches ---------------------------------------------------------------------------------------------------
  app.post(
    '/batches',
    auth,
    operator,
    text,
    asyncRoute(async (req, res) => {
      const type = optionalString((req.query as Record<string, unknown>).type, 'type');
      if (!type) throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, 'query parameter type is required');
      if (typeof req.body !== 'string' || req.body.length === 0) {
        throw new HttpError(
          400,
          ErrorCodes.INVALID_ARGUMENT,
          'send the batch as text/csv or application/x-ndjson',
        );
      }
      const format = req.is('text/csv') ? 'csv' : 'jsonl';
      const started = await operations.startBatch(principalOf(res), type, format, req.body);
      res.status(202).location(`/batches/${started.batchId}`).json(started);
    }),
  );

  // Re-issue the still-valid credentials of a previous identity under the current one (one resumable batch).
  app.post(
    '/batches/reissue',
    auth,
    operator,
    json,
    asyncRoute(async (req, res) => {
      const body = req.body === undefined ? {} : requireObject(req.body, 'body');
      const fromDid = optionalString(body.fromDid, 'fromDid', 500);
      const started = await operations.startReissue(principalOf(res), fromDid);
      res.status(202).location(`/batches/${started.batchId}`).json(started);
    }),
  );

  // OID4VCI offers for a re-issue batch's credentials whose originals were offered (URIs and PINs shown once).
  app.post(
    '/batches/:id/offers',
    auth,
    operator,
    asyncRoute(async (req, res) => {
      res.status(201).json(await operations.createReissueOffers(principalOf(res), String(req.params.id)));
    }),
  );

  app.get(
    '/batches/:id',
    auth,
    reader,
    asyncRoute(async (req, res) => {
      const batch = await getBatch(db, String(req.params.id), principalOf(res).organisationId);
      const progress = batch ? await getBatchProgress(db, batch.id) : undefined;
      if (!batch || !progress) throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such batch');
      res.json({
        id: batch.id,
        credentialType: batch.credentialType,
        createdAt: batch.createdAt,
        finishedAt: batch.finishedAt,
        ...progress,
        // a re-issue batch lists its items: new credential id, the one it replaces, whether an offer is due
        ...(batch.credentialType === REISSUE_BATCH_TYPE
          ? {
              items: (await listBatchItemResults(db, batch.id)).map((item) => ({
                row: item.row,
                credentialId: item.credentialId,
                replaces: item.replaces,
                error: item.error,
                offer: item.replacedOffered ? { pin: item.replacedOfferPin } : null,
              })),
            }
          : {}),
      });
    }),
  );

  // --- audit log ---------------------------------------------------------------------------------------------------
  app.get(
    '/audit',
    auth,
    reader,
    asyncRoute(async (req, res) => {
      const q = req.query as Record<string, unknown>;
      const before =
        q.before === undefined ? undefined : queryInteger(q.before, 'before', 0, 0, Number.MAX_SAFE_INTEGER);
      res.json(
        await listAuditEntries(db, principalOf(res).organisationId, {
          limit: 200,
          ...(before === undefined ? {} : { before }),
        }),
      );
    }),
  );

  // --- administration ------------------------------------------------------------------------------------------
  app.get(
    '/organisation',
    auth,
    reader,
    asyncRoute(async (_req, res) => {
      const organisation = await getOrganisation(db, principalOf(res).organisationId);
      res.json(organisation);
    }),
  );

  app.get(
    '/api-keys',
    auth,
    admin,
    asyncRoute(async (_req, res) => {
      res.json(await listApiKeys(db, principalOf(res).organisationId));
    }),
  );

  app.post(
    '/api-keys',
    auth,
    admin,
    json,
    asyncRoute(async (req, res) => {
      const body = requireObject(req.body, 'body');
      const role = body.role as ApiKeyRole;
      if (!ROLES.includes(role))
        throw new HttpError(400, ErrorCodes.INVALID_ARGUMENT, 'role must be admin, operator or auditor');
      const principal = principalOf(res);
      const created = await db.transaction(async (tx) => {
        const result = await createApiKey(tx, {
          organisationId: principal.organisationId,
          role,
          label: optionalString(body.label, 'label') ?? null,
        });
        await appendAuditEntry(tx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          action: 'api-key.created',
          target: result.apiKey.id,
          detail: { role },
          at: options.clock().toISOString(),
        });
        return result;
      });
      res.status(201).json({ ...created.apiKey, key: created.plaintextKey });
    }),
  );

  app.delete(
    '/api-keys/:id',
    auth,
    admin,
    asyncRoute(async (req, res) => {
      const principal = principalOf(res);
      const keys = await listApiKeys(db, principal.organisationId);
      const key = keys.find((k) => k.id === req.params.id);
      if (!key) throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such API key');
      await db.transaction(async (tx) => {
        await revokeApiKey(tx, principal.organisationId, key.id);
        await appendAuditEntry(tx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          action: 'api-key.revoked',
          target: key.id,
          at: options.clock().toISOString(),
        });
      });
      res.status(204).end();
    }),
  );

  // Gives the organisation a fresh did:ethr identity (compromised owner key runbook, step 2).
  app.post(
    '/identity/replace',
    auth,
    admin,
    asyncRoute(async (_req, res) => {
      res.status(201).json(await operations.replaceIdentity(principalOf(res)));
    }),
  );

  app.post(
    '/keys/rotate',
    auth,
    admin,
    asyncRoute(async (_req, res) => {
      res.status(201).json(await operations.rotateSigningKey(principalOf(res)));
    }),
  );

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}

export { MedtrustError };
