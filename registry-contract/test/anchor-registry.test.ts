/**
 * AnchorRegistry on a real EVM (anvil): who may anchor for an issuer (ERC-1056 owner or StatusWriter delegate), the
 * custom errors with their arguments, the CredentialsAnchored event, finding an anchor with eth_getLogs on exactly
 * its block, and the gas bars of the design (docs/contracts-design.md).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  getAbiItem,
  getAddress,
  keccak256,
  parseEventLogs,
  toBytes,
  zeroHash,
  type Abi,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { anchorRegistryArtifact } from '../src/generated/artifacts.generated.ts';
import {
  advanceTime,
  delegateType,
  didRegistryWrite,
  expectRevert,
  send,
  startHarness,
  type Call,
  type Harness,
  type Wallet,
} from './helpers.ts';

const abi = anchorRegistryArtifact.abi as Abi;
const STATUS_WRITER = delegateType('StatusWriter');

let h: Harness;
let issuer: Wallet; // an issuer identity acting as its own ERC-1056 owner
let writer: Wallet; // StatusWriter delegate of the issuer
let stranger: Wallet;
let I: Address;

before(async () => {
  h = await startHarness();
  [, issuer, writer, stranger] = h.wallets as [Wallet, Wallet, Wallet, Wallet];
  I = issuer.account.address;
});

after(async () => {
  await h?.stop();
});

function call(functionName: string, args: readonly unknown[]): Call {
  return { address: h.deployment.anchorRegistry, abi, functionName, args };
}

async function read<T>(functionName: string, args: readonly unknown[] = []): Promise<T> {
  return (await h.publicClient.readContract({
    address: h.deployment.anchorRegistry,
    abi,
    functionName,
    args,
  })) as T;
}

let rootCounter = 0;
/** A fresh non-zero root. */
function freshRoot(): Hex {
  return keccak256(toBytes(`merkle-root-${rootCounter++}`));
}

function anchored(receipt: TransactionReceipt): { [key: string]: unknown }[] {
  const logs = parseEventLogs({ abi, logs: receipt.logs, eventName: 'CredentialsAnchored' });
  for (const log of logs) assert.equal(log.address.toLowerCase(), h.deployment.anchorRegistry.toLowerCase());
  return logs.map((log) => log.args as { [key: string]: unknown });
}

describe('AnchorRegistry: constants and wiring', () => {
  it('exposes the StatusWriter delegate type and the immutable DID registry; the deployment names it', async () => {
    assert.equal(await read('ANCHOR_WRITER_DELEGATE_TYPE'), STATUS_WRITER);
    assert.equal(await read('didRegistry'), getAddress(h.deployment.didRegistry));
    assert.notEqual(await h.publicClient.getCode({ address: h.deployment.anchorRegistry }), undefined);
  });
});

describe('AnchorRegistry: anchor', () => {
  it('the issuer (its own ERC-1056 owner) anchors a root: one CredentialsAnchored event, nothing stored', async () => {
    const root = freshRoot();
    const receipt = await send(h, issuer, call('anchor', [I, root, 256n]));
    assert.deepEqual(anchored(receipt), [{ issuer: I, root, credentialCount: 256n }]);
    assert.equal(receipt.logs.length, 1);
    // the event is the record: found with eth_getLogs on exactly that block, by the indexed issuer and root
    const logs = await h.publicClient.getLogs({
      address: h.deployment.anchorRegistry,
      event: getAbiItem({ abi: anchorRegistryArtifact.abi, name: 'CredentialsAnchored' }),
      args: { issuer: I, root },
      fromBlock: receipt.blockNumber,
      toBlock: receipt.blockNumber,
    });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.transactionHash, receipt.transactionHash);
    assert.deepEqual(logs[0]!.args, { issuer: I, root, credentialCount: 256n });
    const elsewhere = await h.publicClient.getLogs({
      address: h.deployment.anchorRegistry,
      event: getAbiItem({ abi: anchorRegistryArtifact.abi, name: 'CredentialsAnchored' }),
      args: { issuer: I, root },
      fromBlock: receipt.blockNumber - 1n,
      toBlock: receipt.blockNumber - 1n,
    });
    assert.deepEqual(elsewhere, []);
  });

  it('accepts a count of 1 and the largest count, and the same root again (a retried flush: two logs)', async () => {
    const root = freshRoot();
    const one = await send(h, issuer, call('anchor', [I, root, 1n]));
    assert.deepEqual(anchored(one), [{ issuer: I, root, credentialCount: 1n }]);
    const max = (1n << 256n) - 1n;
    const again = await send(h, issuer, call('anchor', [I, root, max]));
    assert.deepEqual(anchored(again), [{ issuer: I, root, credentialCount: max }]);
  });

  it('a StatusWriter delegate of the issuer anchors for it', async () => {
    const W = writer.account.address;
    await didRegistryWrite(h, issuer, 'addDelegate', [I, STATUS_WRITER, W, 3600n]);
    const root = freshRoot();
    const receipt = await send(h, writer, call('anchor', [I, root, 3n]));
    assert.deepEqual(anchored(receipt), [{ issuer: I, root, credentialCount: 3n }]);
  });

  it('refuses a zero root (EmptyRoot) and a zero count (EmptyAnchor)', async () => {
    await expectRevert(h, issuer, call('anchor', [I, zeroHash, 5n]), 'EmptyRoot', []);
    await expectRevert(h, issuer, call('anchor', [I, freshRoot(), 0n]), 'EmptyAnchor', []);
    // the shape is checked before the caller: a stranger learns nothing more
    await expectRevert(h, stranger, call('anchor', [I, zeroHash, 0n]), 'EmptyRoot', []);
  });
});

