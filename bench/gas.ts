/**
 * Gas benchmark of credential revocation: our `StatusRegistry` (bitmaps, 256 credentials per storage word) against
 * the naive one-slot-per-credential registry (uPort style, `NaiveRevocationRegistry`) and the EIP-5539 reference
 * registry (`@spherity/ethr-revocation-registry`).
 *
 * It also measures credential anchoring: one `AnchorRegistry.anchor` transaction (a Merkle root over the credentials
 * issued since the last anchor), by the issuer's ERC-1056 owner and by a `StatusWriter` delegate, beside the naive
 * alternative of one storage slot per credential hash.
 *
 * Everything runs in one go on a fresh local anvil chain; every figure is the `gasUsed` of mined transaction
 * receipts (so it includes the 21,000 base cost and calldata of each transaction).
 */
import { createRequire } from 'node:module';
import {
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  stringToHex,
  toHex,
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startLocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import * as artifacts from '../registry-contract/src/generated/artifacts.generated.ts';
import { compileContracts } from '../registry-contract/scripts/compile.ts';

/** Version of the EIP-5539 reference implementation measured (pinned in registry-contract devDependencies). */
export const EIP5539_PACKAGE = '@spherity/ethr-revocation-registry@1.1.2';

/** Bars our registry must meet (upper bounds). */
export const GAS_BARS = {
  /** Total gas of the transaction revoking one credential. */
  singleRevocation: 37_000,
  /** Gas per credential of a batch of 256 revocations. */
  batch256PerCredential: 300,
  /** One-time set-up gas per status-list slot. */
  setupPerSlot: 150,
  /** Total gas of one anchor transaction (one Merkle root, whatever the credential count). */
  anchorTotal: 50_000,
  /** Gas per credential of the anchor of a 256-credential flush (51,200 in total). */
  anchor256PerCredential: 200,
} as const;

/** Words of the list whose creation is measured (and on which the revocations run): 512 × 256 = 131,072 slots. */
const LIST_WORDS = 512;
/** EIP-7825 (Osaka) per-transaction gas cap: every measured transaction should fit under it. */
const TX_GAS_CAP = 16_777_216;

/** The three registries compared. */
export type Contender = 'ours' | 'naive' | 'eip5539';

/** Raw figures of one measured scenario. */
export interface Measurement {
  /** Sum of `gasUsed` over all the transactions of the scenario. */
  totalGas: number;
  transactions: number;
  /** Credentials (or slots) the scenario covers. */
  units: number;
  /** `totalGas / units`. */
  perUnit: number;
}

/** One line of the table. */
export interface GasRow {
  id:
    | 'single'
    | 'batch16'
    | 'batch256'
    | 'batch256Scattered'
    | 'setup'
    | 'setupSmallList'
    | 'deployment'
    | 'anchor'
    | 'anchorDelegate'
    | 'anchor256'
    | 'anchor256Delegate';
  metric: string;
  unit: 'gas' | 'gas/credential' | 'gas/slot';
  /** Figure per contender; null = could not be measured (see the contender's `unavailable`). */
  values: Record<Contender, number | null>;
  /** Short remark per contender, printed next to the figure (e.g. "=batch" or "none"). */
  remarks: Partial<Record<Contender, string>>;
  /** ours ÷ naive, or null when not meaningful. */
  oursOverNaive: number | null;
  /** Upper bound for ours, or null when the row is informational. */
  bar: number | null;
  /** null when there is no bar. */
  pass: boolean | null;
}

/** What was deployed, and why not when it could not be. */
export interface ContenderInfo {
  name: string;
  source: string;
  address: Address | null;
  deploymentGas: number | null;
  /** Set when the contender could not be deployed or used: the reason. */
  unavailable?: string;
}

/** Result of {@link runGasBenchmark}. */
export interface GasReport {
  benchmark: 'gas';
  generatedAt: string;
  chain: { chainId: number; node: string; hardfork: string };
  compiler: string;
  issuer: Address;
  contenders: Record<Contender, ContenderInfo>;
  rows: GasRow[];
  /** Every raw measurement, by contender and scenario. */
  measurements: Record<Contender, Record<string, Measurement>>;
  /** Largest single transaction measured, against the EIP-7825 cap. */
  largestTransaction: { gas: number; label: string; underEip7825Cap: boolean };
  /** True when every bar is met. */
  passed: boolean;
  notes: string[];
}

/** The ABI and creation bytecode of the EIP-5539 reference registry, from its typechain factory. */
function loadEip5539(): { abi: Abi; bytecode: Hex } {
  const require = createRequire(import.meta.url);
  const factoryModule =
    require('@spherity/ethr-revocation-registry/types/ethers-v6/factories/RevocationRegistry__factory.js') as {
      RevocationRegistry__factory: { abi: Abi; bytecode: Hex };
    };
  const { abi, bytecode } = factoryModule.RevocationRegistry__factory;
  if (!Array.isArray(abi) || typeof bytecode !== 'string' || !bytecode.startsWith('0x')) {
    throw new Error('RevocationRegistry__factory has no static abi/bytecode');
  }
  return { abi, bytecode };
}

/** Fails when the generated artifacts differ from a fresh compile of the sources (the bench would measure stale code). */
function assertArtifactsFresh(): string {
  const fresh = compileContracts();
  const checked = [
    ['StatusRegistry', artifacts.statusRegistryArtifact] as const,
    ['NaiveRevocationRegistry', artifacts.naiveRevocationRegistryArtifact] as const,
    ['AnchorRegistry', artifacts.anchorRegistryArtifact] as const,
  ];
  for (const [name, artifact] of checked) {
    if (artifact === undefined)
      throw new Error(`no generated artifact for ${name}: run npm run compile:contracts`);
    if (fresh[name]?.bytecode !== artifact.bytecode) {
      throw new Error(`generated artifact of ${name} is stale: run npm run compile:contracts`);
    }
  }
  const require = createRequire(import.meta.url);
  const solc = require('solc') as { version(): string };
  return `solc-js ${solc.version()} (optimizer 10,000 runs, evm cancun)`;
}

function firstLine(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return (e.shortMessage ?? e.message ?? String(error)).split('\n')[0]!.trim();
}

function measurement(receipts: readonly TransactionReceipt[], units: number): Measurement {
  const totalGas = receipts.reduce((sum, r) => sum + Number(r.gasUsed), 0);
  return {
    totalGas,
    transactions: receipts.length,
    units,
    perUnit: Math.round((totalGas / units) * 100) / 100,
  };
}

/**
 * Runs the gas benchmark on a fresh local chain.
 * @returns the figures, the table rows and whether every bar is met.
 * @throws when our registry cannot be deployed or a measured transaction of ours or of the naive baseline fails.
 */
export async function runGasBenchmark(): Promise<GasReport> {
  const compiler = assertArtifactsFresh();
  const chainHandle = await startLocalChain();
  try {
    const deployerKey = chainHandle.accounts[0]!;
    const account = privateKeyToAccount(deployerKey);
    const issuer = account.address; // no ERC-1056 owner change: the identity is its own owner
    const transport = http(chainHandle.rpcUrl, { retryCount: 0 });
    const chain: Chain = {
      id: chainHandle.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chainHandle.rpcUrl] } },
    };
    const publicClient = createPublicClient({ chain, transport, pollingInterval: 10 });
    const walletClient = createWalletClient({ account, chain, transport });
    const node = await publicClient
      .request({ method: 'web3_clientVersion' } as never)
      .then(String, () => 'anvil');
    const hardfork = await publicClient.request({ method: 'anvil_nodeInfo' } as never).then(
      (info) => String((info as { hardFork?: string }).hardFork ?? 'unknown'),
      () => 'unknown',
    );

    const notes: string[] = [];
    let largest = { gas: 0, label: '' };
    const track = (label: string, receipt: TransactionReceipt): TransactionReceipt => {
      if (receipt.status !== 'success')
        throw new Error(`${label}: transaction ${receipt.transactionHash} reverted`);
      if (Number(receipt.gasUsed) > largest.gas) largest = { gas: Number(receipt.gasUsed), label };
      return receipt;
    };
    /** Awaits a sent transaction (`walletClient.writeContract(...)`), its receipt, and checks it succeeded. */
    const send = async (label: string, sent: Promise<Hex>): Promise<TransactionReceipt> => {
      const hash = await sent;
      return track(label, await publicClient.waitForTransactionReceipt({ hash }));
    };
    const deploy = async (label: string, abi: Abi, bytecode: Hex, args: readonly unknown[] = []) => {
      const hash = await walletClient.deployContract({ abi, bytecode, args, account, chain });
      const receipt = track(label, await publicClient.waitForTransactionReceipt({ hash }));
      if (!receipt.contractAddress) throw new Error(`${label}: no contract address`);
      return { address: receipt.contractAddress, gas: Number(receipt.gasUsed) };
    };

    /** Gas of the transaction that created `address`, searched back from `toBlock` (a fresh chain: few blocks). */
    const findDeploymentGas = async (address: Address, toBlock: number): Promise<number | null> => {
      for (let n = toBlock; n >= 0; n--) {
        const block = await publicClient.getBlock({ blockNumber: BigInt(n), includeTransactions: true });
        for (const tx of block.transactions) {
          const receipt = await publicClient.getTransactionReceipt({ hash: tx.hash });
          if (receipt.contractAddress?.toLowerCase() === address.toLowerCase())
            return Number(receipt.gasUsed);
        }
      }
      return null;
    };

    // ---- ours: StatusRegistry (with the ERC-1056 registry it relies on) via the project's deployment code
    const deployment = await deployRegistries({
      rpcUrl: chainHandle.rpcUrl,
      deployerPrivateKey: deployerKey,
    });
    const statusAbi = artifacts.statusRegistryArtifact.abi;
    const statusAddress = deployment.statusRegistry;
    const oursDeploymentGas = await findDeploymentGas(statusAddress, deployment.blockNumber);

    // ---- naive baseline
    const naiveAbi = artifacts.naiveRevocationRegistryArtifact.abi;
    const naive = await deploy(
      'naive deployment',
      naiveAbi as Abi,
      artifacts.naiveRevocationRegistryArtifact.bytecode,
    );

    // ---- EIP-5539 reference registry, deployed directly (no proxy) from its published creation bytecode
    const eip: ContenderInfo = {
      name: 'EIP-5539 RevocationRegistry',
      source: EIP5539_PACKAGE,
      address: null,
      deploymentGas: null,
    };
    let eipAbi: Abi = [];
    try {
      const loaded = loadEip5539();
      eipAbi = loaded.abi;
      const deployed = await deploy('EIP-5539 deployment', loaded.abi, loaded.bytecode);
      eip.address = deployed.address;
      eip.deploymentGas = deployed.gas;
      // The constructor runs initialize() then _disableInitializers(): check the implementation is usable as is.
      const [owner, paused] = await Promise.all([
        publicClient.readContract({ address: deployed.address, abi: eipAbi, functionName: 'owner' }),
        publicClient.readContract({ address: deployed.address, abi: eipAbi, functionName: 'paused' }),
      ]);
      if (paused !== false) throw new Error('the directly deployed implementation is paused');
      notes.push(
        `EIP-5539 registry deployed directly from its creation bytecode (no ERC-1967 proxy): its constructor ran initialize(), owner = ${String(owner)}, not paused; lists need no creation (namespace = issuer address).`,
      );
    } catch (error) {
      eip.unavailable = `direct deployment failed: ${firstLine(error)}`;
    }

    const measurements: GasReport['measurements'] = { ours: {}, naive: {}, eip5539: {} };

    // ---- set-up of ours: one list of LIST_WORDS words, and a one-word list (fixed overhead dominates)
    const listId = 1n;
    const smallListId = 2n;
    const createListReceipt = await send(
      'ours createList',
      walletClient.writeContract({
        address: statusAddress,
        abi: statusAbi,
        functionName: 'createList',
        args: [issuer, listId, LIST_WORDS],
        account,
        chain,
      }),
    );
    measurements.ours.setup = measurement([createListReceipt], LIST_WORDS * 256);
    const smallListReceipt = await send(
      'ours createList (1 word)',
      walletClient.writeContract({
        address: statusAddress,
        abi: statusAbi,
        functionName: 'createList',
        args: [issuer, smallListId, 1],
        account,
        chain,
      }),
    );
    measurements.ours.setupSmallList = measurement([smallListReceipt], 256);
    measurements.naive.setup = { totalGas: 0, transactions: 0, units: 1, perUnit: 0 };
    if (!eip.unavailable) measurements.eip5539.setup = { totalGas: 0, transactions: 0, units: 1, perUnit: 0 };

    // Word layout of the list: word 0 single revocation, word 1 batch of 16, word 2 batch of 256,
    // words 256..511 the scattered batch (one index in each of 256 different words). All words are untouched before.
    const word = (w: number, bit: number): bigint => BigInt(w) * 256n + BigInt(bit);

    // ---- one revocation
    const oursSingle = await send(
      'ours revoke',
      walletClient.writeContract({
        address: statusAddress,
        abi: statusAbi,
        functionName: 'revoke',
        args: [issuer, listId, word(0, 7)],
        account,
        chain,
      }),
    );
    measurements.ours.single = measurement([oursSingle], 1);

    const naiveHash = (label: string, i: number): Hex =>
      keccak256(toHex(`medtrust bench naive ${label} ${i}`));
    const naiveRevokeAll = async (label: string, count: number): Promise<TransactionReceipt[]> => {
      const receipts: TransactionReceipt[] = [];
      for (let i = 0; i < count; i++) {
        receipts.push(
          await send(
            `naive revoke (${label})`,
            walletClient.writeContract({
              address: naive.address,
              abi: naiveAbi,
              functionName: 'revoke',
              args: [naiveHash(label, i)],
              account,
              chain,
            }),
          ),
        );
      }
      return receipts;
    };
    measurements.naive.single = measurement(await naiveRevokeAll('single', 1), 1);

    const eipList = keccak256(toHex('medtrust bench EIP-5539 list'));
    const eipKey = (label: string, i: number): Hex =>
      keccak256(toHex(`medtrust bench eip5539 ${label} ${i}`));
    const eipMeasure = async (scenario: string, run: () => Promise<Measurement>): Promise<void> => {
      if (eip.unavailable || !eip.address) return;
      try {
        measurements.eip5539[scenario] = await run();
      } catch (error) {
        eip.unavailable = `${scenario} failed: ${firstLine(error)}`;
      }
    };
    await eipMeasure('single', async () =>
      measurement(
        [
          await send(
            'EIP-5539 changeStatus',
            walletClient.writeContract({
              address: eip.address!,
              abi: eipAbi,
              functionName: 'changeStatus',
              args: [true, issuer, eipList, eipKey('single', 0)],
              account,
              chain,
            }),
          ),
        ],
        1,
      ),
    );

    // ---- batches of 16 and 256
    for (const [size, wordIndex] of [
      [16, 1],
      [256, 2],
    ] as const) {
      const mask = size === 256 ? (1n << 256n) - 1n : (1n << BigInt(size)) - 1n;
      const receipt = await send(
        `ours revokeBatch ${size}`,
        walletClient.writeContract({
          address: statusAddress,
          abi: statusAbi,
          functionName: 'revokeBatch',
          args: [issuer, listId, [BigInt(wordIndex)], [mask]],
          account,
          chain,
        }),
      );
      measurements.ours[`batch${size}`] = measurement([receipt], size);
      measurements.naive[`batch${size}`] = measurement(await naiveRevokeAll(`batch${size}`, size), size);
      await eipMeasure(`batch${size}`, async () => {
        const keys = Array.from({ length: size }, (_, i) => eipKey(`batch${size}`, i));
        const receipt = await send(
          `EIP-5539 changeStatusesInList ${size}`,
          walletClient.writeContract({
            address: eip.address!,
            abi: eipAbi,
            functionName: 'changeStatusesInList',
            args: [keys.map(() => true), issuer, eipList, keys],
            account,
            chain,
          }),
        );
        return measurement([receipt], size);
      });
    }

    // ---- ours: a batch of 256 scattered over 256 different words (one bit per word; worst case of the bitmap)
    const scatteredWords = Array.from({ length: 256 }, (_, k) => BigInt(256 + k));
    const scatteredMasks = scatteredWords.map((_, k) => 1n << BigInt((k * 37) % 256));
    const scattered = await send(
      'ours revokeBatch scattered',
      walletClient.writeContract({
        address: statusAddress,
        abi: statusAbi,
        functionName: 'revokeBatch',
        args: [issuer, listId, scatteredWords, scatteredMasks],
        account,
        chain,
      }),
    );
    measurements.ours.batch256Scattered = measurement([scattered], 256);

    // ---- anchoring: one root per flush, by the issuer (its own ERC-1056 owner) and by a StatusWriter delegate
    const anchorAbi = artifacts.anchorRegistryArtifact.abi;
    const anchorAddress = deployment.anchorRegistry;
    const delegateAccount = privateKeyToAccount(chainHandle.accounts[1]!);
    const delegateWallet = createWalletClient({ account: delegateAccount, chain, transport });
    await send(
      'ERC-1056 addDelegate StatusWriter',
      walletClient.writeContract({
        address: deployment.didRegistry,
        abi: artifacts.ethereumDIDRegistryArtifact.abi,
        functionName: 'addDelegate',
        args: [issuer, stringToHex('StatusWriter', { size: 32 }), delegateAccount.address, 3600n],
        account,
        chain,
      }),
    );
    const anchorRoot = (label: string): Hex => keccak256(toHex(`medtrust bench anchor ${label}`));
    const anchorReceipts: TransactionReceipt[] = [];
    for (const [scenario, count, byDelegate] of [
      ['anchor', 1n, false],
      ['anchor256', 256n, false],
      ['anchorDelegate', 1n, true],
      ['anchor256Delegate', 256n, true],
    ] as const) {
      const receipt = await send(
        `ours anchor (${scenario})`,
        byDelegate
          ? delegateWallet.writeContract({
              address: anchorAddress,
              abi: anchorAbi,
              functionName: 'anchor',
              args: [issuer, anchorRoot(scenario), count],
              account: delegateAccount,
              chain,
            })
          : walletClient.writeContract({
              address: anchorAddress,
              abi: anchorAbi,
              functionName: 'anchor',
              args: [issuer, anchorRoot(scenario), count],
              account,
              chain,
            }),
      );
      anchorReceipts.push(receipt);
      measurements.ours[scenario] = measurement([receipt], Number(count));
    }

    // ---- sanity: the measured transactions did revoke what they should
    const oursRevoked = async (index: bigint): Promise<boolean> => {
      const [revoked] = await publicClient.readContract({
        address: statusAddress,
        abi: statusAbi,
        functionName: 'statusOf',
        args: [issuer, listId, index],
      });
      return revoked;
    };
    const checks: [string, Promise<boolean>][] = [
      ['ours single', oursRevoked(word(0, 7))],
      ['ours single neighbour stays valid', oursRevoked(word(0, 8)).then((r) => !r)],
      ['ours batch16 last', oursRevoked(word(1, 15))],
      ['ours batch16 next stays valid', oursRevoked(word(1, 16)).then((r) => !r)],
      ['ours batch256 last', oursRevoked(word(2, 255))],
      ['ours scattered', oursRevoked(word(256 + 255, (255 * 37) % 256))],
      [
        'naive batch256 last',
        publicClient
          .readContract({
            address: naive.address,
            abi: naiveAbi,
            functionName: 'revoked',
            args: [naiveHash('batch256', 255)],
          })
          .then(Boolean),
      ],
    ];
    if (!eip.unavailable && eip.address) {
      checks.push([
        'EIP-5539 batch256 last',
        publicClient
          .readContract({
            address: eip.address,
            abi: eipAbi,
            functionName: 'isRevoked',
            args: [issuer, eipList, eipKey('batch256', 255)],
          })
          .then((r) => r === true),
      ]);
    }
    for (const receipt of anchorReceipts) {
      checks.push([
        `ours anchor event ${receipt.transactionHash}`,
        Promise.resolve(
          receipt.logs.length === 1 && receipt.logs[0]!.address.toLowerCase() === anchorAddress.toLowerCase(),
        ),
      ]);
    }
    for (const [label, check] of checks) {
      if (!(await check)) throw new Error(`sanity check failed: ${label}`);
    }
    const capacity = await publicClient.readContract({
      address: statusAddress,
      abi: statusAbi,
      functionName: 'capacity',
      args: [issuer, listId],
    });
    if (capacity !== BigInt(LIST_WORDS * 256))
      throw new Error(`sanity check failed: capacity ${capacity} ≠ ${LIST_WORDS * 256}`);

    // ---- rows
    const value = (c: Contender, scenario: string): number | null =>
      measurements[c][scenario]?.perUnit ?? null;
    const ratio = (a: number | null, b: number | null): number | null =>
      a !== null && b !== null && b > 0 ? Math.round((a / b) * 1000) / 1000 : null;
    const row = (
      id: GasRow['id'],
      metric: string,
      unit: GasRow['unit'],
      values: Record<Contender, number | null>,
      bar: number | null,
      remarks: GasRow['remarks'] = {},
      withRatio = true,
    ): GasRow => ({
      id,
      metric,
      unit,
      values,
      remarks,
      oursOverNaive: withRatio ? ratio(values.ours, values.naive) : null,
      bar,
      pass: bar === null ? null : values.ours !== null && values.ours <= bar,
    });
    const perContender = (scenario: string): Record<Contender, number | null> => ({
      ours: value('ours', scenario),
      naive: value('naive', scenario),
      eip5539: value('eip5539', scenario),
    });
    const rows: GasRow[] = [
      row('single', 'one revocation (tx gas)', 'gas', perContender('single'), GAS_BARS.singleRevocation),
      row(
        'batch16',
        'batch of 16, one word (gas/credential)',
        'gas/credential',
        perContender('batch16'),
        null,
        { naive: '16 tx' },
      ),
      row(
        'batch256',
        'batch of 256, one word (gas/credential)',
        'gas/credential',
        perContender('batch256'),
        GAS_BARS.batch256PerCredential,
        {
          naive: '256 tx',
        },
      ),
      row(
        'batch256Scattered',
        'batch of 256, scattered: 256 words (gas/cred.)',
        'gas/credential',
        {
          ours: value('ours', 'batch256Scattered'),
          naive: value('naive', 'batch256'),
          eip5539: value('eip5539', 'batch256'),
        },
        null,
        { naive: '=batch', eip5539: '=batch' },
      ),
      row(
        'setup',
        `set-up, list of ${(LIST_WORDS * 256).toLocaleString('en-US')} slots (gas/slot)`,
        'gas/slot',
        perContender('setup'),
        GAS_BARS.setupPerSlot,
        { naive: 'none', eip5539: 'none' },
        false,
      ),
      row(
        'setupSmallList',
        'set-up, list of 256 slots (gas/slot)',
        'gas/slot',
        { ...perContender('setup'), ours: value('ours', 'setupSmallList') },
        null,
        { naive: 'none', eip5539: 'none' },
        false,
      ),
      row(
        'deployment',
        'contract deployment, once per chain (gas)',
        'gas',
        { ours: oursDeploymentGas, naive: naive.gas, eip5539: eip.deploymentGas },
        null,
        {},
        false,
      ),
      row(
        'anchor',
        'one anchor by the owner (tx gas)',
        'gas',
        { ours: value('ours', 'anchor'), naive: value('naive', 'single'), eip5539: null },
        GAS_BARS.anchorTotal,
        { naive: '1 hash slot' },
      ),
      row(
        'anchorDelegate',
        'one anchor by a StatusWriter delegate (tx gas)',
        'gas',
        { ours: value('ours', 'anchorDelegate'), naive: value('naive', 'single'), eip5539: null },
        GAS_BARS.anchorTotal,
        { naive: '1 hash slot' },
      ),
      row(
        'anchor256',
        'anchor of a 256-credential flush, owner (gas/cred.)',
        'gas/credential',
        { ours: value('ours', 'anchor256'), naive: value('naive', 'batch256'), eip5539: null },
        GAS_BARS.anchor256PerCredential,
        { naive: '256 slots' },
      ),
      row(
        'anchor256Delegate',
        'anchor of a 256-credential flush, delegate (gas/cred.)',
        'gas/credential',
        { ours: value('ours', 'anchor256Delegate'), naive: value('naive', 'batch256'), eip5539: null },
        GAS_BARS.anchor256PerCredential,
        { naive: '256 slots' },
      ),
    ];
    if (eip.unavailable) for (const r of rows) r.values.eip5539 = null;

    notes.push(
      'naive and EIP-5539 key every credential separately (no words): their scattered figure is their batch-of-256 figure (=batch).',
      'ours deployment excludes the ERC-1056 DID registry it reads (shared, already deployed on public networks).',
      'anchor rows: one AnchorRegistry.anchor transaction (event only, no storage) commits a Merkle root over the credentials of a flush; the naive column is one storage slot per credential hash (the naive registry writing each hash), for scale; EIP-5539 has no anchoring.',
    );
    const largestTransaction = { ...largest, underEip7825Cap: largest.gas <= TX_GAS_CAP };
    if (!largestTransaction.underEip7825Cap) {
      notes.push(
        `largest transaction (${largest.label}, ${largest.gas} gas) exceeds the EIP-7825 cap of ${TX_GAS_CAP} gas`,
      );
    }

    return {
      benchmark: 'gas',
      generatedAt: new Date().toISOString(),
      chain: { chainId: chainHandle.chainId, node, hardfork },
      compiler,
      issuer,
      contenders: {
        ours: {
          name: 'StatusRegistry',
          source: 'registry-contract/contracts/StatusRegistry.sol',
          address: statusAddress,
          deploymentGas: oursDeploymentGas,
        },
        naive: {
          name: 'NaiveRevocationRegistry',
          source: 'registry-contract/contracts/bench/NaiveRevocationRegistry.sol',
          address: naive.address,
          deploymentGas: naive.gas,
        },
        eip5539: eip,
      },
      rows,
      measurements,
      largestTransaction,
      passed: rows.every((r) => r.pass !== false),
      notes,
    };
  } finally {
    await chainHandle.stop();
  }
}

