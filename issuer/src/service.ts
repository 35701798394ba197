/**
 * The issuer service: wires the store, keys, issuance, status publisher, OID4VCI and the HTTP app together.
 * Everything is injected from the configuration; this file holds no business rule of its own.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { privateKeyToAccount, type LocalAccount } from 'viem/accounts';
import { ErrorCodes, MedtrustError, createChainPublicClient, createEthrDidResolver } from '@medtrust/core';
import { createSchemaValidator } from '@medtrust/schemas';
import { DEFAULT_BATCH_LEASE_MS, type IssuerConfig } from './config.ts';
import {
  appendAuditEntry,
  getCredential,
  getOrganisation,
  listOrganisations,
  listRunningBatches,
  listBatchItemResults,
  getBatch,
  openDatabase,
  type Database,
} from './store/index.ts';
import {
  closeIssuerAgent,
  createCredentialSigner,
  createIssuerAgent,
  rotateSigningKey,
  ensureOwnerFunded,
  type CredentialSigner,
  type IssuerAgent,
} from './keys/index.ts';
import { issuerAgentInternals } from './keys/issuer-agent.ts';
import {
  createIssuanceBatch,
  issueCredential,
  organisationIdentityFromStore,
  parseBatch,
  sqlIssuerKeyRecords,
  type IssuanceContext,
} from './issuance/index.ts';
import { requestStatusChange, StatusPublisher, ViemStatusChainWriter } from './status/index.ts';
import { AnchorPublisher, ViemAnchorChainWriter, createAnchorProofLookup } from './anchoring/index.ts';
import {
  createCredentialOffer,
  createOid4vciRouter,
  createOid4vciWellKnownRouter,
  silenceSphereonLogging,
  type Oid4vciContext,
} from './oid4vci/index.ts';
import { SessionTokens } from './http/auth.ts';
import { createIssuerApp } from './http/app.ts';
import type { Logger } from './http/error-handler.ts';
import type { IssuerOperations } from './http/issuer-operations.ts';
import { replaceOrganisationIdentity } from './organisations/replace-identity.ts';
import { createReissueBatch, issuerOfJwt, REISSUE_BATCH_TYPE } from './issuance/reissue.ts';
import { HttpError } from './http/http-error.ts';
import { BatchRunner } from './issuance/batch-runner.ts';

/** A running issuer service. */
export interface RunningIssuer {
  /** Base URL it listens on. */
  url: string;
  db: Database;
  agent: IssuerAgent;
  publisher: StatusPublisher;
  /** Anchors every issued credential on-chain. */
  anchors: AnchorPublisher;
  /** This instance's id: the owner of the batch leases it holds (`ISSUER_INSTANCE_ID`, or random). */
  instanceId: string;
  /** Resolves when all batches started so far have settled (tests). */
  idle(): Promise<void>;
  /**
   * Stops the HTTP server, the takeover loop and background batches (after their running chunk, leases released:
   * another instance, or this one restarted, resumes them), the publishers, then closes the database.
   */
  close(): Promise<void>;
}

/** Options of {@link startIssuerService}. */
export interface StartIssuerOptions {
  config: IssuerConfig;
  logger: Logger;
  clock?: () => Date;
  /** Signing worker threads for batches (0 = sign on the main thread). */
  signingWorkers?: number;
}

/**
 * Starts the issuer service: opens the database (running migrations), builds the agent, resumes interrupted
 * batches, starts the status publisher and listens.
 * @param options - configuration, logger, clock.
 * @returns the running service.
 * @throws MedtrustError `STORE_UNAVAILABLE` / `CONFIGURATION_INVALID` when it cannot start.
 */
