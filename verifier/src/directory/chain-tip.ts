/**
 * Waiting for the verifier's polled chain head to reach the chain's tip. The pipeline answers status and
 * accreditation as of its head (at most one poll behind); before the directory judges a feed page — a judgement it
 * keeps — it makes sure that head has seen every block mined before the page was read.
 */
import { ErrorCodes, MedtrustError, toChainError, type ChainHead } from '@medtrust/core';

/** What {@link waitForChainTip} reads. */
export interface ChainTipSources {
  /** Reads the chain's latest block directly (no cache). */
  tip(): Promise<bigint>;
  /** The verifier's polled head. */
  head: ChainHead;
}

/**
 * Resolves once `head` has seen the chain's current tip.
 * @param sources - the tip reader and the polled head.
 * @param timeoutMs - how long to wait for the head.
 * @param pollMs - how often to look.
 * @throws MedtrustError `CHAIN_UNAVAILABLE` when the chain cannot be read or the head does not catch up in time.
 */
export async function waitForChainTip(
  sources: ChainTipSources,
  timeoutMs = 10_000,
  pollMs = 100,
): Promise<void> {
  let tip: bigint;
  try {
    tip = await sources.tip();
  } catch (error) {
    throw toChainError(error, 'reading the chain tip');
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await sources.head.latestBlock()) >= tip) return;
    if (Date.now() > deadline) {
      throw new MedtrustError(
        ErrorCodes.CHAIN_UNAVAILABLE,
        `the chain head did not reach block ${tip} in time`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
