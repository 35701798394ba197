// Shared set-up of the verification suites: a local chain with the registries, did:ethr issuers and holders with real
// ERC-1056 identities, accreditation and status lists written with viem, and JWT credentials / presentations signed
// here (ES256K with @noble/curves, EdDSA with node:crypto) so tests control every byte.
import { createPrivateKey, generateKeyPairSync, randomBytes, sign as nodeSign } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { sha256 } from '@noble/hashes/sha256';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  keccak256,
  parseEther,
  stringToHex,
  toBytes,
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries, type RegistryDeployment } from '@medtrust/registry-contract/deploy';
import {
  anchorRegistryArtifact,
  ethereumDidRegistryAbi,
  statusRegistryArtifact,
  trustRegistryArtifact,
} from '@medtrust/registry-contract';
import { createSchemaValidator, schemaIdFor, type SchemaValidator } from '@medtrust/schemas';
import {
  anchorProofOf,
  buildAnchorTree,
  createChainVerifierSources,
  createMirrorVerifierSources,
  credentialJwtHash,
  ethrDid,
  type AnchorProof,
  type AnchorProofSource,
  InMemoryNonceStore,
  Verifier,
  type ChainConfig,
  type ChainVerifierSources,
  type ChainVerifierSourcesOptions,
  type VerificationReport,
  type VerifierDependencies,
} from '@medtrust/core';

/** A running chain with the registries. */
export interface ChainFixture {
  local: LocalChain;
  chain: Chain;
  deployment: RegistryDeployment;
  config: ChainConfig;
  publicClient: PublicClient;
  /**
   * Anchor proofs published so far, by credential hash (what issuers serve): {@link anchorCredentials} adds to it,
   * the fixture's proof source reads it.
   */
  proofs: Map<string, AnchorProof>;
  /** Private keys of the identities made here, by lowercase address (to anchor as their controller). */
  keys: Map<string, Hex>;
  /** Current ERC-1056 owner of identities whose owner changed here, by lowercase address. */
  owners: Map<string, Address>;
  stop(): Promise<void>;
}

/** Starts anvil and deploys the registries (account 0 is the trust-registry governance). */
export async function startChain(): Promise<ChainFixture> {
  const local = await startLocalChain();
  const deployment = await deployRegistries({ rpcUrl: local.rpcUrl, deployerPrivateKey: local.accounts[0]! });
  const chain = defineChain({
    id: local.chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [local.rpcUrl] } },
  });
  const publicClient = createPublicClient({
    chain,
    transport: http(local.rpcUrl),
    pollingInterval: 20,
  }) as PublicClient;
  const config: ChainConfig = {
    rpcUrl: local.rpcUrl,
    chainId: local.chainId,
    didRegistry: deployment.didRegistry,
    statusRegistry: deployment.statusRegistry,
    trustRegistry: deployment.trustRegistry,
    anchorRegistry: deployment.anchorRegistry,
    didNetworkName: 'medtrust',
  };
  return {
    local,
    chain,
    deployment,
    config,
    publicClient,
    proofs: new Map(),
    keys: new Map(),
    owners: new Map(),
    stop: () => local.stop(),
  };
}

/** A secp256k1 key pair with its did:ethr. */
export interface EthrIdentity {
  privateKey: Hex;
  address: Address;
  did: string;
}

/**
 * A did:ethr identity; funded with 10 ETH so it can send registry transactions.
 * @param fixture - the chain.
 * @param privateKey - a fixed key; a random one when omitted.
 */
export async function ethrIdentity(fixture: ChainFixture, privateKey?: Hex): Promise<EthrIdentity> {
  const key = privateKey ?? (`0x${randomBytes(32).toString('hex')}` as Hex);
  const address = privateKeyToAccount(key).address;
  const test = createTestClient({
    chain: fixture.chain,
    transport: http(fixture.local.rpcUrl),
    mode: 'anvil',
  });
  await test.setBalance({ address, value: parseEther('10') });
  fixture.keys.set(address.toLowerCase(), key);
  return { privateKey: key, address, did: ethrDid(fixture.config, address) };
}

