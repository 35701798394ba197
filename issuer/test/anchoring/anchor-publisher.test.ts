// The anchor publisher on a real anvil and both databases: one anchor transaction per organisation and flush whose
// CredentialsAnchored event carries the root and count, proofs that verify against it, a crash between `built` and
// `sent` (the restarted publisher sends the same root), a dropped transaction sent again, a revert (the controller
// changed on-chain) recorded with its error name without blocking another organisation, and backfill of credentials
// stored without hash.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import type { RegistryDeployment } from '@medtrust/registry-contract/deploy';
import {
  AnchorRegistryReader,
  createChainPublicClient,
  credentialJwtHash,
  parseAnchorProof,
  verifyAnchorInclusion,
} from '@medtrust/core';
import {
  countPendingAnchorCredentials,
  countQueuedCredentials,
  createAnchor,
  getAnchor,
  getCredential,
  listAnchors,
  markAnchorSent,
  claimQueuedCredentials,
  type Database,
} from '../../src/store/index.ts';
import {
  ANCHOR_TX_DROPPED,
  AnchorPublisher,
  ViemAnchorChainWriter,
  createAnchorProofLookup,
  type AnchorChainWriter,
  type AnchorPublisherOptions,
} from '../../src/anchoring/index.ts';
import { caught, describeStore } from '../store/harness.ts';
import {
  AccountBook,
  ManualClock,
  changeIdentityOwner,
  issueCredentials,
  organisationAddressFrom,
  seedChainOrganisation,
  startTestChain,
  type TestChain,
} from '../status/chain-harness.ts';

let chain: TestChain;

before(async () => {
  chain = await startTestChain();
});

after(async () => {
  await chain?.stop();
});

