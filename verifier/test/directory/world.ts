// A world for the directory suites on a real local chain: organisations with did:ethr identities, status lists and
// trust-registry accreditations (direct and delegated), credentials signed with did-jwt-vc and anchored on-chain
// from their organisation's key (proofs kept in `proofs`), patients with secp256k1 did:key identifiers, and status
// changes written with viem.
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  parseEther,
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ES256KSigner } from 'did-jwt';
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt } from 'did-jwt-vc';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import {
  anchorRegistryArtifact,
  statusRegistryArtifact,
  trustRegistryArtifact,
} from '@medtrust/registry-contract';
import {
  anchorProofOf,
  buildAnchorTree,
  credentialJwtHash,
  encodeBase58,
  ethrDid,
  registryKey,
  type AnchorProof,
  type ChainConfig,
} from '@medtrust/core';
import { schemaIdFor, type CredentialTypeName } from '@medtrust/schemas';

export const DAY = 86_400;

/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** ISO date (YYYY-MM-DD) of a Unix time. */
export function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** Anyone who signs: an organisation (did:ethr) or a patient (did:key). */
export interface Signer {
  did: string;
  privateKey: Hex;
}

/** A did:ethr organisation owning status list 1. */
export interface Org extends Signer {
  address: Address;
  nextIndex: number;
}

/** An issued credential. */
export interface Issued {
  jwt: string;
  id: string;
  /** Its status list index (-1 without status). */
  index: number;
  /** Its anchor proof (organisations' credentials, unless issued with `anchor: false`). */
  anchorProof?: AnchorProof;
}

/** The running world. */
export interface World {
  local: LocalChain;
  config: ChainConfig;
  /** Anchor proofs of the credentials issued so far, by credential hash (what issuers serve). */
  proofs: Map<string, AnchorProof>;
  /** Anchors a JWT on-chain from `org`'s key (its own root) and records its proof in `proofs`. */
  anchor(org: Org, jwt: string): Promise<AnchorProof>;
  /** A funded did:ethr organisation with status list 1. */
  org(): Promise<Org>;
  /** Governance accredits `org` for `type` in `jurisdiction` (optionally delegable). */
  accredit(org: Org, type: string, jurisdiction: string, delegable?: boolean): Promise<void>;
  /** `accreditor` (holding a delegable root accreditation) accredits `org` one level down. */
  accreditDelegated(accreditor: Org, org: Org, type: string, jurisdiction: string): Promise<void>;
  /** Signs a credential of `type` about `subject`. */
  issue(
    issuer: Signer | Org,
    type: CredentialTypeName,
    subject: string,
    claims: Record<string, unknown>,
    options?: { status?: boolean; nbf?: number; anchor?: boolean },
  ): Promise<Issued>;
  /** Revokes or suspends a credential on-chain; resolves to the block. */
  setStatus(issuer: Org, action: 'revoke' | 'suspend' | 'reinstate', issued: Issued): Promise<bigint>;
  /** A patient with a fresh did:key. */
  patient(): Signer;
  /** A presentation JWT signed by `holder`. */
  present(holder: Signer, credentials: readonly string[], claims?: { nonce?: string }): Promise<string>;
  /** The latest block's timestamp. */
  chainTime(): Promise<number>;
  stop(): Promise<void>;
}

function didKeyPatient(): Signer {
  const secret = randomBytes(32);
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(secret);
  const publicKey = ecdh.getPublicKey(null, 'compressed');
  return {
    did: `did:key:z${encodeBase58(Uint8Array.from([0xe7, 0x01, ...publicKey]))}`,
    privateKey: `0x${secret.toString('hex')}`,
  };
}

function signerOf(who: Signer) {
  return { did: who.did, signer: ES256KSigner(Buffer.from(who.privateKey.slice(2), 'hex')), alg: 'ES256K' };
}

