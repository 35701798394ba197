/**
 * Verifier service configuration from the environment (the only place the verifier reads `process.env`).
 */
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_ANCHOR_MAX_LAG_SECONDS,
  ErrorCodes,
  MedtrustError,
  parseTrustProxy,
  type ChainConfig,
  type TrustProxySetting,
} from '@medtrust/core';
import { normaliseAnchorProofUrls } from './anchoring/http-anchor-proof-source.ts';
import { verifierKeyFromSeed } from './oid4vp/verifier-key.ts';
import { DEFAULT_DIRECTORY_CONFIG, type DirectoryConfig } from './directory/directory-config.ts';
import { storeConfigFromEnv } from './store/store-config-from-env.ts';
import type { VerifierStoreConfig } from './store/verifier-stores.ts';

/** Everything the verifier service needs to start. */
export interface VerifierConfig {
  host: string;
  /** Port to listen on (0 = a free port). */
  port: number;
  /**
   * Public base URL of the service (QR codes, `request_uri`, `response_uri`); the listening address when
   * omitted.
   */
  publicBaseUrl?: string;
  /** The chain and registries credentials are checked against. */
  chain: ChainConfig;
  /** How many blocks behind the polled chain head a (cached) status answer may be; 0 = the head itself. */
  maxStatusAgeBlocks: number;
  /** Tolerated clock difference for validity windows, seconds. */
  clockSkewSeconds: number;
  /** Default lifetime of a presentation request, seconds. */
  requestTtlSeconds: number;
  /** Largest accepted request body, e.g. `1mb`. */
  maxBodyBytes: string;
  /** The public directory (`/directory`); defaults (no feeds, an in-memory database) when omitted. */
  directory?: DirectoryConfig;
  /**
   * Which peers' `X-Forwarded-For` names the real client (Express's `trust proxy`): `loopback` by default (the web
   * app's same-origin proxy on this machine), `false` to use the socket address only, or a hop count / address list.
   * Per-client rate limits key on that client.
   */
  trustProxy?: TrustProxySetting;
  /** Timeout of one request to the chain or to an issuer's anchor-proof endpoint, ms (5,000). */
  requestTimeoutMs?: number;
  /** The `anchoring` check; defaults (no proof URLs, 24 h lag, the core's anchored types) when omitted. */
  anchoring?: AnchoringConfig;
  /** Where nonces and presentation requests are kept (PostgreSQL or SQLite); in memory when omitted. */
  store?: VerifierStoreConfig;
  /**
   * Verification worker threads for the HTTP routes (`VERIFIER_WORKERS`, the number of cores by default; 0 =
   * verify on the main thread) and how many requests may wait for one (`VERIFIER_MAX_QUEUE`, 256 per worker)
   * before new ones are refused with 503 `OVERLOADED`.
   */
  workers?: { count: number; maxQueue: number };
  /**
   * The registry mirror: blocks below the head still re-read for reorgs (`MIRROR_SAFE_DEPTH`, 12) and the widest
   * block range of one `eth_getLogs` (`CHAIN_MAX_LOG_RANGE`, unbounded; set it for nodes that cap log ranges).
   */
  mirror?: { safeDepth: number; maxLogRange?: number };
  /**
   * The OID4VP request-signing key shared by every instance (`VERIFIER_KEY`: a 32-byte Ed25519 seed, base64url);
   * an ephemeral key per start when omitted, which binds OID4VP requests to the instance that made them.
   */
  verifierKeySeed?: string;
}

/** Settings of the `anchoring` check. */
export interface AnchoringConfig {
  /**
   * Issuer base URLs asked for the proof of a credential presented without one
   * (`GET {url}/public/anchor-proofs/{credentialHash}`), in order; none by default (a credential then verifies only
   * with its proof given). Configured by the operator, never taken from a credential.
   */
  proofUrls: string[];
  /** Longest accepted delay from a credential's `nbf` to its anchor block, seconds (86,400). */
  maxLagSeconds: number;
  /**
   * Credential types that must be anchored; the core's default (licences, accreditations, batches, transfers,
   * treatments) when undefined. Empty: nothing is anchored, which disables the backdating protection.
   */
  requiredFor?: string[];
}

export { parseTrustProxy, type TrustProxySetting } from '@medtrust/core';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function invalid(message: string): MedtrustError {
  return new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, message);
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
  if (!Number.isInteger(n) || n < min || n > max)
    throw invalid(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

function address(value: unknown, name: string): `0x${string}` {
  if (typeof value !== 'string' || !ADDRESS.test(value))
    throw invalid(`${name} must be a 0x-prefixed address`);
  return value as `0x${string}`;
}

function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw invalid(`cannot read the deployment file ${file}: ${(error as Error).message}`);
  }
}

