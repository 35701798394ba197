import { Router } from 'express';
import type { ChainHead } from '@medtrust/core';

/** What `/health` needs. */
export interface HealthRouteOptions {
  chainHead: ChainHead;
  chainId?: number;
  /** How long to wait for the chain before reporting it down (ms). */
  timeoutMs: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * `GET /health`: chain connectivity and the latest block. 200 `{status: 'ok', chain: {reachable: true, chainId,
 * latestBlock, lastSeen}}` when the node answers; 503 with the same shape (`status: 'unavailable'`,
 * `reachable: false`, `latestBlock: null`, and the last block seen before it went away) when it does not.
 * Block numbers are decimal strings.
 * @param options - chain head, chain id, timeout.
 */
export function createHealthRouter(options: HealthRouteOptions): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    let latest: bigint | undefined;
    try {
      latest = await withTimeout(options.chainHead.latestBlock(), options.timeoutMs);
    } catch {
      latest = undefined;
    }
    const seen = options.chainHead.lastSeen();
    const chain = {
      reachable: latest !== undefined,
      ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
      latestBlock: latest === undefined ? null : latest.toString(),
      lastSeen: seen ? { blockNumber: seen.blockNumber.toString(), at: seen.at.toISOString() } : null,
    };
    res
      .status(latest === undefined ? 503 : 200)
      .json({ status: latest === undefined ? 'unavailable' : 'ok', chain });
  });
  return router;
}
