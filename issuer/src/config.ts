/**
 * Issuer service configuration from the environment (the only place the issuer reads `process.env`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ErrorCodes,
  MedtrustError,
  parseTrustProxy,
  type ChainConfig,
  type TrustProxySetting,
} from '@medtrust/core';

/** Everything the issuer service needs to start. */
export interface IssuerConfig {
  host: string;
  port: number;
  /** Public base URL (OID4VCI metadata, offer links). */
  publicBaseUrl: string;
  dataDir: string;
  /** PostgreSQL URL, or undefined for the SQLite file. */
  databaseUrl?: string;
  /** PostgreSQL schema (created if missing); the server's default search path when omitted. */
  databaseSchema?: string;
  sqliteFile: string;
  /** 32-byte secret sealing private keys at rest. */
  kmsSecret: Buffer;
  /** HMAC secret of session tokens. */
  sessionSecret: Buffer;
  chain: ChainConfig;
  statusFlushMs: number;
  statusFlushMax: number;
  /** Period of the anchor flush, ms (`ANCHOR_FLUSH_MS`, 2,000). */
  anchorFlushMs?: number;
  /** Queued credentials that trigger an anchor flush at once (`ANCHOR_FLUSH_MAX`, 256). */
  anchorFlushMax?: number;
  /** Worker threads that sign batch credentials (0 = the main thread signs). */
  signingWorkers?: number;
  /**
   * This instance's id, the owner of the batch leases it holds (`ISSUER_INSTANCE_ID`); a random id per process when
   * omitted. Two running instances must never share one.
   */
  instanceId?: string;
  /**
   * How long a batch lease holds without renewal, ms (`BATCH_LEASE_MS`, 30,000): an instance renews the leases of
   * its batches every third of it, and takes over a running batch whose lease expired (its instance died).
   */
  batchLeaseMs?: number;
  /**
   * Which peers' `X-Forwarded-For` names the real client (Express's `trust proxy`), for the per-client limits of
   * the public feed and of failed authentication: `loopback` by default (the web app's same-origin proxy on this
   * machine), `false` for the socket address only, or a hop count / address list (`TRUST_PROXY`).
   */
  trustProxy?: IssuerTrustProxySetting;
  /** Failed authentication attempts allowed per client address and window (`AUTH_FAILURE_LIMIT`, 20). */
  authFailureLimit?: number;
  /** The window of {@link IssuerConfig.authFailureLimit}, ms (`AUTH_FAILURE_WINDOW_MS`, 5 minutes). */
  authFailureWindowMs?: number;
}

/** Default of {@link IssuerConfig.batchLeaseMs}: 30 s. */
export const DEFAULT_BATCH_LEASE_MS = 30_000;
/** Shortest accepted `BATCH_LEASE_MS`: renewals every third of it must be able to reach the database in time. */
const MIN_BATCH_LEASE_MS = 300;

/** An Express `trust proxy` value (core's {@link TrustProxySetting}). */
export type IssuerTrustProxySetting = TrustProxySetting;

/** Parses `TRUST_PROXY` with the verifier's rules: core's {@link parseTrustProxy}. */
export const parseIssuerTrustProxy = parseTrustProxy;

function secretFrom(value: string | undefined, name: string): Buffer | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(value)) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      `${name} must be 32 bytes as 64 hex characters`,
    );
  }
  return Buffer.from(value.replace(/^0x/, ''), 'hex');
}

/**
 * Development secrets persisted in `<dataDir>/dev-secrets.json` (mode 0600) so keys sealed by one `npm start`
 * open in the next. Refused when NODE_ENV is `production`.
 */
function devSecrets(dataDir: string): { kms: Buffer; session: Buffer } {
  const file = join(dataDir, 'dev-secrets.json');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(
      file,
      JSON.stringify({ kms: randomBytes(32).toString('hex'), session: randomBytes(32).toString('hex') }),
      { mode: 0o600 },
    );
  }
  const { kms, session } = JSON.parse(readFileSync(file, 'utf8')) as { kms: string; session: string };
  return { kms: Buffer.from(kms, 'hex'), session: Buffer.from(session, 'hex') };
}

function integer(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      `${name} must be an integer from ${min} to ${max}`,
    );
  }
  return n;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** What an `ISSUER_INSTANCE_ID` may be: 1–128 letters, digits and `.`, `_`, `:`, `-`. */
const INSTANCE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reads `ISSUER_INSTANCE_ID`.
 * @param value - the variable's value.
 * @returns the id, or undefined when unset (the service then draws a random one).
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed id.
 */