/**
 * `REGISTRY_DEPLOYMENT_BLOCK`, else the deployment record's `blockNumber`: where the registry mirror's log reads start.
 * @returns `{ deploymentBlock }` when known.
 */
function deploymentBlockOf(
  env: NodeJS.ProcessEnv,
  record: Record<string, unknown>,
): { deploymentBlock?: number } {
  if (env.REGISTRY_DEPLOYMENT_BLOCK) {
    return {
      deploymentBlock: integer(
        env.REGISTRY_DEPLOYMENT_BLOCK,
        'REGISTRY_DEPLOYMENT_BLOCK',
        0,
        0,
        Number.MAX_SAFE_INTEGER,
      ),
    };
  }
  const recorded = record.blockNumber;
  return typeof recorded === 'number' && Number.isSafeInteger(recorded) && recorded >= 0
    ? { deploymentBlock: recorded }
    : {};
}

/** A chain configuration from a deployment record (`deployments/<chainId>.json` or `data/runtime.json`). */
function chainFromRecord(
  record: Record<string, unknown>,
  rpcUrl: string | undefined,
  file: string,
  env: NodeJS.ProcessEnv,
): ChainConfig {
  const url = rpcUrl || (typeof record.rpcUrl === 'string' ? record.rpcUrl : undefined);
  if (!url) throw invalid(`RPC_URL is required (the deployment file ${file} names no rpcUrl)`);
  const chainId = Number(record.chainId);
  if (!Number.isInteger(chainId) || chainId <= 0) throw invalid(`the deployment file ${file} has no chainId`);
  if (env.CHAIN_ID && Number(env.CHAIN_ID) !== chainId) {
    throw new MedtrustError(
      ErrorCodes.DEPLOYMENT_NOT_FOUND,
      `the deployment file ${file} is for chain ${chainId}`,
    );
  }
  return {
    rpcUrl: url,
    chainId,
    didRegistry: address(record.didRegistry, 'didRegistry'),
    statusRegistry: address(record.statusRegistry, 'statusRegistry'),
    trustRegistry: address(record.trustRegistry, 'trustRegistry'),
    anchorRegistry: address(env.ANCHOR_REGISTRY_ADDRESS || record.anchorRegistry, 'anchorRegistry'),
    ...(env.DID_NETWORK_NAME ? { didNetworkName: env.DID_NETWORK_NAME } : {}),
    ...deploymentBlockOf(env, record),
  };
}

/**
 * The chain the verifier checks against, from the environment, in this order:
 * 1. `RPC_URL`, `CHAIN_ID`, `DID_REGISTRY_ADDRESS`, `STATUS_REGISTRY_ADDRESS`, `TRUST_REGISTRY_ADDRESS`,
 *    `ANCHOR_REGISTRY_ADDRESS`;
 * 2. `DEPLOYMENT_FILE` (a deployment record; `RPC_URL` overrides its `rpcUrl`, `ANCHOR_REGISTRY_ADDRESS` its
 *    `anchorRegistry` — also for 3 and 4, e.g. a record written before the AnchorRegistry existed);
 * 3. `RPC_URL` + `CHAIN_ID` and `<DEPLOYMENTS_DIR>/<CHAIN_ID>.json` (default `registry-contract/deployments`);
 * 4. `<DATA_DIR>/runtime.json`, written by `npm start` (default `./data`).
 * `DID_NETWORK_NAME` names the `did:ethr:<name>:` network (the hex chain id is always accepted).
 * @param env - the environment.
 * @returns the chain configuration.
 * @throws MedtrustError `CONFIGURATION_INVALID` when none is complete, `DEPLOYMENT_NOT_FOUND` when no record
 *   exists for the chain.
 */
