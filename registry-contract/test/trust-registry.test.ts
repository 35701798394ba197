/**
 * TrustRegistry on a real EVM (anvil): governance accreditation, the one delegated level, append-only history,
 * every custom error, event and access-control path (docs/contracts-design.md).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BaseError,
  ContractFunctionRevertedError,
  encodeDeployData,
  toFunctionSelector,
  getAddress,
  keccak256,
  parseEventLogs,
  toBytes,
  zeroAddress,
  zeroHash,
  type Abi,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { trustRegistryArtifact } from '../src/generated/artifacts.generated.ts';
import {
  advanceTime,
  blockTime,
  delegateType,
  didRegistryWrite,
  expectRevert,
  latestTime,
  send,
  startHarness,
  type Call,
  type Harness,
  type Wallet,
} from './helpers.ts';

const abi = trustRegistryArtifact.abi as Abi;
const GOVERNANCE_ROLE = keccak256(toBytes('GOVERNANCE_ROLE'));
const ACCREDITOR = delegateType('Accreditor');
const DE = keccak256(toBytes('DE'));
const FR = keccak256(toBytes('FR'));

interface Record {
  validFrom: number;
  validUntil: number;
  accreditor: Address;
  delegable: boolean;
}

let h: Harness;
let governance: Wallet; // deployer: DEFAULT_ADMIN_ROLE + GOVERNANCE_ROLE
let stranger: Wallet;

before(async () => {
  h = await startHarness();
  governance = h.wallets[0]!;
  stranger = h.wallets[9]!;
});

after(async () => {
  await h?.stop();
});

let typeCounter = 0;
/** A fresh credential type hash, so that every test starts from an empty history. */
function freshType(): Hex {
  return keccak256(toBytes(`MedicalLicenseCredential#${typeCounter++}`));
}

function call(functionName: string, args: readonly unknown[]): Call {
  return { address: h.deployment.trustRegistry, abi, functionName, args };
}

async function read<T>(functionName: string, args: readonly unknown[]): Promise<T> {
  return (await h.publicClient.readContract({
    address: h.deployment.trustRegistry,
    abi,
    functionName,
    args,
  })) as T;
}

async function isAccredited(subject: Address, type: Hex, jurisdiction: Hex, time: number): Promise<boolean> {
  return read<boolean>('isAccredited', [subject, type, jurisdiction, time]);
}

async function records(subject: Address, type: Hex, jurisdiction: Hex): Promise<Record[]> {
  return [...(await read<readonly Record[]>('accreditations', [subject, type, jurisdiction]))];
}

function events(receipt: TransactionReceipt, eventName: string): { [key: string]: unknown }[] {
  const logs = parseEventLogs({ abi, logs: receipt.logs, eventName });
  for (const log of logs) assert.equal(log.address.toLowerCase(), h.deployment.trustRegistry.toLowerCase());
  return logs.map((log) => log.args as { [key: string]: unknown });
}

function accreditedEvent(
  subject: Address,
  credentialType: Hex,
  jurisdiction: Hex,
  accreditor: Address,
  validFrom: number,
  validUntil: number,
  delegable: boolean,
): { [key: string]: unknown } {
  return { subject, credentialType, jurisdiction, accreditor, validFrom, validUntil, delegable };
}

function withdrawnEvent(
  subject: Address,
  credentialType: Hex,
  jurisdiction: Hex,
  accreditor: Address,
  withdrawnAt: number,
): { [key: string]: unknown } {
  return { subject, credentialType, jurisdiction, accreditor, withdrawnAt };
}

function addr(wallet: Wallet): Address {
  return wallet.account.address;
}

/** Sends `functionName(args)` from `wallet` and returns the receipt with its block's timestamp. */
async function sendAt(
  wallet: Wallet,
  functionName: string,
  args: readonly unknown[],
): Promise<{ receipt: TransactionReceipt; at: number }> {
  const receipt = await send(h, wallet, call(functionName, args));
  return { receipt, at: await blockTime(h, receipt) };
}

