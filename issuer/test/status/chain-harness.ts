// Shared set-up of the status suites: one anvil per test file, a fresh registry deployment per suite (so the
// SQLite and PostgreSQL runs never see each other's lists), organisations whose on-chain identity is a funded dev
// account, issued credentials with status slots, and readers of the on-chain status.
import { randomUUID } from 'node:crypto';
import { createWalletClient, http, type Address, type Hex, type LocalAccount } from 'viem';
import { ethereumDidRegistryAbi } from '@medtrust/registry-contract';
import { privateKeyToAccount } from 'viem/accounts';
import { ErrorCodes, MedtrustError, StatusRegistryReader, createChainPublicClient } from '@medtrust/core';
import { freePort, startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries, type RegistryDeployment } from '@medtrust/registry-contract/deploy';
import {
  allocateStatusIndex,
  createOrganisation,
  createStatusList,
  getCredential,
  getOrganisation,
  insertCredential,
  type Database,
  type Organisation,
  type StatusAction,
} from '../../src/store/index.ts';
import {
  StatusPublisher,
  ViemStatusChainWriter,
  type StatusChainWriter,
  type StatusPublisherOptions,
  type StatusTxLookup,
  type StatusTxReceipt,
} from '../../src/status/index.ts';
import { fakeJwt } from '../store/harness.ts';

/** One anvil for a test file. */
export interface TestChain {
  localChain: LocalChain;
  /** Dev accounts (funded); accounts[0] deploys the registries. */
  accounts: LocalAccount[];
  /** A loopback URL where nothing listens (the chain "down"). */
  deadRpcUrl: string;
  /** Deploys a fresh set of registries. */
  deploy(): Promise<RegistryDeployment>;
  stop(): Promise<void>;
}

/** Starts anvil and finds a dead port. */
export async function startTestChain(): Promise<TestChain> {
  const localChain = await startLocalChain();
  let deadPort = await freePort();
  while (deadPort === localChain.port) deadPort = await freePort();
  return {
    localChain,
    accounts: localChain.accounts.map((key) => privateKeyToAccount(key)),
    deadRpcUrl: `http://127.0.0.1:${deadPort}`,
    deploy: () =>
      deployRegistries({ rpcUrl: localChain.rpcUrl, deployerPrivateKey: localChain.accounts[0]! }),
    stop: () => localChain.stop(),
  };
}

/**
 * Maps issuer identities to the accounts that sign for them; mutable, so a test can plug in a wrong key.
 */
export class AccountBook {
  readonly #byIssuer = new Map<string, LocalAccount>();

  /** Makes `account` sign for `issuer` (its own address when omitted). */
  set(account: LocalAccount, issuer: Address = account.address): void {
    this.#byIssuer.set(issuer.toLowerCase(), account);
  }

  /** The account signing for `issuer`. */
  accountFor = (issuer: Address): LocalAccount => {
    const account = this.#byIssuer.get(issuer.toLowerCase());
    if (account === undefined) throw new Error(`no test account for ${issuer}`);
    return account;
  };
}

/** A writer on `rpcUrl` (the live chain by default) for the deployment's status registry. */
export function writerFor(
  chain: TestChain,
  deployment: RegistryDeployment,
  book: AccountBook,
  rpcUrl: string = chain.localChain.rpcUrl,
): ViemStatusChainWriter {
  return new ViemStatusChainWriter({
    rpcUrl,
    chainId: chain.localChain.chainId,
    statusRegistry: deployment.statusRegistry,
    accountFor: book.accountFor,
    pollingIntervalMs: 20,
    receiptTimeoutMs: 10_000,
  });
}

/** Reads the organisation's address from the database (what the service wiring does). */
export function organisationAddressFrom(db: () => Database): (organisationId: string) => Promise<Address> {
  return async (organisationId) => {
    const organisation = await getOrganisation(db(), organisationId);
    if (organisation?.address === null || organisation?.address === undefined) {
      throw new Error(`organisation ${organisationId} has no on-chain identity`);
    }
    return organisation.address as Address;
  };
}

/** A publisher over the test database with fast defaults; `options` override. */
export function publisherFor(
  db: Database,
  writer: StatusChainWriter,
  options: Partial<StatusPublisherOptions> = {},
): StatusPublisher {
  return new StatusPublisher({
    db,
    writer,
    organisationAddress: organisationAddressFrom(() => db),
    ...options,
  });
}

let nextListId = 1_000 + Math.floor(Math.random() * 1_000_000);

/**
 * Creates an organisation whose on-chain identity is `account` and one status list (not created on-chain yet:
 * the publisher does it), with a list id unique in this process.
 */
export async function seedChainOrganisation(
  db: Database,
  account: LocalAccount,
  capacity: number,
): Promise<{ organisation: Organisation; listId: number }> {
  const organisation = await createOrganisation(db, {
    slug: `org-${randomUUID()}`,
    name: 'Test Medical Board',
    kind: 'medical-board',
    jurisdiction: 'PT',
    did: `did:ethr:0x7a69:${account.address}`,
    address: account.address,
  });
  const listId = nextListId++;
  await createStatusList(db, { organisationId: organisation.id, listId, capacity });
  return { organisation, listId };
}

/** One issued test credential. */
export interface IssuedTestCredential {
  id: string;
  listId: number;
  listIndex: number;
}

/** Issues `count` credentials (placeholder JWTs) with status slots allocated in order. */
export async function issueCredentials(
  db: Database,
  organisationId: string,
  count: number,
): Promise<IssuedTestCredential[]> {
  return db.transaction(async (tx) => {
    const issued: IssuedTestCredential[] = [];
    for (let i = 0; i < count; i++) {
      const slot = await allocateStatusIndex(tx, organisationId);
      const id = `urn:uuid:${randomUUID()}`;
      await insertCredential(tx, {
        id,
        organisationId,
        type: 'MedicalLicenseCredential',
        issuedAt: new Date().toISOString(),
        jwt: fakeJwt(),
        listId: slot.listId,
        listIndex: slot.index,
      });
      issued.push({ id, listId: slot.listId, listIndex: slot.index });
    }
    return issued;
  });
}

