// Shared set-up of the verifier suites: a real local chain with the registries, issuer organisations accredited on
// the trust registry with status lists, holders, credentials issued with did-jwt-vc and anchored on-chain from their
// issuer's key (as the issuer service's anchor publisher does), and a tiny issuer proof endpoint serving the proofs.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ES256KSigner } from 'did-jwt';
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt, type Issuer } from 'did-jwt-vc';
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
  registryKey,
  type AnchorProof,
  type ChainConfig,
} from '@medtrust/core';
import { schemaIdFor, type CredentialTypeName } from '@medtrust/schemas';

const YEAR = 365 * 24 * 3600;

/** One participant: a did:ethr identity backed by a development key. */
export interface Party {
  did: string;
  address: Address;
  privateKey: Hex;
  signer: Issuer;
}

/** The organisations and holders of the suites. */
export interface Parties {
  /** Accredited for MedicalLicenseCredential (PT) and HospitalAccreditationCredential (PT-11). */
  medicalBoard: Party;
  /** Accredited for SupplierAccreditationCredential (PT). */
  drugRegulator: Party;
  /** Issues DrugBatchCredential (no accreditation required). */
  manufacturer: Party;
  /** Never accredited. */
  rogue: Party;
  doctor: Party;
  hospital: Party;
  supplier: Party;
}

/** How {@link ChainFixture.issue} anchors. */
export interface IssueOptions {
  expirationDate?: string;
  /** Anchor it on-chain from the issuer's key (default true). */
  anchor?: boolean;
  /** Serve its proof at the fixture's proof endpoint (default true; false: only the returned proof has it). */
  serve?: boolean;
}

/** An issued credential. */
export interface IssuedCredential {
  jwt: string;
  index: number;
  /** `credentialJwtHash` of the JWT. */
  hash: `0x${string}`;
  /** Its anchor proof, when anchored. */
  proof?: AnchorProof;
}

/**
 * The issuer service's public proof endpoint as the fixture plays it:
 * `GET /public/anchor-proofs/{hash}` → 200 anchored, 202 pending, 404 NOT_FOUND, 400 malformed.
 */
