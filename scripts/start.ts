/**
 * `npm start`: brings medtrust up on embedded defaults — a local anvil chain on a free loopback port, the registries
 * deployed, demo organisations seeded — and prints the URLs. With RPC_URL set, uses that chain instead (the
 * registries recorded in registry-contract/deployments/<chainId>.json, or deployed with DEPLOYER_PRIVATE_KEY).
 * Ctrl-C stops everything.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startLocalChain,
  DEV_ACCOUNT_PRIVATE_KEYS,
  type LocalChain,
} from '@medtrust/registry-contract/local-chain';
import { deployRegistries, type RegistryDeployment } from '@medtrust/registry-contract/deploy';
import {
  DEPLOYMENTS_DIR,
  readDeploymentFile,
  writeDeploymentFile,
} from '@medtrust/registry-contract/deployment-file';
import { createChainPublicClient } from '@medtrust/core';
import { seedDemo } from './seed-demo.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';

const dataDir = process.env.DATA_DIR ?? join(process.cwd(), 'data');
const deploymentsDir = process.env.DEPLOYMENTS_DIR || DEPLOYMENTS_DIR;
mkdirSync(dataDir, { recursive: true });

let chain: LocalChain | undefined;
let rpcUrl: string;
let deployment: RegistryDeployment;
const started = performance.now();

try {
  if (process.env.RPC_URL) {
    rpcUrl = process.env.RPC_URL;
    const chainId = await createChainPublicClient({ rpcUrl, chainId: 0 }).getChainId();
    const recorded = readDeploymentFile(chainId, deploymentsDir);
    if (recorded) deployment = recorded;
    else if (process.env.DEPLOYER_PRIVATE_KEY) {
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
    chain = await startLocalChain({
      port: process.env.CHAIN_PORT ? Number(process.env.CHAIN_PORT) : undefined,
    });
    rpcUrl = chain.rpcUrl;
    deployment = await deployRegistries({ rpcUrl, deployerPrivateKey: DEV_ACCOUNT_PRIVATE_KEYS[0]! });
    await seedDemo(rpcUrl, deployment);
  }
} catch (error) {
  await chain?.stop();
  console.error(
    `${(error as { code?: string }).code ?? 'START_FAILED'}: ${(error as Error).message.split('\n')[0]}`,
  );
  process.exit(1);
}

// The services of later issues read this file to find the chain and registries.
const runtimeFile = join(dataDir, 'runtime.json');
writeFileSync(runtimeFile, JSON.stringify({ rpcUrl, ...deployment }, null, 2) + '\n');

console.log(`medtrust is up (${Math.round(performance.now() - started)} ms)`);
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
console.log('Press Ctrl-C to stop.');

async function shutdown() {
  await chain?.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
setInterval(() => undefined, 1 << 30);