export async function startIssuerService(options: StartIssuerOptions): Promise<RunningIssuer> {
  const { config, logger } = options;
  const clock = options.clock ?? (() => new Date());
  silenceSphereonLogging();
  const db = await openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) }
      : { sqliteFile: config.sqliteFile },
  );
  const keyRecords = sqlIssuerKeyRecords(db);
  const agent = createIssuerAgent({
    chain: config.chain,
    sealingSecret: config.kmsSecret,
    records: keyRecords,
    clock,
  });
  const validator = createSchemaValidator();
  const signers = new Map<string, Promise<CredentialSigner>>();
  const identityOf = organisationIdentityFromStore(db);

  async function signerFor(organisationId: string): Promise<CredentialSigner> {
    let signer = signers.get(organisationId);
    if (!signer) {
      signer = identityOf(organisationId).then((identity) =>
        createCredentialSigner(agent, { did: identity.did }),
      );
      signers.set(organisationId, signer);
      signer.catch(() => signers.delete(organisationId));
    }
    return signer;
  }

  const issuance: IssuanceContext = {
    db,
    signerFor,
    // signing threads of a batch (BATCH_SIGNING_WORKERS) read the same key records through the pool
    workerSignerFor: async (organisationId) => ({
      records: keyRecords,
      sealingSecret: config.kmsSecret.toString('hex'),
      chain: config.chain,
      did: (await identityOf(organisationId)).did,
    }),
    organisationFor: identityOf,
    validator,
    clock,
    chain: { chainId: config.chain.chainId, statusRegistry: config.chain.statusRegistry },
  };

  // Status changes go on-chain from each organisation's controller key (its ERC-1056 owner).
  const accounts = new Map<string, LocalAccount>();
  async function accountFor(issuerAddress: string): Promise<LocalAccount> {
    const key = issuerAddress.toLowerCase();
    const cached = accounts.get(key);
    if (cached) return cached;
    const organisation = (await listOrganisations(db)).find((o) => o.address?.toLowerCase() === key);
    if (!organisation?.did)
      throw new MedtrustError(ErrorCodes.NOT_FOUND, 'no organisation for that issuer address');
    const identifier = await agent.didManagerGet({ did: organisation.did });
    const controller = identifier.keys.find((k) => k.kid === identifier.controllerKeyId);
    if (!controller) throw new MedtrustError(ErrorCodes.KEY_NOT_FOUND, 'organisation has no controller key');
    const managed = await issuerAgentInternals(agent).privateKeys.getKey({ alias: controller.kid });
    const account = privateKeyToAccount(`0x${managed.privateKeyHex}`);
    accounts.set(key, account);
    return account;
  }
  const organisationAddress = async (organisationId: string) =>
    (await identityOf(organisationId)).address as `0x${string}`;
  const publisher = new StatusPublisher({
    db,
    writer: new ViemStatusChainWriter({
      rpcUrl: config.chain.rpcUrl,
      chainId: config.chain.chainId,
      statusRegistry: config.chain.statusRegistry,
      accountFor,
    }),
    organisationAddress,
    flushIntervalMs: config.statusFlushMs,
    flushMaxChanges: config.statusFlushMax,
    clock,
    logger,
  });
  // Every stored credential is anchored: one Merkle root per organisation and flush, from the same controller key.
  const { anchorRegistry } = config.chain;
  const anchors = new AnchorPublisher({
    db,
    writer: new ViemAnchorChainWriter({
      rpcUrl: config.chain.rpcUrl,
      chainId: config.chain.chainId,
      anchorRegistry,
      accountFor,
    }),
    organisationAddress,
    ...(config.anchorFlushMs === undefined ? {} : { flushIntervalMs: config.anchorFlushMs }),
    ...(config.anchorFlushMax === undefined ? {} : { flushMaxCredentials: config.anchorFlushMax }),
    clock,
    logger,
  });

  // Listen first (a free port in tests), so the public base URL is known before the OID4VCI metadata is built.
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, `cannot listen: ${error.message}`)),
    );
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  const publicBaseUrl = config.port === 0 ? url : config.publicBaseUrl;

  const oid4vci: Oid4vciContext = {
    db,
    baseUrl: `${publicBaseUrl}/oid4vci`,
    now: clock,
    secret: config.sessionSecret,
    logger,
    didResolver: createEthrDidResolver(config.chain),
    async loadCredentialJwt(organisationId, credentialId) {
      const record = await getCredential(db, credentialId);
      if (!record || record.organisationId !== organisationId || record.revoked) return undefined;
      return record.jwt;
    },
  };

  // Every batch runs under this instance's lease; batches of instances that died are taken over once it expires.
  const batches = new BatchRunner({
    issuance,
    instanceId: config.instanceId ?? randomUUID(),
    leaseMs: config.batchLeaseMs ?? DEFAULT_BATCH_LEASE_MS,
    runOptions: () => ({ signingWorkers: options.signingWorkers ?? config.signingWorkers ?? 0 }),
    onRunEnded: () => {
      void publisher.notifyListAllocated(); // lists the batch started, on-chain now
      void anchors.notify();
    },
    logger,
  });
  const startBatchRun = (batchId: string) => batches.start(batchId);

  const replaceIdentity: IssuerOperations['replaceIdentity'] = async (principal) => {
    // a running batch signs with the identity it started with: let it finish (or cancel it) first
    if ((await listRunningBatches(db)).some((b) => b.organisationId === principal.organisationId)) {
      throw new MedtrustError(
        ErrorCodes.CONFLICT,
        'a batch of the organisation is running: replace the identity after it',
      );
    }
    // what the old identity signed is anchored (and its pending status changes sent) while it is the address of
    // record: after the switch, the publishers write under the new address
    await anchors.ensureAnchored(principal.organisationId);
    await publisher.flush();
    const replaced = await replaceOrganisationIdentity(db, agent, {
      organisationId: principal.organisationId,
      actor: principal.actor,
      now: clock(),
    });
    signers.delete(principal.organisationId);
    try {
      await ensureOwnerFunded(agent, replaced.did); // anvil_setBalance on a dev chain, as key rotation does
    } catch (error) {
      logger.error('new identity not funded', {
        organisationId: principal.organisationId,
        errorCode: (error as { code?: string }).code,
      });
    }
    void publisher.notifyListAllocated(); // the new identity's first status list, on-chain now
    return { did: replaced.did, previousDid: replaced.previousDid };
  };
  const startReissue: IssuerOperations['startReissue'] = async (principal, fromDid) => {
    const {
      batch,
      skipped,
      fromDid: from,
    } = await createReissueBatch(db, {
      organisationId: principal.organisationId,
      ...(fromDid === undefined ? {} : { fromDid }),
      now: clock(),
    });
    await appendAuditEntry(db, {
      organisationId: principal.organisationId,
      actor: principal.actor,
      action: 'batch.created',
      target: batch.id,
      detail: {
        credentialType: REISSUE_BATCH_TYPE,
        total: batch.total,
        fromDid: from,
        skipped: {
          revoked: skipped.revoked.length,
          suspended: skipped.suspended.length,
          expired: skipped.expired.length,
          alreadyReplaced: skipped.alreadyReplaced.length,
        },
      },
    });
    startBatchRun(batch.id);
    return { batchId: batch.id, total: batch.total, fromDid: from, skipped };
  };
  const createReissueOffers: IssuerOperations['createReissueOffers'] = async (principal, batchId) => {
    const batch = await getBatch(db, batchId, principal.organisationId);
    if (batch?.credentialType !== REISSUE_BATCH_TYPE) {
      throw new HttpError(404, ErrorCodes.NOT_FOUND, 'no such re-issue batch');
    }
    const offers = [];
    for (const item of await listBatchItemResults(db, batch.id)) {
      if (item.credentialId === null || item.replaces === null || !item.replacedOffered) continue;
      const offer = await createCredentialOffer(oid4vci, {
        organisationId: principal.organisationId,
        credentialId: item.credentialId,
        pin: item.replacedOfferPin,
        actor: principal.actor,
      });
      offers.push({ ...offer, credentialId: item.credentialId, replaces: item.replaces });
    }
    return { offers };
  };

  const operations: IssuerOperations = {
    replaceIdentity,
    startReissue,
    createReissueOffers,
    async issue(principal, credential) {
      const issued = await issueCredential(issuance, {
        organisationId: principal.organisationId,
        actor: principal.actor,
        credential,
      });
      // the first index of a list: create the list on-chain now, so the credential's status is readable at once
      if (issued.index === 0) void publisher.notifyListAllocated();
      void anchors.notify();
      return {
        ...issued,
        verifiableCredential: issued.verifiableCredential as unknown as Record<string, unknown>,
      };
    },
    async changeStatus(principal, credentialId, action, reason) {
      // The status publisher writes under the organisation's current address: a credential issued under a previous
      // identity has its slot in that identity's lists, which this service no longer writes to.
      const record = await getCredential(db, credentialId, principal.organisationId);
      const current = (await getOrganisation(db, principal.organisationId))?.did;
      const issuedBy = record === undefined ? undefined : issuerOfJwt(record.jwt);
      if (issuedBy !== undefined && current != null && issuedBy !== current) {
        throw new MedtrustError(
          ErrorCodes.CONFLICT,
          'the credential was issued under a previous identity of the organisation: its status cannot be changed',
        );
      }
      const result = await requestStatusChange(db, {
        organisationId: principal.organisationId,
        credentialId,
        action,
        reason,
        actor: principal.actor,
        now: clock(),
      });
      publisher.notify();
      return result;
    },
    async startBatch(principal, credentialType, format, body) {
      const items = parseBatch(format, body, { credentialType });
      const batch = await createIssuanceBatch(db, {
        organisationId: principal.organisationId,
        credentialType,
        items,
      });
      await appendAuditEntry(db, {
        organisationId: principal.organisationId,
        actor: principal.actor,
        action: 'batch.created',
        target: batch.id,
        detail: { credentialType, total: batch.total },
      });
      startBatchRun(batch.id);
      return { batchId: batch.id, total: batch.total };
    },
    async createOffer(principal, credentialId, { pin }) {
      const offer = await createCredentialOffer(oid4vci, {
        organisationId: principal.organisationId,
        credentialId,
        pin,
        actor: principal.actor,
      });
      return offer;
    },
    async rotateSigningKey(principal) {
      const organisation = await getOrganisation(db, principal.organisationId);
      if (!organisation?.did) throw new MedtrustError(ErrorCodes.NOT_FOUND, 'organisation has no identity');
      // what the current key signed is anchored while that key is still valid; otherwise no rotation
      await anchors.ensureAnchored(principal.organisationId);
      const rotated = await rotateSigningKey(agent, organisation.did);
      signers.delete(principal.organisationId);
      await appendAuditEntry(db, {
        organisationId: principal.organisationId,
        actor: principal.actor,
        action: 'key.rotated',
        target: organisation.did,
        detail: { kid: rotated.kid, retiredKid: rotated.retiredKid, txHash: rotated.txHash },
      });
      return { kid: rotated.kid, retiredKid: rotated.retiredKid, txHash: rotated.txHash };
    },
  };

  const chainClient = createChainPublicClient(config.chain, { timeoutMs: 2000 });
  const app = createIssuerApp({
    db,
    operations,
    sessions: new SessionTokens(config.sessionSecret, clock),
    anchorProofs: createAnchorProofLookup(db, { chainId: config.chain.chainId, anchorRegistry }),
    logger,
    clock,
    ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
    authFailureLimit: {
      ...(config.authFailureLimit === undefined ? {} : { limit: config.authFailureLimit }),
      ...(config.authFailureWindowMs === undefined ? {} : { windowMs: config.authFailureWindowMs }),
    },
    chainHealth: async () => ({ reachable: true, blockNumber: Number(await chainClient.getBlockNumber()) }),
    publicRouters: [
      { path: '/oid4vci', router: createOid4vciRouter(oid4vci) },
      { path: '/', router: createOid4vciWellKnownRouter(oid4vci) },
    ],
  });

  await batches.resumeAndWatch();
  publisher.start();
  anchors.start();

  server.on('request', app);
  logger.info('issuer listening', { url });

  return {
    url,
    db,
    agent,
    publisher,
    anchors,
    instanceId: batches.instanceId,
    async idle() {
      await batches.idle();
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await publisher.stop();
      await batches.stop(); // running batches stop after their chunk and release their leases
      await anchors.stop();
      closeIssuerAgent(agent);
      await db.close();
    },
  };
}
