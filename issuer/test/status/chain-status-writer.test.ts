// The viem StatusChainWriter on a real anvil: list creation, batches, receipts, look-ups, and its error codes
// (CHAIN_UNAVAILABLE for a dead node, CONTRACT_REVERTED naming the custom error, INVALID_ARGUMENT).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import type { RegistryDeployment } from '@medtrust/registry-contract/deploy';
import { revertErrorName, type ViemStatusChainWriter } from '../../src/status/index.ts';
import { caught } from '../store/harness.ts';
import { AccountBook, chainReader, startTestChain, writerFor, type TestChain } from './chain-harness.ts';

describe('ViemStatusChainWriter', () => {
  let chain: TestChain;
  let deployment: RegistryDeployment;
  let writer: ViemStatusChainWriter;
  let book: AccountBook;

  before(async () => {
    chain = await startTestChain();
    deployment = await chain.deploy();
    book = new AccountBook();
    book.set(chain.accounts[1]!);
    book.set(chain.accounts[2]!);
    writer = writerFor(chain, deployment, book);
  });

  after(async () => {
    await chain?.stop();
  });

  it('creates a list, applies each batch action, and reports receipts and look-ups', async (t) => {
    const issuer = chain.accounts[1]!.address;
    const created = await writer.createList(issuer, 7n, 2);
    const createdReceipt = await writer.waitForReceipt(created.txHash);
    assert.equal(createdReceipt.status, 'success');
    t.diagnostic(`createList 2 words: ${createdReceipt.gasUsed} gas`);
    assert.equal(await writer.findListCreation(issuer, 7n), created.txHash);
    assert.equal(await writer.findListCreation(issuer, 8n), undefined);

    const reader = chainReader(chain, deployment);
    assert.equal(await reader.capacity(issuer, 7n), 512n);

    const revoke = await writer.applyBatch(issuer, 7n, 'revoke', [0n, 1n], [0b101n, 1n << 255n]);
    const revokeReceipt = await writer.waitForReceipt(revoke.txHash);
    t.diagnostic(`revokeBatch 3 indices over 2 words: ${revokeReceipt.gasUsed} gas`);
    await writer.waitForReceipt((await writer.applyBatch(issuer, 7n, 'suspend', [0n], [0b110n])).txHash);
    await writer.waitForReceipt((await writer.applyBatch(issuer, 7n, 'reinstate', [0n], [0b100n])).txHash);
    const status = async (index: bigint) => {
      const { revoked, suspended } = await reader.statusOf({ issuer, listId: 7n, index });
      return [revoked, suspended];
    };
    assert.deepEqual(await status(0n), [true, false]);
    assert.deepEqual(await status(1n), [false, true]);
    assert.deepEqual(await status(2n), [true, false]);
    assert.deepEqual(await status(511n), [true, false]);
    assert.deepEqual(await status(3n), [false, false]);

    const lookup = await writer.lookupTransaction(revoke.txHash);
    assert.equal(lookup.state, 'mined');
    assert.equal(lookup.state === 'mined' && lookup.receipt.blockNumber, revokeReceipt.blockNumber);
    assert.deepEqual(await writer.lookupTransaction(`0x${'ab'.repeat(32)}` as Hex), { state: 'unknown' });
  });

  it('CONTRACT_REVERTED names the custom error: existing list, out of range, another issuer’s list', async () => {
    const a = chain.accounts[1]!.address;
    const b = chain.accounts[2]!.address;
    const again = await caught(() => writer.createList(a, 7n, 1));
    assert.equal((again as { code?: string }).code, 'CONTRACT_REVERTED');
    assert.equal(revertErrorName(again), 'ListAlreadyExists');

    const outOfRange = await caught(() => writer.applyBatch(a, 7n, 'suspend', [2n], [1n]));
    assert.equal((outOfRange as { code?: string }).code, 'CONTRACT_REVERTED');
    assert.equal(revertErrorName(outOfRange), 'IndexOutOfRange');

    // B's list, created with B's key; then A's key tries to write it
    await writer.waitForReceipt((await writer.createList(b, 9n, 1)).txHash);
    const aKeyEverywhere = new AccountBook();
    aKeyEverywhere.set(chain.accounts[1]!, b);
    const wrongKey = writerFor(chain, deployment, aKeyEverywhere);
    for (const action of ['revoke', 'suspend', 'reinstate'] as const) {
      const error = await caught(() => wrongKey.applyBatch(b, 9n, action, [0n], [1n]));
      assert.equal((error as { code?: string }).code, 'CONTRACT_REVERTED', action);
      assert.equal(revertErrorName(error), 'NotIdentityController', action);
    }
    const listTakeover = await caught(() => wrongKey.createList(b, 10n, 1));
    assert.equal(revertErrorName(listTakeover), 'NotIdentityController');
    const reader = chainReader(chain, deployment);
    const untouched = await reader.statusOf({ issuer: b, listId: 9n, index: 0n });
    assert.deepEqual([untouched.revoked, untouched.suspended], [false, false]);
  });

  it('CHAIN_UNAVAILABLE when the node is down, for every call', async () => {
    const dead = writerFor(chain, deployment, book, chain.deadRpcUrl);
    const issuer = chain.accounts[1]!.address;
    const hash = `0x${'cd'.repeat(32)}` as Hex;
    const started = Date.now();
    for (const call of [
      () => dead.createList(issuer, 11n, 1),
      () => dead.applyBatch(issuer, 7n, 'revoke', [0n], [1n]),
      () => dead.waitForReceipt(hash),
      () => dead.lookupTransaction(hash),
      () => dead.findListCreation(issuer, 7n),
    ]) {
      const error = await caught(call);
      assert.equal((error as { code?: string }).code, 'CHAIN_UNAVAILABLE');
      assert.equal(revertErrorName(error), undefined);
    }
    assert.ok(Date.now() - started < 2_000, `fails fast, no retries (${Date.now() - started} ms)`);
  });

  it('INVALID_ARGUMENT for malformed batches and word counts, before any request', async () => {
    const issuer = chain.accounts[1]!.address;
    for (const call of [
      () => writer.applyBatch(issuer, 7n, 'revoke', [], []),
      () => writer.applyBatch(issuer, 7n, 'revoke', [0n], [1n, 2n]),
      () => writer.applyBatch(issuer, 7n, 'delete' as 'revoke', [0n], [1n]),
      () => writer.createList(issuer, 12n, 0),
      () => writer.createList(issuer, 12n, 513),
    ]) {
      const error = await caught(call);
      assert.equal((error as { code?: string }).code, 'INVALID_ARGUMENT');
    }
  });
});
