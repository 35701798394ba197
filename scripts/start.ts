/**
 * `npm start`: brings medtrust up on embedded defaults — a local anvil chain on a free loopback port, the registries
 * deployed, demo organisations seeded — and prints the URLs. With RPC_URL set, uses that chain instead (the
 * registries recorded in registry-contract/deployments/<chainId>.json, or deployed with DEPLOYER_PRIVATE_KEY).
 * Ctrl-C stops everything.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startLocalChain,
  DEV_ACCOUNT_PRIVATE_KEYS,
  type LocalChain,
} from '@medtrust/registry-contract/local-chain';
import {
  deployAnchorRegistry,
  deployRegistries,
  type RegistryDeployment,
} from '@medtrust/registry-contract/deploy';
import {
  DEPLOYMENTS_DIR,
  readDeploymentFile,
  writeDeploymentFile,
} from '@medtrust/registry-contract/deployment-file';
import { createChainPublicClient } from '@medtrust/core';
import { seedDemo } from './seed-demo.ts';
import {
  createConsoleLogger,
  createRoleKeys,
  ensureOrganisation,
  loadIssuerConfig,
  startIssuerService,
  type RunningIssuer,
} from '@medtrust/issuer';
import {
  createConsoleLogger as createVerifierLogger,
  loadVerifierConfig,
  startVerifierService,
  type RunningVerifier,
} from '@medtrust/verifier';
import { startWalletWeb, type RunningWalletWeb } from '@medtrust/wallet-web/server';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';
import { seedDemoDirectory, type DemoApiKeys } from './seed-demo-directory.ts';

const dataDir = process.env.DATA_DIR ?? join(process.cwd(), 'data');
const deploymentsDir = process.env.DEPLOYMENTS_DIR || DEPLOYMENTS_DIR;
const runtimeFile = join(dataDir, 'runtime.json');
mkdirSync(dataDir, { recursive: true });

function readRuntimeDeployment(file: string): RegistryDeployment | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RegistryDeployment;
  } catch {
    return undefined;
  }
}

/**
 * A deployment recorded before the AnchorRegistry existed has no (or no live) `anchorRegistry`: deploys just that one
 * next to the recorded ERC-1056 registry, keeping the other registries and their state.
 */
async function withAnchorRegistry(
  recorded: RegistryDeployment,
  url: string,
  deployerPrivateKey: `0x${string}` | undefined,
): Promise<RegistryDeployment | undefined> {
  const client = createChainPublicClient({ rpcUrl: url, chainId: recorded.chainId });
  if (recorded.anchorRegistry && (await client.getCode({ address: recorded.anchorRegistry })) !== undefined)
    return recorded;
  if (!deployerPrivateKey) return undefined;
  const { anchorRegistry } = await deployAnchorRegistry({
    rpcUrl: url,
    deployerPrivateKey,
    didRegistry: recorded.didRegistry,
  });
  return { ...recorded, anchorRegistry };
}

let chain: LocalChain | undefined;
let rpcUrl: string;
let deployment: RegistryDeployment;
const started = performance.now();

try {
  if (process.env.RPC_URL) {
    rpcUrl = process.env.RPC_URL;
    const chainId = await createChainPublicClient({ rpcUrl, chainId: 0 }).getChainId();
    const deployerPrivateKey = process.env.DEPLOYER_PRIVATE_KEY as `0x${string}` | undefined;
    const recordedFile = readDeploymentFile(chainId, deploymentsDir);
    const recorded = recordedFile && (await withAnchorRegistry(recordedFile, rpcUrl, deployerPrivateKey));
    if (recordedFile && !recorded) {
      console.error(
        `CONFIGURATION_INVALID: the deployment recorded for chain ${chainId} has no AnchorRegistry; set DEPLOYER_PRIVATE_KEY to deploy it`,
      );
      process.exit(2);
    }
    if (recorded) {
      if (recorded !== recordedFile) writeDeploymentFile(recorded, deploymentsDir);
      deployment = recorded;
    } else if (process.env.DEPLOYER_PRIVATE_KEY) {
      deployment = await deployRegistries({
        rpcUrl,
        deployerPrivateKey: process.env.DEPLOYER_PRIVATE_KEY as `0x${string}`,
      });
      writeDeploymentFile(deployment, deploymentsDir);
    } else {
      console.error(
        `CONFIGURATION_INVALID: no deployment recorded for chain ${chainId}; set DEPLOYER_PRIVATE_KEY or run npm run deploy`,
      );
      process.exit(2);
    }
  } else {
    // The embedded chain persists in ./data, so credentials and statuses survive restarts like the SQLite file.
    chain = await startLocalChain({
      port: process.env.CHAIN_PORT ? Number(process.env.CHAIN_PORT) : undefined,
      statePath: join(dataDir, 'anvil-state.json'),
    });
    rpcUrl = chain.rpcUrl;
    const previous = readRuntimeDeployment(runtimeFile);
    const client = createChainPublicClient({ rpcUrl, chainId: chain.chainId });
    const alive = previous && (await client.getCode({ address: previous.statusRegistry })) !== undefined;
    if (previous && alive)
      deployment = (await withAnchorRegistry(previous, rpcUrl, DEV_ACCOUNT_PRIVATE_KEYS[0]!))!;
    else {
      deployment = await deployRegistries({ rpcUrl, deployerPrivateKey: DEV_ACCOUNT_PRIVATE_KEYS[0]! });
      await seedDemo(rpcUrl, deployment);
    }
  }
} catch (error) {
  await chain?.stop();
  console.error(
    `${(error as { code?: string }).code ?? 'START_FAILED'}: ${(error as Error).message.split('\n')[0]}`,
  );
  process.exit(1);
}

