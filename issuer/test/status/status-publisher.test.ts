// The status publisher on a real anvil and both databases: batching into one transaction per group, the chain
// agreeing with the database index by index, count- and timer-triggered flushes, a dead chain (changes stay
// pending, a restarted publisher sends them), lost receipts and dropped transactions, suspend / reinstate order,
// and organisations isolated from each other on both layers.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Address, Hex } from 'viem';
import type { RegistryDeployment } from '@medtrust/registry-contract/deploy';
import type { StatusRegistryReader } from '@medtrust/core';
import {
  claimPendingStatusChanges,
  countPendingStatusChanges,
  getCredential,
  getStatusChange,
  getStatusList,
  insertCredential,
  listStatusChanges,
  markStatusChangesSent,
  type Database,
  type StatusAction,
  type StatusChange,
} from '../../src/store/index.ts';
import {
  planStatusBatches,
  requestStatusChange,
  revertErrorName,
  TX_DROPPED,
  type StatusChainWriter,
} from '../../src/status/index.ts';
import { caught, describeStore, fakeJwt } from '../store/harness.ts';
import {
  AccountBook,
  InstrumentedWriter,
  ManualClock,
  chainReader,
  compareListWithChain,
  issueCredentials,
  publisherFor,
  seedChainOrganisation,
  startTestChain,
  writerFor,
  type IssuedTestCredential,
  type TestChain,
} from './chain-harness.ts';

let chain: TestChain;

before(async () => {
  chain = await startTestChain();
});