function instanceIdFrom(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!INSTANCE_ID.test(value)) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      'ISSUER_INSTANCE_ID must be 1 to 128 letters, digits, ".", "_", ":" or "-"',
    );
  }
  return value;
}

/**
 * The AnchorRegistry the issuer anchors its Merkle roots in: `ANCHOR_REGISTRY_ADDRESS` when set, else the chain's.
 * @param env - the environment.
 * @param chain - the chain and registries.
 * @returns the chain with a validated `anchorRegistry`.
 * @throws MedtrustError `CONFIGURATION_INVALID` when the address is missing or malformed.
 */
function withAnchorRegistry(env: NodeJS.ProcessEnv, chain: ChainConfig): ChainConfig {
  const fromEnv = env.ANCHOR_REGISTRY_ADDRESS || undefined;
  const anchorRegistry: unknown = fromEnv ?? chain.anchorRegistry;
  if (typeof anchorRegistry !== 'string' || !ADDRESS.test(anchorRegistry)) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      fromEnv === undefined
        ? 'the chain configuration names no AnchorRegistry (set ANCHOR_REGISTRY_ADDRESS or redeploy)'
        : 'ANCHOR_REGISTRY_ADDRESS must be a 0x-prefixed address',
    );
  }
  return { ...chain, anchorRegistry: anchorRegistry as `0x${string}` };
}

/**
 * Reads the issuer configuration.
 * @param env - the environment (`process.env`; `ANCHOR_REGISTRY_ADDRESS` overrides the chain's anchor registry).
 * @param chain - the chain and registries (from `data/runtime.json` or a deployment record).
 * @returns the configuration.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed or (in production) missing setting.
 */
export function loadIssuerConfig(env: NodeJS.ProcessEnv, chain: ChainConfig): IssuerConfig {
  const dataDir = env.DATA_DIR || join(process.cwd(), 'data');
  const production = env.NODE_ENV === 'production';
  let kmsSecret = secretFrom(env.KMS_SECRET_KEY, 'KMS_SECRET_KEY');
  let sessionSecret = secretFrom(env.SESSION_SECRET, 'SESSION_SECRET');
  if (!kmsSecret || !sessionSecret) {
    if (production) {
      throw new MedtrustError(
        ErrorCodes.CONFIGURATION_INVALID,
        'KMS_SECRET_KEY and SESSION_SECRET are required in production',
      );
    }
    const dev = devSecrets(dataDir);
    kmsSecret ??= dev.kms;
    sessionSecret ??= dev.session;
  }
  const host = env.ISSUER_HOST || '127.0.0.1';
  const port = integer(env.ISSUER_PORT, 'ISSUER_PORT', 4100, 0, 65535);
  const instanceId = instanceIdFrom(env.ISSUER_INSTANCE_ID);
  return {
    host,
    port,
    publicBaseUrl: env.ISSUER_PUBLIC_URL || `http://${host}:${port}`,
    dataDir,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.DATABASE_SCHEMA ? { databaseSchema: env.DATABASE_SCHEMA } : {}),
    sqliteFile: join(dataDir, 'issuer.sqlite'),
    kmsSecret,
    sessionSecret,
    chain: withAnchorRegistry(env, chain),
    statusFlushMs: integer(env.STATUS_FLUSH_MS, 'STATUS_FLUSH_MS', 2000, 100, 3_600_000),
    statusFlushMax: integer(env.STATUS_FLUSH_MAX, 'STATUS_FLUSH_MAX', 256, 1, 100_000),
    anchorFlushMs: integer(env.ANCHOR_FLUSH_MS, 'ANCHOR_FLUSH_MS', 2000, 100, 3_600_000),
    anchorFlushMax: integer(env.ANCHOR_FLUSH_MAX, 'ANCHOR_FLUSH_MAX', 256, 1, 100_000),
    signingWorkers: integer(env.BATCH_SIGNING_WORKERS, 'BATCH_SIGNING_WORKERS', 0, 0, 64),
    ...(instanceId === undefined ? {} : { instanceId }),
    batchLeaseMs: integer(
      env.BATCH_LEASE_MS,
      'BATCH_LEASE_MS',
      DEFAULT_BATCH_LEASE_MS,
      MIN_BATCH_LEASE_MS,
      3_600_000,
    ),
    trustProxy: parseIssuerTrustProxy(env.TRUST_PROXY),
    authFailureLimit: integer(env.AUTH_FAILURE_LIMIT, 'AUTH_FAILURE_LIMIT', 20, 1, 1_000_000),
    authFailureWindowMs: integer(
      env.AUTH_FAILURE_WINDOW_MS,
      'AUTH_FAILURE_WINDOW_MS',
      300_000,
      1000,
      86_400_000,
    ),
  };
}
