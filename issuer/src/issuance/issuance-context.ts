import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { SchemaValidator } from '@medtrust/schemas';
import { getOrganisation, type Database } from '../store/index.ts';
import type { CredentialSigner } from '../keys/index.ts';
import type { IssuerIdentityRef, StatusChainRef } from './credential-builder.ts';
import type { WorkerSignerSpec } from './signing-pool.ts';

/**
 * What issuing needs, injected by the service wiring (or a test): the database, the organisation's signer and
 * identity, the schema validator, a clock and the chain facts that go into `credentialStatus`.
 */
export interface IssuanceContext {
  /** The issuer database (root handle, not a transaction). */
  db: Database;
  /**
   * The organisation's fast JWT signer (`createCredentialSigner`); called once per issuance or batch run. It signs
   * inside the issuing transaction and now and then re-reads its key record (rotation check) outside it: when the
   * key records live in this same database, use a file or PostgreSQL database (with SQLite `:memory:` that read would
   * wait for the transaction waiting for it), and on PostgreSQL preferably give the records their own pool (a
   * separate `openDatabase` handle), so that re-read never waits for a connection held by queued issuances.
   */
  signerFor(organisationId: string): Promise<CredentialSigner>;
  /**
   * What signing worker threads need to rebuild the organisation's signer (its key records, the sealing secret, the
   * chain, its DID); needed only by `runBatch` with `signingWorkers`.
   */
  workerSignerFor?(organisationId: string): Promise<WorkerSignerSpec>;
  /** The organisation's DID and address; see {@link organisationIdentityFromStore}. */
  organisationFor(organisationId: string): Promise<IssuerIdentityRef>;
  /** Built once (`createSchemaValidator()`) and shared. */
  validator: SchemaValidator;
  /** Issuance time source. */
  clock: () => Date;
  /** Chain id and StatusRegistry address. */
  chain: StatusChainRef;
  /**
   * Capacity of the first status list created for an organisation that has none (later lists copy the capacity of
   * the previous one); default {@link DEFAULT_STATUS_LIST_CAPACITY}.
   */
  statusListCapacity?: number;
}

/** Slots of an organisation's first status list when the context does not say: 65,536 (256 words of 256 bits). */
export const DEFAULT_STATUS_LIST_CAPACITY = 65_536;

/**
 * The usual {@link IssuanceContext.organisationFor}: reads the organisation's DID and address from the store.
 *
 * @param db - the issuer database.
 * @returns a lookup that throws MedtrustError `NOT_FOUND` for an unknown organisation and `FORBIDDEN` for one
 *   without an identity yet (it cannot issue).
 */
export function organisationIdentityFromStore(
  db: Database,
): (organisationId: string) => Promise<IssuerIdentityRef> {
  return async (organisationId) => {
    const organisation = await getOrganisation(db, organisationId);
    if (organisation === undefined) {
      throw new MedtrustError(ErrorCodes.NOT_FOUND, 'unknown organisation');
    }
    if (organisation.did === null || organisation.address === null) {
      throw new MedtrustError(ErrorCodes.FORBIDDEN, 'the organisation has no issuer identity yet');
    }
    return { did: organisation.did, address: organisation.address };
  };
}
