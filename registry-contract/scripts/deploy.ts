/**
 * Deploys the registries to the network of `RPC_URL` with `DEPLOYER_PRIVATE_KEY` and records the addresses in
 * `registry-contract/deployments/<chainId>.json`.
 *
 * Environment: RPC_URL (required), DEPLOYER_PRIVATE_KEY (required), GOVERNANCE_ADMIN (optional address),
 * DID_REGISTRY_ADDRESS (optional: reuse an existing ERC-1056 registry).
 */
import { deployRegistries } from '../src/deploy.ts';
import { writeDeploymentFile } from '../src/deployment-file.ts';

const rpcUrl = process.env.RPC_URL;
const deployerPrivateKey = process.env.DEPLOYER_PRIVATE_KEY;
if (!rpcUrl || !deployerPrivateKey || !/^0x[0-9a-fA-F]{64}$/.test(deployerPrivateKey)) {
  console.error(
    'usage: RPC_URL=<url> DEPLOYER_PRIVATE_KEY=0x<64 hex> [GOVERNANCE_ADMIN=0x…] [DID_REGISTRY_ADDRESS=0x…] npm run deploy',
  );
  process.exit(2);
}
try {
  const deployment = await deployRegistries({
    rpcUrl,
    deployerPrivateKey: deployerPrivateKey as `0x${string}`,
    governanceAdmin: process.env.GOVERNANCE_ADMIN as `0x${string}` | undefined,
    existingDidRegistry: process.env.DID_REGISTRY_ADDRESS as `0x${string}` | undefined,
  });
  const file = writeDeploymentFile(deployment, process.env.DEPLOYMENTS_DIR || undefined);
  console.log(JSON.stringify(deployment, null, 2));
  console.log(`recorded in ${file}`);
} catch (error) {
  console.error(
    `${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message.split('\n')[0]}`,
  );
  process.exit(1);
}