export function chainConfigFromEnv(env: NodeJS.ProcessEnv): ChainConfig {
  const rpcUrl = env.RPC_URL || undefined;
  if (env.STATUS_REGISTRY_ADDRESS || env.TRUST_REGISTRY_ADDRESS || env.DID_REGISTRY_ADDRESS) {
    // ANCHOR_REGISTRY_ADDRESS alone does not select this branch: it also amends a deployment record (below)
    if (!rpcUrl || !env.CHAIN_ID) throw invalid('RPC_URL and CHAIN_ID are required with registry addresses');
    return {
      rpcUrl,
      chainId: integer(env.CHAIN_ID, 'CHAIN_ID', 0, 1, Number.MAX_SAFE_INTEGER),
      didRegistry: address(env.DID_REGISTRY_ADDRESS, 'DID_REGISTRY_ADDRESS'),
      statusRegistry: address(env.STATUS_REGISTRY_ADDRESS, 'STATUS_REGISTRY_ADDRESS'),
      trustRegistry: address(env.TRUST_REGISTRY_ADDRESS, 'TRUST_REGISTRY_ADDRESS'),
      anchorRegistry: address(env.ANCHOR_REGISTRY_ADDRESS, 'ANCHOR_REGISTRY_ADDRESS'),
      ...(env.DID_NETWORK_NAME ? { didNetworkName: env.DID_NETWORK_NAME } : {}),
      ...deploymentBlockOf(env, {}),
    };
  }
  if (env.DEPLOYMENT_FILE)
    return chainFromRecord(readJson(env.DEPLOYMENT_FILE), rpcUrl, env.DEPLOYMENT_FILE, env);
  if (rpcUrl && env.CHAIN_ID) {
    const dir = env.DEPLOYMENTS_DIR || join(process.cwd(), 'registry-contract', 'deployments');
    const file = join(dir, `${integer(env.CHAIN_ID, 'CHAIN_ID', 0, 1, Number.MAX_SAFE_INTEGER)}.json`);
    if (!existsSync(file)) {
      throw new MedtrustError(
        ErrorCodes.DEPLOYMENT_NOT_FOUND,
        `no deployment recorded for chain ${env.CHAIN_ID}`,
      );
    }
    return chainFromRecord(readJson(file), rpcUrl, file, env);
  }
  const runtime = join(env.DATA_DIR || join(process.cwd(), 'data'), 'runtime.json');
  if (existsSync(runtime)) return chainFromRecord(readJson(runtime), rpcUrl, runtime, env);
  throw invalid(
    'no chain configured: set RPC_URL with CHAIN_ID and the registry addresses, DEPLOYMENT_FILE, or run npm start',
  );
}

/**
 * The public directory's settings: `DIRECTORY_FEEDS` (comma-separated feed URLs, none by default), `DIRECTORY_DB`
 * (`<DATA_DIR>/directory.sqlite`; `:memory:` allowed), `DIRECTORY_POLL_SECONDS` (30), `DIRECTORY_FEED_PAGE_SIZE`
 * (100), `DIRECTORY_EVENTS_FROM_BLOCK` (0: first block scanned for trust-registry events),
 * `DIRECTORY_RATE_WINDOW_SECONDS` (60), `DIRECTORY_RATE_LIMIT` (120 requests per window and client address),
 * `DIRECTORY_WRITE_RATE_LIMIT` (10 review or reply submissions per window and address),
 * `DIRECTORY_RECHECK_CONCURRENCY` (4 stored verifications rechecked at once after chain events) and
 * `DIRECTORY_RESULT_MAX_AGE_SECONDS` (3,600: longest a stored verification is served without a relevant event).
 * @param env - the environment.
 * @returns the settings.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed setting.
 */