/** Starts anvil, deploys the registries and returns the world (account 0 is governance). */
export async function startWorld(): Promise<World> {
  const local = await startLocalChain();
  try {
    const deployment = await deployRegistries({
      rpcUrl: local.rpcUrl,
      deployerPrivateKey: local.accounts[0]!,
    });
    const config: ChainConfig = {
      rpcUrl: local.rpcUrl,
      chainId: local.chainId,
      didRegistry: deployment.didRegistry,
      statusRegistry: deployment.statusRegistry,
      trustRegistry: deployment.trustRegistry,
      anchorRegistry: deployment.anchorRegistry,
    };
    const chain: Chain = defineChain({
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
    const testClient = createTestClient({ chain, transport: http(local.rpcUrl), mode: 'anvil' });

    async function send(
      from: Hex,
      address: Address,
      abi: Abi,
      functionName: string,
      args: readonly unknown[],
    ) {
      const account = privateKeyToAccount(from);
      const wallet = createWalletClient({ chain, transport: http(local.rpcUrl), account });
      const { request } = await publicClient.simulateContract({ address, abi, functionName, args, account });
      const hash = await wallet.writeContract(request as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`${functionName} reverted`);
      return receipt.blockNumber;
    }
    const trustAbi = trustRegistryArtifact.abi as Abi;
    const statusAbi = statusRegistryArtifact.abi as Abi;
    const anchorAbi = anchorRegistryArtifact.abi as Abi;
    const proofs = new Map<string, AnchorProof>();
    // Anchors are sent one at a time (suites issue from one organisation concurrently: one nonce sequence).
    let anchorQueue: Promise<unknown> = Promise.resolve();
    async function anchorOne(org: Org, jwt: string): Promise<AnchorProof> {
      const credentialHash = credentialJwtHash(jwt);
      const tree = buildAnchorTree([credentialHash]);
      const account = privateKeyToAccount(org.privateKey);
      const wallet = createWalletClient({ chain, transport: http(local.rpcUrl), account });
      const run = anchorQueue.then(async () => {
        const hash = await wallet.writeContract({
          address: deployment.anchorRegistry,
          abi: anchorAbi,
          functionName: 'anchor',
          args: [org.address, tree.root, 1n],
        } as never);
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== 'success') throw new Error('anchor reverted');
        return receipt;
      });
      anchorQueue = run.catch(() => undefined);
      const receipt = await run;
      const proof = anchorProofOf(credentialHash, tree.proofOf(credentialHash), {
        issuer: org.address,
        root: tree.root,
        chainId: config.chainId,
        anchorRegistry: deployment.anchorRegistry,
        blockNumber: receipt.blockNumber,
        transactionHash: receipt.transactionHash,
      });
      proofs.set(credentialHash, proof);
      return proof;
    }

    return {
      local,
      config,
      proofs,
      anchor: anchorOne,
      async org() {
        const privateKey = `0x${randomBytes(32).toString('hex')}` as Hex;
        const address = privateKeyToAccount(privateKey).address;
        await testClient.setBalance({ address, value: parseEther('10') });
        await send(privateKey, deployment.statusRegistry, statusAbi, 'createList', [address, 1n, 1]);
        return { did: ethrDid(config, address), address, privateKey, nextIndex: 0 };
      },
      async accredit(org, type, jurisdiction, delegable = false) {
        const now = nowSeconds();
        await send(local.accounts[0]!, deployment.trustRegistry, trustAbi, 'accredit', [
          org.address,
          registryKey(type),
          registryKey(jurisdiction),
          0, // from this block (the registry refuses a past start)
          now + 10 * 365 * DAY,
          delegable,
        ]);
      },
      async accreditDelegated(accreditor, org, type, jurisdiction) {
        const now = nowSeconds();
        await send(accreditor.privateKey, deployment.trustRegistry, trustAbi, 'accreditDelegated', [
          accreditor.address,
          org.address,
          registryKey(type),
          registryKey(jurisdiction),
          0,
          now + 5 * 365 * DAY,
        ]);
      },
      async issue(issuer, type, subject, claims, options = {}) {
        const id = `urn:uuid:${randomUUID()}`;
        const vc: Record<string, unknown> = {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiableCredential', type],
          credentialSubject: claims,
          credentialSchema: { id: schemaIdFor(type), type: 'JsonSchema' },
        };
        let index = -1;
        if (options.status !== false && 'nextIndex' in issuer) {
          index = issuer.nextIndex++;
          vc.credentialStatus = {
            id: `urn:medtrust:status:${config.chainId}:${issuer.address}:1:${index}`,
            type: 'MedtrustStatusRegistryEntry',
            statusRegistry: deployment.statusRegistry,
            statusIssuer: issuer.address,
            statusListId: 1,
            statusListIndex: index,
          };
        }
        const payload = { sub: subject, jti: id, nbf: options.nbf ?? nowSeconds(), vc };
        const jwt = await createVerifiableCredentialJwt(payload as never, signerOf(issuer));
        const issued: Issued = { jwt, id, index };
        if ('address' in issuer && options.anchor !== false)
          issued.anchorProof = await anchorOne(issuer, jwt);
        return issued;
      },
      setStatus(issuer, action, issued) {
        return send(issuer.privateKey, deployment.statusRegistry, statusAbi, action, [
          issuer.address,
          1n,
          BigInt(issued.index),
        ]);
      },
      patient: didKeyPatient,
      present(holder, credentials, claims = {}) {
        return createVerifiablePresentationJwt(
          {
            vp: {
              '@context': ['https://www.w3.org/2018/credentials/v1'],
              type: ['VerifiablePresentation'],
              verifiableCredential: [...credentials],
            },
            ...claims,
          } as never,
          signerOf(holder),
        );
      },
      async chainTime() {
        return Number((await publicClient.getBlock({ blockTag: 'latest' })).timestamp);
      },
      stop: () => local.stop(),
    };
  } catch (error) {
    await local.stop();
    throw error;
  }
}