describe('TrustRegistry: constants, roles and wiring', () => {
  it('exposes the role, the delegate type, the history bounds, the DID registry and grants both roles to the admin', async () => {
    assert.equal(await read('GOVERNANCE_ROLE', []), GOVERNANCE_ROLE);
    assert.equal(await read('ACCREDITOR_DELEGATE_TYPE', []), ACCREDITOR);
    assert.equal(await read('MAX_RECORDS', []), 64n);
    assert.equal(await read('MAX_DELEGATED_RECORDS', []), 48n);
    assert.equal(await read('didRegistry', []), getAddress(h.deployment.didRegistry));
    assert.equal(await read('hasRole', [zeroHash, addr(governance)]), true);
    assert.equal(await read('hasRole', [GOVERNANCE_ROLE, addr(governance)]), true);
    assert.equal(await read('hasRole', [GOVERNANCE_ROLE, addr(stranger)]), false);
    assert.equal(await read('getRoleAdmin', [GOVERNANCE_ROLE]), zeroHash);
    assert.equal(await read('supportsInterface', ['0x7965db0b']), true); // IAccessControl
  });

  it('grants the roles to a separate admin passed to the constructor', async () => {
    const admin = h.wallets[8]!;
    const hash = await governance.deployContract({
      abi: trustRegistryArtifact.abi,
      bytecode: trustRegistryArtifact.bytecode,
      args: [h.deployment.didRegistry, addr(admin)],
    });
    const receipt = await h.publicClient.waitForTransactionReceipt({ hash });
    const address = receipt.contractAddress!;
    const readAt = (functionName: string, args: readonly unknown[]) =>
      h.publicClient.readContract({ address, abi, functionName, args });
    assert.equal(await readAt('hasRole', [zeroHash, addr(admin)]), true);
    assert.equal(await readAt('hasRole', [GOVERNANCE_ROLE, addr(admin)]), true);
    assert.equal(await readAt('hasRole', [GOVERNANCE_ROLE, addr(governance)]), false);
    const type = freshType();
    const now = await latestTime(h);
    await expectRevert(
      h,
      governance,
      {
        address,
        abi,
        functionName: 'accredit',
        args: [addr(h.wallets[1]!), type, DE, 0, now + 100, false],
      },
      'AccessControlUnauthorizedAccount',
      [addr(governance), GOVERNANCE_ROLE],
    );
    await send(h, admin, {
      address,
      abi,
      functionName: 'accredit',
      args: [addr(h.wallets[1]!), type, DE, 0, now + 100, false],
    });
  });

  it('refuses a zero governance admin at deployment (ZeroAddressAdmin)', async () => {
    const data = encodeDeployData({
      abi: trustRegistryArtifact.abi,
      bytecode: trustRegistryArtifact.bytecode,
      args: [h.deployment.didRegistry, zeroAddress],
    });
    const error = await h.publicClient.call({ account: governance.account, data }).then(
      () => undefined,
      (e: unknown) => e as BaseError,
    );
    assert.ok(error instanceof BaseError, 'deployment with a zero admin must revert');
    const raw = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as {
      data?: Hex;
    } | null;
    assert.equal(raw?.data, toFunctionSelector('ZeroAddressAdmin()'));
  });

  it('the admin can grant and revoke GOVERNANCE_ROLE (OpenZeppelin AccessControl)', async () => {
    const member = h.wallets[7]!;
    const subject = addr(h.wallets[2]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('grantRole', [GOVERNANCE_ROLE, addr(member)]));
    await send(h, member, call('accredit', [subject, type, DE, 0, now + 100, false]));
    await send(h, governance, call('revokeRole', [GOVERNANCE_ROLE, addr(member)]));
    await expectRevert(
      h,
      member,
      call('accredit', [subject, type, DE, 0, now + 100, false]),
      'AccessControlUnauthorizedAccount',
      [addr(member), GOVERNANCE_ROLE],
    );
    await expectRevert(
      h,
      stranger,
      call('grantRole', [GOVERNANCE_ROLE, addr(stranger)]),
      'AccessControlUnauthorizedAccount',
      [addr(stranger), zeroHash],
    );
  });
});