function directoryConfigFromEnv(env: NodeJS.ProcessEnv): DirectoryConfig {
  const feeds = [
    ...new Set(
      (env.DIRECTORY_FEEDS ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== ''),
    ),
  ];
  for (const feed of feeds) {
    let parsed: URL;
    try {
      parsed = new URL(feed);
    } catch {
      throw invalid('DIRECTORY_FEEDS must be comma-separated absolute http(s) URLs');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw invalid('DIRECTORY_FEEDS must be comma-separated absolute http(s) URLs');
    }
  }
  const defaults = DEFAULT_DIRECTORY_CONFIG;
  return {
    feeds,
    dbPath: env.DIRECTORY_DB || join(env.DATA_DIR || join(process.cwd(), 'data'), 'directory.sqlite'),
    pollIntervalSeconds: integer(
      env.DIRECTORY_POLL_SECONDS,
      'DIRECTORY_POLL_SECONDS',
      defaults.pollIntervalSeconds,
      1,
      86_400,
    ),
    feedPageSize: integer(
      env.DIRECTORY_FEED_PAGE_SIZE,
      'DIRECTORY_FEED_PAGE_SIZE',
      defaults.feedPageSize,
      1,
      500,
    ),
    eventsFromBlock: integer(
      env.DIRECTORY_EVENTS_FROM_BLOCK,
      'DIRECTORY_EVENTS_FROM_BLOCK',
      defaults.eventsFromBlock,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    rateLimit: {
      windowSeconds: integer(
        env.DIRECTORY_RATE_WINDOW_SECONDS,
        'DIRECTORY_RATE_WINDOW_SECONDS',
        defaults.rateLimit.windowSeconds,
        1,
        86_400,
      ),
      maxRequests: integer(
        env.DIRECTORY_RATE_LIMIT,
        'DIRECTORY_RATE_LIMIT',
        defaults.rateLimit.maxRequests,
        1,
        1_000_000,
      ),
      maxWrites: integer(
        env.DIRECTORY_WRITE_RATE_LIMIT,
        'DIRECTORY_WRITE_RATE_LIMIT',
        defaults.rateLimit.maxWrites,
        1,
        1_000_000,
      ),
    },
    ...(env.DIRECTORY_RECHECK_CONCURRENCY
      ? {
          recheckConcurrency: integer(
            env.DIRECTORY_RECHECK_CONCURRENCY,
            'DIRECTORY_RECHECK_CONCURRENCY',
            4,
            1,
            256,
          ),
        }
      : {}),
    ...(env.DIRECTORY_RESULT_MAX_AGE_SECONDS
      ? {
          resultMaxAgeSeconds: integer(
            env.DIRECTORY_RESULT_MAX_AGE_SECONDS,
            'DIRECTORY_RESULT_MAX_AGE_SECONDS',
            3_600,
            1,
            30 * 86_400,
          ),
        }
      : {}),
  };
}

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9]{0,127}$/;

function list(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
}

/**
 * The `anchoring` settings: `ANCHOR_PROOF_URLS` (comma-separated issuer base URLs, none by default),
 * `ANCHOR_MAX_LAG_SECONDS` (86,400; 0 to 31,622,400) and `ANCHOR_REQUIRED_FOR` (comma-separated credential types;
 * unset = the core's default; set and empty = no type is anchored, which disables the backdating protection).
 * @param env - the environment.
 * @returns the settings.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed setting.
 */
export function anchoringConfigFromEnv(env: NodeJS.ProcessEnv): AnchoringConfig {
  let proofUrls: string[];
  try {
    proofUrls = normaliseAnchorProofUrls(list(env.ANCHOR_PROOF_URLS));
  } catch (error) {
    throw invalid(
      `ANCHOR_PROOF_URLS must be comma-separated absolute http(s) issuer base URLs without query or fragment (${(error as Error).message})`,
    );
  }
  const config: AnchoringConfig = {
    proofUrls: [...new Set(proofUrls)],
    maxLagSeconds: integer(
      env.ANCHOR_MAX_LAG_SECONDS,
      'ANCHOR_MAX_LAG_SECONDS',
      DEFAULT_ANCHOR_MAX_LAG_SECONDS,
      0,
      366 * 86_400,
    ),
  };
  if (env.ANCHOR_REQUIRED_FOR !== undefined) {
    const types = list(env.ANCHOR_REQUIRED_FOR);
    const bad = types.find((t) => !TYPE_NAME.test(t));
    if (bad !== undefined) {
      throw invalid(
        `ANCHOR_REQUIRED_FOR must be comma-separated credential type names (got ${JSON.stringify(bad.slice(0, 40))})`,
      );
    }
    config.requiredFor = types;
  }
  return config;
}

/**
 * Reads the verifier configuration: `VERIFIER_HOST` (127.0.0.1), `VERIFIER_PORT` (4200), `VERIFIER_PUBLIC_URL`,
 * `MAX_STATUS_AGE_BLOCKS` (1), `CLOCK_SKEW_SECONDS` (60), `PRESENTATION_REQUEST_TTL_SECONDS` (300),
 * `VERIFIER_MAX_BODY` (`1mb`), the chain (see {@link chainConfigFromEnv}) and the public directory (see
 * `directoryConfigFromEnv`: `DIRECTORY_FEEDS`, `DIRECTORY_DB`, `DIRECTORY_POLL_SECONDS`, …),
 * `VERIFIER_REQUEST_TIMEOUT_MS` (5,000: chain and anchor-proof requests) and the anchoring check (see
 * {@link anchoringConfigFromEnv}: `ANCHOR_PROOF_URLS`, `ANCHOR_MAX_LAG_SECONDS`, `ANCHOR_REQUIRED_FOR`) and the
 * nonce and request store (see `storeConfigFromEnv`: `DATABASE_URL`, `VERIFIER_DB`, `VERIFIER_PURGE_SECONDS`).
 * @param env - the environment (`process.env`).
 * @param chain - the chain, when the caller already knows it (e.g. `npm start`); read from `env` otherwise.
 * @returns the configuration.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed or missing setting.
 */