/** Reads on-chain status through the core reader (the verifier's path). */
export function chainReader(chain: TestChain, deployment: RegistryDeployment): StatusRegistryReader {
  return new StatusRegistryReader(
    createChainPublicClient({ rpcUrl: chain.localChain.rpcUrl, chainId: chain.localChain.chainId }),
    deployment.statusRegistry,
  );
}

/**
 * Compares `statusOf` on-chain with the database for every index of a list.
 *
 * @returns the indices that differ (empty when they agree), and how many indices were compared.
 */
export async function compareListWithChain(
  db: Database,
  reader: StatusRegistryReader,
  issuer: Address,
  listId: number,
  credentials: readonly IssuedTestCredential[],
  capacity: number,
): Promise<{ mismatches: number[]; compared: number }> {
  const byIndex = new Map<number, IssuedTestCredential>();
  for (const credential of credentials)
    if (credential.listId === listId) byIndex.set(credential.listIndex, credential);
  const mismatches: number[] = [];
  for (let index = 0; index < capacity; index++) {
    const credential = byIndex.get(index);
    const stored = credential === undefined ? undefined : await getCredential(db, credential.id);
    const expected = { revoked: stored?.revoked ?? false, suspended: stored?.suspended ?? false };
    const onChain = await reader.statusOf({ issuer, listId: BigInt(listId), index: BigInt(index) });
    if (onChain.revoked !== expected.revoked || onChain.suspended !== expected.suspended)
      mismatches.push(index);
  }
  return { mismatches, compared: capacity };
}

/** A controllable clock: starts at the real time, moves only when told. */
export class ManualClock {
  #ms = Date.now();

  /** The clock function to inject. */
  now = (): Date => new Date(this.#ms);

  /** Moves time forward. */
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/**
 * Wraps a writer to count calls and inject faults: lost receipts (`CHAIN_UNAVAILABLE` from `waitForReceipt` after
 * the transaction was sent) and slow receipts.
 */
export class InstrumentedWriter implements StatusChainWriter {
  readonly #inner: StatusChainWriter;
  /** Calls made, by method. */
  readonly calls = {
    createList: 0,
    applyBatch: 0,
    waitForReceipt: 0,
    lookupTransaction: 0,
    findListCreation: 0,
  };
  /** How many next `waitForReceipt` calls fail (the transaction is still mined). */
  failReceipts = 0;
  /** Delay added to every `waitForReceipt`. */
  receiptDelayMs = 0;
  /** How many next `lookupTransaction` calls answer `pending` (in the mempool) whatever the node says. */
  pendingLookups = 0;

  /** @param inner - the real writer. */
  constructor(inner: StatusChainWriter) {
    this.#inner = inner;
  }

  /** {@inheritDoc StatusChainWriter.createList} */
  createList(issuer: Address, listId: bigint, wordCount: number): Promise<{ txHash: Hex }> {
    this.calls.createList++;
    return this.#inner.createList(issuer, listId, wordCount);
  }

  /** {@inheritDoc StatusChainWriter.applyBatch} */
  applyBatch(
    issuer: Address,
    listId: bigint,
    action: StatusAction,
    wordIndices: readonly bigint[],
    masks: readonly bigint[],
  ): Promise<{ txHash: Hex }> {
    this.calls.applyBatch++;
    return this.#inner.applyBatch(issuer, listId, action, wordIndices, masks);
  }

  /** {@inheritDoc StatusChainWriter.waitForReceipt} */
  async waitForReceipt(txHash: Hex): Promise<StatusTxReceipt> {
    this.calls.waitForReceipt++;
    if (this.receiptDelayMs > 0) await new Promise((r) => setTimeout(r, this.receiptDelayMs));
    if (this.failReceipts > 0) {
      this.failReceipts--;
      throw new MedtrustError(ErrorCodes.CHAIN_UNAVAILABLE, 'injected: receipt lost');
    }
    return this.#inner.waitForReceipt(txHash);
  }

  /** {@inheritDoc StatusChainWriter.lookupTransaction} */
  lookupTransaction(txHash: Hex): Promise<StatusTxLookup> {
    this.calls.lookupTransaction++;
    if (this.pendingLookups > 0) {
      this.pendingLookups--;
      return Promise.resolve({ state: 'pending' });
    }
    return this.#inner.lookupTransaction(txHash);
  }

  /** {@inheritDoc StatusChainWriter.findListCreation} */
  findListCreation(issuer: Address, listId: bigint): Promise<Hex | undefined> {
    this.calls.findListCreation++;
    return this.#inner.findListCreation(issuer, listId);
  }
}

/**
 * The identity `account` owns hands its ERC-1056 ownership to `newOwner` on-chain (its old key can then no longer
 * write status or anchors for it: `NotIdentityController`).
 */
export async function changeIdentityOwner(
  chain: { rpcUrl: string; chainId: number },
  didRegistry: Address,
  account: LocalAccount,
  newOwner: Address,
): Promise<void> {
  const wallet = createWalletClient({
    account,
    chain: {
      id: chain.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    },
    transport: http(chain.rpcUrl),
  });
  const hash = await wallet.writeContract({
    address: didRegistry,
    abi: ethereumDidRegistryAbi,
    functionName: 'changeOwner',
    args: [account.address, newOwner],
  });
  const receipt = await createChainPublicClient(chain).waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error('changeOwner reverted');
}
