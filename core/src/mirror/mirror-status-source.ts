/**
 * {@link StatusSource} over the {@link RegistryMirror}: a credential's status bits folded from its list's
 * `StatusListCreated` / `StatusListExtended` / `StatusChanged` events at or before the block asked (the mirror's head by
 * default), so an answer at the head is exact for that head and costs no chain call.
 */
import type { PublicClient } from 'viem';
import type { CredentialStatusReading, StatusPointer } from '../chain/status-registry-reader.ts';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { BlockTimeIndex } from '../verification/block-time-index.ts';
import type { StatusReadAt, StatusSource } from '../verification/verifier-dependencies.ts';
import { statusBitsAt } from './identity-history.ts';
import type { RegistryMirror } from './registry-mirror.ts';

/** Reads `MedtrustStatusRegistryEntry` status from the mirror. */
export class MirrorStatusSource implements StatusSource {
  /** {@inheritDoc StatusSource.registry} */
  readonly registry: `0x${string}`;
  readonly #mirror: RegistryMirror;
  readonly #blocks: BlockTimeIndex;

  /**
   * @param mirror - the registry mirror.
   * @param client - maps a time to its block for `at.time` questions, and reads the time of unseen blocks.
   * @param registry - the `StatusRegistry` address.
   */
  constructor(mirror: RegistryMirror, client: PublicClient, registry: `0x${string}`) {
    this.#mirror = mirror;
    this.#blocks = new BlockTimeIndex(client);
    this.registry = registry;
    mirror.subscribe((batch) => {
      if (batch.reset) this.#blocks.clear();
    });
  }

  /**
   * {@inheritDoc StatusSource.statusOf}
   * @throws MedtrustError `CHAIN_UNAVAILABLE` (mirror behind or chain down), `CONTRACT_REVERTED` (no such list or
   *   index at that block, as the contract would revert), `INVALID_ARGUMENT` (a block after the head).
   */
  async statusOf(pointer: StatusPointer, at?: StatusReadAt): Promise<CredentialStatusReading> {
    const head = await this.#mirror.latestBlock();
    let blockNumber = head;
    if (at?.blockNumber !== undefined) blockNumber = at.blockNumber;
    else if (at?.time !== undefined) {
      blockNumber = await this.#blocks.blockAtOrBefore(Math.floor(at.time.getTime() / 1000), head);
    }
    if (blockNumber > head) {
      throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `block ${blockNumber} is after the head ${head}`);
    }
    const bits = statusBitsAt(
      await this.#mirror.histories(pointer.issuer),
      pointer.listId,
      pointer.index,
      blockNumber,
    );
    if (bits.capacity === 0n) {
      throw new MedtrustError(
        ErrorCodes.CONTRACT_REVERTED,
        `ListNotFound(${pointer.issuer}, ${pointer.listId}) at block ${blockNumber}`,
      );
    }
    if (pointer.index >= bits.capacity) {
      throw new MedtrustError(
        ErrorCodes.CONTRACT_REVERTED,
        `IndexOutOfRange(${pointer.issuer}, ${pointer.listId}, ${pointer.index}, ${bits.capacity}) at block ${blockNumber}`,
      );
    }
    return { revoked: bits.revoked, suspended: bits.suspended, blockNumber };
  }

  /**
   * {@inheritDoc StatusSource.timeOfBlock}
   * @throws MedtrustError `CHAIN_UNAVAILABLE` for a block the mirror has not seen and the chain cannot tell.
   */
  async timeOfBlock(blockNumber: bigint): Promise<Date> {
    const seen = this.#mirror.timestampOf(blockNumber);
    return new Date((seen ?? (await this.#blocks.timestampOf(blockNumber))) * 1000);
  }
}
