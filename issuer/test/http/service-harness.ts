// A running issuer service on a real local chain and a fresh database (SQLite file or PostgreSQL schema), with two
// medical-board organisations (`a`, `b`) that hold chain accounts 1 and 2 and API keys for every role.
import { randomBytes } from 'node:crypto';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import type { ChainConfig } from '@medtrust/core';
import { startIssuerService, type RunningIssuer } from '../../src/service.ts';
import { ensureOrganisation, createRoleKeys } from '../../src/organisations/ensure-organisation.ts';
import type { IssuerConfig } from '../../src/config.ts';
import type { Dialect } from '../../src/store/index.ts';
import { freshLocation } from '../store/harness.ts';

/** A logger that drops everything. */
export const silentLogger = { info() {}, error() {} };

/** One HTTP answer: status, parsed JSON body (undefined when empty) and headers. */
export interface CallResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads arbitrary response members
  body: any;
  headers: Headers;
}

/** The running service and what the tests need of it. */
export interface ServiceHarness {
  chain: LocalChain;
  chainConfig: ChainConfig;
  /** The configuration the service runs with (to start another instance on the same database). */
  config: IssuerConfig;
  issuer: RunningIssuer;
  keys: Record<'a' | 'b', Record<'admin' | 'operator' | 'auditor', string>>;
  orgs: Record<'a' | 'b', { id: string; did: string; address: string }>;
  /** Calls the service; a string body is sent as is (set its content type in `headers`). */
  call(
    method: string,
    path: string,
    key: string | undefined,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<CallResult>;
  close(): Promise<void>;
}

/**
 * Starts anvil, deploys the registries, starts the issuer service on a fresh database and sets up two boards.
 * @param dialect - `sqlite` or `postgres`.
 * @param overrides - config members to change (e.g. `statusFlushMs`).
 */
export async function startServiceHarness(
  dialect: Dialect,
  overrides: Partial<IssuerConfig> = {},
): Promise<ServiceHarness> {
  const chain = await startLocalChain();
  const deployment = await deployRegistries({ rpcUrl: chain.rpcUrl, deployerPrivateKey: chain.accounts[0]! });
  const chainConfig: ChainConfig = { ...deployment, rpcUrl: chain.rpcUrl };
  const fresh = freshLocation(dialect);
  const config: IssuerConfig = {
    host: '127.0.0.1',
    port: 0,
    publicBaseUrl: '',
    dataDir: '',
    ...(fresh.location.url ? { databaseUrl: fresh.location.url, databaseSchema: fresh.location.schema } : {}),
    sqliteFile: fresh.location.sqliteFile ?? '',
    kmsSecret: randomBytes(32),
    sessionSecret: randomBytes(32),
    chain: chainConfig,
    statusFlushMs: 3_600_000, // flushed explicitly by the tests
    statusFlushMax: 100_000,
    anchorFlushMs: 3_600_000, // flushed explicitly by the tests
    anchorFlushMax: 100_000,
    ...overrides,
  };
  const issuer = await startIssuerService({ config, logger: silentLogger });
  const keys = {} as ServiceHarness['keys'];
  const orgs = {} as ServiceHarness['orgs'];
  for (const [name, keyIndex] of [
    ['a', 1],
    ['b', 2],
  ] as const) {
    const org = await ensureOrganisation(issuer.db, issuer.agent, chainConfig, {
      slug: `board-${name}`,
      name: `Board ${name}`,
      kind: 'medical-board',
      jurisdiction: 'PT',
      privateKeyHex: chain.accounts[keyIndex]!,
    });
    orgs[name] = { id: org.id, did: org.did!, address: org.address! };
    keys[name] = await createRoleKeys(issuer.db, org.id);
  }
  return {
    chain,
    chainConfig,
    config,
    issuer,
    keys,
    orgs,
    async call(method, path, key, body, headers = {}) {
      const response = await fetch(`${issuer.url}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json');
      return {
        status: response.status,
        body: text && json ? JSON.parse(text) : text || undefined,
        headers: response.headers,
      };
    },
    async close() {
      await issuer.close();
      await chain.stop();
      await fresh.cleanup();
    },
  };
}

/** A valid MedicalLicenseCredential request for a subject DID and licence number. */
export function licence(subjectId: string, licenseNumber: string) {
  return {
    type: ['VerifiableCredential', 'MedicalLicenseCredential'],
    credentialSubject: {
      id: subjectId,
      name: 'Dr. Ana Sousa',
      licenseNumber,
      jurisdiction: 'PT',
      specialty: 'Dermatology',
      scopeOfPractice: ['aesthetic dermatology'],
      validFrom: '2026-01-01',
      validUntil: '2030-12-31',
    },
  };
}
