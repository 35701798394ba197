import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { KeyError, KeyErrorCodes } from './key-errors.ts';
import type { RecordStore } from './record-store.ts';

/** Whether a key may sign credentials (`active`, one per DID) or never again (`retired`). */
export type SigningKeyStatus = 'active' | 'retired';

/** One credential-signing key of one DID. Maps onto `issuer_keys` (`purpose`, `status`, `created_at`, `retired_at`). */
export interface SigningKeyRecord {
  /**
   * The verification method's DID URL, e.g. `did:ethr:medtrust:0x…#controller` or `…#delegate-1`; the JWT header
   * `kid` of every credential the key signs.
   */
  kid: string;
  did: string;
  /** The key's id in Veramo's key manager (its alias in the sealed private-key store). */
  keyRef: string;
  /** Public key, hex without `0x` (uncompressed secp256k1, as Veramo stores it). */
  publicKeyHex: string;
  /** `controller`: the ERC-1056 owner key; `delegate`: a `veriKey` published on the registry by a rotation. */
  origin: 'controller' | 'delegate';
  status: SigningKeyStatus;
  /** ISO-8601 UTC: when the key became the active signing key. */
  createdAt: string;
  /** ISO-8601 UTC: when a rotation retired it. */
  retiredAt?: string;
  /**
   * ISO-8601 UTC, delegates only: end of the key's ERC-1056 validity. After it the key leaves the DID document and
   * credentials it signed no longer verify.
   */
  validUntil?: string;
  /** Registry transaction that published a delegate. */
  txHash?: string;
}

/** Persistence of {@link SigningKeyRecord}s, keyed by `kid`. */
export type SigningKeyRecords = RecordStore<SigningKeyRecord>;

/** What {@link SigningKeyRegistry.register} and {@link SigningKeyRegistry.rotate} need about a new key. */
export type NewSigningKey = Omit<SigningKeyRecord, 'status' | 'createdAt' | 'retiredAt'>;

/**
 * The `signing-keys` registry: which key is active per DID, which are retired, and when rotations happened.
 *
 * Retirements are also remembered in memory, so signers living in this process (see `credential-signer.ts`) refuse a
 * retired key at once, without a storage round trip per signature. Other processes sharing the same records notice a
 * retirement when they re-read the record (signers re-check periodically).
 */
export class SigningKeyRegistry {
  readonly #retiredHere = new Set<string>();

  /**
   * @param records - where records live.
   * @param clock - time source for `createdAt` / `retiredAt`.
   */
  constructor(
    private readonly records: SigningKeyRecords,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Records the first signing key of a DID as active.
   * @throws MedtrustError `INVALID_ARGUMENT` when the DID already has an active key (use {@link rotate}).
   */
  async register(key: NewSigningKey): Promise<SigningKeyRecord> {
    if (await this.active(key.did)) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `${key.did} already has an active signing key`);
    }
    return this.activate(key);
  }

  /**
   * Retires the DID's active key, then records `next` as active. The order is deliberate: a crash in between leaves
   * the DID without an active key (issuance stops) rather than with two.
   * @returns the new active record and the retired one.
   * @throws KeyError `KEY_NOT_FOUND` when the DID has no active key.
   */
  async rotate(
    did: string,
    next: NewSigningKey,
  ): Promise<{ active: SigningKeyRecord; retired: SigningKeyRecord }> {
    const current = await this.active(did);
    if (!current) throw new KeyError(KeyErrorCodes.KEY_NOT_FOUND, `${did} has no active signing key`);
    const retired = await this.retire(current.kid);
    const active = await this.activate({ ...next, did });
    return { active, retired };
  }

  /**
   * Marks a key retired (idempotent): it never signs a credential again.
   * @throws KeyError `KEY_NOT_FOUND` for an unknown kid.
   */
  async retire(kid: string): Promise<SigningKeyRecord> {
    const record = await this.records.get(kid);
    if (!record) throw new KeyError(KeyErrorCodes.KEY_NOT_FOUND, `no signing key ${kid}`);
    this.#retiredHere.add(record.kid).add(record.keyRef);
    if (record.status === 'retired') return record;
    const retired: SigningKeyRecord = { ...record, status: 'retired', retiredAt: this.clock().toISOString() };
    await this.records.put(kid, retired);
    return retired;
  }

  /** @returns the record of `kid`, or `undefined`. */
  async get(kid: string): Promise<SigningKeyRecord | undefined> {
    return this.records.get(kid);
  }

  /** @returns the DID's active signing key (the most recent one, should storage ever hold two), or `undefined`. */
  async active(did: string): Promise<SigningKeyRecord | undefined> {
    return (await this.list(did))
      .filter((record) => record.status === 'active' && !this.#retiredHere.has(record.kid))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  }

  /** @returns every signing key of the DID (all DIDs when omitted), oldest first. */
  async list(did?: string): Promise<SigningKeyRecord[]> {
    return (await this.records.list())
      .filter((record) => did === undefined || record.did === did)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** @returns whether the key manager's key `keyRef` is retired for credential signing (in any DID). */
  async isKeyRefRetired(keyRef: string): Promise<boolean> {
    if (this.#retiredHere.has(keyRef)) return true;
    return (await this.records.list()).some(
      (record) => record.keyRef === keyRef && record.status === 'retired',
    );
  }

  /**
   * Synchronous, in-memory check for hot paths: was `kidOrKeyRef` retired by this process (or seen retired)?
   * A `false` is only authoritative together with a periodic {@link get}.
   */
  retiredInThisProcess(kidOrKeyRef: string): boolean {
    return this.#retiredHere.has(kidOrKeyRef);
  }

  private async activate(key: NewSigningKey): Promise<SigningKeyRecord> {
    const record: SigningKeyRecord = { ...key, status: 'active', createdAt: this.clock().toISOString() };
    await this.records.put(record.kid, record);
    return record;
  }
}