describe('AnchorRegistry: ERC-1056 control', () => {
  it('refuses a stranger and a delegate of another type with NotIdentityController(identity, caller)', async () => {
    const S = stranger.account.address;
    await expectRevert(h, stranger, call('anchor', [I, freshRoot(), 1n]), 'NotIdentityController', [I, S]);
    const other = h.wallets[4]!;
    const O = other.account.address;
    await didRegistryWrite(h, issuer, 'addDelegate', [I, delegateType('Accreditor'), O, 3600n]);
    await expectRevert(h, other, call('anchor', [I, freshRoot(), 1n]), 'NotIdentityController', [I, O]);
    // a StatusWriter delegate of the issuer has no rights over another identity
    const W = writer.account.address;
    await expectRevert(h, writer, call('anchor', [S, freshRoot(), 1n]), 'NotIdentityController', [S, W]);
  });

  it('refuses a delegate after revokeDelegate', async () => {
    const delegate = h.wallets[5]!;
    const D = delegate.account.address;
    await didRegistryWrite(h, issuer, 'addDelegate', [I, STATUS_WRITER, D, 3600n]);
    await send(h, delegate, call('anchor', [I, freshRoot(), 1n]));
    await didRegistryWrite(h, issuer, 'revokeDelegate', [I, STATUS_WRITER, D]);
    await expectRevert(h, delegate, call('anchor', [I, freshRoot(), 1n]), 'NotIdentityController', [I, D]);
  });

  it('refuses a delegate whose validity expired (chain time moved with evm_increaseTime / evm_mine)', async () => {
    const delegate = h.wallets[6]!;
    const D = delegate.account.address;
    await didRegistryWrite(h, issuer, 'addDelegate', [I, STATUS_WRITER, D, 60n]);
    await send(h, delegate, call('anchor', [I, freshRoot(), 1n]));
    await advanceTime(h, 61);
    await expectRevert(h, delegate, call('anchor', [I, freshRoot(), 1n]), 'NotIdentityController', [I, D]);
  });

  it('after changeOwner the old owner is refused and the new owner anchors', async () => {
    const [identity, newOwner] = [h.wallets[7]!, h.wallets[8]!];
    const X = identity.account.address;
    const N = newOwner.account.address;
    await send(h, identity, call('anchor', [X, freshRoot(), 1n]));
    await didRegistryWrite(h, identity, 'changeOwner', [X, N]);
    await expectRevert(h, identity, call('anchor', [X, freshRoot(), 1n]), 'NotIdentityController', [X, X]);
    const root = freshRoot();
    const receipt = await send(h, newOwner, call('anchor', [X, root, 9n]));
    assert.deepEqual(anchored(receipt), [{ issuer: X, root, credentialCount: 9n }]);
  });
});

describe('AnchorRegistry: gas bars (deterministic receipt.gasUsed)', () => {
  it('one anchor by the owner costs at most 50,000 gas in total; a 256-credential flush at most 200 per credential', async (t) => {
    const single = await send(h, issuer, call('anchor', [I, freshRoot(), 1n]));
    t.diagnostic(`anchor by owner, 1 credential: ${single.gasUsed} gas`);
    assert.ok(single.gasUsed <= 50_000n, `anchor used ${single.gasUsed}`);
    const flush = await send(h, issuer, call('anchor', [I, freshRoot(), 256n]));
    t.diagnostic(
      `anchor by owner, 256 credentials: ${flush.gasUsed} gas, ${(Number(flush.gasUsed) / 256).toFixed(1)} per credential`,
    );
    assert.ok(flush.gasUsed <= 51_200n, `anchor of 256 used ${flush.gasUsed}`);
  });

  it('one anchor by a StatusWriter delegate meets the same bars', async (t) => {
    await didRegistryWrite(h, issuer, 'addDelegate', [I, STATUS_WRITER, writer.account.address, 3600n]);
    const flush = await send(h, writer, call('anchor', [I, freshRoot(), 256n]));
    t.diagnostic(
      `anchor by StatusWriter delegate, 256 credentials: ${flush.gasUsed} gas, ${(Number(flush.gasUsed) / 256).toFixed(1)} per credential`,
    );
    assert.ok(flush.gasUsed <= 50_000n, `delegate anchor used ${flush.gasUsed}`);
  });
});
