// The registry mirror against a real anvil: every answer it gives (did:ethr documents at each block, accreditation at
// each block and time, status bits, anchors) equals what the chain-reading sources read from the node, over a history
// with owner changes, expiring delegates, signing keys added and revoked, delegated accreditation, withdrawals, status
// changes and anchors; once an identity is indexed no RPC call is made; a cold identity costs one ranged log read;
// a shallow reorg is absorbed and a deep one drops the index; a mirror that cannot follow fails closed.
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createPublicClient,
  custom,
  http,
  keccak256,
  toBytes,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import {
  createChainVerifierSources,
  ErrorCodes,
  MedtrustError,
  MirrorAccreditationSource,
  MirrorAnchorSource,
  MirrorDidResolver,
  MirrorStatusSource,
  RegistryMirror,
  type ChainVerifierSources,
  type StatusSource,
} from '@medtrust/core';
import { privateKeyToAccount } from 'viem/accounts';
import { statusRegistryArtifact, trustRegistryArtifact } from '@medtrust/registry-contract';
import {
  accredit,
  addSigningKey,
  addStatusWriter,
  advanceChain,
  anchorHashes,
  changeOwner,
  createList,
  ethrIdentity,
  publicKeyOf,
  revokeSigningKey,
  send,
  setStatus,
  startChain,
  withdrawAccreditation,
  type ChainFixture,
  type EthrIdentity,
} from '../verification/fixture.ts';

const TYPE = 'MedicalLicenseCredential';
const JURISDICTION = 'PT';
const trustAbi = trustRegistryArtifact.abi as Abi;
const statusAbi = statusRegistryArtifact.abi as Abi;

/** A viem client counting every JSON-RPC request it sends. */
function countingClient(fixture: ChainFixture): {
  client: PublicClient;
  calls: { count: number; methods: string[] };
} {
  const calls = { count: 0, methods: [] as string[] };
  const inner = http(fixture.local.rpcUrl, { retryCount: 0 })({ chain: fixture.chain });
  const client = createPublicClient({
    chain: fixture.chain,
    transport: custom({
      async request({ method, params }) {
        calls.count++;
        calls.methods.push(method);
        return inner.request({ method, params } as never);
      },
    }),
  }) as PublicClient;
  return { client, calls };
}

function mirrorSources(mirror: RegistryMirror, client: PublicClient, fixture: ChainFixture) {
  return {
    resolver: new MirrorDidResolver(mirror, client, fixture.config, {
      timeoutMs: 2_000,
      webDocumentTtlMs: 1_000,
    }),
    status: new MirrorStatusSource(mirror, client, fixture.config.statusRegistry),
    accreditation: new MirrorAccreditationSource(mirror),
    anchors: new MirrorAnchorSource(mirror, fixture.config.chainId, fixture.config.anchorRegistry),
  };
}

async function outcome<T>(run: () => Promise<T>): Promise<T | { code: string }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof MedtrustError) return { code: error.code };
    throw error;
  }
}

/** A did:ethr that never touched the registries (a patient's). */
function ethrDidWithoutEvents(): string {
  return `did:ethr:0x7a69:${privateKeyToAccount(`0x${randomBytes(32).toString('hex')}`).address}`;
}

