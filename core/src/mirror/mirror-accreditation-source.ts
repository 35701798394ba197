/**
 * {@link AccreditationSource} over the {@link RegistryMirror}: the `TrustRegistry`'s `isAccredited` rule (a record
 * covering the time, granted by governance or by an accreditor holding a delegable governance record covering it)
 * evaluated on the records as they stood at the block asked, replayed from `Accredited` and `AccreditationWithdrawn`.
 */
import type { Address, Hex } from 'viem';
import { registryKey } from '../chain/trust-registry-reader.ts';
import type { AccreditationSource } from '../verification/verifier-dependencies.ts';
import { isAccreditedAt } from './identity-history.ts';
import type { RegistryMirror } from './registry-mirror.ts';

/** Answers `isAccredited` from the mirror. */
export class MirrorAccreditationSource implements AccreditationSource {
  readonly #mirror: RegistryMirror;
  readonly #keys = new Map<string, Hex>();

  /**
   * @param mirror - the registry mirror.
   */
  constructor(mirror: RegistryMirror) {
    this.#mirror = mirror;
  }

  /**
   * {@inheritDoc AccreditationSource.isAccredited}
   * @throws MedtrustError `CHAIN_UNAVAILABLE` (mirror behind or chain down).
   */
  async isAccredited(
    issuer: `0x${string}`,
    credentialType: string,
    jurisdiction: string,
    at: Date,
    blockNumber?: bigint,
  ): Promise<boolean> {
    const head = await this.#mirror.latestBlock();
    const block = blockNumber !== undefined && blockNumber < head ? blockNumber : head;
    const seconds = Math.max(0, Math.min(Math.floor(at.getTime() / 1000), 2 ** 40 - 1));
    return isAccreditedAt(
      await this.#mirror.histories(issuer),
      (accreditor: Address) => this.#mirror.histories(accreditor),
      this.#key(credentialType),
      this.#key(jurisdiction),
      seconds,
      block,
    );
  }

  #key(name: string): Hex {
    let key = this.#keys.get(name);
    if (key === undefined) {
      key = registryKey(name).toLowerCase() as Hex;
      if (this.#keys.size > 10_000) this.#keys.clear();
      this.#keys.set(name, key);
    }
    return key;
  }
}
