/**
 * Realistic verification traffic for the benchmarks, on a fresh local anvil chain whose history spans months:
 * thousands of distinct accredited issuers (licensing boards, hospital accreditors, drug regulators) of three types and
 * many jurisdictions, each onboarded (accreditation + status list) before it first issues, issuing distinct
 * credentials to distinct holders at distinct times (a skewed number per issuer), every credential anchored by its
 * issuer within hours of issuance, a share of issuers rotating their ERC-1056 owner key half-way, and a status change
 * (revocation) every `statusChangeEvery` credentials. The chain's last block is minutes before the wall clock, so a
 * verifier on the system clock judges the traffic as of today.
 *
 * Set-up is fast because anvil impersonates every sender (`--auto-impersonate`, unsigned `eth_sendTransaction`) and
 * blocks are mined explicitly with their timestamps; credentials are signed with libsecp256k1. Nothing here is timed.
 */
import { createHash } from 'node:crypto';
import secp256k1 from 'secp256k1';
import { encodeFunctionData, keccak256, toBytes, toHex, type Abi, type Hex } from 'viem';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import {
  anchorRegistryArtifact,
  ethereumDidRegistryAbi,
  statusRegistryArtifact,
  trustRegistryArtifact,
} from '@medtrust/registry-contract';
import {
  anchorProofOf,
  buildAnchorTree,
  credentialJwtHash,
  ethrDid,
  type AnchorProof,
  type ChainConfig,
} from '@medtrust/core';
import { schemaIdFor } from '@medtrust/schemas';
import { JsonRpc, type RpcCall } from './json-rpc.ts';

/** Shape of the generated traffic. */
export interface RealisticTrafficOptions {
  /** Distinct issuers; 10,000. */
  issuers?: number;
  /** Distinct credentials; 40,000 (at least one per issuer, the rest skewed towards big issuers). */
  credentials?: number;
  /** Days of chain history the issuance times spread over; 180. */
  spanDays?: number;
  /** One credential in this many is revoked later in the history; 100. */
  statusChangeEvery?: number;
  /** Share of issuers that rotate their owner key half-way through their history; 0.05. */
  keyRotationShare?: number;
  /** Hours between anchoring blocks (the anchoring lag is at most this); 6. */
  epochHours?: number;
  /** PRNG seed; 12. */
  seed?: number;
}

/** One signature of the traffic, for the raw libsecp256k1 baseline. */
export interface SignatureSample {
  digest: Uint8Array;
  signature: Uint8Array;
  publicKey: Uint8Array;
}

/** One generated credential. */
export interface TrafficCredential {
  jwt: string;
  type: string;
  issuerIndex: number;
  issuerDid: string;
  holderDid: string;
  /** The holder's key (for presentations). */
  holderPrivateKey: Uint8Array;
  nbf: number;
  anchorProof: AnchorProof;
  /** What a correct verifier must answer: verified, or the failing code (a revoked credential). */
  expected: { verified: true } | { verified: false; code: string };
  sample: SignatureSample;
}

/** The traffic and its chain. */
export interface RealisticTraffic {
  chain: LocalChain;
  config: ChainConfig;
  credentials: TrafficCredential[];
  figures: {
    issuers: number;
    credentials: number;
    transactions: number;
    blocks: number;
    keyRotations: number;
    revocations: number;
    spanDays: number;
    setupSeconds: number;
  };
  /** Stops the chain. */
  close(): Promise<void>;
}

const TYPES = [
  { type: 'MedicalLicenseCredential', share: 0.6 },
  { type: 'HospitalAccreditationCredential', share: 0.25 },
  { type: 'SupplierAccreditationCredential', share: 0.15 },
] as const;
const JURISDICTIONS = [
  'PT',
  'ES',
  'TR',
  'TR-34',
  'TR-06',
  'DE',
  'FR',
  'IT',
  'GR',
  'HU',
  'PL',
  'CZ',
  'MX',
  'CO',
  'TH',
  'KR',
  'AE',
  'BR',
  'PT-11',
  'ES-MD',
  'HR',
  'RO',
  'BG',
  'LT',
  'CR',
  'IN',
  'MY',
  'SG',
  'JP',
  'US-FL',
];
const SPECIALTIES = [
  'Dermatology',
  'Plastic, Reconstructive and Aesthetic Surgery',
  'Dentistry',
  'Ophthalmology',
];
const GIVEN = [
  'Inês',
  'Mehmet',
  'Ana',
  'João',
  'Elif',
  'Lucía',
  'Marek',
  'Sofia',
  'Ahmet',
  'Kateřina',
  'Jin',
  'Ravi',
];
const FAMILY = [
  'Carvalho',
  'Yılmaz',
  'García',
  'Novák',
  'Demir',
  'Rossi',
  'Kowalski',
  'Silva',
  'Kim',
  'Sharma',
];

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function privateKeyFrom(label: string): Uint8Array {
  return createHash('sha256').update(label).digest();
}

