/**
 * An embedded EVM node for development and tests: anvil, from the `@foundry-rs/anvil` npm package
 * (the binary ships inside `@foundry-rs/anvil-linux-amd64`; nothing is downloaded at run time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

/** A 0x-prefixed hex string. */
export type Hex = `0x${string}`;

/**
 * Private keys of anvil's ten default accounts (mnemonic "test test … junk"), each funded with 10,000 ETH.
 * Public knowledge: for local development and tests only, never for a real network.
 */
export const DEV_ACCOUNT_PRIVATE_KEYS: readonly Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
];

/** A running local chain. */
export interface LocalChain {
  /** JSON-RPC endpoint on the loopback interface. */
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly port: number;
  /** Funded development accounts' private keys (see {@link DEV_ACCOUNT_PRIVATE_KEYS}). */
  readonly accounts: readonly Hex[];
  /** Stops the node (idempotent). */
  stop(): Promise<void>;
}

/** Options of {@link startLocalChain}. */
export interface LocalChainOptions {
  /** Port to listen on; a free loopback port when omitted. */
  port?: number;
  /** Chain id, 31337 by default. */
  chainId?: number;
  /** Seconds per block; omitted = a block per transaction (automine). */
  blockTime?: number;
  /** Milliseconds to wait for the node to answer JSON-RPC, 15,000 by default. */
  startTimeoutMs?: number;
  /**
   * Persist the chain in this file: loaded at start when it exists, written every 2 s and on exit (with the
   * historical states, so reads at past blocks keep working after a restart). In memory only when omitted.
   */
  statePath?: string;
  /**
   * Further anvil flags, e.g. `['--timestamp', '1700000000', '--disable-block-gas-limit']` for a benchmark's chain
   * that starts in the past; appended after the ones above.
   */
  extraArgs?: readonly string[];
}

/** Error with a stable code raised when the local chain cannot start. */
export class LocalChainError extends Error {
  readonly code = 'LOCAL_CHAIN_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalChainError';
  }
}

/**
 * Path of the anvil binary shipped by the platform package of `@foundry-rs/anvil`.
 * @throws LocalChainError when no binary exists for this platform.
 */
export function anvilBinaryPath(): string {
  const require = createRequire(import.meta.url);
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  try {
    const packageJson = require.resolve(`${platformPackage}/package.json`);
    const binary = join(dirname(packageJson), 'bin', 'anvil');
    if (existsSync(binary)) return binary;
  } catch {
    // fall through
  }
  throw new LocalChainError(`no anvil binary for ${process.platform}/${process.arch} (${platformPackage})`);
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts anvil on a loopback port and waits until it answers JSON-RPC.
 * @param options - port, chain id, block time, start timeout.
 * @returns the running chain; call `stop()` when done.
 * @throws LocalChainError when anvil exits early or does not answer in time.
 */
export async function startLocalChain(options: LocalChainOptions = {}): Promise<LocalChain> {
  const chainId = options.chainId ?? 31337;
  const port = options.port ?? (await freePort());
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--silent'];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.statePath !== undefined) {
    args.push('--state', options.statePath, '--state-interval', '2', '--preserve-historical-states');
  }
  if (options.extraArgs !== undefined) args.push(...options.extraArgs);
  const child: ChildProcess = spawn(anvilBinaryPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
  while (!(await rpcAnswers(rpcUrl))) {
    if (exited) throw new LocalChainError(`anvil exited before answering: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new LocalChainError(`anvil did not answer on ${rpcUrl} in time`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  return {
    rpcUrl,
    chainId,
    port,
    accounts: DEV_ACCOUNT_PRIVATE_KEYS,
    async stop() {
      process.removeListener('exit', stopOnExit);
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