after(async () => {
  await chain?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function changesOf(db: Database, organisationId: string): Promise<StatusChange[]> {
  const all: StatusChange[] = [];
  for (const state of ['pending', 'sent', 'confirmed'] as const) {
    all.push(...(await listStatusChanges(db, { state, organisationId, limit: 500 })));
  }
  return all.sort((a, b) => a.seq - b.seq);
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describeStore('status publisher', (ctx) => {
  let deployment: RegistryDeployment;
  let book: AccountBook;
  let live: StatusChainWriter;
  let reader: StatusRegistryReader;

  before(async () => {
    deployment = await chain.deploy();
    book = new AccountBook();
    for (const account of chain.accounts.slice(1, 4)) book.set(account);
    live = writerFor(chain, deployment, book);
    reader = chainReader(chain, deployment);
  });

  /** An organisation on dev account `accountIndex` with its list created on-chain, and issued credentials. */
  async function organisationWithCredentials(accountIndex: number, capacity: number, count: number) {
    const account = chain.accounts[accountIndex]!;
    const { organisation, listId } = await seedChainOrganisation(ctx.db, account, capacity);
    const report = await publisherFor(ctx.db, live).flush();
    assert.equal(report.listsCreated, 1);
    const credentials = await issueCredentials(ctx.db, organisation.id, count);
    return { organisation, listId, issuer: account.address, credentials };
  }

  function change(organisationId: string, credential: IssuedTestCredential, action: StatusAction) {
    return requestStatusChange(ctx.db, {
      organisationId,
      credentialId: credential.id,
      action,
      reason: 'test',
      actor: 'api-key:test',
    });
  }

  async function assertChainMatches(
    issuer: Address,
    listId: number,
    credentials: IssuedTestCredential[],
    capacity: number,
  ) {
    const { mismatches, compared } = await compareListWithChain(
      ctx.db,
      reader,
      issuer,
      listId,
      credentials,
      capacity,
    );
    assert.deepEqual(mismatches, [], 'statusOf on-chain differs from the database at these indices');
    assert.equal(compared, capacity);
  }

  it('creates the list on-chain, then publishes 300 revocations + 5 suspensions + 2 reinstatements in one flush', async (t) => {
    const account = chain.accounts[1]!;
    const { organisation, listId } = await seedChainOrganisation(ctx.db, account, 512);
    const publisher = publisherFor(ctx.db, live);
    const setup = await publisher.flush();
    assert.equal(setup.listsCreated, 1);
    const list = await getStatusList(ctx.db, organisation.id, listId);
    assert.match(list?.createdTx ?? '', /^0x[0-9a-f]{64}$/);
    assert.equal(await reader.capacity(account.address, BigInt(listId)), 512n);
    assert.equal((await publisher.flush()).listsCreated, 0, 'created once');

    const credentials = await issueCredentials(ctx.db, organisation.id, 310);
    assert.deepEqual(
      credentials.map((c) => c.listIndex),
      credentials.map((_, i) => i),
    );
    const answers = [];
    for (let i = 0; i < 150; i++) answers.push(await change(organisation.id, credentials[i]!, 'revoke'));
    for (let i = 300; i < 305; i++) answers.push(await change(organisation.id, credentials[i]!, 'suspend'));
    for (let i = 150; i < 300; i++) answers.push(await change(organisation.id, credentials[i]!, 'revoke'));
    for (const i of [300, 301]) answers.push(await change(organisation.id, credentials[i]!, 'reinstate'));
    assert.equal(answers.length, 307);
    assert.ok(answers.every((a) => a.state === 'pending'));
    assert.equal(await countPendingStatusChanges(ctx.db, organisation.id), 307);

    const groups = planStatusBatches(await claimPendingStatusChanges(ctx.db, 500));
    assert.deepEqual(
      groups.map((g) => [g.action, g.changes.length, g.wordIndices.length]),
      [
        ['revoke', 300, 2],
        ['suspend', 5, 1],
        ['reinstate', 2, 1],
      ],
    );

    const report = await publisher.flush();
    assert.equal(report.chainUnavailable, false);
    assert.equal(report.confirmed, 307);
    assert.equal(report.failed, 0);
    assert.equal(report.deferred, 0);
    for (const tx of report.transactions) {
      t.diagnostic(
        `${tx.action}Batch: ${tx.changes} changes over ${tx.words} word(s), ${tx.gasUsed} gas` +
          ` (${(Number(tx.gasUsed) / tx.changes).toFixed(0)} per change), block ${tx.blockNumber}`,
      );
    }

    const rows = await changesOf(ctx.db, organisation.id);
    assert.equal(rows.length, 307);
    assert.ok(rows.every((r) => r.state === 'confirmed' && r.attempts === 0 && r.lastError === null));
    assert.ok(rows.every((r) => /^0x[0-9a-f]{64}$/.test(r.txHash ?? '') && Number.isInteger(r.blockNumber)));
    const txHashes = new Set(rows.map((r) => r.txHash));
    assert.equal(txHashes.size, groups.length, 'one transaction per group');
    assert.equal(report.transactions.length, groups.length);
    for (const tx of report.transactions) {
      const carried = rows.filter((r) => r.txHash === tx.txHash);
      assert.equal(carried.length, tx.changes);
      assert.ok(carried.every((r) => r.blockNumber === tx.blockNumber && r.action === tx.action));
      const lookup = await live.lookupTransaction(tx.txHash);
      assert.ok(lookup.state === 'mined' && Number(lookup.receipt.blockNumber) === tx.blockNumber);
    }

    await assertChainMatches(account.address, listId, credentials, 512);
    const stored = await Promise.all(credentials.map((c) => getCredential(ctx.db, c.id)));
    assert.equal(stored.filter((c) => c?.revoked).length, 300);
    assert.equal(stored.filter((c) => c?.suspended).length, 3);
    assert.equal(await countPendingStatusChanges(ctx.db), 0);
  });

  it('splits a group touching more words than maxWordsPerTx into several transactions', async () => {
    const account = chain.accounts[1]!;
    const { organisation, listId } = await seedChainOrganisation(ctx.db, account, 768);
    await publisherFor(ctx.db, live).flush();
    const credentials: IssuedTestCredential[] = [];
    for (const listIndex of [0, 256, 257, 512]) {
      const id = `urn:uuid:${randomUUID()}`;
      await insertCredential(ctx.db, {
        id,
        organisationId: organisation.id,
        type: 'MedicalLicenseCredential',
        issuedAt: new Date().toISOString(),
        jwt: fakeJwt(),
        listId,
        listIndex,
      });
      credentials.push({ id, listId, listIndex });
      await change(organisation.id, credentials.at(-1)!, 'revoke');
    }
    const report = await publisherFor(ctx.db, live, { maxWordsPerTx: 2 }).flush();
    assert.deepEqual(
      report.transactions.map((tx) => [tx.words, tx.changes, tx.outcome]),
      [
        [2, 3, 'confirmed'],
        [1, 1, 'confirmed'],
      ],
    );
    assert.equal(new Set((await changesOf(ctx.db, organisation.id)).map((r) => r.txHash)).size, 2);
    await assertChainMatches(account.address, listId, credentials, 768);
  });

  it('a list already created on-chain by an earlier, unrecorded attempt is recorded with that transaction', async () => {
    const account = chain.accounts[1]!;
    const { organisation, listId } = await seedChainOrganisation(ctx.db, account, 256);
    // the creation was mined, then the service crashed before recording it
    const { txHash } = await live.createList(account.address, BigInt(listId), 1);
    await live.waitForReceipt(txHash);
    const writer = new InstrumentedWriter(live);
    const report = await publisherFor(ctx.db, writer).flush();
    assert.equal(report.listsCreated, 1);
    assert.equal(writer.calls.findListCreation, 1);
    assert.equal((await getStatusList(ctx.db, organisation.id, listId))?.createdTx, txHash);
  });

  it('concurrent flush() calls never overlap: later callers share one follow-up flush', async () => {
    const { organisation, credentials } = await organisationWithCredentials(1, 256, 3);
    const writer = new InstrumentedWriter(live);
    writer.receiptDelayMs = 50;
    const publisher = publisherFor(ctx.db, writer);
    await change(organisation.id, credentials[0]!, 'revoke');
    const first = publisher.flush();
    await change(organisation.id, credentials[1]!, 'revoke');
    await change(organisation.id, credentials[2]!, 'suspend');
    const second = publisher.flush();
    const third = publisher.flush();
    assert.equal(second, third, 'one queued follow-up');
    const [r1, r2] = await Promise.all([first, second]);
    assert.equal(r1.confirmed + r2.confirmed, 3);
    assert.equal(writer.calls.applyBatch, r1.transactions.length + r2.transactions.length);
    assert.equal(await countPendingStatusChanges(ctx.db), 0);
  });

  it('notify() flushes once flushMaxChanges changes are pending, not before', async () => {
    const { organisation, listId, issuer, credentials } = await organisationWithCredentials(1, 256, 5);
    const publisher = publisherFor(ctx.db, live, { flushIntervalMs: 3_600_000, flushMaxChanges: 5 });
    await change(organisation.id, credentials[0]!, 'revoke');
    assert.equal(await publisher.notify(), false, 'not started: no flush');
    publisher.start();
    try {
      for (let i = 1; i < 4; i++) {
        await change(organisation.id, credentials[i]!, 'revoke');
        assert.equal(await publisher.notify(), false);
      }
      assert.equal(await countPendingStatusChanges(ctx.db), 4);
      await change(organisation.id, credentials[4]!, 'suspend');
      assert.equal(await publisher.notify(), true, 'the fifth pending change triggers a flush');
      assert.equal(await countPendingStatusChanges(ctx.db), 0);
      const rows = await changesOf(ctx.db, organisation.id);
      assert.ok(rows.every((r) => r.state === 'confirmed'));
      assert.equal(new Set(rows.map((r) => r.txHash)).size, 2, 'one revoke and one suspend transaction');
    } finally {
      await publisher.stop();
    }
    await assertChainMatches(issuer, listId, credentials, 256);
  });

  it('flushes every flushIntervalMs once started; stop() waits for the flush in flight', async () => {
    const { organisation, credentials } = await organisationWithCredentials(1, 256, 2);
    const publisher = publisherFor(ctx.db, live, { flushIntervalMs: 25 });
    publisher.start();
    assert.equal(publisher.running, true);
    try {
      const { changeId } = await change(organisation.id, credentials[0]!, 'suspend');
      await until(async () => (await getStatusChange(ctx.db, changeId))?.state === 'confirmed');
    } finally {
      await publisher.stop();
    }
    assert.equal(publisher.running, false);

    const slow = new InstrumentedWriter(live);
    slow.receiptDelayMs = 300;
    const slowPublisher = publisherFor(ctx.db, slow);
    const { changeId } = await change(organisation.id, credentials[1]!, 'revoke');
    const flushing = slowPublisher.flush();
    await sleep(50);
    await slowPublisher.stop();
    assert.equal(
      (await getStatusChange(ctx.db, changeId))?.state,
      'confirmed',
      'stop() waited for the flush',
    );
    assert.equal((await flushing).confirmed, 1);
  });

  it('chain unreachable while revoking: answers pending, keeps the queue, a restarted publisher publishes it', async () => {
    const { organisation, listId, issuer, credentials } = await organisationWithCredentials(1, 256, 4);
    const down = writerFor(chain, deployment, book, chain.deadRpcUrl);
    const before = new InstrumentedWriter(down);
    const first = publisherFor(ctx.db, before);
    first.start();

    const answers = [
      await change(organisation.id, credentials[0]!, 'revoke'),
      await change(organisation.id, credentials[1]!, 'revoke'),
      await change(organisation.id, credentials[2]!, 'suspend'),
    ];
    assert.ok(
      answers.every((a) => a.state === 'pending'),
      'the request does not need the chain',
    );

    const report = await first.flush();
    assert.equal(report.chainUnavailable, true);
    assert.equal(report.confirmed, 0);
    assert.equal(report.failed, 3);
    assert.equal(first.chainBackoffMs, 1_000);
    for (const row of await changesOf(ctx.db, organisation.id)) {
      assert.deepEqual(
        [row.state, row.attempts, row.lastError, row.txHash],
        ['pending', 1, 'CHAIN_UNAVAILABLE', null],
      );
    }
    await first.stop();

    // the service restarts: a new database handle and a new publisher, the chain is back
    await ctx.reopen();
    const after = new InstrumentedWriter(live);
    const second = publisherFor(ctx.db, after);
    const resumed = await second.flush();
    assert.equal(resumed.confirmed, 3);
    assert.equal(resumed.transactions.length, 2);
    assert.equal(after.calls.applyBatch, 2);
    const rows = await changesOf(ctx.db, organisation.id);
    assert.deepEqual(
      rows.map((r) => r.id),
      answers.map((a) => a.changeId),
    );
    for (const row of rows) {
      assert.equal(row.state, 'confirmed');
      assert.equal(row.attempts, 1, 'the failed attempt stays on record');
      assert.match(row.txHash ?? '', /^0x[0-9a-f]{64}$/);
      assert.ok(Number.isInteger(row.blockNumber));
    }
    await assertChainMatches(issuer, listId, credentials, 256);
  });

  it('backs off exponentially (capped at 30 s) while the chain is down; background flushes honour it', async () => {
    const { organisation, credentials } = await organisationWithCredentials(1, 256, 1);
    const clock = new ManualClock();
    const down = writerFor(chain, deployment, book, chain.deadRpcUrl);
    const { changeId } = await change(organisation.id, credentials[0]!, 'revoke');

    const publisher = publisherFor(ctx.db, down, { clock: clock.now });
    assert.equal(publisher.chainBackoffMs, 0);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      await publisher.flush();
      delays.push(publisher.chainBackoffMs);
    }
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    assert.equal(publisher.chainRetryAt, clock.now().getTime() + 30_000);
    assert.deepEqual(
      [(await getStatusChange(ctx.db, changeId))?.attempts, (await getStatusChange(ctx.db, changeId))?.state],
      [7, 'pending'],
    );

    const background = publisherFor(ctx.db, down, {
      clock: clock.now,
      flushIntervalMs: 10,
      backoffBaseMs: 60_000,
    });
    background.start();
    await sleep(300);
    await background.stop();
    assert.equal(
      (await getStatusChange(ctx.db, changeId))?.attempts,
      8,
      'one attempt, then the timer waits for the back-off',
    );
    clock.advance(60_000);
    assert.equal(await background.notify(), false, 'stopped: notify does nothing');

    const healthy = publisherFor(ctx.db, live);
    const report = await healthy.flush();
    assert.equal(report.confirmed, 1);
    assert.equal(healthy.chainBackoffMs, 0);
  });

  it('a lost receipt leaves the change sent; the next flush finds it mined by hash and does not resend', async () => {
    const { organisation, listId, issuer, credentials } = await organisationWithCredentials(1, 256, 2);
    const writer = new InstrumentedWriter(live);
    writer.failReceipts = 1;
    const publisher = publisherFor(ctx.db, writer);
    const revoked = await change(organisation.id, credentials[0]!, 'revoke');
    const first = await publisher.flush();
    assert.equal(first.chainUnavailable, true);
    assert.deepEqual(
      first.transactions.map((tx) => tx.outcome),
      ['sent'],
    );
    const sent = await getStatusChange(ctx.db, revoked.changeId);
    assert.equal(sent?.state, 'sent');
    assert.equal(sent?.txHash, first.transactions[0]!.txHash);

    // a later change of the same organisation waits while the transaction is unresolved (here: in the mempool,
    // or mined but not yet looked up), then follows it
    const suspended = await change(organisation.id, credentials[1]!, 'suspend');
    writer.pendingLookups = 1;
    const waiting = await publisher.flush();
    assert.deepEqual([waiting.confirmed, waiting.deferred, waiting.transactions.length], [0, 1, 0]);
    assert.equal((await getStatusChange(ctx.db, revoked.changeId))?.state, 'sent');
    assert.equal((await getStatusChange(ctx.db, suspended.changeId))?.state, 'pending');
    await live.waitForReceipt(sent!.txHash as Hex); // time passes: the node mines it
    const second = await publisher.flush();
    assert.equal(second.confirmed, 2);
    assert.equal(writer.calls.applyBatch, 2, 'the revocation was not sent again');
    const confirmed = await getStatusChange(ctx.db, revoked.changeId);
    assert.deepEqual(
      [confirmed?.state, confirmed?.txHash, confirmed?.attempts],
      ['confirmed', sent?.txHash, 0],
    );
    assert.equal((await getStatusChange(ctx.db, suspended.changeId))?.state, 'confirmed');
    await assertChainMatches(issuer, listId, credentials, 256);
  });

  it('a sent transaction unknown to the node is sent again once the back-off has passed', async () => {
    const { organisation, listId, issuer, credentials } = await organisationWithCredentials(1, 256, 2);
    const clock = new ManualClock();
    const writer = new InstrumentedWriter(live);
    const publisher = publisherFor(ctx.db, writer, { clock: clock.now });
    const revoked = await change(organisation.id, credentials[0]!, 'revoke');
    // as if a transaction had been sent and then dropped by the node (never mined)
    const lostHash = `0x${'ab'.repeat(32)}`;
    assert.equal(await markStatusChangesSent(ctx.db, [revoked.changeId], lostHash), 1);
    const suspended = await change(organisation.id, credentials[1]!, 'suspend');

    const first = await publisher.flush();
    assert.equal(writer.calls.applyBatch, 0, 'not resent before the back-off: it might still be mined');
    assert.equal(first.deferred, 1, 'the later change waits behind it');
    assert.equal((await getStatusChange(ctx.db, revoked.changeId))?.state, 'sent');

    clock.advance(999);
    await publisher.flush();
    assert.equal(writer.calls.applyBatch, 0);

    clock.advance(1);
    const second = await publisher.flush();
    assert.equal(second.failed, 1);
    assert.equal(second.confirmed, 2);
    assert.equal(writer.calls.applyBatch, 2);
    const resent = await getStatusChange(ctx.db, revoked.changeId);
    assert.equal(resent?.state, 'confirmed');
    assert.notEqual(resent?.txHash, lostHash);
    assert.deepEqual([resent?.attempts, resent?.lastError], [1, TX_DROPPED]);
    assert.equal((await getStatusChange(ctx.db, suspended.changeId))?.state, 'confirmed');
    await assertChainMatches(issuer, listId, credentials, 256);
  });

  it('keeps suspend / reinstate order per credential: separate sequential transactions', async () => {
    const { organisation, listId, issuer, credentials } = await organisationWithCredentials(1, 256, 3);
    const [c, d, e] = credentials as [IssuedTestCredential, IssuedTestCredential, IssuedTestCredential];
    await change(organisation.id, c, 'suspend');
    await change(organisation.id, d, 'suspend');
    await change(organisation.id, c, 'reinstate');
    await change(organisation.id, d, 'reinstate');
    await change(organisation.id, c, 'suspend');
    await change(organisation.id, e, 'suspend');
    await change(organisation.id, e, 'revoke');

    const report = await publisherFor(ctx.db, live).flush();
    assert.deepEqual(
      report.transactions.map((tx) => [tx.action, tx.changes]),
      [
        ['suspend', 2], // c, d
        ['reinstate', 2], // c, d
        ['suspend', 2], // c again (after its reinstatement), e
        ['revoke', 1], // e
      ],
    );
    const blocks = report.transactions.map((tx) => tx.blockNumber!);
    assert.deepEqual(
      blocks,
      [...blocks].sort((x, y) => x - y),
    );
    assert.equal(new Set(blocks).size, blocks.length, 'one block each: sequential');
    const status = async (x: IssuedTestCredential) => {
      const s = await reader.statusOf({ issuer, listId: BigInt(listId), index: BigInt(x.listIndex) });
      return [s.revoked, s.suspended];
    };
    assert.deepEqual(await status(c), [false, true]);
    assert.deepEqual(await status(d), [false, false]);
    assert.deepEqual(await status(e), [true, true]);
    await assertChainMatches(issuer, listId, credentials, 256);
  });

  it('organisation A cannot touch B’s credentials (NOT_FOUND) nor, with its key, B’s list (NotIdentityController)', async () => {
    const a = await organisationWithCredentials(1, 256, 2);
    const b = await organisationWithCredentials(2, 256, 2);

    const foreign = await caught(() => change(a.organisation.id, b.credentials[0]!, 'revoke'));
    assert.equal((foreign as { code?: string }).code, 'NOT_FOUND');
    assert.equal(await countPendingStatusChanges(ctx.db, b.organisation.id), 0);

    // A's key signing for B's identity
    const aKeyForB = new AccountBook();
    aKeyForB.set(chain.accounts[1]!);
    aKeyForB.set(chain.accounts[1]!, b.issuer);
    const wrong = writerFor(chain, deployment, aKeyForB);
    const error = await caught(() => wrong.applyBatch(b.issuer, BigInt(b.listId), 'revoke', [0n], [1n]));
    assert.equal((error as { code?: string }).code, 'CONTRACT_REVERTED');
    assert.equal(revertErrorName(error), 'NotIdentityController');

    // through the publisher: B's batch is refused and stays queued, A's goes through in the same flush
    const bChange = await change(b.organisation.id, b.credentials[0]!, 'revoke');
    const aChange = await change(a.organisation.id, a.credentials[0]!, 'revoke');
    const report = await publisherFor(ctx.db, wrong).flush();
    assert.equal(report.failed, 1);
    assert.equal(report.confirmed, 1);
    const refused = await getStatusChange(ctx.db, bChange.changeId);
    assert.deepEqual(
      [refused?.state, refused?.attempts, refused?.lastError],
      ['pending', 1, 'CONTRACT_REVERTED'],
    );
    assert.equal((await getStatusChange(ctx.db, aChange.changeId))?.state, 'confirmed');
    const onChain = await reader.statusOf({ issuer: b.issuer, listId: BigInt(b.listId), index: 0n });
    assert.equal(onChain.revoked, false, 'B’s list untouched');

    // with B's own key it goes through
    assert.equal((await publisherFor(ctx.db, live).flush()).confirmed, 1);
    await assertChainMatches(b.issuer, b.listId, b.credentials, 256);
    await assertChainMatches(a.issuer, a.listId, a.credentials, 256);
  });
});