describe('registry mirror', () => {
  let fixture: ChainFixture;
  let chain: ChainVerifierSources;
  let issuer: EthrIdentity;
  let accreditor: EthrIdentity;
  let delegated: EthrIdentity;
  let newOwner: EthrIdentity;
  let writer: EthrIdentity;
  let start: bigint;
  let end: bigint;
  const anchors: { issuer: Address; root: Hex; blockNumber: bigint }[] = [];
  const times: number[] = [];

  before(async () => {
    fixture = await startChain();
    start = await fixture.publicClient.getBlockNumber({ cacheTime: 0 });
    issuer = await ethrIdentity(fixture);
    accreditor = await ethrIdentity(fixture);
    delegated = await ethrIdentity(fixture);
    newOwner = await ethrIdentity(fixture);
    writer = await ethrIdentity(fixture);
    const now = Math.floor(Date.now() / 1000);
    const stamp = async () =>
      times.push(Number((await fixture.publicClient.getBlock({ blockTag: 'latest' })).timestamp));
    await accredit(fixture, issuer.address, TYPE, JURISDICTION, 0, now + 365 * 86_400);
    // a delegable governance record for the accreditor, which accredits `delegated` within it
    await send(fixture, fixture.local.accounts[0]!, fixture.deployment.trustRegistry, trustAbi, 'accredit', [
      accreditor.address,
      keccak256(toBytes(TYPE)),
      keccak256(toBytes(JURISDICTION)),
      0,
      now + 30 * 86_400,
      true,
    ]);
    await send(
      fixture,
      accreditor.privateKey,
      fixture.deployment.trustRegistry,
      trustAbi,
      'accreditDelegated',
      [
        accreditor.address,
        delegated.address,
        keccak256(toBytes(TYPE)),
        keccak256(toBytes(JURISDICTION)),
        0,
        now + 20 * 86_400,
      ],
    );
    // an upcoming record, withdrawn before it starts (the contract leaves it empty)
    await accredit(fixture, issuer.address, TYPE, 'ES', now + 400 * 86_400, now + 500 * 86_400);
    await stamp();
    await advanceChain(fixture, 60);
    await createList(fixture, issuer.privateKey, issuer.address, 1n, 1);
    await setStatus(fixture, 'revoke', issuer.privateKey, issuer.address, 1n, 3n);
    await setStatus(fixture, 'suspend', issuer.privateKey, issuer.address, 1n, 4n);
    await send(fixture, issuer.privateKey, fixture.deployment.statusRegistry, statusAbi, 'extendList', [
      issuer.address,
      1n,
      1,
    ]);
    await stamp();
    await advanceChain(fixture, 60);
    await setStatus(fixture, 'reinstate', issuer.privateKey, issuer.address, 1n, 4n);
    await send(fixture, issuer.privateKey, fixture.deployment.statusRegistry, statusAbi, 'revokeBatch', [
      issuer.address,
      1n,
      [1n],
      [(1n << 7n) | (1n << 200n)],
    ]);
    await addSigningKey(fixture, issuer.privateKey, issuer.address, publicKeyOf(writer.privateKey), 3_600);
    await addStatusWriter(fixture, issuer.privateKey, issuer.address, writer.address, 120);
    for (let i = 0; i < 3; i++) {
      const { proofs, receipt } = await anchorHashes(fixture, issuer.privateKey, issuer.address, [
        keccak256(toBytes(`c-${i}`)),
      ]);
      anchors.push({ issuer: issuer.address, root: proofs[0]!.root, blockNumber: receipt.blockNumber });
    }
    await stamp();
    await advanceChain(fixture, 300); // the StatusWriter delegate has expired
    await stamp();
    await revokeSigningKey(fixture, issuer.privateKey, issuer.address, publicKeyOf(writer.privateKey));
    await withdrawAccreditation(fixture, issuer.address, TYPE, 'ES');
    await withdrawAccreditation(fixture, accreditor.address, TYPE, JURISDICTION); // `delegated` loses it too
    await changeOwner(fixture, issuer.privateKey, issuer.address, newOwner.address);
    await stamp();
    await advanceChain(fixture, 60);
    await stamp();
    end = await fixture.publicClient.getBlockNumber({ cacheTime: 0 });
    chain = createChainVerifierSources(fixture.config, { headPollIntervalMs: 100 });
  });

  after(async () => {
    chain?.close();
    await fixture?.stop();
  });

  for (const [sync, maxLogRange] of [
    ['full', undefined],
    ['full', 3n],
    ['lazy', undefined],
  ] as const)
    it(`answers exactly what the chain answers, at every block of the history (${sync} sync, log pages of ${maxLogRange ?? 'any'} blocks)`, async () => {
      const { client } = countingClient(fixture);
      const mirror = new RegistryMirror(client, fixture.config, {
        safeDepth: 3,
        pollIntervalMs: 100,
        sync,
        ...(maxLogRange === undefined ? {} : { maxLogRange }),
      });
      mirror.start();
      try {
        const ours = mirrorSources(mirror, client, fixture);
        await mirror.ready();
        await chain.head.latestBlock();
        const identities = [issuer, accreditor, delegated, newOwner];
        for (let block = start; block <= end; block++) {
          const timestamp = Number((await fixture.publicClient.getBlock({ blockNumber: block })).timestamp);
          for (const identity of identities) {
            const url = `${identity.did}?versionId=${block}`;
            const [mine, theirs] = await Promise.all([
              ours.resolver.resolve(url),
              chain.resolver.resolve(url),
            ]);
            assert.deepEqual(mine.didDocument, theirs.didDocument, `document of ${url}`);
            assert.deepEqual(mine.didDocumentMetadata, theirs.didDocumentMetadata, `metadata of ${url}`);
            for (const [type, jurisdiction] of [
              [TYPE, JURISDICTION],
              [TYPE, 'ES'],
            ] as const) {
              for (const at of [timestamp, ...times, times[0]! + 401 * 86_400]) {
                const args = [identity.address, type, jurisdiction, new Date(at * 1000), block] as const;
                assert.equal(
                  await ours.accreditation.isAccredited(...args),
                  await chain.accreditation.isAccredited(...args),
                  `accreditation of ${identity.address} ${jurisdiction} at ${at} as of block ${block}`,
                );
              }
            }
          }
          for (const index of [0n, 3n, 4n, 7n, 200n, 255n, 256n, 300n, 600n]) {
            const pointer = { issuer: issuer.address, listId: 1n, index };
            const read = (source: StatusSource) =>
              outcome(() => source.statusOf(pointer, { blockNumber: block }));
            assert.deepEqual(
              await read(ours.status),
              await read(chain.status),
              `status ${index} at block ${block}`,
            );
          }
          for (const anchor of anchors) {
            assert.deepEqual(
              await ours.anchors.anchorAt(anchor.issuer, anchor.root, block),
              await chain.anchors.anchorAt(anchor.issuer, anchor.root, block),
              `anchor ${anchor.root} at block ${block}`,
            );
          }
        }
        // at the head, without a block
        for (const identity of identities) {
          const [mine, theirs] = await Promise.all([
            ours.resolver.resolve(identity.did),
            chain.resolver.resolve(identity.did),
          ]);
          assert.deepEqual(mine.didDocument, theirs.didDocument);
        }
        // a list that does not exist is the contract's revert, as from the chain
        assert.deepEqual(
          await outcome(() => ours.status.statusOf({ issuer: accreditor.address, listId: 9n, index: 0n })),
          {
            code: ErrorCodes.CONTRACT_REVERTED,
          },
        );
      } finally {
        mirror.close();
      }
    });

  it('indexes the whole history once (full sync), then answers every identity, even one never seen, with no call', async () => {
    const { client, calls } = countingClient(fixture);
    const mirror = new RegistryMirror(client, fixture.config, {
      pollIntervalMs: 60_000,
      maxHeadAgeMs: 60_000,
    });
    const ours = mirrorSources(mirror, client, fixture);
    await mirror.ready();
    assert.ok(mirror.stats().identities >= 3, 'issuer, accreditor and delegated are indexed');
    assert.equal(mirror.stats().fullSync?.pages, 1);
    const after = calls.count;
    const stranger = await ours.resolver.resolve(ethrDidWithoutEvents());
    assert.equal(stranger.didResolutionMetadata.error, undefined);
    assert.equal(stranger.didDocument?.verificationMethod?.length, 1);
    await ours.resolver.resolve(`${issuer.did}?versionId=${anchors[1]!.blockNumber}`);
    await ours.status.statusOf({ issuer: issuer.address, listId: 1n, index: 3n });
    await ours.accreditation.isAccredited(
      delegated.address,
      TYPE,
      JURISDICTION,
      new Date(times[0]! * 1000),
      end,
    );
    assert.equal(calls.count, after, `no call, saw ${calls.methods.slice(after).join(', ')}`);
    assert.equal(mirror.stats().identityLoads, 0);
  });

  it('in lazy mode: no chain call once the identities are indexed, and one ranged log read for a cold one', async () => {
    const { client, calls } = countingClient(fixture);
    // no timer: the head stays fresh for a minute, so only the answers' own calls are counted
    const mirror = new RegistryMirror(client, fixture.config, {
      pollIntervalMs: 60_000,
      maxHeadAgeMs: 60_000,
      sync: 'lazy',
    });
    const ours = mirrorSources(mirror, client, fixture);
    await mirror.ready();
    const before = calls.count;
    const anchorBlock = anchors[0]!.blockNumber;
    await ours.resolver.resolve(`${issuer.did}?versionId=${anchorBlock}`);
    assert.deepEqual(calls.methods.slice(before), ['eth_getLogs'], 'a cold identity: one ranged log read');
    const warm = calls.count;
    for (let i = 0; i < 50; i++) {
      await ours.resolver.resolve(`${issuer.did}?versionId=${anchorBlock}`);
      await ours.resolver.resolve(
        `${issuer.did}?versionTime=${new Date(times[2]! * 1000 + i * 1000).toISOString()}`,
      );
      await ours.accreditation.isAccredited(
        issuer.address,
        TYPE,
        JURISDICTION,
        new Date((times[1]! + i) * 1000),
        anchorBlock,
      );
      await ours.status.statusOf({ issuer: issuer.address, listId: 1n, index: BigInt(i) });
      await ours.anchors.anchorAt(issuer.address, anchors[0]!.root, anchorBlock);
    }
    assert.equal(calls.count, warm, `no call once warm, saw ${calls.methods.slice(warm).join(', ')}`);
    assert.equal(mirror.stats().identityLoads, 1);
  });

  it('absorbs a reorg within the unsettled blocks, and drops the index on a deeper one', async () => {
    const { client } = countingClient(fixture);
    const mirror = new RegistryMirror(client, fixture.config, {
      safeDepth: 2,
      pollIntervalMs: 60_000,
      maxHeadAgeMs: 60_000,
    });
    const ours = mirrorSources(mirror, client, fixture);
    await mirror.ready();
    const pointer = { issuer: issuer.address, listId: 1n, index: 10n };
    assert.equal((await ours.status.statusOf(pointer)).revoked, false);
    const rpc = (method: string, params: unknown[] = []) =>
      fixture.publicClient.request({ method, params } as never) as Promise<unknown>;

    // shallow: revoked in the newest block, then that block is replaced
    const shallow = await rpc('evm_snapshot');
    await setStatus(fixture, 'revoke', newOwner.privateKey, issuer.address, 1n, 10n);
    await mirror.refresh();
    assert.equal((await ours.status.statusOf(pointer)).revoked, true);
    await rpc('evm_revert', [shallow]);
    await rpc('evm_mine');
    await rpc('evm_mine');
    await mirror.refresh();
    assert.equal((await ours.status.statusOf(pointer)).revoked, false, 'the reorganised revocation is gone');
    assert.equal(mirror.stats().resets, 0);

    // deep: the revocation settles, then the chain is rewritten below the settled block
    const deep = await rpc('evm_snapshot');
    await setStatus(fixture, 'revoke', newOwner.privateKey, issuer.address, 1n, 10n);
    for (let i = 0; i < 4; i++) await rpc('evm_mine');
    await mirror.refresh();
    assert.equal((await ours.status.statusOf(pointer)).revoked, true);
    assert.ok(mirror.settledTo()! > (await ours.status.statusOf(pointer)).blockNumber - 5n);
    await rpc('evm_revert', [deep]);
    for (let i = 0; i < 6; i++) await rpc('evm_mine');
    await mirror.refresh();
    assert.equal(mirror.stats().resets, 1, 'a changed settled block drops the index');
    assert.equal((await ours.status.statusOf(pointer)).revoked, false);
  });

  it('fails closed when it cannot follow the chain', async () => {
    const dead = createPublicClient({
      chain: fixture.chain,
      transport: http('http://127.0.0.1:9', { retryCount: 0, timeout: 500 }),
    }) as PublicClient;
    const mirror = new RegistryMirror(dead, fixture.config);
    const ours = mirrorSources(mirror, dead, fixture);
    await assert.rejects(
      ours.status.statusOf({ issuer: issuer.address, listId: 1n, index: 0n }),
      (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CHAIN_UNAVAILABLE,
    );
    await assert.rejects(
      ours.accreditation.isAccredited(issuer.address, TYPE, JURISDICTION, new Date()),
      (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CHAIN_UNAVAILABLE,
    );
    assert.equal((await ours.resolver.resolve(issuer.did)).didResolutionMetadata.error, 'notFound');
    assert.throws(
      () => new RegistryMirror(dead, fixture.config, { safeDepth: -1 }),
      (e: unknown) => e instanceof MedtrustError && e.code === ErrorCodes.CONFIGURATION_INVALID,
    );
  });
});
