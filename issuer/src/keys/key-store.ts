import type { IKey, ManagedKeyInfo } from '@veramo/core';
import { AbstractKeyStore } from '@veramo/key-manager';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { KeyError, KeyErrorCodes } from './key-errors.ts';
import type { RecordStore } from './record-store.ts';

/** Public metadata of a managed key (never its private part), keyed by Veramo `kid`. */
export type KeyRecords = RecordStore<ManagedKeyInfo>;

/**
 * Veramo key-metadata store (which KMS holds which key, its public key and algorithms) over an injected
 * {@link KeyRecords}. Strips `privateKeyHex` defensively: private material only lives in the sealed store.
 */
export class RecordKeyStore extends AbstractKeyStore {
  /** @param records - where key metadata lives. */
  constructor(private readonly records: KeyRecords) {
    super();
  }

  /** Stores (or replaces) a key's metadata. */
  override async importKey(args: Partial<IKey>): Promise<boolean> {
    const { privateKeyHex: _privateKeyHex, ...key } = args;
    if (!key.kid || !key.kms || !key.type || key.publicKeyHex === undefined) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        'key metadata needs kid, kms, type and publicKeyHex',
      );
    }
    await this.records.put(key.kid, key as ManagedKeyInfo);
    return true;
  }

  /** @throws KeyError `KEY_NOT_FOUND` for an unknown kid. */
  override async getKey({ kid }: { kid: string }): Promise<IKey> {
    const key = await this.records.get(kid);
    if (!key) throw new KeyError(KeyErrorCodes.KEY_NOT_FOUND, `no key with kid ${kid}`);
    return key;
  }

  /** @returns whether metadata was deleted. */
  override async deleteKey({ kid }: { kid: string }): Promise<boolean> {
    return this.records.delete(kid);
  }

  /** @returns every key's metadata. */
  override async listKeys(_args: object = {}): Promise<ManagedKeyInfo[]> {
    return this.records.list();
  }
}
