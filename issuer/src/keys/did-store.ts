import type { IIdentifier } from '@veramo/core';
import { AbstractDIDStore } from '@veramo/did-manager';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { RecordStore } from './record-store.ts';

/** Managed identifiers (DID, alias, provider, keys' public metadata, services), keyed by DID. */
export type DidRecords = RecordStore<IIdentifier>;

/**
 * Veramo identifier store over an injected {@link DidRecords}. Look-ups by alias scan the records (an organisation
 * has a handful of DIDs); private key material is stripped before storing.
 */
export class RecordDIDStore extends AbstractDIDStore {
  /** @param records - where identifiers live. */
  constructor(private readonly records: DidRecords) {
    super();
  }

  /** Stores (or replaces) an identifier. */
  override async importDID(args: IIdentifier): Promise<boolean> {
    const identifier: IIdentifier = {
      ...args,
      keys: args.keys.map(({ privateKeyHex: _privateKeyHex, ...key }) => key),
      services: args.services ?? [],
    };
    await this.records.put(identifier.did, identifier);
    return true;
  }

  /**
   * @param args - `{ did }` or `{ alias }`.
   * @throws Error whose message starts with `not_found` (Veramo's DID manager relies on a throw) when absent.
   */
  override async getDID(args: { did: string }): Promise<IIdentifier>;
  override async getDID(args: { alias: string }): Promise<IIdentifier>;
  override async getDID(args: { did?: string; alias?: string }): Promise<IIdentifier> {
    let identifier: IIdentifier | undefined;
    if (args.did) identifier = await this.records.get(args.did);
    else if (args.alias) identifier = (await this.records.list()).find((i) => i.alias === args.alias);
    else throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'getDID requires a did or an alias');
    if (!identifier) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        `not_found: no identifier ${args.did ?? args.alias}`,
      );
    }
    return identifier;
  }

  /** @returns whether an identifier was deleted. */
  override async deleteDID({ did }: { did: string }): Promise<boolean> {
    return this.records.delete(did);
  }

  /** @returns the identifiers matching the optional alias and provider. */
  override async listDIDs(args: { alias?: string; provider?: string }): Promise<IIdentifier[]> {
    return (await this.records.list()).filter(
      (i) => (!args.alias || i.alias === args.alias) && (!args.provider || i.provider === args.provider),
    );
  }
}
