import { createPublicClient, http, type PublicClient } from 'viem';
import type { ChainConfig } from './chain-config.ts';

/**
 * Builds a viem public client for the configured chain.
 * @param config - chain settings.
 * @param options - per-request timeout in ms (default 5,000); `batch`: requests made in the same tick share one HTTP
 *   request (JSON-RPC batch), off by default. No retries, so a down chain fails fast and closed.
 * @returns a read-only client.
 */
export function createChainPublicClient(
  config: Pick<ChainConfig, 'rpcUrl' | 'chainId'>,
  options: { timeoutMs?: number; batch?: boolean } = {},
): PublicClient {
  return createPublicClient({
    chain: {
      id: config.chainId,
      name: `chain-${config.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [config.rpcUrl] } },
    },
    transport: http(config.rpcUrl, {
      retryCount: 0,
      timeout: options.timeoutMs ?? 5_000,
      ...(options.batch ? { batch: true } : {}),
    }),
    pollingInterval: 100,
  }) as PublicClient;
}

/**
 * A viem public client for the verifier's chain reads: {@link createChainPublicClient} with JSON-RPC batching.
 * @param config - chain settings.
 * @param timeoutMs - per-request timeout, ms.
 */
export function createBatchingChainClient(
  config: Pick<ChainConfig, 'rpcUrl' | 'chainId'>,
  timeoutMs: number,
): PublicClient {
  return createChainPublicClient(config, { timeoutMs, batch: true });
}
