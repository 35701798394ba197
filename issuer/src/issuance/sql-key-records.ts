import { SqlRecordStore, type Database } from '../store/index.ts';
import type { IssuerKeyRecords } from '../keys/index.ts';

/** Names of the `key_records` collections holding each part of {@link IssuerKeyRecords}. */
export type KeyRecordCollections = Record<keyof IssuerKeyRecords, string>;

/** The collection names used unless told otherwise: the property names of {@link IssuerKeyRecords}. */
export const DEFAULT_KEY_RECORD_COLLECTIONS: Readonly<KeyRecordCollections> = Object.freeze({
  privateKeys: 'privateKeys',
  keys: 'keys',
  dids: 'dids',
  signingKeys: 'signingKeys',
});

/**
 * The issuer agent's records in the database's `key_records` table (private keys stay sealed there), for
 * `createIssuerAgent` in the service, a batch process, or as the records a {@link SigningPool} serves its threads.
 *
 * @param db - the issuer database.
 * @param collections - collection names; default {@link DEFAULT_KEY_RECORD_COLLECTIONS}.
 * @returns the records.
 */
export function sqlIssuerKeyRecords(
  db: Database,
  collections: KeyRecordCollections = DEFAULT_KEY_RECORD_COLLECTIONS,
): IssuerKeyRecords {
  return {
    privateKeys: new SqlRecordStore(db, collections.privateKeys),
    keys: new SqlRecordStore(db, collections.keys),
    dids: new SqlRecordStore(db, collections.dids),
    signingKeys: new SqlRecordStore(db, collections.signingKeys),
  };
}
