import { ErrorCodes, MedtrustError } from '@medtrust/core';
import {
  appendAuditEntry,
  createStatusList,
  getOrganisation,
  listPreviousIdentities,
  listStatusLists,
  recordPreviousIdentity,
  setOrganisationIdentity,
  type Database,
} from '../store/index.ts';
import { createIssuerIdentity, type IssuerAgent } from '../keys/index.ts';
import { DEFAULT_STATUS_LIST_CAPACITY } from '../issuance/issuance-context.ts';

/** Audit action of {@link replaceOrganisationIdentity}. */
export const IDENTITY_REPLACED_ACTION = 'identity.replaced';

/** What {@link replaceOrganisationIdentity} did. */
export interface ReplacedIdentity {
  did: string;
  address: string;
  previousDid: string;
  previousAddress: string;
  /** The new identity's first status list (created on-chain by the status publisher, under the new address). */
  statusListId: number;
}

/**
 * Gives an organisation a fresh `did:ethr` identity (threat-model runbook "The owner key is compromised", step 2): a
 * new controller key generated and sealed by the agent's KMS (the `createIssuerIdentity` path `ensureOrganisation`
 * takes for a new organisation), a new first status list (the next list id, registered for on-chain creation as for
 * a new organisation), and, in one transaction, the switch of the organisation's `did`/`address`, the old identity
 * recorded in `previous_identities` and the `identity.replaced` audit entry. Credentials issued under the old DID keep
 * their rows, anchors and proofs. Funding the new owner and flushing pending anchors are the caller's business.
 *
 * @param db - issuer database.
 * @param agent - issuer agent.
 * @param input - organisation, audit actor, now.
 * @returns the new and the previous identity.
 * @throws MedtrustError `NOT_FOUND` for an organisation without an identity.
 */
export async function replaceOrganisationIdentity(
  db: Database,
  agent: IssuerAgent,
  input: { organisationId: string; actor: string; now: Date; statusListCapacity?: number },
): Promise<ReplacedIdentity> {
  const organisation = await getOrganisation(db, input.organisationId);
  if (!organisation?.did || !organisation.address) {
    throw new MedtrustError(ErrorCodes.NOT_FOUND, 'organisation has no identity');
  }
  const previous = await listPreviousIdentities(db, organisation.id);
  // a new alias per identity: the agent holds every identity's keys (the old one still signs status changes)
  const identity = await createIssuerIdentity(
    agent,
    `org:${organisation.slug}:identity-${previous.length + 2}:${input.now.getTime()}`,
  );
  const at = input.now.toISOString();
  const statusListId = await db.transaction(async (tx) => {
    const lists = await listStatusLists(tx, organisation.id);
    const listId = lists.reduce((max, list) => Math.max(max, Number(list.listId)), -1) + 1;
    await createStatusList(tx, {
      organisationId: organisation.id,
      listId,
      capacity: input.statusListCapacity ?? DEFAULT_STATUS_LIST_CAPACITY,
      createdTx: null,
    });
    await recordPreviousIdentity(tx, {
      organisationId: organisation.id,
      did: organisation.did!,
      address: organisation.address!,
      replacedBy: identity.did,
      replacedAt: at,
    });
    await setOrganisationIdentity(tx, organisation.id, { did: identity.did, address: identity.address });
    await appendAuditEntry(tx, {
      at,
      organisationId: organisation.id,
      actor: input.actor,
      action: IDENTITY_REPLACED_ACTION,
      target: identity.did,
      detail: { previousDid: organisation.did, did: identity.did, kid: identity.kid, statusListId: listId },
    });
    return listId;
  });
  return {
    did: identity.did,
    address: identity.address,
    previousDid: organisation.did,
    previousAddress: organisation.address,
    statusListId,
  };
}