export interface ProofServer {
  /** The issuer base URL to configure (`ANCHOR_PROOF_URLS`). */
  url: string;
  /** Proofs served, by credential hash. */
  proofs: Map<string, AnchorProof>;
  /** Hashes answered 202 pending. */
  pending: Set<string>;
  /** Requests received (hashes). */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a proof endpoint on a free loopback port. */
export async function startProofServer(): Promise<ProofServer> {
  const proofs = new Map<string, AnchorProof>();
  const pending = new Set<string>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const match = /^\/public\/anchor-proofs\/([^/?]*)$/.exec(req.url ?? '');
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (match === null) return send(404, { code: 'NOT_FOUND', detail: 'no such route' });
    const hash = decodeURIComponent(match[1]!);
    requests.push(hash);
    if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) return send(400, { code: 'INVALID_ARGUMENT' });
    const proof = proofs.get(hash.toLowerCase());
    if (proof !== undefined) return send(200, { state: 'anchored', proof });
    if (pending.has(hash.toLowerCase())) return send(202, { state: 'pending' });
    return send(404, { code: 'NOT_FOUND', detail: 'no credential issued here has that hash' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    proofs,
    pending,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A running chain with the registries, accreditations and status lists. */
export interface ChainFixture {
  chain: LocalChain;
  config: ChainConfig;
  parties: Parties;
  /** The issuers' proof endpoint (every anchored credential's proof, unless issued with `serve: false`). */
  proofServer: ProofServer;
  /**
   * Issues a JWT credential of `type` from `issuer` (status list 1, a fresh index) about `subject`, and anchors it
   * on-chain from the issuer's key (one root per credential) unless `anchor: false`.
   */
  issue(
    issuer: Party,
    type: CredentialTypeName,
    subject: Record<string, unknown>,
    options?: IssueOptions,
  ): Promise<IssuedCredential>;
  /** Anchors JWTs as one root from `issuer`'s key; returns their proofs in order (not served). */
  anchor(issuer: Party, jwts: readonly string[]): Promise<AnchorProof[]>;
  /** A holder's JWT presentation of `credentials` with nonce and audience (and `anchorProofs` in the `vp`). */
  present(
    holder: Party,
    credentials: string[],
    options: { challenge?: string; domain?: string; anchorProofs?: unknown[] },
  ): Promise<string>;
  /** The chain's latest block number. */
  headBlock(): Promise<bigint>;
  /** Revokes index `index` of `issuer`'s list 1 on-chain; resolves to the block of the revocation. */
  revoke(issuer: Party, index: number): Promise<bigint>;
  /** Moves the chain's clock forward and mines a block (anvil's evm_increaseTime / evm_mine). */
  increaseTime(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

function party(privateKey: Hex, chainId: number): Party {
  const account = privateKeyToAccount(privateKey);
  const did = `did:ethr:0x${chainId.toString(16)}:${account.address}`;
  return {
    did,
    address: account.address,
    privateKey,
    signer: { did, signer: ES256KSigner(Buffer.from(privateKey.slice(2), 'hex')), alg: 'ES256K' },
  };
}

/** A schema-valid MedicalLicenseCredential subject. */
export function licenceSubject(doctor: Party): Record<string, unknown> {
  return {
    id: doctor.did,
    name: 'Inês Carvalho Ferreira',
    licenseNumber: '54873',
    jurisdiction: 'PT',
    specialty: 'Plastic, Reconstructive and Aesthetic Surgery',
    scopeOfPractice: ['Aesthetic surgery', 'Botulinum toxin and filler injections'],
    validFrom: '2024-01-15',
    validUntil: '2029-01-14',
  };
}

/** A schema-valid HospitalAccreditationCredential subject. */
export function hospitalSubject(hospital: Party): Record<string, unknown> {
  return {
    id: hospital.did,
    name: 'Hospital Clínico de Lisboa',
    registrationNumber: 'E123456',
    jurisdiction: 'PT-11',
    accreditedServices: ['Plastic and aesthetic surgery', 'Day surgery'],
    validFrom: '2025-02-01',
    validUntil: '2028-01-31',
  };
}

/** A schema-valid SupplierAccreditationCredential subject. */
export function supplierSubject(supplier: Party): Record<string, unknown> {
  return {
    id: supplier.did,
    name: 'Distribuidora Tejo Farma, Lda.',
    registrationNumber: 'INF-DIST-1189',
    jurisdiction: 'PT',
    role: 'wholesaler',
    authorizedActivities: ['Wholesale distribution of medicinal products'],
    validFrom: '2025-02-14',
    validUntil: '2030-02-13',
  };
}

/** A schema-valid DrugBatchCredential subject made by `manufacturer`. */
export function batchSubject(manufacturer: Party): Record<string, unknown> {
  return {
    id: 'urn:gtin:05601234567891:lot:BTX2025-117',
    product: 'Botulinum toxin type A 100 U powder for solution for injection',
    gtin: '05601234567891',
    lot: 'BTX2025-117',
    expiryDate: '2027-06-30',
    quantity: 1200,
    unit: 'vial',
    manufacturingSite: 'Farmacêutica Atlântico, Setúbal plant',
    manufacturer: manufacturer.did,
    certificateOfAnalysisHash: '0x2a4e07f67204bb0b428967aae6cc9f7761a12d6fbc0c193622cc5a0b98cd93b1',
  };
}

/**
 * Starts anvil, deploys the registries, accredits the issuers (governance = account 0) and creates list 1 (256
 * slots) for each issuer.
 */
export async function startChainFixture(): Promise<ChainFixture> {
  const chain = await startLocalChain();
  try {
    const deployment = await deployRegistries({
      rpcUrl: chain.rpcUrl,
      deployerPrivateKey: chain.accounts[0]!,
    });
    const config: ChainConfig = { ...deployment, rpcUrl: chain.rpcUrl };
    const k = chain.accounts;
    const parties: Parties = {
      medicalBoard: party(k[1]!, chain.chainId),
      drugRegulator: party(k[2]!, chain.chainId),
      manufacturer: party(k[3]!, chain.chainId),
      rogue: party(k[4]!, chain.chainId),
      doctor: party(k[5]!, chain.chainId),
      hospital: party(k[6]!, chain.chainId),
      supplier: party(k[7]!, chain.chainId),
    };
    const transport = http(chain.rpcUrl, { retryCount: 0 });
    const viemChain = {
      id: chain.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    } as const;
    const publicClient = createPublicClient({ transport, chain: viemChain, pollingInterval: 20 });

    async function send(
      from: Hex,
      address: Address,
      abi: Abi,
      functionName: string,
      args: readonly unknown[],
    ) {
      const wallet = createWalletClient({ account: privateKeyToAccount(from), transport, chain: viemChain });
      const hash = await wallet.writeContract({ address, abi, functionName, args });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`${functionName} reverted`);
      return receipt;
    }
    // One transaction at a time (several suites issue concurrently from one key: one nonce sequence).
    let queue: Promise<unknown> = Promise.resolve();
    function serial<T>(task: () => Promise<T>): Promise<T> {
      const run = queue.then(task);
      queue = run.catch(() => undefined);
      return run;
    }

    const now = Number((await publicClient.getBlock()).timestamp);
    const accreditations: Array<[Party, string, string]> = [
      [parties.medicalBoard, 'MedicalLicenseCredential', 'PT'],
      [parties.medicalBoard, 'HospitalAccreditationCredential', 'PT-11'],
      [parties.drugRegulator, 'SupplierAccreditationCredential', 'PT'],
    ];
    for (const [issuer, type, jurisdiction] of accreditations) {
      await send(k[0]!, config.trustRegistry, trustRegistryArtifact.abi as Abi, 'accredit', [
        issuer.address,
        registryKey(type),
        registryKey(jurisdiction),
        0, // from this block (the registry refuses a past start)
        now + 5 * YEAR,
        false,
      ]);
    }
    for (const issuer of [parties.medicalBoard, parties.drugRegulator, parties.manufacturer, parties.rogue]) {
      await send(issuer.privateKey, config.statusRegistry, statusRegistryArtifact.abi as Abi, 'createList', [
        issuer.address,
        1n,
        1,
      ]);
    }
    // Accreditations start at their own block (the registry refuses a past start): move the chain's clock past them
    // with anvil's own methods, so "one second before the latest block" (issuanceDate below) lies inside them.
    await publicClient.request({ method: 'evm_increaseTime', params: [2] } as never);
    await publicClient.request({ method: 'evm_mine', params: [] } as never);

    const proofServer = await startProofServer();
    async function anchor(issuer: Party, jwts: readonly string[]): Promise<AnchorProof[]> {
      const hashes = jwts.map((jwt) => credentialJwtHash(jwt));
      const tree = buildAnchorTree(hashes);
      const receipt = await serial(() =>
        send(issuer.privateKey, config.anchorRegistry, anchorRegistryArtifact.abi as Abi, 'anchor', [
          issuer.address,
          tree.root,
          BigInt(hashes.length),
        ]),
      );
      const at = {
        issuer: issuer.address,
        root: tree.root,
        chainId: config.chainId,
        anchorRegistry: config.anchorRegistry,
        blockNumber: receipt.blockNumber,
        transactionHash: receipt.transactionHash,
      };
      return hashes.map((credentialHash) => anchorProofOf(credentialHash, tree.proofOf(credentialHash), at));
    }

    const nextIndex = new Map<string, number>();
    return {
      chain,
      config,
      parties,
      proofServer,
      anchor,
      async increaseTime(seconds) {
        await publicClient.request({ method: 'evm_increaseTime', params: [seconds] } as never);
        await publicClient.request({ method: 'evm_mine', params: [] } as never);
      },
      async issue(issuer, type, subject, options = {}) {
        const index = nextIndex.get(issuer.did) ?? 0;
        nextIndex.set(issuer.did, index + 1);
        const credential = {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiableCredential', type],
          id: `urn:uuid:${randomUUID()}`,
          issuer: issuer.did,
          // One second before the chain's latest block: a moment the chain has settled, whose DID documents the
          // verifier can answer from cache even when the chain is down.
          issuanceDate: new Date(
            (Number((await publicClient.getBlock()).timestamp) - 1) * 1000,
          ).toISOString(),
          credentialSchema: { id: schemaIdFor(type), type: 'JsonSchema' },
          credentialStatus: {
            id: `urn:medtrust:status:${chain.chainId}:${config.statusRegistry}:${issuer.address}:1:${index}`,
            type: 'MedtrustStatusRegistryEntry',
            statusRegistry: config.statusRegistry,
            statusIssuer: issuer.address,
            statusListId: 1,
            statusListIndex: index,
          },
          credentialSubject: subject,
          ...(options.expirationDate ? { expirationDate: options.expirationDate } : {}),
        };
        const jwt = await createVerifiableCredentialJwt(
          credential as unknown as Parameters<typeof createVerifiableCredentialJwt>[0],
          issuer.signer,
        );
        const issued: IssuedCredential = { jwt, index, hash: credentialJwtHash(jwt) };
        if (options.anchor !== false) {
          const [proof] = await anchor(issuer, [jwt]);
          issued.proof = proof!;
          if (options.serve !== false) proofServer.proofs.set(issued.hash, proof!);
        }
        return issued;
      },
      async present(holder, credentials, options) {
        return createVerifiablePresentationJwt(
          {
            vp: {
              '@context': ['https://www.w3.org/2018/credentials/v1'],
              type: ['VerifiablePresentation'],
              verifiableCredential: credentials,
              ...(options.anchorProofs === undefined ? {} : { anchorProofs: options.anchorProofs }),
            },
          } as Parameters<typeof createVerifiablePresentationJwt>[0],
          holder.signer,
          {
            ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
            ...(options.domain === undefined ? {} : { domain: options.domain }),
          },
        );
      },
      headBlock: () => publicClient.getBlockNumber({ cacheTime: 0 }),
      async revoke(issuer, index) {
        const receipt = await serial(() =>
          send(issuer.privateKey, config.statusRegistry, statusRegistryArtifact.abi as Abi, 'revoke', [
            issuer.address,
            1n,
            BigInt(index),
          ]),
        );
        return receipt.blockNumber;
      },
      async stop() {
        await proofServer.close();
        await chain.stop();
      },
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