describe('TrustRegistry: accredit', () => {
  it('appends a root record, emits Accredited, and answers isAccredited over [validFrom, validUntil)', async () => {
    const subject = addr(h.wallets[1]!);
    const type = freshType();
    const now = await latestTime(h);
    const until = now + 1000;
    // validFrom 0 = "from this block": the record and the event carry the block's timestamp
    const { receipt, at: from } = await sendAt(governance, 'accredit', [subject, type, DE, 0, until, true]);
    assert.deepEqual(events(receipt, 'Accredited'), [
      accreditedEvent(subject, type, DE, zeroAddress, from, until, true),
    ]);
    assert.deepEqual(await records(subject, type, DE), [
      { validFrom: from, validUntil: until, accreditor: zeroAddress, delegable: true },
    ]);
    assert.equal(await isAccredited(subject, type, DE, from - 1), false);
    assert.equal(await isAccredited(subject, type, DE, from), true);
    assert.equal(await isAccredited(subject, type, DE, until - 1), true);
    assert.equal(await isAccredited(subject, type, DE, until), false);
    assert.equal(await isAccredited(subject, type, FR, from), false);
    assert.equal(await isAccredited(subject, freshType(), DE, from), false);
    assert.equal(await isAccredited(addr(h.wallets[2]!), type, DE, from), false);

    // history is append-only: a second (upcoming) window is a second record, stored as given
    const second = await send(
      h,
      governance,
      call('accredit', [subject, type, DE, until + 500, until + 600, false]),
    );
    assert.deepEqual(events(second, 'Accredited'), [
      accreditedEvent(subject, type, DE, zeroAddress, until + 500, until + 600, false),
    ]);
    assert.equal((await records(subject, type, DE)).length, 2);
    assert.equal(await isAccredited(subject, type, DE, until + 100), false);
    assert.equal(await isAccredited(subject, type, DE, until + 550), true);
  });

  it('refuses a non-governance caller with AccessControlUnauthorizedAccount(account, role)', async () => {
    const now = await latestTime(h);
    await expectRevert(
      h,
      stranger,
      call('accredit', [addr(stranger), freshType(), DE, 0, now + 10, true]),
      'AccessControlUnauthorizedAccount',
      [addr(stranger), GOVERNANCE_ROLE],
    );
  });

  it('refuses the zero subject and empty or reversed windows', async () => {
    const type = freshType();
    const later = (await latestTime(h)) + 10_000;
    await expectRevert(
      h,
      governance,
      call('accredit', [zeroAddress, type, DE, later, later + 10, false]),
      'ZeroAddressSubject',
      [],
    );
    await expectRevert(
      h,
      governance,
      call('accredit', [addr(stranger), type, DE, later + 20, later + 20, false]),
      'InvalidValidityWindow',
      [later + 20, later + 20],
    );
    await expectRevert(
      h,
      governance,
      call('accredit', [addr(stranger), type, DE, later + 21, later + 20, false]),
      'InvalidValidityWindow',
      [later + 21, later + 20],
    );
    assert.deepEqual(await records(addr(stranger), type, DE), []);
  });

  it('refuses a validFrom before the current block (ValidFromInPast), and an already-ended window from 0', async () => {
    const type = freshType();
    const subject = addr(stranger);
    await advanceTime(h, 5);
    const now = await latestTime(h);
    for (const validFrom of [1, now - 1]) {
      await expectRevertWhere(
        governance,
        call('accredit', [subject, type, DE, validFrom, now + 100, false]),
        'ValidFromInPast',
        ([from, blockTimestamp]) => {
          assert.equal(from, validFrom);
          assert.ok((blockTimestamp as number) >= now, `blockTimestamp ${String(blockTimestamp)} < ${now}`);
        },
      );
    }
    // validFrom 0 resolves to the block's timestamp, so a window ending before it is empty
    await expectRevertWhere(
      governance,
      call('accredit', [subject, type, DE, 0, now - 1, false]),
      'InvalidValidityWindow',
      ([from, until]) => {
        assert.ok((from as number) >= now);
        assert.equal(until, now - 1);
      },
    );
    assert.deepEqual(await records(subject, type, DE), []);
  });
});

/**
 * Asserts that simulating `c` from `wallet` reverts with custom error `errorName` and lets `check` judge its
 * arguments (for arguments that name the block timestamp the simulation ran at).
 */
async function expectRevertWhere(
  wallet: Wallet,
  c: Call,
  errorName: string,
  check: (args: readonly unknown[]) => void,
): Promise<void> {
  await assert.rejects(
    h.publicClient.simulateContract({ ...c, account: wallet.account }),
    (error: unknown) => {
      assert.ok(error instanceof BaseError, `not a viem error: ${String(error)}`);
      const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
      assert.ok(reverted instanceof ContractFunctionRevertedError, `not a revert: ${error.shortMessage}`);
      assert.equal(reverted.data?.errorName, errorName, reverted.shortMessage);
      check(reverted.data?.args ?? []);
      return true;
    },
  );
}