/** Sends a contract call from `privateKey` and waits for a successful receipt. */
export async function send(
  fixture: ChainFixture,
  privateKey: Hex,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[],
): Promise<TransactionReceipt> {
  const account = privateKeyToAccount(privateKey);
  const wallet = createWalletClient({ chain: fixture.chain, transport: http(fixture.local.rpcUrl), account });
  const { request } = await fixture.publicClient.simulateContract({
    address,
    abi,
    functionName,
    args,
    account,
  });
  const hash = await wallet.writeContract(request as never);
  const receipt = await fixture.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted`);
  return receipt;
}

const trustAbi = trustRegistryArtifact.abi as Abi;
const statusAbi = statusRegistryArtifact.abi as Abi;
const didAbi = ethereumDidRegistryAbi as Abi;

/**
 * Governance accredits `subject` for `type` in `jurisdiction` over [from, until) (Unix seconds; `from` 0 = from the
 * block that records it — the registry refuses a start before the current block).
 */
export function accredit(
  fixture: ChainFixture,
  subject: Address,
  type: string,
  jurisdiction: string,
  from: number,
  until: number,
): Promise<TransactionReceipt> {
  return send(fixture, fixture.local.accounts[0]!, fixture.deployment.trustRegistry, trustAbi, 'accredit', [
    subject,
    keccak256(toBytes(type)),
    keccak256(toBytes(jurisdiction)),
    from,
    until,
    false,
  ]);
}

/** The issuer's owner key creates status list `listId` (256 slots per word). */
export function createList(
  fixture: ChainFixture,
  owner: Hex,
  issuer: Address,
  listId: bigint,
  words = 1,
): Promise<TransactionReceipt> {
  return send(fixture, owner, fixture.deployment.statusRegistry, statusAbi, 'createList', [
    issuer,
    listId,
    words,
  ]);
}

/** Revokes, suspends or reinstates one index, from the issuer's owner key. */
export function setStatus(
  fixture: ChainFixture,
  action: 'revoke' | 'suspend' | 'reinstate',
  owner: Hex,
  issuer: Address,
  listId: bigint,
  index: bigint,
): Promise<TransactionReceipt> {
  return send(fixture, owner, fixture.deployment.statusRegistry, statusAbi, action, [issuer, listId, index]);
}

/** ERC-1056 `changeOwner(identity, newOwner)` from the current owner. */
export function changeOwner(
  fixture: ChainFixture,
  owner: Hex,
  identity: Address,
  newOwner: Address,
): Promise<TransactionReceipt> {
  return send(fixture, owner, fixture.deployment.didRegistry, didAbi, 'changeOwner', [
    identity,
    newOwner,
  ]).then((receipt) => {
    fixture.owners.set(identity.toLowerCase(), newOwner);
    return receipt;
  });
}

const anchorAbi = anchorRegistryArtifact.abi as Abi;

/**
 * The issuer's controller anchors `jwts` as one Merkle root (what the issuer service's anchor publisher does at a
 * flush); the proofs are published to `fixture.proofs` and returned in order.
 * @param fixture - the chain.
 * @param controllerKey - the private key of the identity's current owner (or of a StatusWriter delegate).
 * @param issuer - the issuer's identity address.
 * @param jwts - compact credential JWTs.
 */
export async function anchorCredentials(
  fixture: ChainFixture,
  controllerKey: Hex,
  issuer: Address,
  jwts: readonly string[],
): Promise<{ proofs: AnchorProof[]; receipt: TransactionReceipt }> {
  return anchorHashes(
    fixture,
    controllerKey,
    issuer,
    jwts.map((jwt) => credentialJwtHash(jwt)),
  );
}

/** {@link anchorCredentials} by credential hashes. */
export async function anchorHashes(
  fixture: ChainFixture,
  controllerKey: Hex,
  issuer: Address,
  hashes: readonly `0x${string}`[],
): Promise<{ proofs: AnchorProof[]; receipt: TransactionReceipt }> {
  const tree = buildAnchorTree(hashes);
  const receipt = await send(fixture, controllerKey, fixture.deployment.anchorRegistry, anchorAbi, 'anchor', [
    issuer,
    tree.root,
    BigInt(hashes.length),
  ]);
  const at = {
    issuer,
    root: tree.root,
    chainId: fixture.config.chainId,
    anchorRegistry: fixture.deployment.anchorRegistry,
    blockNumber: receipt.blockNumber,
    transactionHash: receipt.transactionHash,
  };
  const proofs = hashes.map((credentialHash) =>
    anchorProofOf(credentialHash, tree.proofOf(credentialHash), at),
  );
  for (const proof of proofs) fixture.proofs.set(proof.credentialHash, proof);
  return { proofs, receipt };
}

/**
 * The issuer's proof endpoint, as the fixture plays it: published proofs are `anchored`; a credential never anchored
 * is anchored on first request by its issuer's current controller when the fixture knows that key (what the issuer
 * service does within seconds of issuance), else `unknown`. Requests are served one at a time (one sender nonce).
 */
export function fixtureProofSource(
  fixture: ChainFixture,
  options: { anchorOnDemand?: boolean } = {},
): AnchorProofSource {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    proofFor(credentialHash, issuerDid) {
      const run = queue.then(async () => {
        const known = fixture.proofs.get(credentialHash);
        if (known !== undefined) return { state: 'anchored' as const, proof: known };
        if (options.anchorOnDemand === false) return { state: 'unknown' as const };
        const address = /0x[0-9a-fA-F]{40}$/.exec(issuerDid)?.[0]?.toLowerCase();
        if (address === undefined) return { state: 'unknown' as const };
        const owner = fixture.owners.get(address)?.toLowerCase() ?? address;
        const key = fixture.keys.get(owner);
        if (key === undefined) return { state: 'unknown' as const };
        const { proofs } = await anchorHashes(fixture, key, address as Address, [credentialHash]);
        return { state: 'anchored' as const, proof: proofs[0] };
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** ERC-1056 `setAttribute(identity, "did/pub/Secp256k1/veriKey/hex", publicKey, validity)`: a new signing key. */
export function addSigningKey(
  fixture: ChainFixture,
  owner: Hex,
  identity: Address,
  publicKey: Uint8Array,
  validitySeconds = 86_400,
): Promise<TransactionReceipt> {
  return send(fixture, owner, fixture.deployment.didRegistry, didAbi, 'setAttribute', [
    identity,
    stringToHex('did/pub/Secp256k1/veriKey/hex', { size: 32 }),
    `0x${Buffer.from(publicKey).toString('hex')}`,
    BigInt(validitySeconds),
  ]);
}

/** ERC-1056 `revokeAttribute(identity, "did/pub/Secp256k1/veriKey/hex", publicKey)`: the signing key is revoked. */
export function revokeSigningKey(
  fixture: ChainFixture,
  owner: Hex,
  identity: Address,
  publicKey: Uint8Array,
): Promise<TransactionReceipt> {
  return send(fixture, owner, fixture.deployment.didRegistry, didAbi, 'revokeAttribute', [
    identity,
    stringToHex('did/pub/Secp256k1/veriKey/hex', { size: 32 }),
    `0x${Buffer.from(publicKey).toString('hex')}`,
  ]);
}

/** The ERC-1056 delegate type that may write statuses and anchors for an issuer. */
export const STATUS_WRITER = stringToHex('StatusWriter', { size: 32 });

/** ERC-1056 `addDelegate(identity, StatusWriter, delegate, validity)` from the owner. */
export function addStatusWriter(
  fixture: ChainFixture,
  owner: Hex,
  identity: Address,
  delegate: Address,
  validitySeconds = 86_400,
): Promise<TransactionReceipt> {
  return send(fixture, owner, fixture.deployment.didRegistry, didAbi, 'addDelegate', [
    identity,
    STATUS_WRITER,
    delegate,
    BigInt(validitySeconds),
  ]);
}

/** ERC-1056 `revokeDelegate(identity, StatusWriter, delegate)` from the owner. */
export function revokeStatusWriter(
  fixture: ChainFixture,
  owner: Hex,
  identity: Address,
  delegate: Address,
): Promise<TransactionReceipt> {
  return send(fixture, owner, fixture.deployment.didRegistry, didAbi, 'revokeDelegate', [
    identity,
    STATUS_WRITER,
    delegate,
  ]);
}

/** Governance withdraws `subject`'s accreditation for `type` in `jurisdiction` from this block on. */
export function withdrawAccreditation(
  fixture: ChainFixture,
  subject: Address,
  type: string,
  jurisdiction: string,
): Promise<TransactionReceipt> {
  return send(fixture, fixture.local.accounts[0]!, fixture.deployment.trustRegistry, trustAbi, 'withdraw', [
    subject,
    keccak256(toBytes(type)),
    keccak256(toBytes(jurisdiction)),
  ]);
}

/** Moves the chain's clock on by `seconds` and mines a block (anvil's own methods); returns the new timestamp. */
export async function advanceChain(fixture: ChainFixture, seconds: number): Promise<number> {
  await fixture.publicClient.request({ method: 'evm_increaseTime', params: [seconds] } as never);
  await fixture.publicClient.request({ method: 'evm_mine', params: [] } as never);
  return headTimestamp(fixture);
}

/** Timestamp (seconds) of the chain's latest block. */
export async function headTimestamp(fixture: ChainFixture): Promise<number> {
  return Number((await fixture.publicClient.getBlock({ blockTag: 'latest' })).timestamp);
}

/** Timestamp (seconds) of a mined block. */
export async function blockTimestamp(fixture: ChainFixture, blockNumber: bigint): Promise<number> {
  return Number((await fixture.publicClient.getBlock({ blockNumber })).timestamp);
}

// ---- JWTs ------------------------------------------------------------------------------------------------------

/** base64url of UTF-8 JSON. */
export function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs `header.payload` with ES256K (low-S, 64-byte r‖s), or ES256K-R (65 bytes) when `recoverable`. */
export function signEs256k(privateKey: Hex, header: object, payload: object, recoverable = false): string {
  const input = `${b64json(header)}.${b64json(payload)}`;
  const signature = secp256k1.sign(sha256(Buffer.from(input)), privateKey.slice(2));
  const bytes = recoverable
    ? Buffer.concat([Buffer.from(signature.toCompactRawBytes()), Buffer.from([signature.recovery])])
    : Buffer.from(signature.toCompactRawBytes());
  return `${input}.${bytes.toString('base64url')}`;
}

/** The uncompressed public key of a secp256k1 private key. */
export function publicKeyOf(privateKey: Hex): Uint8Array {
  return secp256k1.getPublicKey(privateKey.slice(2), false);
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** An Ed25519 did:key with its signer. */
export interface KeyIdentity {
  did: string;
  sign(header: object, payload: object): string;
}

/** A fresh Ed25519 `did:key`. */
export function ed25519DidKey(): KeyIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
  const did = `did:key:z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`;
  return {
    did,
    sign(header, payload) {
      const input = `${b64json(header)}.${b64json(payload)}`;
      return `${input}.${nodeSign(null, Buffer.from(input), privateKey).toString('base64url')}`;
    },
  };
}

/** A secp256k1 key as a node KeyObject (for hostile high-S signatures). */
export function nodePrivateKey(privateKey: Hex) {
  const pub = publicKeyOf(privateKey);
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'secp256k1',
      d: Buffer.from(privateKey.slice(2), 'hex').toString('base64url'),
      x: Buffer.from(pub.subarray(1, 33)).toString('base64url'),
      y: Buffer.from(pub.subarray(33)).toString('base64url'),
    },
  });
}

// ---- credentials -------------------------------------------------------------------------------------------------

/** A valid MedicalLicenseCredential subject (without id). */
export function licenceClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Inês Carvalho Ferreira',
    licenseNumber: '54873',
    jurisdiction: 'PT',
    specialty: 'Plastic surgery',
    scopeOfPractice: ['Aesthetic surgery'],
    validFrom: '2024-01-15',
    validUntil: '2029-01-14',
    ...overrides,
  };
}

/** Options of {@link licencePayload}. */
export interface LicenceOptions {
  issuer: EthrIdentity | { did: string; address: Address };
  subject: string;
  /** Unix seconds; now − 60 by default. */
  nbf?: number;
  /** Unix seconds; nbf + 1 year by default; `null` for none. */
  exp?: number | null;
  listId?: bigint;
  index?: number;
  /** Overrides of the status entry (`null` removes it). */
  status?: Record<string, unknown> | null;
  claims?: Record<string, unknown>;
  type?: string;
  statusRegistry?: Address;
}

/** The JWT payload did-jwt-vc / Veramo produce for a MedicalLicenseCredential. */
export function licencePayload(fixture: ChainFixture, options: LicenceOptions): Record<string, unknown> {
  const nbf = options.nbf ?? Math.floor(Date.now() / 1000);
  const type = options.type ?? 'MedicalLicenseCredential';
  const listId = options.listId ?? 1n;
  const index = options.index ?? 0;
  const registry = options.statusRegistry ?? fixture.deployment.statusRegistry;
  const status =
    options.status === null
      ? undefined
      : {
          id: `urn:medtrust:status:${fixture.config.chainId}:${registry}:${options.issuer.address}:${listId}:${index}`,
          type: 'MedtrustStatusRegistryEntry',
          statusRegistry: registry,
          statusIssuer: options.issuer.address,
          statusListId: Number(listId),
          statusListIndex: index,
          ...options.status,
        };
  const vc: Record<string, unknown> = {
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    type: ['VerifiableCredential', type],
    credentialSubject: options.claims ?? licenceClaims(),
    credentialSchema: { id: schemaIdFor(type as 'MedicalLicenseCredential'), type: 'JsonSchema' },
  };
  if (status !== undefined) vc.credentialStatus = status;
  const payload: Record<string, unknown> = {
    vc,
    sub: options.subject,
    jti: `urn:uuid:${crypto.randomUUID()}`,
    nbf,
    iss: options.issuer.did,
  };
  if (options.exp !== null) payload.exp = options.exp ?? nbf + 365 * 86_400;
  return payload;
}

/** A licence JWT signed by the issuer's key (ES256K, did-jwt-vc payload). */
export function issueLicence(
  fixture: ChainFixture,
  issuer: EthrIdentity,
  options: Omit<LicenceOptions, 'issuer'>,
  signingKey?: Hex,
): string {
  return signEs256k(
    signingKey ?? issuer.privateKey,
    { alg: 'ES256K', typ: 'JWT' },
    licencePayload(fixture, { ...options, issuer }),
  );
}

/** A holder-signed presentation JWT (did-jwt-vc payload); `vpMembers` are added to its `vp` (e.g. `anchorProofs`). */
export function presentation(
  holder: { did: string; privateKey: Hex },
  credentials: readonly unknown[],
  claims: { nonce?: string; aud?: string | string[]; exp?: number } = {},
  signingKey?: Hex,
  vpMembers: Record<string, unknown> = {},
): string {
  const payload: Record<string, unknown> = {
    vp: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiablePresentation'],
      verifiableCredential: credentials,
      ...vpMembers,
    },
    iss: holder.did,
    ...claims,
  };
  return signEs256k(signingKey ?? holder.privateKey, { alg: 'ES256K', typ: 'JWT' }, payload);
}

// ---- verifier ------------------------------------------------------------------------------------------------------

let sharedSchemas: SchemaValidator | undefined;

/** One schema validator per process (compiling takes a moment). */
export function schemas(): SchemaValidator {
  sharedSchemas ??= createSchemaValidator();
  return sharedSchemas;
}

/** A verifier over the chain, with fast polling; close `sources` when done. */
export function chainVerifier(
  fixture: ChainFixture,
  overrides: Partial<VerifierDependencies> = {},
  sourceOptions: ChainVerifierSourcesOptions = {},
): { verifier: Verifier; sources: ChainVerifierSources; nonces: InMemoryNonceStore } {
  // The shipped sources (the registry mirror) unless a test sets MEDTRUST_TEST_SOURCES=chain.
  const sources =
    process.env.MEDTRUST_TEST_SOURCES === 'chain'
      ? createChainVerifierSources(fixture.config, { headPollIntervalMs: 100, ...sourceOptions })
      : createMirrorVerifierSources(fixture.config, { headPollIntervalMs: 100, ...sourceOptions });
  const clock = overrides.clock ?? (() => new Date());
  const nonces = new InMemoryNonceStore(clock);
  const verifier = new Verifier({
    resolver: sources.resolver,
    status: sources.status,
    accreditation: sources.accreditation,
    anchors: sources.anchors,
    anchorProofs: fixtureProofSource(fixture),
    schemas: schemas(),
    clock,
    nonces,
    ...overrides,
  });
  return { verifier, sources, nonces };
}

/** Waits until the sources' head has seen `blockNumber` (so the events of that block were applied). */
export async function waitForHead(sources: ChainVerifierSources, blockNumber: bigint): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await sources.head.latestBlock()) >= blockNumber) return;
    } catch {
      // chain momentarily unavailable
    }
    if (Date.now() > deadline) throw new Error(`head did not reach block ${blockNumber}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the sources' head has seen the chain's current block. */
export async function syncHead(fixture: ChainFixture, sources: ChainVerifierSources): Promise<void> {
  await waitForHead(sources, await fixture.publicClient.getBlockNumber({ cacheTime: 0 }));
}

/** The check of `name` in a report's checks. */
export function check(checks: VerificationReport['checks'], name: string) {
  const found = checks.find((c) => c.check === name);
  if (found === undefined) throw new Error(`no ${name} check in ${JSON.stringify(checks)}`);
  return found;
}

/** Every code of failed or error checks of a report (the presentation's, when it is one, and the credentials'). */
export function codesOf(report: VerificationReport): string[] {
  const own = report.holder === undefined ? [] : report.checks;
  return [...own, ...report.credentials.flatMap((c) => c.checks)]
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => c.code!);
}

/** An accredited did:ethr issuer with status list 1 (2 words). */
export async function accreditedIssuer(
  fixture: ChainFixture,
  options: { type?: string; jurisdiction?: string } = {},
): Promise<EthrIdentity> {
  const issuer = await ethrIdentity(fixture);
  const now = Math.floor(Date.now() / 1000);
  await accredit(
    fixture,
    issuer.address,
    options.type ?? 'MedicalLicenseCredential',
    options.jurisdiction ?? 'PT',
    0,
    now + 10 * 365 * 86_400,
  );
  await createList(fixture, issuer.privateKey, issuer.address, 1n, 2);
  return issuer;
}
