/**
 * Seeds the demo organisations on a fresh deployment: trust-registry accreditations (root and one delegated level).
 * Their first status lists are registered when the issuer service sets the organisations up, and created on-chain by
 * its status publisher.
 */
import { createPublicClient, createWalletClient, http, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  statusRegistryArtifact,
  trustRegistryArtifact,
  type RegistryDeployment,
} from '@medtrust/registry-contract';
import { registryKey } from '@medtrust/core';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';

const YEAR = 365 * 24 * 3600;

/**
 * Writes the demo accreditations.
 * @param rpcUrl - chain endpoint.
 * @param deployment - where the registries are.
 * @returns the number of transactions sent.
 */
export async function seedDemo(rpcUrl: string, deployment: RegistryDeployment): Promise<number> {
  const transport = http(rpcUrl, { retryCount: 0 });
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const chain = {
    id: deployment.chainId,
    name: 'medtrust',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  } as const;
  const block = await publicClient.getBlock();
  // The trust registry refuses a start before the current block: 0 = "from the block that records it".
  const from = 0;
  const until = Number(block.timestamp) + 5 * YEAR;
  const bySlug = new Map(DEMO_ORGANISATIONS.map((o) => [o.slug, o]));
  let sent = 0;

  async function send(
    privateKey: Hex,
    address: Address,
    abi: typeof trustRegistryArtifact.abi | typeof statusRegistryArtifact.abi,
    functionName: string,
    args: readonly unknown[],
  ) {
    const wallet = createWalletClient({ account: privateKeyToAccount(privateKey), transport, chain });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const hash = await wallet.writeContract({ address, abi, functionName, args } as any);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted while seeding`);
    sent++;
  }

  const governance = bySlug.get('national-regulator')!;
  // Root accreditations first, then the delegated ones (their accreditor must already hold a delegable root).
  for (const pass of ['governance', 'delegated'] as const) {
    for (const org of DEMO_ORGANISATIONS) {
      for (const a of org.accreditations) {
        if ((a.by === 'governance') !== (pass === 'governance')) continue;
        const type = registryKey(a.credentialType);
        const jurisdiction = registryKey(org.jurisdiction);
        if (a.by === 'governance') {
          await send(governance.privateKey, deployment.trustRegistry, trustRegistryArtifact.abi, 'accredit', [
            org.address,
            type,
            jurisdiction,
            from,
            until,
            a.delegable,
          ]);
        } else {
          const accreditor = bySlug.get(a.by)!;
          await send(
            accreditor.privateKey,
            deployment.trustRegistry,
            trustRegistryArtifact.abi,
            'accreditDelegated',
            [accreditor.address, org.address, type, jurisdiction, from, until - 1],
          );
        }
      }
    }
  }
  return sent;
}