describe('TrustRegistry: withdraw (governance)', () => {
  it('shortens the active window to the withdrawal time and keeps the history answerable', async () => {
    const subject = addr(h.wallets[1]!);
    const type = freshType();
    const now = await latestTime(h);
    // a record that will have ended by the withdrawal, and one that starts after it ended
    const { at: expiredFrom } = await sendAt(governance, 'accredit', [subject, type, DE, 0, now + 20, false]);
    const expired: Record = {
      validFrom: expiredFrom,
      validUntil: now + 20,
      accreditor: zeroAddress,
      delegable: false,
    };
    await send(h, governance, call('accredit', [subject, type, DE, now + 30, now + 10_000, true]));
    await advanceTime(h, 100);
    const receipt = await send(h, governance, call('withdraw', [subject, type, DE]));
    const withdrawnAt = await blockTime(h, receipt);
    assert.deepEqual(events(receipt, 'AccreditationWithdrawn'), [
      withdrawnEvent(subject, type, DE, zeroAddress, withdrawnAt),
    ]);
    assert.deepEqual(await records(subject, type, DE), [
      expired, // already ended: untouched
      { validFrom: now + 30, validUntil: withdrawnAt, accreditor: zeroAddress, delegable: true },
    ]);
    assert.equal(await isAccredited(subject, type, DE, now + 30), true);
    assert.equal(await isAccredited(subject, type, DE, withdrawnAt - 1), true);
    assert.equal(await isAccredited(subject, type, DE, withdrawnAt), false);
    assert.equal(await isAccredited(subject, type, DE, now + 5000), false);
    assert.equal(await isAccredited(subject, type, DE, expiredFrom), true); // the expired record's own window
    assert.equal(await isAccredited(subject, type, DE, now + 25), false); // between the two windows
    // nothing left to withdraw
    await expectRevert(h, governance, call('withdraw', [subject, type, DE]), 'NoActiveAccreditation', [
      subject,
      type,
      DE,
    ]);
  });

  it('empties an upcoming record (validUntil = validFrom)', async () => {
    const subject = addr(h.wallets[1]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [subject, type, DE, now + 1000, now + 2000, false]));
    const receipt = await send(h, governance, call('withdraw', [subject, type, DE]));
    assert.deepEqual(events(receipt, 'AccreditationWithdrawn'), [
      withdrawnEvent(subject, type, DE, zeroAddress, await blockTime(h, receipt)),
    ]);
    assert.deepEqual(await records(subject, type, DE), [
      { validFrom: now + 1000, validUntil: now + 1000, accreditor: zeroAddress, delegable: false },
    ]);
    assert.equal(await isAccredited(subject, type, DE, now + 1500), false);
  });

  it('withdraws delegated records too, naming their accreditor', async () => {
    const root = h.wallets[1]!;
    const subject = addr(h.wallets[2]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [addr(root), type, DE, 0, now + 10_000, true]));
    await send(h, root, call('accreditDelegated', [addr(root), subject, type, DE, 0, now + 5000]));
    await send(h, governance, call('accredit', [subject, type, DE, 0, now + 5000, false]));
    await advanceTime(h, 10);
    const receipt = await send(h, governance, call('withdraw', [subject, type, DE]));
    const at = await blockTime(h, receipt);
    assert.deepEqual(events(receipt, 'AccreditationWithdrawn'), [
      withdrawnEvent(subject, type, DE, addr(root), at),
      withdrawnEvent(subject, type, DE, zeroAddress, at),
    ]);
    assert.equal(await isAccredited(subject, type, DE, at), false);
    assert.equal(await isAccredited(subject, type, DE, at - 1), true);
  });

  it('refuses a non-governance caller and a subject without accreditation', async () => {
    const type = freshType();
    const subject = addr(h.wallets[1]!);
    await expectRevert(h, governance, call('withdraw', [subject, type, DE]), 'NoActiveAccreditation', [
      subject,
      type,
      DE,
    ]);
    const now = await latestTime(h);
    const { at } = await sendAt(governance, 'accredit', [subject, type, DE, 0, now + 1000, false]);
    await expectRevert(
      h,
      stranger,
      call('withdraw', [subject, type, DE]),
      'AccessControlUnauthorizedAccount',
      [addr(stranger), GOVERNANCE_ROLE],
    );
    await expectRevert(h, governance, call('withdraw', [subject, type, FR]), 'NoActiveAccreditation', [
      subject,
      type,
      FR,
    ]);
    assert.equal(await isAccredited(subject, type, DE, at), true);
  });
});

