// The whole medtrust stack for the end-to-end tests, as `npm start` runs it: an anvil chain with the registries
// deployed and the demo organisations accredited, the issuer service (short status flush), the verifier service and
// the web app server, each on a free loopback port.
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
  boardKeys: Record<'admin' | 'operator' | 'auditor', string>;
  /** The board's DID. */
  boardDid: string;
  /** API keys of the demo hospital (issues treatments), by role. */
  hospitalKeys: Record<'admin' | 'operator' | 'auditor', string>;
  /** The hospital's DID. */
  hospitalDid: string;
  /** API keys of the demo manufacturer (issues drug batches and custody transfers), by role. */
  manufacturerKeys: Record<'admin' | 'operator' | 'auditor', string>;
  /** The manufacturer's DID. */
  manufacturerDid: string;
  close(): Promise<void>;
}

const silent = { info() {}, error() {} };

/**
 * Starts the stack.
 * @param options - status flush period of the issuer (ms).
 * @returns the running services; close them in `after`.
 */
export async function startStack(options: { statusFlushMs?: number } = {}): Promise<Stack> {
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
      },
      logger: silent,
    });
    stops.push(() => issuer.close());
    const board = DEMO_ORGANISATIONS.find((o) => o.slug === 'medical-board')!;
    const organisation = await ensureOrganisation(issuer.db, issuer.agent, chainConfig, {
      slug: board.slug,
      name: board.name,
      kind: 'medical-board',
      jurisdiction: board.jurisdiction,
      privateKeyHex: board.privateKey,
    });
    const boardKeys = await createRoleKeys(issuer.db, organisation.id);
    const hospitalDemo = DEMO_ORGANISATIONS.find((o) => o.slug === 'hospital')!;
    const hospital = await ensureOrganisation(issuer.db, issuer.agent, chainConfig, {
      slug: hospitalDemo.slug,
      name: hospitalDemo.name,
      kind: 'hospital',
      jurisdiction: hospitalDemo.jurisdiction,
      privateKeyHex: hospitalDemo.privateKey,
    });
    const hospitalKeys = await createRoleKeys(issuer.db, hospital.id);
    const manufacturerDemo = DEMO_ORGANISATIONS.find((o) => o.slug === 'manufacturer')!;
    const manufacturer = await ensureOrganisation(issuer.db, issuer.agent, chainConfig, {
      slug: manufacturerDemo.slug,
      name: manufacturerDemo.name,
      kind: 'manufacturer',
      jurisdiction: manufacturerDemo.jurisdiction,
      privateKeyHex: manufacturerDemo.privateKey,
    });
    const manufacturerKeys = await createRoleKeys(issuer.db, manufacturer.id);

    // The public directory reads the issuer's publication feed (`verifier.directory.sync()` polls it at once).
    const verifier = await startVerifierService(
      loadVerifierConfig(
        {
          VERIFIER_PORT: '0',
          DIRECTORY_DB: ':memory:',
          DIRECTORY_FEEDS: `${issuer.url}/public/credentials`,
          DIRECTORY_POLL_SECONDS: '1',
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
      boardKeys,
      boardDid: organisation.did!,
      hospitalKeys,
      hospitalDid: hospital.did!,
      manufacturerKeys,
      manufacturerDid: manufacturer.did!,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