export function loadVerifierConfig(env: NodeJS.ProcessEnv, chain?: ChainConfig): VerifierConfig {
  const host = env.VERIFIER_HOST || '127.0.0.1';
  const port = integer(env.VERIFIER_PORT, 'VERIFIER_PORT', 4200, 0, 65535);
  const publicBaseUrl = env.VERIFIER_PUBLIC_URL || undefined;
  if (publicBaseUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(publicBaseUrl);
    } catch {
      throw invalid('VERIFIER_PUBLIC_URL must be an absolute http(s) URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw invalid('VERIFIER_PUBLIC_URL must be an absolute http(s) URL');
    }
  }
  const maxBodyBytes = env.VERIFIER_MAX_BODY || '1mb';
  if (!/^\d+(b|kb|mb)$/i.test(maxBodyBytes)) throw invalid('VERIFIER_MAX_BODY must look like 512kb or 1mb');
  return {
    host,
    port,
    ...(publicBaseUrl === undefined ? {} : { publicBaseUrl: publicBaseUrl.replace(/\/+$/, '') }),
    chain: chain ?? chainConfigFromEnv(env),
    maxStatusAgeBlocks: integer(env.MAX_STATUS_AGE_BLOCKS, 'MAX_STATUS_AGE_BLOCKS', 1, 0, 1_000_000),
    clockSkewSeconds: integer(env.CLOCK_SKEW_SECONDS, 'CLOCK_SKEW_SECONDS', 60, 0, 3600),
    requestTtlSeconds: integer(
      env.PRESENTATION_REQUEST_TTL_SECONDS,
      'PRESENTATION_REQUEST_TTL_SECONDS',
      300,
      10,
      86_400,
    ),
    maxBodyBytes,
    directory: directoryConfigFromEnv(env),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    requestTimeoutMs: integer(
      env.VERIFIER_REQUEST_TIMEOUT_MS,
      'VERIFIER_REQUEST_TIMEOUT_MS',
      5_000,
      100,
      120_000,
    ),
    anchoring: anchoringConfigFromEnv(env),
    store: storeConfigFromEnv(env, process.cwd()),
    workers: workersConfigFromEnv(env),
    mirror: {
      safeDepth: integer(env.MIRROR_SAFE_DEPTH, 'MIRROR_SAFE_DEPTH', 12, 0, 10_000),
      ...(env.CHAIN_MAX_LOG_RANGE
        ? {
            maxLogRange: integer(
              env.CHAIN_MAX_LOG_RANGE,
              'CHAIN_MAX_LOG_RANGE',
              0,
              1,
              Number.MAX_SAFE_INTEGER,
            ),
          }
        : {}),
    },
    ...verifierKeyFromEnv(env),
  };
}

/**
 * `VERIFIER_KEY`: the OID4VP signing key's 32-byte Ed25519 seed, base64url (e.g.
 * `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`).
 * @param env - the environment.
 * @returns the seed when set.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed value (the value itself is never echoed).
 */
export function verifierKeyFromEnv(env: NodeJS.ProcessEnv): { verifierKeySeed?: string } {
  const seed = env.VERIFIER_KEY;
  if (seed === undefined || seed === '') return {};
  if (verifierKeyFromSeed(seed.trim()) === undefined) {
    throw invalid('VERIFIER_KEY must be a 32-byte Ed25519 seed in base64url (43 characters)');
  }
  return { verifierKeySeed: seed.trim() };
}

/**
 * The verification worker pool's size and queue bound: `VERIFIER_WORKERS` (0–256, the number of cores by default)
 * and `VERIFIER_MAX_QUEUE` (1–1,000,000, 256 per worker by default).
 * @param env - the environment.
 * @returns the settings.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed value.
 */
export function workersConfigFromEnv(env: NodeJS.ProcessEnv): { count: number; maxQueue: number } {
  const count = integer(env.VERIFIER_WORKERS, 'VERIFIER_WORKERS', availableParallelism(), 0, 256);
  const maxQueue = integer(
    env.VERIFIER_MAX_QUEUE,
    'VERIFIER_MAX_QUEUE',
    256 * Math.max(1, count),
    1,
    1_000_000,
  );
  return { count, maxQueue };
}