describe('TrustRegistry: accreditDelegated', () => {
  it('a delegable root accredits a subject (by its owner or an Accreditor delegate) within its own window', async () => {
    const root = h.wallets[1]!;
    const R = addr(root);
    const delegate = h.wallets[3]!;
    const [S, S2] = [addr(h.wallets[2]!), addr(h.wallets[4]!)];
    const type = freshType();
    const now = await latestTime(h);
    const rootUntil = now + 10_000;
    await send(h, governance, call('accredit', [R, type, DE, 0, rootUntil, true]));

    const { receipt, at } = await sendAt(root, 'accreditDelegated', [R, S, type, DE, 0, now + 5000]);
    assert.deepEqual(events(receipt, 'Accredited'), [accreditedEvent(S, type, DE, R, at, now + 5000, false)]);
    assert.deepEqual(await records(S, type, DE), [
      { validFrom: at, validUntil: now + 5000, accreditor: R, delegable: false },
    ]);
    assert.equal(await isAccredited(S, type, DE, at), true);
    assert.equal(await isAccredited(S, type, DE, now + 5000), false);

    await didRegistryWrite(h, root, 'addDelegate', [R, ACCREDITOR, addr(delegate), 3600n]);
    // an upcoming window, up to the root's end
    const byDelegate = await send(
      h,
      delegate,
      call('accreditDelegated', [R, S2, type, DE, now + 100, rootUntil]),
    );
    assert.deepEqual(events(byDelegate, 'Accredited'), [
      accreditedEvent(S2, type, DE, R, now + 100, rootUntil, false),
    ]);
    assert.equal(await isAccredited(S2, type, DE, now + 99), false);
    assert.equal(await isAccredited(S2, type, DE, rootUntil - 1), true);
  });

  it('refuses a window beyond the accreditor window, with both ends', async () => {
    const root = h.wallets[1]!;
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [addr(root), type, DE, 0, now + 10_000, true]));
    await expectRevert(
      h,
      root,
      call('accreditDelegated', [addr(root), addr(h.wallets[2]!), type, DE, 0, now + 10_001]),
      'WindowExceedsAccreditor',
      [now + 10_001, now + 10_000],
    );
    // with several active roots, the latest-ending one bounds the window
    await send(h, governance, call('accredit', [addr(root), type, DE, 0, now + 20_000, true]));
    await send(
      h,
      root,
      call('accreditDelegated', [addr(root), addr(h.wallets[2]!), type, DE, 0, now + 20_000]),
    );
  });

  it('refuses an accreditor whose root is not delegable, expired, upcoming, withdrawn, or for another type or jurisdiction', async () => {
    const root = h.wallets[1]!;
    const R = addr(root);
    const S = addr(h.wallets[2]!);
    const now = await latestTime(h);
    const cases: [string, (type: Hex) => Promise<unknown>][] = [
      ['no root at all', async () => undefined],
      [
        'not delegable',
        (type) => send(h, governance, call('accredit', [R, type, DE, 0, now + 10_000, false])),
      ],
      [
        'expired',
        async (type) => {
          const t = await latestTime(h);
          await send(h, governance, call('accredit', [R, type, DE, 0, t + 3, true]));
          await advanceTime(h, 10);
        },
      ],
      [
        'upcoming',
        (type) => send(h, governance, call('accredit', [R, type, DE, now + 1000, now + 2000, true])),
      ],
      [
        'other jurisdiction',
        (type) => send(h, governance, call('accredit', [R, type, FR, 0, now + 10_000, true])),
      ],
      [
        'withdrawn',
        async (type) => {
          await send(h, governance, call('accredit', [R, type, DE, 0, now + 10_000, true]));
          await send(h, governance, call('withdraw', [R, type, DE]));
        },
      ],
    ];
    for (const [label, setUp] of cases) {
      const type = freshType();
      await setUp(type);
      await assert.doesNotReject(
        expectRevert(
          h,
          root,
          call('accreditDelegated', [R, S, type, DE, 0, now + 500]),
          'AccreditorNotAuthorized',
          [R, type, DE],
        ),
        label,
      );
    }
  });

  it('a delegated accreditation cannot be delegated further', async () => {
    const root = h.wallets[1]!;
    const middle = h.wallets[2]!;
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [addr(root), type, DE, 0, now + 10_000, true]));
    await send(h, root, call('accreditDelegated', [addr(root), addr(middle), type, DE, 0, now + 5000]));
    await expectRevert(
      h,
      middle,
      call('accreditDelegated', [addr(middle), addr(h.wallets[4]!), type, DE, 0, now + 100]),
      'AccreditorNotAuthorized',
      [addr(middle), type, DE],
    );
  });

  it('refuses callers that do not control the accreditor, a zero subject, a past start and an invalid window', async () => {
    const root = h.wallets[1]!;
    const R = addr(root);
    const otherType = h.wallets[5]!; // a delegate of R, but of type StatusWriter
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [R, type, DE, 0, now + 10_000, true]));
    await didRegistryWrite(h, root, 'addDelegate', [R, delegateType('StatusWriter'), addr(otherType), 3600n]);
    const args = [R, addr(h.wallets[2]!), type, DE, 0, now + 100];
    await expectRevert(h, stranger, call('accreditDelegated', args), 'NotIdentityController', [
      R,
      addr(stranger),
    ]);
    await expectRevert(h, otherType, call('accreditDelegated', args), 'NotIdentityController', [
      R,
      addr(otherType),
    ]);
    // governance itself holds no ERC-1056 control over R
    await expectRevert(h, governance, call('accreditDelegated', args), 'NotIdentityController', [
      R,
      addr(governance),
    ]);
    await expectRevert(
      h,
      root,
      call('accreditDelegated', [R, zeroAddress, type, DE, 0, now + 100]),
      'ZeroAddressSubject',
      [],
    );
    await expectRevertWhere(
      root,
      call('accreditDelegated', [R, addr(h.wallets[2]!), type, DE, now - 1, now + 100]),
      'ValidFromInPast',
      ([from, blockTimestamp]) => {
        assert.equal(from, now - 1);
        assert.ok((blockTimestamp as number) >= now);
      },
    );
    await expectRevert(
      h,
      root,
      call('accreditDelegated', [R, addr(h.wallets[2]!), type, DE, now + 100, now + 100]),
      'InvalidValidityWindow',
      [now + 100, now + 100],
    );
  });
});

