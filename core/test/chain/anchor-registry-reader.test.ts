// AnchorRegistryReader against a real anvil: an anchor is found on exactly the block it names (with that block's
// timestamp), not on another block, not for another issuer or root; anchorsOf lists an issuer's anchors of a range in
// chain order across log pages; a node that cannot answer is CHAIN_UNAVAILABLE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  keccak256,
  toBytes,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries, type RegistryDeployment } from '@medtrust/registry-contract/deploy';
import { anchorRegistryArtifact } from '@medtrust/registry-contract';
import { AnchorRegistryReader, ErrorCodes, MedtrustError } from '@medtrust/core';

let local: LocalChain;
let deployment: RegistryDeployment;
let client: PublicClient;
let chain: Chain;
let reader: AnchorRegistryReader;
let issuerKey: Hex;
let issuer: Address;
let other: Address;

before(async () => {
  local = await startLocalChain();
  deployment = await deployRegistries({ rpcUrl: local.rpcUrl, deployerPrivateKey: local.accounts[0]! });
  chain = defineChain({
    id: local.chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [local.rpcUrl] } },
  });
  client = createPublicClient({ chain, transport: http(local.rpcUrl), pollingInterval: 20 }) as PublicClient;
  reader = new AnchorRegistryReader(client, deployment.anchorRegistry);
  issuerKey = local.accounts[1]!;
  issuer = privateKeyToAccount(issuerKey).address;
  other = privateKeyToAccount(local.accounts[2]!).address;
});

after(async () => {
  await local?.stop();
});

let counter = 0;
function freshRoot(): Hex {
  return keccak256(toBytes(`reader-root-${counter++}`));
}

/** `key`'s identity anchors `root` over `count` credentials. */
async function anchor(key: Hex, root: Hex, count: bigint): Promise<TransactionReceipt> {
  const account = privateKeyToAccount(key);
  const wallet = createWalletClient({ account, chain, transport: http(local.rpcUrl) });
  const hash = await wallet.writeContract({
    address: deployment.anchorRegistry,
    abi: anchorRegistryArtifact.abi,
    functionName: 'anchor',
    args: [account.address, root, count],
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  return receipt;
}

describe('AnchorRegistryReader', () => {
  it('finds an anchor on exactly its block, with the block timestamp, and nothing elsewhere', async () => {
    const root = freshRoot();
    const receipt = await anchor(issuerKey, root, 256n);
    const block = await client.getBlock({ blockNumber: receipt.blockNumber });
    const found = await reader.findAnchor(issuer, root, receipt.blockNumber);
    assert.deepEqual(found, {
      issuer,
      root,
      credentialCount: 256n,
      blockNumber: receipt.blockNumber,
      blockTimestamp: Number(block.timestamp),
      transactionHash: receipt.transactionHash,
      logIndex: receipt.logs[0]!.logIndex,
    });
    // the issuer's address in any case
    assert.equal(
      (await reader.findAnchor(issuer.toLowerCase() as Address, root, receipt.blockNumber))?.transactionHash,
      receipt.transactionHash,
    );
    await anchor(issuerKey, freshRoot(), 1n); // a later block
    assert.equal(await reader.findAnchor(issuer, root, receipt.blockNumber - 1n), undefined);
    assert.equal(await reader.findAnchor(issuer, root, receipt.blockNumber + 1n), undefined);
    assert.equal(await reader.findAnchor(other, root, receipt.blockNumber), undefined);
    assert.equal(await reader.findAnchor(issuer, freshRoot(), receipt.blockNumber), undefined);
    // a block the node has not reached: it cannot answer (fail closed), it does not say "not anchored"
    await assert.rejects(
      reader.findAnchor(issuer, root, receipt.blockNumber + 1000n),
      (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CHAIN_UNAVAILABLE,
    );
  });

  it("reads nothing from another contract's logs", async () => {
    const root = freshRoot();
    const receipt = await anchor(issuerKey, root, 2n);
    const elsewhere = new AnchorRegistryReader(client, deployment.statusRegistry);
    assert.equal(await elsewhere.findAnchor(issuer, root, receipt.blockNumber), undefined);
  });

  it('lists the anchors of an issuer in a range, oldest first, across several log pages', async () => {
    // viem caches eth_blockNumber for the polling interval, so the range comes from the receipts, not from it
    const start = await client.getBlockNumber({ cacheTime: 0 });
    const mine: { root: Hex; receipt: TransactionReceipt }[] = [];
    let end = start;
    for (let i = 0; i < 3; i++) {
      const root = freshRoot();
      mine.push({ root, receipt: await anchor(issuerKey, root, BigInt(i + 1)) });
      end = (await anchor(local.accounts[2]!, freshRoot(), 7n)).blockNumber; // another issuer, interleaved
    }
    const paged = new AnchorRegistryReader(client, deployment.anchorRegistry, { maxLogRange: 2n });
    for (const r of [reader, paged]) {
      const anchors = await r.anchorsOf(issuer, start + 1n, end);
      assert.deepEqual(
        anchors.map((a) => [a.root, a.credentialCount, a.blockNumber, a.transactionHash]),
        mine.map(({ root, receipt }, i) => [
          root,
          BigInt(i + 1),
          receipt.blockNumber,
          receipt.transactionHash,
        ]),
      );
      for (const a of anchors) {
        const block = await client.getBlock({ blockNumber: a.blockNumber });
        assert.equal(a.blockTimestamp, Number(block.timestamp));
        assert.equal(a.issuer, issuer);
      }
    }
    assert.equal((await reader.anchorsOf(other, start + 1n, end)).length, 3);
    assert.deepEqual(await reader.anchorsOf(issuer, end, start), []);
    assert.throws(
      () => new AnchorRegistryReader(client, deployment.anchorRegistry, { maxLogRange: 0n }),
      (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.INVALID_ARGUMENT,
    );
  });

  it('throws CHAIN_UNAVAILABLE when the node cannot answer', async () => {
    const down = new AnchorRegistryReader(
      createPublicClient({ transport: http('http://127.0.0.1:1', { retryCount: 0, timeout: 1_000 }) }),
      deployment.anchorRegistry,
    );
    for (const attempt of [
      () => down.findAnchor(issuer, freshRoot(), 1n),
      () => down.anchorsOf(issuer, 0n, 10n),
    ]) {
      await assert.rejects(
        attempt(),
        (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CHAIN_UNAVAILABLE,
      );
    }
  });
});