function addressOf(privateKey: Uint8Array): Hex {
  const publicKey = secp256k1.publicKeyCreate(privateKey, false);
  return `0x${keccak256(publicKey.subarray(1)).slice(-40)}` as Hex;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = b64({ alg: 'ES256K', typ: 'JWT' });

/**
 * Signs a JWT with libsecp256k1 (low-S, r‖s).
 * @param payload - the claims.
 * @param privateKey - 32 bytes.
 * @returns the JWT and its signature sample.
 */
export function signJwtNative(
  payload: object,
  privateKey: Uint8Array,
): { jwt: string; sample: SignatureSample } {
  const input = `${HEADER}.${b64(payload)}`;
  const digest = createHash('sha256').update(input).digest();
  const { signature } = secp256k1.ecdsaSign(digest, privateKey);
  return {
    jwt: `${input}.${Buffer.from(signature).toString('base64url')}`,
    sample: { digest, signature, publicKey: secp256k1.publicKeyCreate(privateKey, true) },
  };
}

const isoDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function subjectFor(type: string, index: number, jurisdiction: string, nbf: number, random: () => number) {
  const name = `${GIVEN[index % GIVEN.length]} ${FAMILY[Math.floor(random() * FAMILY.length)]} ${index}`;
  const validFrom = isoDay(nbf - 30 * 86_400);
  const validUntil = isoDay(nbf + 5 * 365 * 86_400);
  if (type === 'MedicalLicenseCredential') {
    return {
      name,
      licenseNumber: `L-${index}`,
      jurisdiction,
      specialty: SPECIALTIES[index % SPECIALTIES.length]!,
      scopeOfPractice: ['Aesthetic procedures'],
      validFrom,
      validUntil,
    };
  }
  if (type === 'HospitalAccreditationCredential') {
    return {
      name: `Clinic ${name}`,
      registrationNumber: `H-${index}`,
      jurisdiction,
      accreditedServices: ['Rhinoplasty', 'Dental implantology'],
      validFrom,
      validUntil,
    };
  }
  return {
    name: `Pharma ${name}`,
    registrationNumber: `S-${index}`,
    jurisdiction,
    role: 'wholesaler',
    authorizedActivities: ['Wholesale distribution of medicinal products'],
    validFrom,
    validUntil,
  };
}

type TrafficType = (typeof TYPES)[number]['type'];

interface IssuerPlan {
  index: number;
  identity: Hex;
  did: string;
  type: TrafficType;
  jurisdiction: string;
  keys: Uint8Array[];
  owners: Hex[];
  /** Epoch from which `keys[1]` signs (rotations only). */
  rotationEpoch?: number;
  firstEpoch: number;
  credentials: number;
  words: number;
}

/**
 * Starts a chain, deploys the registries and writes the traffic's history into it.
 * @param options - the traffic's shape.
 * @returns the credentials, the chain and the set-up figures.
 */
export async function buildRealisticTraffic(
  options: RealisticTrafficOptions = {},
): Promise<RealisticTraffic> {
  const started = performance.now();
  const issuers = options.issuers ?? 10_000;
  const total = Math.max(options.credentials ?? 40_000, issuers);
  const spanDays = options.spanDays ?? 180;
  const statusChangeEvery = options.statusChangeEvery ?? 100;
  const rotationShare = options.keyRotationShare ?? 0.05;
  const epochSeconds = (options.epochHours ?? 6) * 3600;
  const random = prng(options.seed ?? 12);
  const end = Math.floor(Date.now() / 1000) - 600;
  const genesis = end - spanDays * 86_400 - 2 * epochSeconds;
  const epochs = Math.floor((end - genesis) / epochSeconds);
  const chain = await startLocalChain({
    extraArgs: [
      '--timestamp',
      String(genesis),
      '--disable-block-gas-limit',
      '--auto-impersonate',
      '--order',
      'fifo',
    ],
  });
  try {
    const rpc = new JsonRpc(chain.rpcUrl);
    const deployment = await deployRegistries({
      rpcUrl: chain.rpcUrl,
      deployerPrivateKey: chain.accounts[0]!,
    });
    const config: ChainConfig = {
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      didRegistry: deployment.didRegistry,
      statusRegistry: deployment.statusRegistry,
      trustRegistry: deployment.trustRegistry,
      anchorRegistry: deployment.anchorRegistry,
      didNetworkName: 'medtrust',
    };
    const governance = addressOf(Buffer.from(chain.accounts[0]!.slice(2), 'hex'));
    await rpc.call('evm_setAutomine', [false]);

    // ---- plan: issuers, their sizes (skewed), types, jurisdictions, rotations -------------------------------------
    const weights = Array.from({ length: issuers }, (_, i) => 1 / (i + 1) ** 0.8);
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const extra = total - issuers;
    const counts = weights.map((w) => 1 + Math.floor((w / weightSum) * extra));
    let assigned = counts.reduce((a, b) => a + b, 0);
    for (let i = 0; assigned < total; i = (i + 1) % issuers, assigned++) counts[i]!++;
    const plans: IssuerPlan[] = [];
    for (let index = 0; index < issuers; index++) {
      const pick = random();
      const type =
        pick < TYPES[0].share
          ? TYPES[0].type
          : pick < TYPES[0].share + TYPES[1].share
            ? TYPES[1].type
            : TYPES[2].type;
      const key = privateKeyFrom(`medtrust-bench-issuer-${index}`);
      const identity = addressOf(key);
      const firstEpoch = 1 + Math.floor(random() * (epochs - 3));
      const rotate = random() < rotationShare && epochs - firstEpoch > 4;
      const keys = [key];
      if (rotate) keys.push(privateKeyFrom(`medtrust-bench-issuer-${index}-rotated`));
      plans.push({
        index,
        identity,
        did: ethrDid(config, identity),
        type,
        jurisdiction: JURISDICTIONS[Math.floor(random() * JURISDICTIONS.length)]!,
        keys,
        owners: keys.map(addressOf),
        ...(rotate
          ? { rotationEpoch: firstEpoch + 1 + Math.floor(random() * (epochs - firstEpoch - 2)) }
          : {}),
        firstEpoch,
        credentials: counts[index]!,
        words: Math.ceil(counts[index]! / 256),
      });
    }

    // ---- credentials: distinct holders and issuance times after the issuer's onboarding ---------------------------
    interface Draft {
      plan: IssuerPlan;
      statusIndex: number;
      epoch: number;
      nbf: number;
      jwt: string;
      sample: SignatureSample;
      holderDid: string;
      holderKey: Uint8Array;
      revokeEpoch?: number;
    }
    const drafts: Draft[] = [];
    let serial = 0;
    for (const plan of plans) {
      for (let statusIndex = 0; statusIndex < plan.credentials; statusIndex++) {
        let epoch = plan.firstEpoch + 1 + Math.floor(random() * (epochs - plan.firstEpoch - 1));
        // nothing is issued in the rotation's own epoch: before it the old key signs, after it the new one
        if (epoch === plan.rotationEpoch) epoch++;
        // issued within the epoch before its anchoring block (the anchor lag is under `epochSeconds`)
        const nbf = genesis + (epoch - 1) * epochSeconds + 1 + Math.floor(random() * (epochSeconds - 2));
        const key =
          plan.rotationEpoch !== undefined && epoch > plan.rotationEpoch ? plan.keys[1]! : plan.keys[0]!;
        const holderKey = privateKeyFrom(`medtrust-bench-holder-${serial}`);
        const holderDid = ethrDid(config, addressOf(holderKey));
        const payload = {
          vc: {
            '@context': ['https://www.w3.org/2018/credentials/v1'],
            type: ['VerifiableCredential', plan.type],
            credentialSubject: subjectFor(plan.type, serial, plan.jurisdiction, nbf, random),
            credentialSchema: { id: schemaIdFor(plan.type), type: 'JsonSchema' },
            credentialStatus: {
              id: `urn:medtrust:status:${chain.chainId}:${deployment.statusRegistry}:${plan.identity}:1:${statusIndex}`,
              type: 'MedtrustStatusRegistryEntry',
              statusRegistry: deployment.statusRegistry,
              statusIssuer: plan.identity,
              statusListId: 1,
              statusListIndex: statusIndex,
            },
          },
          sub: holderDid,
          nbf,
          exp: nbf + 3 * 365 * 86_400,
          jti: `urn:uuid:${toHex(privateKeyFrom(`jti-${serial}`).subarray(0, 16)).slice(2)}`,
          iss: plan.did,
        };
        const { jwt, sample } = signJwtNative(payload, key);
        const draft: Draft = { plan, statusIndex, epoch, nbf, jwt, sample, holderDid, holderKey };
        serial++;
        if (serial % statusChangeEvery === 0 && epoch < epochs) {
          draft.revokeEpoch = epoch + 1 + Math.floor(random() * (epochs - epoch));
        }
        drafts.push(draft);
      }
    }

    // ---- history, block by block ------------------------------------------------------------------------------------
    // Nonces are counted here: anvil numbers an impersonated sender's transactions from its mined state, so two
    // pending ones of one sender would otherwise collide.
    const nonces = new Map<string, number>([
      [
        governance.toLowerCase(),
        Number(BigInt(await rpc.call<Hex>('eth_getTransactionCount', [governance, 'latest']))),
      ],
    ]);
    const tx = (from: Hex, to: string, abi: Abi, functionName: string, args: readonly unknown[]): RpcCall => {
      const nonce = nonces.get(from.toLowerCase()) ?? 0;
      nonces.set(from.toLowerCase(), nonce + 1);
      return {
        method: 'eth_sendTransaction',
        params: [
          {
            from,
            to,
            nonce: toHex(nonce),
            gas: toHex(1_500_000),
            data: encodeFunctionData({ abi, functionName, args }),
          },
        ],
      };
    };
    const byEpoch = new Map<
      number,
      { onboard: IssuerPlan[]; rotate: IssuerPlan[]; anchors: Map<IssuerPlan, Draft[]>; revoke: Draft[] }
    >();
    const slot = (epoch: number) => {
      let entry = byEpoch.get(epoch);
      if (entry === undefined) {
        entry = { onboard: [], rotate: [], anchors: new Map(), revoke: [] };
        byEpoch.set(epoch, entry);
      }
      return entry;
    };
    for (const plan of plans) {
      slot(plan.firstEpoch).onboard.push(plan);
      if (plan.rotationEpoch !== undefined) slot(plan.rotationEpoch).rotate.push(plan);
    }
    for (const draft of drafts) {
      const anchors = slot(draft.epoch).anchors;
      let list = anchors.get(draft.plan);
      if (list === undefined) anchors.set(draft.plan, (list = []));
      list.push(draft);
      if (draft.revokeEpoch !== undefined) slot(draft.revokeEpoch).revoke.push(draft);
    }
    const balances: RpcCall[] = plans.flatMap((plan) =>
      plan.owners.map((owner) => ({ method: 'anvil_setBalance', params: [owner, toHex(10n ** 20n)] })),
    );
    await rpc.batch(balances);
    const proofs = new Map<Draft, AnchorProof>();
    let transactions = 0;
    let blocks = 0;
    const trustAbi = trustRegistryArtifact.abi as Abi;
    const statusAbi = statusRegistryArtifact.abi as Abi;
    const anchorAbi = anchorRegistryArtifact.abi as Abi;
    const didAbi = ethereumDidRegistryAbi as Abi;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const work = byEpoch.get(epoch);
      if (work === undefined) continue;
      const ownerAt = (plan: IssuerPlan) =>
        plan.rotationEpoch !== undefined && epoch > plan.rotationEpoch ? plan.owners[1]! : plan.owners[0]!;
      const calls: RpcCall[] = [];
      for (const plan of work.onboard) {
        calls.push(
          tx(governance, deployment.trustRegistry, trustAbi, 'accredit', [
            plan.identity,
            keccak256(toBytes(plan.type)),
            keccak256(toBytes(plan.jurisdiction)),
            0,
            end + 10 * 365 * 86_400,
            false,
          ]),
          tx(plan.owners[0]!, deployment.statusRegistry, statusAbi, 'createList', [
            plan.identity,
            1n,
            plan.words,
          ]),
        );
      }
      const anchored: Array<{
        plan: IssuerPlan;
        list: Draft[];
        root: Hex;
        proofOf: (hash: string) => string[];
      }> = [];
      for (const [plan, list] of work.anchors) {
        const tree = buildAnchorTree(list.map((draft) => credentialJwtHash(draft.jwt)));
        anchored.push({ plan, list, root: tree.root as Hex, proofOf: (hash) => [...tree.proofOf(hash)] });
        calls.push(
          tx(ownerAt(plan), deployment.anchorRegistry, anchorAbi, 'anchor', [
            plan.identity,
            tree.root,
            BigInt(list.length),
          ]),
        );
      }
      for (const draft of work.revoke) {
        calls.push(
          tx(ownerAt(draft.plan), deployment.statusRegistry, statusAbi, 'revoke', [
            draft.plan.identity,
            1n,
            BigInt(draft.statusIndex),
          ]),
        );
      }
      // last in its block (fifo order), after the old owner's revocations; nothing of the issuer is anchored there
      for (const plan of work.rotate) {
        calls.push(
          tx(plan.owners[0]!, deployment.didRegistry, didAbi, 'changeOwner', [
            plan.identity,
            plan.owners[1]!,
          ]),
        );
      }
      const hashes = await rpc.batch<Hex>(calls);
      await rpc.call('evm_mine', [genesis + epoch * epochSeconds]);
      blocks++;
      transactions += calls.length;
      const block = await rpc.call<{ number: Hex; transactions: Hex[] }>('eth_getBlockByNumber', [
        'latest',
        false,
      ]);
      if (block.transactions.length !== calls.length) {
        throw new Error(`epoch ${epoch}: ${block.transactions.length} of ${calls.length} transactions mined`);
      }
      const receipts = await rpc.batch<{ status: Hex }>(
        hashes.map((hash) => ({ method: 'eth_getTransactionReceipt', params: [hash] })),
      );
      const failed = receipts.findIndex((receipt) => receipt.status !== '0x1');
      if (failed >= 0) throw new Error(`epoch ${epoch}: ${calls[failed]!.method} #${failed} reverted`);
      let next = work.onboard.length * 2;
      for (const { plan, list, root, proofOf } of anchored) {
        const transactionHash = hashes[next++]!;
        for (const draft of list) {
          const hash = credentialJwtHash(draft.jwt);
          proofs.set(
            draft,
            anchorProofOf(hash, proofOf(hash), {
              issuer: plan.identity,
              root,
              chainId: chain.chainId,
              anchorRegistry: deployment.anchorRegistry,
              blockNumber: BigInt(block.number),
              transactionHash,
            }),
          );
        }
      }
    }
    await rpc.call('evm_setAutomine', [true]);

    const credentials: TrafficCredential[] = drafts.map((draft) => ({
      jwt: draft.jwt,
      type: draft.plan.type,
      issuerIndex: draft.plan.index,
      issuerDid: draft.plan.did,
      holderDid: draft.holderDid,
      holderPrivateKey: draft.holderKey,
      nbf: draft.nbf,
      anchorProof: proofs.get(draft)!,
      expected:
        draft.revokeEpoch === undefined
          ? { verified: true }
          : { verified: false, code: 'CREDENTIAL_REVOKED' },
      sample: draft.sample,
    }));
    // Shuffled: traffic arrives in no particular order.
    for (let i = credentials.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [credentials[i], credentials[j]] = [credentials[j]!, credentials[i]!];
    }
    return {
      chain,
      config,
      credentials,
      figures: {
        issuers,
        credentials: credentials.length,
        transactions,
        blocks,
        keyRotations: plans.filter((plan) => plan.rotationEpoch !== undefined).length,
        revocations: drafts.filter((draft) => draft.revokeEpoch !== undefined).length,
        spanDays,
        setupSeconds: (performance.now() - started) / 1000,
      },
      close: () => chain.stop(),
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
