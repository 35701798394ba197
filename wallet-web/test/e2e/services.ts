// The whole medtrust stack for the end-to-end tests, as `npm start` runs it: an anvil chain with the registries
// deployed and the demo organisations accredited, the issuer service (short status and anchor flushes), the verifier
// service (reading anchor proofs from the issuer when a credential comes without one) and the web app server, each
// on a free loopback port.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import type { ChainConfig } from '@medtrust/core';
import { createRoleKeys, ensureOrganisation, startIssuerService, type RunningIssuer } from '@medtrust/issuer';
import { loadVerifierConfig, startVerifierService, type RunningVerifier } from '@medtrust/verifier';
import { seedDemo } from '../../../scripts/seed-demo.ts';
import { DEMO_ORGANISATIONS } from '../../../scripts/demo-organisations.ts';
import { startWalletWeb, type RunningWalletWeb } from '../../src/server/index.ts';

/** The running stack. */
export interface Stack {
  chain: LocalChain;
  chainConfig: ChainConfig;
  issuer: RunningIssuer;
  verifier: RunningVerifier;
  web: RunningWalletWeb;
  /** API keys of the demo medical board, by role. */
  boardKeys: RoleKeys;
  /** The board's DID. */
  boardDid: string;
  /** API keys of the demo hospital (issues treatments), by role. */
  hospitalKeys: RoleKeys;
  /** The hospital's DID. */
  hospitalDid: string;
  /** API keys of the demo manufacturer (issues drug batches and custody transfers), by role. */
  manufacturerKeys: RoleKeys;
  /** The manufacturer's DID. */
  manufacturerDid: string;
  close(): Promise<void>;
}

const silent = { info() {}, error() {} };

/** API keys of one organisation, by role. */
export type RoleKeys = Record<'admin' | 'operator' | 'auditor', string>;

/**
 * Sets a demo organisation up in the issuer (its accredited `did:ethr` key from `DEMO_ORGANISATIONS`), as
 * `npm start` does.
 * @param issuer - the running issuer.
 * @param chainConfig - the chain.
 * @param slug - the demo organisation's slug (also its kind).
 * @returns its DID and one API key per role.
 */
export async function setUpDemoOrganisation(
  issuer: RunningIssuer,
  chainConfig: ChainConfig,
  slug: string,
): Promise<{ did: string; keys: RoleKeys }> {
  const demo = DEMO_ORGANISATIONS.find((o) => o.slug === slug);
  if (demo === undefined) throw new Error(`no demo organisation ${slug}`);
  const organisation = await ensureOrganisation(issuer.db, issuer.agent, chainConfig, {
    slug: demo.slug,
    name: demo.name,
    kind: demo.slug,
    jurisdiction: demo.jurisdiction,
    privateKeyHex: demo.privateKey,
  });
  return { did: organisation.did!, keys: await createRoleKeys(issuer.db, organisation.id) };
}

/**
 * Starts the stack.
 * @param options - status and anchor flush periods of the issuer (ms).
 * @returns the running services; close them in `after`.
 */
export async function startStack(
  options: { statusFlushMs?: number; anchorFlushMs?: number } = {},
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'medtrust-e2e-'));
  const stops: Array<() => Promise<unknown>> = [async () => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const chain = await startLocalChain();
    stops.push(() => chain.stop());
    const deployment = await deployRegistries({
      rpcUrl: chain.rpcUrl,
      deployerPrivateKey: chain.accounts[0]!,
    });
    const chainConfig: ChainConfig = { ...deployment, rpcUrl: chain.rpcUrl };
    await seedDemo(chain.rpcUrl, deployment);

    const issuer = await startIssuerService({
      config: {
        host: '127.0.0.1',
        port: 0,
        publicBaseUrl: '',
        dataDir: dir,
        sqliteFile: join(dir, 'issuer.sqlite'),
        kmsSecret: randomBytes(32),
        sessionSecret: randomBytes(32),
        chain: chainConfig,
        statusFlushMs: options.statusFlushMs ?? 250,
        statusFlushMax: 256,
        // credentials are anchored within a fraction of a second, so a wallet holds its proof at once
        anchorFlushMs: options.anchorFlushMs ?? 250,
        anchorFlushMax: 256,
      },
      logger: silent,
    });
    stops.push(() => issuer.close());
    const board = await setUpDemoOrganisation(issuer, chainConfig, 'medical-board');
    const hospital = await setUpDemoOrganisation(issuer, chainConfig, 'hospital');
    const manufacturer = await setUpDemoOrganisation(issuer, chainConfig, 'manufacturer');

    // The public directory reads the issuer's publication feed (`verifier.directory.sync()` polls it at once); a
    // credential verified without its anchor proof has it looked up at the issuer (`ANCHOR_PROOF_URLS`).
    const verifier = await startVerifierService(
      loadVerifierConfig(
        {
          VERIFIER_PORT: '0',
          DIRECTORY_DB: ':memory:',
          DIRECTORY_FEEDS: `${issuer.url}/public/credentials`,
          DIRECTORY_POLL_SECONDS: '1',
          ANCHOR_PROOF_URLS: issuer.url,
        },
        chainConfig,
      ),
    );
    stops.push(() => verifier.close());
    const web = await startWalletWeb({ port: 0, issuerUrl: issuer.url, verifierUrl: verifier.url });
    stops.push(() => web.close());
    return {
      chain,
      chainConfig,
      issuer,
      verifier,
      web,
      boardKeys: board.keys,
      boardDid: board.did,
      hospitalKeys: hospital.keys,
      hospitalDid: hospital.did,
      manufacturerKeys: manufacturer.keys,
      manufacturerDid: manufacturer.did,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
