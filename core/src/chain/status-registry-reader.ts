import type { Address, PublicClient } from 'viem';
import { statusRegistryArtifact } from '@medtrust/registry-contract';
import { toChainError } from './chain-error.ts';

/** Which bitmap of a status list. Mirrors the contract's `StatusPurpose`. */
export const StatusPurpose = { Revocation: 0, Suspension: 1 } as const;
/** A status purpose value. */
export type StatusPurpose = (typeof StatusPurpose)[keyof typeof StatusPurpose];

/** Where a credential's status lives: the contract-level pointer `(issuer, listId, index)`. */
export interface StatusPointer {
  /** ERC-1056 identity address of the issuer that owns the list. */
  issuer: Address;
  listId: bigint;
  index: bigint;
}

/** The status of one credential, with the block the answer came from. */
export interface CredentialStatusReading {
  revoked: boolean;
  suspended: boolean;
  blockNumber: bigint;
}

/**
 * Read-only access to the on-chain `StatusRegistry`.
 * Every method throws a `MedtrustError` with `CHAIN_UNAVAILABLE` (or `CONTRACT_REVERTED`, e.g. an index out of
 * range) so callers can fail closed.
 */
export class StatusRegistryReader {
  /**
   * @param client - viem public client of the chain.
   * @param address - the `StatusRegistry` contract.
   */
  constructor(
    private readonly client: PublicClient,
    private readonly address: Address,
  ) {}

  /**
   * Reads revocation and suspension of one credential.
   * @param pointer - `(issuer, listId, index)`.
   * @param at - a past block to answer a historical question; the latest block when omitted.
   * @returns both bits and the block they were read at.
   */
  async statusOf(pointer: StatusPointer, at?: { blockNumber: bigint }): Promise<CredentialStatusReading> {
    try {
      const blockNumber = at?.blockNumber ?? (await this.client.getBlockNumber({ cacheTime: 0 }));
      const [revoked, suspended] = await this.client.readContract({
        address: this.address,
        abi: statusRegistryArtifact.abi,
        functionName: 'statusOf',
        args: [pointer.issuer, pointer.listId, pointer.index],
        blockNumber,
      });
      return { revoked, suspended, blockNumber };
    } catch (error) {
      throw toChainError(error, 'reading credential status');
    }
  }

  /**
   * Reads whole words of one bitmap (bit i of word w is index `w * 256 + i`; 1 = revoked / suspended), for caches.
   * @param issuer - list owner.
   * @param listId - list id.
   * @param purpose - revocation or suspension.
   * @param fromWord - first word.
   * @param count - number of words.
   * @param blockNumber - block to read at.
   */
  async statusWords(
    issuer: Address,
    listId: bigint,
    purpose: StatusPurpose,
    fromWord: bigint,
    count: bigint,
    blockNumber: bigint,
  ): Promise<readonly bigint[]> {
    try {
      return await this.client.readContract({
        address: this.address,
        abi: statusRegistryArtifact.abi,
        functionName: 'statusWords',
        args: [issuer, listId, purpose, fromWord, count],
        blockNumber,
      });
    } catch (error) {
      throw toChainError(error, 'reading status words');
    }
  }

  /**
   * @returns the list's capacity in slots (0 when the list does not exist).
   */
  async capacity(issuer: Address, listId: bigint): Promise<bigint> {
    try {
      return await this.client.readContract({
        address: this.address,
        abi: statusRegistryArtifact.abi,
        functionName: 'capacity',
        args: [issuer, listId],
      });
    } catch (error) {
      throw toChainError(error, 'reading list capacity');
    }
  }
}
