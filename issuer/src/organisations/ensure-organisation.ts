import type { IIdentifier } from '@veramo/core';
import { secp256k1 } from '@noble/curves/secp256k1';
import { privateKeyToAccount } from 'viem/accounts';
import { ethrDid, type ChainConfig } from '@medtrust/core';
import {
  appendAuditEntry,
  createApiKey,
  createOrganisation,
  ensureFirstStatusList,
  getOrganisationBySlug,
  setOrganisationIdentity,
  type ApiKeyRole,
  type Database,
  type Organisation,
} from '../store/index.ts';
import { createIssuerIdentity, ISSUER_KMS, type IssuerAgent } from '../keys/index.ts';
// Internal to the issuer: the DID provider name the agent registers identities under.
import { issuerAgentInternals } from '../keys/issuer-agent.ts';
import { DEFAULT_STATUS_LIST_CAPACITY } from '../issuance/issuance-context.ts';

/** What {@link ensureOrganisation} needs. */
export interface OrganisationSpec {
  slug: string;
  name: string;
  /** e.g. `regulator`, `medical-board`, `hospital`, `supplier`. */
  kind: string;
  jurisdiction: string;
  /**
   * Import this secp256k1 key as the organisation's `did:ethr` controller (an identity that already exists on-chain,
   * e.g. one accredited in the trust registry). A new key is generated when omitted.
   */
  privateKeyHex?: string;
  /**
   * Slots of the first status list, registered at once so the status publisher creates it on-chain before the first
   * credential is issued; {@link DEFAULT_STATUS_LIST_CAPACITY} by default.
   */
  statusListCapacity?: number;
}

/**
 * Creates (or finds) an issuer organisation and its `did:ethr` identity, whose keys the agent holds sealed.
 * Idempotent: a second call with the same slug returns the stored organisation.
 * @param db - issuer database.
 * @param agent - issuer agent.
 * @param chain - chain of the identity.
 * @param spec - organisation facts and optional key to import.
 * @returns the organisation with its DID and address.
 */
export async function ensureOrganisation(
  db: Database,
  agent: IssuerAgent,
  chain: ChainConfig,
  spec: OrganisationSpec,
): Promise<Organisation> {
  let organisation = await getOrganisationBySlug(db, spec.slug);
  organisation ??= await createOrganisation(db, {
    slug: spec.slug,
    name: spec.name,
    kind: spec.kind,
    jurisdiction: spec.jurisdiction,
  });
  // The first status list is on-chain by the time staff issue, so a new credential's status can be read at once.
  await ensureFirstStatusList(db, organisation.id, spec.statusListCapacity ?? DEFAULT_STATUS_LIST_CAPACITY);
  if (organisation.did && organisation.address) return organisation;
  const alias = `org:${spec.slug}`;
  if (spec.privateKeyHex) {
    const privateKeyHex = spec.privateKeyHex.replace(/^0x/, '');
    const [existing] = await agent.didManagerFind({ alias });
    if (!existing) {
      const address = privateKeyToAccount(`0x${privateKeyHex}`).address;
      const publicKeyHex = Buffer.from(
        secp256k1.getPublicKey(Buffer.from(privateKeyHex, 'hex'), true),
      ).toString('hex');
      const identifier: Omit<IIdentifier, 'provider'> & { provider: string } = {
        did: ethrDid(chain, address),
        alias,
        provider: issuerAgentInternals(agent).didProvider,
        controllerKeyId: publicKeyHex,
        keys: [
          { kid: publicKeyHex, kms: ISSUER_KMS, type: 'Secp256k1', publicKeyHex, privateKeyHex } as never,
        ],
        services: [],
      };
      await agent.didManagerImport(identifier as never);
    }
  }
  const identity = await createIssuerIdentity(agent, alias);
  await setOrganisationIdentity(db, organisation.id, { did: identity.did, address: identity.address });
  await appendAuditEntry(db, {
    organisationId: organisation.id,
    actor: 'system',
    action: 'organisation.identity-created',
    target: identity.did,
    detail: { kid: identity.kid },
  });
  return { ...organisation, did: identity.did, address: identity.address };
}

/**
 * Creates one API key per role for an organisation (demo seeding, first start-up). The plaintexts are returned
 * once and never stored.
 * @returns plaintext keys by role.
 */
export async function createRoleKeys(
  db: Database,
  organisationId: string,
): Promise<Record<ApiKeyRole, string>> {
  const keys = {} as Record<ApiKeyRole, string>;
  for (const role of ['admin', 'operator', 'auditor'] as const) {
    const { apiKey, plaintextKey } = await createApiKey(db, {
      organisationId,
      role,
      label: `${role} (initial)`,
    });
    await appendAuditEntry(db, {
      organisationId,
      actor: 'system',
      action: 'api-key.created',
      target: apiKey.id,
      detail: { role },
    });
    keys[role] = plaintextKey;
  }
  return keys;
}