describe('TrustRegistry: isAccredited through the delegated level', () => {
  it("holds while the accreditor's root covers the time, and stops for times after the root is withdrawn", async () => {
    const root = h.wallets[1]!;
    const R = addr(root);
    const S = addr(h.wallets[2]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [R, type, DE, 0, now + 10_000, true]));
    const { at: delegatedFrom } = await sendAt(root, 'accreditDelegated', [R, S, type, DE, 0, now + 5000]);
    assert.equal(await isAccredited(S, type, DE, delegatedFrom - 1), false);
    assert.equal(await isAccredited(S, type, DE, delegatedFrom), true);

    await advanceTime(h, 100);
    const receipt = await send(h, governance, call('withdraw', [R, type, DE]));
    const withdrawnAt = await blockTime(h, receipt);
    assert.deepEqual(events(receipt, 'AccreditationWithdrawn'), [
      withdrawnEvent(R, type, DE, zeroAddress, withdrawnAt),
    ]);
    // the delegated record itself is unchanged: history preserved
    assert.deepEqual(await records(S, type, DE), [
      { validFrom: delegatedFrom, validUntil: now + 5000, accreditor: R, delegable: false },
    ]);
    assert.equal(await isAccredited(S, type, DE, delegatedFrom), true);
    assert.equal(await isAccredited(S, type, DE, withdrawnAt - 1), true);
    assert.equal(await isAccredited(S, type, DE, withdrawnAt), false);
    assert.equal(await isAccredited(S, type, DE, now + 4000), false);
    assert.equal(await isAccredited(R, type, DE, withdrawnAt - 1), true);
    assert.equal(await isAccredited(R, type, DE, withdrawnAt), false);
    // and the former root can no longer accredit
    await expectRevert(
      h,
      root,
      call('accreditDelegated', [R, S, type, DE, 0, now + 4000]),
      'AccreditorNotAuthorized',
      [R, type, DE],
    );
    // a later root of R makes the same delegated record count again, from that root's own start only
    await send(h, governance, call('accredit', [R, type, DE, now + 3000, now + 10_000, true]));
    assert.equal(await isAccredited(S, type, DE, now + 2999), false);
    assert.equal(await isAccredited(S, type, DE, now + 3000), true);
    assert.equal(await isAccredited(S, type, DE, now + 4999), true);
    assert.equal(await isAccredited(S, type, DE, now + 5000), false);
  });

  it('does not count a delegated record whose accreditor held only a non-delegable or delegated record', async () => {
    // the contract never lets such records be created; this checks isAccredited's own rule via a later downgrade:
    // R's delegable root is withdrawn and replaced by a non-delegable one covering the same later times
    const root = h.wallets[1]!;
    const R = addr(root);
    const S = addr(h.wallets[2]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [R, type, DE, 0, now + 10_000, true]));
    await send(h, root, call('accreditDelegated', [R, S, type, DE, 0, now + 10_000]));
    await advanceTime(h, 10);
    const withdrawal = await send(h, governance, call('withdraw', [R, type, DE]));
    const withdrawnAt = await blockTime(h, withdrawal);
    await send(h, governance, call('accredit', [R, type, DE, 0, now + 10_000, false]));
    assert.equal(await isAccredited(R, type, DE, now + 5000), true);
    assert.equal(await isAccredited(S, type, DE, now + 5000), false);
    assert.equal(await isAccredited(S, type, DE, withdrawnAt - 1), true);
  });
});