// The services read this file to find the chain and registries.
writeFileSync(runtimeFile, JSON.stringify({ rpcUrl, ...deployment }, null, 2) + '\n');

// The issuer service, with the demo organisations (embedded chain only) holding the keys accredited on-chain.
let issuer: RunningIssuer | undefined;
let verifier: RunningVerifier | undefined;
let web: RunningWalletWeb | undefined;
let demoKeysFile: string | undefined;
try {
  const chainConfig = { ...deployment, rpcUrl };
  issuer = await startIssuerService({
    config: loadIssuerConfig(process.env, chainConfig),
    logger: createConsoleLogger('issuer'),
  });
  // The verifier's public directory reads what the issuer's organisations publish.
  const verifierEnv = {
    ...process.env,
    DIRECTORY_FEEDS: process.env.DIRECTORY_FEEDS ?? `${issuer.url}/public/credentials`,
    DIRECTORY_POLL_SECONDS: process.env.DIRECTORY_POLL_SECONDS ?? '5',
    // Credentials presented without their anchor proof (e.g. from an external wallet) are looked up at the issuer.
    ANCHOR_PROOF_URLS: process.env.ANCHOR_PROOF_URLS ?? issuer.url,
  };
  verifier = await startVerifierService(loadVerifierConfig(verifierEnv, chainConfig), {
    logger: createVerifierLogger('verifier'),
  });
  if (chain) {
    demoKeysFile = join(dataDir, 'demo-api-keys.json');
    const demoKeys: Record<string, unknown> = existsSync(demoKeysFile)
      ? JSON.parse(readFileSync(demoKeysFile, 'utf8'))
      : {};
    const demoDids: Record<string, string> = {};
    for (const org of DEMO_ORGANISATIONS) {
      const organisation = await ensureOrganisation(issuer.db, issuer.agent, chainConfig, {
        slug: org.slug,
        name: org.name,
        kind: org.slug,
        jurisdiction: org.jurisdiction,
        privateKeyHex: org.privateKey,
      });
      demoKeys[org.slug] ??= await createRoleKeys(issuer.db, organisation.id);
      demoDids[org.slug] = organisation.did!;
    }
    writeFileSync(demoKeysFile, JSON.stringify(demoKeys, null, 2) + '\n', { mode: 0o600 });
    // First start: publish a demo doctor, hospital, supplier and batch so the public directory has entries.
    const demoDirectoryFile = join(dataDir, 'demo-directory.json');
    if (!existsSync(demoDirectoryFile)) {
      const seeded = await seedDemoDirectory(issuer.url, demoKeys as DemoApiKeys, {
        hospital: demoDids.hospital!,
        manufacturer: demoDids.manufacturer!,
      });
      // The directory's poller lists them once the issuer's first status flush has put their lists on-chain.
      writeFileSync(demoDirectoryFile, JSON.stringify(seeded, null, 2) + '\n');
    }
  }
  // The web app (wallet, clinic check, issuer console), built on first start, proxying both services.
  web = await startWalletWeb({
    port: process.env.WALLET_PORT ? Number(process.env.WALLET_PORT) : 4300,
    host: process.env.WALLET_HOST ?? '127.0.0.1',
    issuerUrl: issuer.url,
    verifierUrl: verifier.url,
  });
} catch (error) {
  await chain?.stop();
  console.error(
    `${(error as { code?: string }).code ?? 'START_FAILED'}: ${(error as Error).message.split('\n')[0]}`,
  );
  process.exit(1);
}

console.log(`medtrust is up (${Math.round(performance.now() - started)} ms)`);
console.log(`  issuer API       ${issuer!.url}  (health: ${issuer!.url}/health)`);
console.log(`  verifier API     ${verifier!.url}  (health: ${verifier!.url}/health)`);
console.log(
  `  web app          ${web!.url}  (wallet ${web!.url}/, clinic ${web!.url}/clinic, console ${web!.url}/console, directory ${web!.url}/directory)`,
);
console.log(
  `  chain            ${rpcUrl}  (chain id ${deployment.chainId}${chain ? ', embedded anvil' : ''})`,
);
console.log(`  DID registry     ${deployment.didRegistry}  (ERC-1056)`);
console.log(`  status registry  ${deployment.statusRegistry}`);
console.log(`  trust registry   ${deployment.trustRegistry}`);
if (chain) {
  console.log('  demo organisations:');
  for (const org of DEMO_ORGANISATIONS)
    console.log(`    ${org.slug.padEnd(20)} did:ethr:0x${deployment.chainId.toString(16)}:${org.address}`);
}
console.log(`  runtime settings ${runtimeFile}`);
if (demoKeysFile)
  console.log(`  demo API keys    ${demoKeysFile}  (admin / operator / auditor per organisation)`);
console.log('Press Ctrl-C to stop.');

async function shutdown() {
  await issuer?.close().catch(() => undefined);
  await verifier?.close().catch(() => undefined);
  await web?.close().catch(() => undefined);
  await chain?.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
setInterval(() => undefined, 1 << 30);
