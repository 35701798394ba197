import { randomUUID } from 'node:crypto';
import type { TKeyType } from '@veramo/core';
import {
  AbstractPrivateKeyStore,
  type ImportablePrivateKey,
  type ManagedPrivateKey,
} from '@veramo/key-manager';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { KeyError, KeyErrorCodes } from './key-errors.ts';
import type { KeySealer } from './key-sealer.ts';
import type { RecordStore } from './record-store.ts';

/** A private key as persisted: only ever sealed. Maps onto `issuer_keys.encrypted_private_key`. */
export interface SealedPrivateKeyRecord {
  /** The key's alias in the KMS (Veramo's `kid` of the key). */
  alias: string;
  /** Veramo key type, e.g. `Secp256k1`. */
  type: TKeyType;
  /** `v1:<iv>:<tag>:<ciphertext>` from {@link KeySealer}, bound to the alias. */
  sealedPrivateKey: string;
  /** ISO-8601 UTC. */
  createdAt: string;
}

/** Persistence of sealed private keys, keyed by alias. */
export type SealedKeyRecords = RecordStore<SealedPrivateKeyRecord>;

/**
 * Veramo private-key store (for `@veramo/kms-local`'s `KeyManagementSystem`) that keeps every private key sealed with
 * AES-256-GCM in an injected {@link SealedKeyRecords}. Plaintext keys exist only in memory, only for the duration of a
 * KMS operation; the sealing context is the alias, so records cannot be swapped between aliases.
 */
export class SealedPrivateKeyStore extends AbstractPrivateKeyStore {
  /**
   * @param records - where sealed keys live.
   * @param sealer - the AES-256-GCM sealer holding the sealing secret.
   * @param clock - time source for `createdAt`.
   */
  constructor(
    private readonly records: SealedKeyRecords,
    private readonly sealer: KeySealer,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super();
  }

  /**
   * Seals and stores a key. Re-importing the same key under the same alias is a no-op.
   * @throws MedtrustError `INVALID_ARGUMENT` when the private key is not hex, or the alias holds a different key.
   */
  override async importKey(args: ImportablePrivateKey): Promise<ManagedPrivateKey> {
    const alias = args.alias || randomUUID();
    const hex = args.privateKeyHex.startsWith('0x') ? args.privateKeyHex.slice(2) : args.privateKeyHex;
    if (!/^([0-9a-fA-F]{2})+$/.test(hex)) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'privateKeyHex must be hex');
    }
    const existing = await this.records.get(alias);
    if (existing) {
      const current = await this.getKey({ alias });
      if (current.privateKeyHex.toLowerCase() !== hex.toLowerCase() || current.type !== args.type) {
        throw new MedtrustError(
          ErrorCodes.INVALID_ARGUMENT,
          `key_already_exists: alias ${alias} holds another key`,
        );
      }
      return { alias, type: args.type, privateKeyHex: hex };
    }
    const plaintext = Buffer.from(hex, 'hex');
    try {
      await this.records.put(alias, {
        alias,
        type: args.type,
        sealedPrivateKey: this.sealer.seal(plaintext, sealingContext(alias)),
        createdAt: this.clock().toISOString(),
      });
    } finally {
      plaintext.fill(0);
    }
    return { alias, type: args.type, privateKeyHex: hex };
  }

  /**
   * Unseals one key (kms-local calls this for every signature it makes).
   * @throws KeyError `KEY_NOT_FOUND` for an unknown alias, `KEY_UNSEAL_FAILED` when the record does not open.
   */
  override async getKey({ alias }: { alias: string }): Promise<ManagedPrivateKey> {
    const record = await this.records.get(alias);
    if (!record) throw new KeyError(KeyErrorCodes.KEY_NOT_FOUND, `no private key for alias ${alias}`);
    return this.open(record);
  }

  /** @returns whether a key was deleted. */
  override async deleteKey({ alias }: { alias: string }): Promise<boolean> {
    return this.records.delete(alias);
  }

  /** Unseals every key (kms-local derives public keys from them). */
  override async listKeys(_args: object = {}): Promise<ManagedPrivateKey[]> {
    const records = await this.records.list();
    return records.map((record) => this.open(record));
  }

  private open(record: SealedPrivateKeyRecord): ManagedPrivateKey {
    const plaintext = this.sealer.unseal(record.sealedPrivateKey, sealingContext(record.alias));
    try {
      return { alias: record.alias, type: record.type, privateKeyHex: plaintext.toString('hex') };
    } finally {
      plaintext.fill(0);
    }
  }
}

function sealingContext(alias: string): string {
  return `medtrust:private-key:${alias}`;
}