describe('TrustRegistry: withdrawDelegated', () => {
  it("an accreditor withdraws only its own grants; governance's records stay", async () => {
    const [root, root2] = [h.wallets[1]!, h.wallets[4]!];
    const [R, R2] = [addr(root), addr(root2)];
    const S = addr(h.wallets[2]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [R, type, DE, 0, now + 10_000, true]));
    await send(h, governance, call('accredit', [R2, type, DE, 0, now + 10_000, true]));
    const { at: at1 } = await sendAt(root, 'accreditDelegated', [R, S, type, DE, 0, now + 5000]);
    const { at: at2 } = await sendAt(root2, 'accreditDelegated', [R2, S, type, DE, 0, now + 6000]);
    const { at: at3 } = await sendAt(governance, 'accredit', [S, type, DE, 0, now + 7000, false]);

    const receipt = await send(h, root, call('withdrawDelegated', [R, S, type, DE]));
    const at = await blockTime(h, receipt);
    assert.deepEqual(events(receipt, 'AccreditationWithdrawn'), [withdrawnEvent(S, type, DE, R, at)]);
    assert.deepEqual(await records(S, type, DE), [
      { validFrom: at1, validUntil: at, accreditor: R, delegable: false },
      { validFrom: at2, validUntil: now + 6000, accreditor: R2, delegable: false },
      { validFrom: at3, validUntil: now + 7000, accreditor: zeroAddress, delegable: false },
    ]);
    assert.equal(await isAccredited(S, type, DE, at + 1), true); // still by R2 and governance
    await expectRevert(h, root, call('withdrawDelegated', [R, S, type, DE]), 'NoActiveAccreditation', [
      S,
      type,
      DE,
    ]);

    // an Accreditor delegate of R2 withdraws R2's grant
    const delegate = h.wallets[3]!;
    await didRegistryWrite(h, root2, 'addDelegate', [R2, ACCREDITOR, addr(delegate), 3600n]);
    const byDelegate = await send(h, delegate, call('withdrawDelegated', [R2, S, type, DE]));
    assert.deepEqual(events(byDelegate, 'AccreditationWithdrawn'), [
      withdrawnEvent(S, type, DE, R2, await blockTime(h, byDelegate)),
    ]);
  });

  it('refuses callers that do not control the accreditor', async () => {
    const root = h.wallets[1]!;
    const R = addr(root);
    const S = addr(h.wallets[2]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [R, type, DE, 0, now + 10_000, true]));
    await send(h, root, call('accreditDelegated', [R, S, type, DE, 0, now + 100]));
    await expectRevert(h, stranger, call('withdrawDelegated', [R, S, type, DE]), 'NotIdentityController', [
      R,
      addr(stranger),
    ]);
    await expectRevert(h, governance, call('withdrawDelegated', [R, S, type, DE]), 'NotIdentityController', [
      R,
      addr(governance),
    ]);
    // the subject cannot withdraw its own delegated accreditation by naming itself: it granted nothing
    await expectRevert(
      h,
      h.wallets[2]!,
      call('withdrawDelegated', [S, S, type, DE]),
      'NoActiveAccreditation',
      [S, type, DE],
    );
  });
});

describe('TrustRegistry: ERC-1056 control of accreditors', () => {
  it('after changeOwner the old owner loses and the new owner gains the accreditor rights', async () => {
    const [identity, newOwner] = [h.wallets[6]!, h.wallets[7]!];
    const I = addr(identity);
    const S = addr(h.wallets[2]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [I, type, DE, 0, now + 10_000, true]));
    await didRegistryWrite(h, identity, 'changeOwner', [I, addr(newOwner)]);
    await expectRevert(
      h,
      identity,
      call('accreditDelegated', [I, S, type, DE, 0, now + 100]),
      'NotIdentityController',
      [I, I],
    );
    const { receipt, at } = await sendAt(newOwner, 'accreditDelegated', [I, S, type, DE, 0, now + 100]);
    assert.deepEqual(events(receipt, 'Accredited'), [accreditedEvent(S, type, DE, I, at, now + 100, false)]);
    await expectRevert(h, identity, call('withdrawDelegated', [I, S, type, DE]), 'NotIdentityController', [
      I,
      I,
    ]);
    await send(h, newOwner, call('withdrawDelegated', [I, S, type, DE]));
  });

  it('an Accreditor delegate loses its rights after revokeDelegate and after expiry', async () => {
    const root = h.wallets[1]!;
    const R = addr(root);
    const [revoked, expiring] = [h.wallets[3]!, h.wallets[5]!];
    const S = addr(h.wallets[2]!);
    const type = freshType();
    const now = await latestTime(h);
    await send(h, governance, call('accredit', [R, type, DE, 0, now + 100_000, true]));
    await didRegistryWrite(h, root, 'addDelegate', [R, ACCREDITOR, addr(revoked), 3600n]);
    await didRegistryWrite(h, root, 'addDelegate', [R, ACCREDITOR, addr(expiring), 60n]);
    await send(h, revoked, call('accreditDelegated', [R, S, type, DE, 0, now + 100]));
    await send(h, expiring, call('accreditDelegated', [R, S, type, DE, 0, now + 200]));
    await didRegistryWrite(h, root, 'revokeDelegate', [R, ACCREDITOR, addr(revoked)]);
    await expectRevert(
      h,
      revoked,
      call('accreditDelegated', [R, S, type, DE, 0, now + 100]),
      'NotIdentityController',
      [R, addr(revoked)],
    );
    await advanceTime(h, 61);
    await expectRevert(
      h,
      expiring,
      call('accreditDelegated', [R, S, type, DE, 0, now + 100]),
      'NotIdentityController',
      [R, addr(expiring)],
    );
    await expectRevert(h, expiring, call('withdrawDelegated', [R, S, type, DE]), 'NotIdentityController', [
      R,
      addr(expiring),
    ]);
  });
});

