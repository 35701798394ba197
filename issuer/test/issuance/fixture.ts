// Shared set-up of the issuance suites: a local chain with the registries, issuer organisations with real did:ethr
// identities and fast signers, an IssuanceContext over a test database, sample credentials and JWT decoding.
import { randomBytes } from 'node:crypto';
import type { Resolvable } from 'did-resolver';
import { startLocalChain, type LocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import { createEthrDidResolver, type ChainConfig } from '@medtrust/core';
import { createSchemaValidator, type SchemaValidator } from '@medtrust/schemas';
import {
  closeIssuerAgent,
  createCredentialSigner,
  createIssuerAgent,
  createIssuerIdentity,
  createMemoryIssuerKeyRecords,
  type CredentialSigner,
  type IssuerAgent,
  type IssuerIdentity,
} from '../../src/keys/index.ts';
import { setOrganisationIdentity, type Database, type Organisation } from '../../src/store/index.ts';
import { sqlIssuerKeyRecords, type IssuanceContext } from '../../src/issuance/index.ts';
import { seedOrganisation } from '../store/harness.ts';

/** A running local chain with the registries deployed. */
export interface ChainFixture {
  chain: LocalChain;
  config: ChainConfig;
  resolver: Resolvable;
  /** Key sealing secret (hex) of every agent of the run. */
  sealingSecret: string;
  /** Closes the agents made with {@link seedIssuer} and stops the chain. */
  stop(): Promise<void>;
  /** Agents to close at the end. */
  agents: IssuerAgent[];
}

/** Starts anvil and deploys the registries. */
export async function startChainFixture(): Promise<ChainFixture> {
  const chain = await startLocalChain();
  const deployment = await deployRegistries({ rpcUrl: chain.rpcUrl, deployerPrivateKey: chain.accounts[0]! });
  const config: ChainConfig = { ...deployment, rpcUrl: chain.rpcUrl, didNetworkName: 'medtrust' };
  const agents: IssuerAgent[] = [];
  return {
    chain,
    config,
    resolver: createEthrDidResolver(config),
    sealingSecret: randomBytes(32).toString('hex'),
    agents,
    async stop() {
      for (const agent of agents) closeIssuerAgent(agent);
      await chain.stop();
    },
  };
}

/** An issuer organisation with its identity, agent, signer and issuance context. */
export interface IssuerFixture {
  organisation: Organisation;
  identity: IssuerIdentity;
  agent: IssuerAgent;
  signer: CredentialSigner;
  ctx: IssuanceContext;
}

let sharedValidator: SchemaValidator | undefined;

/** @returns one schema validator for the whole run (compiling the schemas takes a moment). */
export function validator(): SchemaValidator {
  sharedValidator ??= createSchemaValidator();
  return sharedValidator;
}

/**
 * Creates an organisation with a did:ethr identity and builds its issuance context.
 *
 * @param db - the test database.
 * @param fixture - the chain.
 * @param options - `records: 'sql'` keeps the keys in the database (so another process can sign), default memory;
 *   `statusListCapacity` for the first list.
 */
export async function seedIssuer(
  db: Database,
  fixture: ChainFixture,
  options: { records?: 'memory' | 'sql'; statusListCapacity?: number } = {},
): Promise<IssuerFixture> {
  const organisation = await seedOrganisation(db);
  const records = options.records === 'sql' ? sqlIssuerKeyRecords(db) : createMemoryIssuerKeyRecords();
  const agent = createIssuerAgent({ chain: fixture.config, sealingSecret: fixture.sealingSecret, records });
  fixture.agents.push(agent);
  const identity = await createIssuerIdentity(agent, organisation.slug);
  await setOrganisationIdentity(db, organisation.id, { did: identity.did, address: identity.address });
  const signer = await createCredentialSigner(agent, { did: identity.did });
  const ctx: IssuanceContext = {
    db,
    signerFor: async (id) => {
      if (id !== organisation.id) throw new Error('unexpected organisation');
      return signer;
    },
    organisationFor: async (id) => {
      if (id !== organisation.id) throw new Error('unexpected organisation');
      return { did: identity.did, address: identity.address };
    },
    validator: validator(),
    clock: () => new Date(),
    chain: { chainId: fixture.config.chainId, statusRegistry: fixture.config.statusRegistry },
    ...(options.statusListCapacity === undefined ? {} : { statusListCapacity: options.statusListCapacity }),
  };
  return {
    organisation: { ...organisation, did: identity.did, address: identity.address },
    identity,
    agent,
    signer,
    ctx,
  };
}

/**
 * A valid MedicalLicenseCredential subject.
 *
 * @param n - makes the licence number (and name) distinct.
 */
export function licenceSubject(n = 1): Record<string, unknown> {
  return {
    id: 'did:ethr:medtrust:0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
    name: `Inês Carvalho ${n}`,
    licenseNumber: `PT-${n}`,
    jurisdiction: 'PT',
    specialty: 'Plastic surgery',
    scopeOfPractice: ['Aesthetic surgery', 'Reconstructive surgery'],
    validFrom: '2024-01-15',
    validUntil: '2029-01-14',
  };
}

/** A VC-API request credential for {@link licenceSubject}. */
export function licenceRequest(n = 1): Record<string, unknown> {
  return {
    type: ['VerifiableCredential', 'MedicalLicenseCredential'],
    credentialSubject: licenceSubject(n),
    expirationDate: '2029-01-15T00:00:00Z',
  };
}

/** The payload of a compact JWT (no verification). */
export function decodeJwtPayload(jwt: string): Record<string, unknown> & {
  vc: {
    credentialStatus: { statusListId: number; statusListIndex: number; id: string };
    credentialSubject: Record<string, unknown>;
  } & Record<string, unknown>;
} {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as ReturnType<
    typeof decodeJwtPayload
  >;
}