describeStore('anchor publisher', (ctx) => {
  let deployment: RegistryDeployment;
  let book: AccountBook;
  let live: ViemAnchorChainWriter;
  let reader: AnchorRegistryReader;

  before(async () => {
    deployment = await chain.deploy();
    book = new AccountBook();
    for (const account of chain.accounts.slice(1, 6)) book.set(account);
    live = new ViemAnchorChainWriter({
      rpcUrl: chain.localChain.rpcUrl,
      chainId: chain.localChain.chainId,
      anchorRegistry: deployment.anchorRegistry,
      accountFor: book.accountFor,
      pollingIntervalMs: 20,
      receiptTimeoutMs: 10_000,
    });
    reader = new AnchorRegistryReader(
      createChainPublicClient({ rpcUrl: chain.localChain.rpcUrl, chainId: chain.localChain.chainId }),
      deployment.anchorRegistry,
    );
  });

  function publisherFor(
    db: Database,
    writer: AnchorChainWriter,
    options: Partial<AnchorPublisherOptions> = {},
  ): AnchorPublisher {
    return new AnchorPublisher({
      db,
      writer,
      organisationAddress: organisationAddressFrom(() => db),
      ...options,
    });
  }

  /** An organisation on dev account `accountIndex` with `count` issued (queued) credentials. */
  async function organisationWithCredentials(accountIndex: number, count: number) {
    const account = chain.accounts[accountIndex]!;
    const { organisation } = await seedChainOrganisation(ctx.db, account, 1024);
    const credentials = await issueCredentials(ctx.db, organisation.id, count);
    return { organisation, account, credentials };
  }

  async function hashOf(credentialId: string): Promise<string> {
    return credentialJwtHash((await getCredential(ctx.db, credentialId))!.jwt);
  }

  it('anchors N issued credentials in one transaction whose event carries the root and count; every proof verifies', async () => {
    const { organisation, account, credentials } = await organisationWithCredentials(1, 37);
    assert.equal(await countQueuedCredentials(ctx.db, organisation.id), 37);
    const report = await publisherFor(ctx.db, live).flush();
    const own = report.transactions.filter((t) => t.organisationId === organisation.id);
    assert.equal(own.length, 1, 'one anchor transaction');
    assert.equal(own[0]!.outcome, 'confirmed');
    assert.equal(own[0]!.credentialCount, 37);
    assert.equal(report.failures.length, 0);
    assert.equal(await countPendingAnchorCredentials(ctx.db, organisation.id), 0);

    const anchor = await getAnchor(ctx.db, own[0]!.anchorId);
    assert.equal(anchor?.state, 'confirmed');
    assert.equal(anchor?.blockNumber, own[0]!.blockNumber);
    assert.equal(anchor?.txHash, own[0]!.txHash);
    const event = await reader.findAnchor(account.address, anchor!.root as Hex, BigInt(anchor!.blockNumber!));
    assert.ok(event, 'CredentialsAnchored in the recorded block');
    assert.equal(event.root.toLowerCase(), anchor!.root);
    assert.equal(event.credentialCount, 37n);
    assert.equal(event.transactionHash, anchor!.txHash);

    const lookup = createAnchorProofLookup(ctx.db, {
      chainId: chain.localChain.chainId,
      anchorRegistry: deployment.anchorRegistry,
    });
    for (const credential of credentials) {
      const hash = await hashOf(credential.id);
      const view = await lookup.byHash(hash.toUpperCase().replace('0X', '0x'));
      assert.equal(view?.state, 'anchored');
      if (view?.state !== 'anchored') continue;
      const parsed = parseAnchorProof(view.proof);
      assert.ok(parsed.ok, 'the public proof parses');
      assert.deepEqual(parsed.proof, view.proof, 'already normalised');
      assert.equal(view.proof.credentialHash, hash);
      assert.equal(view.proof.root, anchor!.root);
      assert.equal(view.proof.issuer, account.address.toLowerCase());
      assert.equal(view.proof.anchorRegistry, deployment.anchorRegistry.toLowerCase());
      assert.equal(view.proof.chainId, chain.localChain.chainId);
      assert.equal(view.proof.blockNumber, String(anchor!.blockNumber));
      assert.equal(view.proof.transactionHash, anchor!.txHash);
      assert.ok(verifyAnchorInclusion(event.root, hash, view.proof.proof), `proof of ${credential.id}`);
    }

    // nothing queued: the next flush sends nothing
    const again = await publisherFor(ctx.db, live).flush();
    assert.equal(again.transactions.filter((t) => t.organisationId === organisation.id).length, 0);
  });

  it('splits a long queue into anchors of at most maxCredentialsPerAnchor, oldest first', async () => {
    const { organisation } = await organisationWithCredentials(1, 9);
    const report = await publisherFor(ctx.db, live, { maxCredentialsPerAnchor: 4 }).flush();
    const own = report.transactions.filter((t) => t.organisationId === organisation.id);
    assert.deepEqual(
      own.map((t) => [t.credentialCount, t.outcome]),
      [
        [4, 'confirmed'],
        [4, 'confirmed'],
        [1, 'confirmed'],
      ],
    );
  });

  it('a crash between built and sent: the restarted publisher sends the same root and confirms it', async () => {
    const { organisation, credentials } = await organisationWithCredentials(2, 5);
    let reached!: () => void;
    const atSend = new Promise<void>((resolve) => (reached = resolve));
    const crashing: AnchorChainWriter = {
      anchor: () => {
        reached();
        return new Promise(() => undefined); // the process dies here: never answers
      },
      waitForReceipt: (txHash) => live.waitForReceipt(txHash),
      lookupTransaction: (txHash) => live.lookupTransaction(txHash),
    };
    void publisherFor(ctx.db, crashing).flush();
    await atSend;
    const [built] = await listAnchors(ctx.db, { states: ['built'], organisationId: organisation.id });
    assert.ok(built, 'the anchor and its proofs were stored before sending');
    assert.equal(built.credentialCount, 5);
    assert.equal(await countQueuedCredentials(ctx.db, organisation.id), 0, 'every leaf is under it');

    const db = await ctx.reopen();
    const report = await publisherFor(db, live).flush();
    const own = report.transactions.filter((t) => t.organisationId === organisation.id);
    assert.equal(report.built, 0, 'nothing rebuilt');
    assert.deepEqual(
      own.map((t) => [t.anchorId, t.root, t.outcome]),
      [[built.id, built.root, 'confirmed']],
    );
    const confirmed = await getAnchor(db, built.id);
    assert.equal(confirmed?.state, 'confirmed');
    const lookup = createAnchorProofLookup(db, {
      chainId: chain.localChain.chainId,
      anchorRegistry: deployment.anchorRegistry,
    });
    assert.equal((await lookup.byHash(await hashOf(credentials[0]!.id)))?.state, 'anchored');
  });

  it('a sent transaction the node never knew is dropped after the back-off and sent again', async () => {
    const { organisation } = await organisationWithCredentials(2, 3);
    const queued = await claimQueuedCredentials(ctx.db, organisation.id, 10);
    const anchor = await ctx.db.transaction((tx) =>
      createAnchor(tx, {
        organisationId: organisation.id,
        issuer: chain.accounts[2]!.address,
        root: `0x${'11'.repeat(32)}`,
        leaves: queued.map((q) => ({ credentialHash: q.credentialHash, proof: [] })),
        createdAt: new Date().toISOString(),
      }),
    );
    await markAnchorSent(ctx.db, anchor.id, `0x${'ab'.repeat(32)}`);
    const clock = new ManualClock();
    const publisher = publisherFor(ctx.db, live, { clock: clock.now, backoffBaseMs: 1_000 });
    const first = await publisher.flush();
    assert.equal(first.transactions.length, 0, 'unknown, but it may still be mined: wait');
    assert.equal((await getAnchor(ctx.db, anchor.id))?.state, 'sent');
    clock.advance(2_000);
    const second = await publisher.flush();
    assert.deepEqual(
      second.failures.map((f) => [f.anchorId, f.code]),
      [[anchor.id, ANCHOR_TX_DROPPED]],
    );
    assert.deepEqual(
      second.transactions.map((t) => [t.anchorId, t.outcome]),
      [[anchor.id, 'confirmed']],
    );
    const resent = await getAnchor(ctx.db, anchor.id);
    assert.equal(resent?.state, 'confirmed');
    assert.equal(resent?.attempts, 1);
    assert.equal(resent?.lastError, ANCHOR_TX_DROPPED);
  });

  it('a revert (controller changed on-chain) is recorded with its error name and does not block another organisation', async () => {
    const a = await organisationWithCredentials(3, 4);
    const b = await organisationWithCredentials(4, 6);
    await changeIdentityOwner(
      chain.localChain,
      deployment.didRegistry,
      a.account,
      chain.accounts[9]!.address,
    );
    const clock = new ManualClock();
    const publisher = publisherFor(ctx.db, live, { clock: clock.now });
    const report = await publisher.flush();
    assert.deepEqual(
      report.failures.map((f) => [f.organisationId, f.code, f.errorName]),
      [[a.organisation.id, 'CONTRACT_REVERTED', 'NotIdentityController']],
    );
    assert.deepEqual(
      report.transactions.map((t) => [t.organisationId, t.credentialCount, t.outcome]),
      [[b.organisation.id, 6, 'confirmed']],
    );
    const [failed] = await listAnchors(ctx.db, { states: ['built'], organisationId: a.organisation.id });
    assert.equal(failed?.lastError, 'NotIdentityController');
    assert.equal(failed?.attempts, 1);
    assert.equal(await countPendingAnchorCredentials(ctx.db, a.organisation.id), 4);
    assert.equal(await countPendingAnchorCredentials(ctx.db, b.organisation.id), 0);

    // a is refused before its key rotates; the same root is retried, never rebuilt
    const error = await caught(() => publisher.ensureAnchored(a.organisation.id));
    assert.equal((error as { code?: string }).code, 'CONFLICT');
    const anchors = await listAnchors(ctx.db, {
      states: ['built', 'sent', 'confirmed'],
      organisationId: a.organisation.id,
    });
    assert.equal(anchors.length, 1);
    assert.equal(anchors[0]!.attempts, 2);
    // and b is fine
    assert.equal((await publisher.ensureAnchored(b.organisation.id)).chainUnavailable, false);
  });

  it('a dead chain: nothing is lost, the flush reports it and ensureAnchored answers CHAIN_UNAVAILABLE', async () => {
    const { organisation } = await organisationWithCredentials(5, 2);
    const dead = new ViemAnchorChainWriter({
      rpcUrl: chain.deadRpcUrl,
      chainId: chain.localChain.chainId,
      anchorRegistry: deployment.anchorRegistry,
      accountFor: book.accountFor,
      requestTimeoutMs: 500,
    });
    const publisher = publisherFor(ctx.db, dead);
    const report = await publisher.flush();
    assert.equal(report.chainUnavailable, true);
    assert.ok(publisher.chainRetryAt > 0);
    const error = await caught(() => publisher.ensureAnchored(organisation.id));
    assert.equal((error as { code?: string }).code, 'CHAIN_UNAVAILABLE');
    const recovered = await publisherFor(ctx.db, live).ensureAnchored(organisation.id);
    assert.equal(recovered.chainUnavailable, false);
    assert.equal(await countPendingAnchorCredentials(ctx.db, organisation.id), 0);
  });

  it('credentials stored before anchoring existed are hashed, queued and anchored by the first flush', async () => {
    const { organisation, credentials } = await organisationWithCredentials(5, 3);
    // as migration 0004 leaves older rows: no hash, no queue entry
    const ids = credentials.map((c) => c.id);
    const placeholders = ids.map((_, i) => `$${i + 1}`).join(', ');
    await ctx.db.execute(`DELETE FROM credential_anchors WHERE credential_id IN (${placeholders})`, ids);
    await ctx.db.execute(`UPDATE credentials SET credential_hash = NULL WHERE id IN (${placeholders})`, ids);
    assert.equal(await countQueuedCredentials(ctx.db, organisation.id), 0);
    const report = await publisherFor(ctx.db, live).flush();
    assert.equal(report.backfilled, 3);
    assert.deepEqual(
      report.transactions.filter((t) => t.organisationId === organisation.id).map((t) => t.credentialCount),
      [3],
    );
    const stored = await getCredential(ctx.db, ids[0]!);
    const row = await ctx.db.query<{ h: string }>(
      `SELECT credential_hash AS h FROM credentials WHERE id = $1`,
      [ids[0]],
    );
    assert.equal(row[0]?.h, credentialJwtHash(stored!.jwt));
  });
});