describe('TrustRegistry: bounded history (withdrawal always fits in a block)', () => {
  /** Gas bar of a withdrawal touching a full history of MAX_RECORDS active records (measured ~0.5M). */
  const WITHDRAW_AT_CAP_GAS = 650_000n;

  it('caps delegated records at MAX_DELEGATED_RECORDS and all records at MAX_RECORDS; withdrawal at the cap stays cheap', async (t) => {
    const root = h.wallets[1]!;
    const R = addr(root);
    const S = addr(h.wallets[4]!);
    const type = freshType();
    const now = await latestTime(h);
    const until = now + 100_000;
    await send(h, governance, call('accredit', [R, type, DE, 0, until, true]));
    // a delegable accreditor fills what it may: 48 records, then is refused
    for (let i = 0; i < 48; i++)
      await send(h, root, call('accreditDelegated', [R, S, type, DE, 0, until - i]));
    await expectRevert(h, root, call('accreditDelegated', [R, S, type, DE, 0, until]), 'HistoryFull', [
      S,
      type,
      DE,
      48n,
    ]);
    // governance keeps the last 16 slots, then is refused too
    for (let i = 0; i < 16; i++)
      await send(h, governance, call('accredit', [S, type, DE, 0, until - i, false]));
    await expectRevert(h, governance, call('accredit', [S, type, DE, 0, until, false]), 'HistoryFull', [
      S,
      type,
      DE,
      64n,
    ]);
    assert.equal((await records(S, type, DE)).length, 64);

    const lookup = await h.publicClient.estimateContractGas({
      ...call('isAccredited', [S, type, DE, until + 1]), // no record covers it: a full scan
      account: stranger.account,
    });
    t.diagnostic(`isAccredited over a full history: ${lookup} gas`);

    const delegatedEstimate = await h.publicClient.estimateContractGas({
      ...call('withdrawDelegated', [R, S, type, DE]),
      account: root.account,
    });
    const estimate = await h.publicClient.estimateContractGas({
      ...call('withdraw', [S, type, DE]),
      account: governance.account,
    });
    t.diagnostic(`withdrawDelegated of 48 records: estimated ${delegatedEstimate} gas`);
    t.diagnostic(`withdraw of 64 records: estimated ${estimate} gas`);
    assert.ok(delegatedEstimate < WITHDRAW_AT_CAP_GAS, `withdrawDelegated estimated ${delegatedEstimate}`);
    assert.ok(estimate < WITHDRAW_AT_CAP_GAS, `withdraw estimated ${estimate}`);
    await advanceTime(h, 10); // so that `at - 1` below lies inside every record
    const receipt = await send(h, governance, call('withdraw', [S, type, DE]));
    t.diagnostic(`withdraw of 64 records: ${receipt.gasUsed} gas used`);
    assert.ok(receipt.gasUsed < WITHDRAW_AT_CAP_GAS, `withdraw used ${receipt.gasUsed}`);
    assert.equal(events(receipt, 'AccreditationWithdrawn').length, 64);
    const at = await blockTime(h, receipt);
    assert.equal(await isAccredited(S, type, DE, at - 1), true);
    assert.equal(await isAccredited(S, type, DE, at), false);
    // history is never overwritten: the full history stays full
    await expectRevert(h, governance, call('accredit', [S, type, DE, 0, until, false]), 'HistoryFull', [
      S,
      type,
      DE,
      64n,
    ]);
    // other histories of the subject are unaffected
    await send(h, governance, call('accredit', [S, type, FR, 0, until, false]));
  });
});
