/**
 * {@link AnchorSource} over the {@link RegistryMirror}: whether the issuer's `CredentialsAnchored(issuer, root, …)` is
 * in exactly the block a proof names, from the issuer's indexed anchors; a block beyond the mirror's head is asked
 * again after re-polling it (twice: the issuer may have seen a newer block than the last poll).
 */
import type { AnchorAtResult, AnchorSource } from '../verification/anchor-source.ts';
import { anchorInBlock } from './identity-history.ts';
import type { RegistryMirror } from './registry-mirror.ts';

/** Reads anchors from the mirror. */
export class MirrorAnchorSource implements AnchorSource {
  readonly chainId: number;
  readonly registry: string;
  readonly #mirror: RegistryMirror;

  /**
   * @param mirror - the registry mirror.
   * @param chainId - the chain's id.
   * @param registry - the `AnchorRegistry` address.
   */
  constructor(mirror: RegistryMirror, chainId: number, registry: string) {
    this.#mirror = mirror;
    this.chainId = chainId;
    this.registry = registry.toLowerCase();
  }

  /**
   * {@inheritDoc AnchorSource.anchorAt}
   * @throws MedtrustError `CHAIN_UNAVAILABLE` when the mirror cannot follow the chain.
   */
  async anchorAt(issuer: `0x${string}`, root: `0x${string}`, blockNumber: bigint): Promise<AnchorAtResult> {
    let head = await this.#mirror.latestBlock();
    for (let polls = 0; blockNumber > head && polls < 2; polls++) {
      await this.#mirror.refresh();
      head = await this.#mirror.latestBlock();
    }
    if (blockNumber > head) return { state: 'beyond-head' };
    const anchor = anchorInBlock(await this.#mirror.histories(issuer), root, blockNumber);
    return anchor === undefined
      ? { state: 'absent' }
      : {
          state: 'found',
          anchor: {
            blockNumber: anchor.blockNumber,
            timestamp: anchor.blockTimestamp,
            transactionHash: anchor.transactionHash,
          },
        };
  }
}