const CONTENDER_TITLES: Record<Contender, string> = { ours: 'ours', naive: 'naive', eip5539: 'EIP-5539' };

function formatNumber(n: number | null, remark?: string): string {
  if (n === null) return 'n/a';
  const text = n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return remark ? `${text} (${remark})` : text;
}

/**
 * Renders the report as a plain-text table: metric | ours | naive | EIP-5539 | ours÷naive | bar | pass/fail.
 * @param report - the result of {@link runGasBenchmark}.
 */
export function formatGasReport(report: GasReport): string {
  const header = [
    'metric',
    CONTENDER_TITLES.ours,
    CONTENDER_TITLES.naive,
    CONTENDER_TITLES.eip5539,
    'ours÷naive',
    'bar',
    'pass/fail',
  ];
  const lines = report.rows.map((r) => [
    r.metric,
    formatNumber(r.values.ours, r.remarks.ours),
    formatNumber(r.values.naive, r.remarks.naive),
    report.contenders.eip5539.unavailable
      ? 'n/a (see below)'
      : formatNumber(r.values.eip5539, r.remarks.eip5539),
    r.oursOverNaive === null ? '—' : r.oursOverNaive.toFixed(3),
    r.bar === null ? '—' : `≤ ${r.bar.toLocaleString('en-US')}`,
    r.pass === null ? '—' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const numeric = (i: number) => i > 0;
  const render = (cells: string[]) =>
    '| ' +
    cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ') +
    ' |';
  const out = [
    `Gas benchmark — ${report.chain.node}, hardfork ${report.chain.hardfork}, chain ${report.chain.chainId}; ${report.compiler}`,
    render(header),
    '|' +
      widths.map((w, i) => (numeric(i) ? '-'.repeat(w + 1) + ':' : ':' + '-'.repeat(w + 1))).join('|') +
      '|',
    ...lines.map(render),
  ];
  if (report.contenders.eip5539.unavailable)
    out.push(
      `EIP-5539 (${report.contenders.eip5539.source}) not measured: ${report.contenders.eip5539.unavailable}`,
    );
  for (const note of report.notes) out.push(`note: ${note}`);
  out.push(
    `largest transaction: ${report.largestTransaction.label}, ${report.largestTransaction.gas.toLocaleString('en-US')} gas (${report.largestTransaction.underEip7825Cap ? 'under' : 'OVER'} the EIP-7825 cap of 16,777,216)`,
  );
  out.push(report.passed ? 'gas: all bars met' : 'gas: BAR FAILED');
  return out.join('\n');
}
