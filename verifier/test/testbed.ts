// A verifier service on a real local chain, with a clock the suites can move and small HTTP helpers.
import {
  loadVerifierConfig,
  startVerifierService,
  type RunningVerifier,
  type StartVerifierOptions,
} from '../src/index.ts';
import { startChainFixture, type ChainFixture } from './fixture.ts';

/** The chain fixture plus a running verifier service. */
export interface Testbed extends ChainFixture {
  verifier: RunningVerifier;
  /** Moves the service's clock forward. */
  advanceClock(seconds: number): void;
  /** POSTs `body` as JSON and returns status and parsed body. */
  post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** POSTs `text` as is with `contentType` and returns status and parsed body. */
  postRaw(
    path: string,
    text: string,
    contentType: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Waits until the service's chain head has seen block `blockNumber` (it polls every second). */
  waitForBlock(blockNumber: bigint): Promise<void>;
  /** GETs and returns status and parsed body. */
  get(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Stops the service and the chain. */
  stop(): Promise<void>;
}

async function parsed(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: response.status, body };
}

/**
 * Starts a chain fixture and a verifier service on a free port, asking the fixture's proof endpoint for anchor
 * proofs (`ANCHOR_PROOF_URLS`) unless `env` says otherwise.
 * @param options - extra service options (the clock is the testbed's).
 * @param env - extra environment of the service.
 */
export async function startTestbed(
  options: Omit<StartVerifierOptions, 'clock'> = {},
  env: Record<string, string> = {},
): Promise<Testbed> {
  const fixture = await startChainFixture();
  let offsetMs = 0;
  try {
    const config = loadVerifierConfig(
      { VERIFIER_PORT: '0', ANCHOR_PROOF_URLS: fixture.proofServer.url, ...env },
      fixture.config,
    );
    const verifier = await startVerifierService(config, {
      ...options,
      clock: () => new Date(Date.now() + offsetMs),
    });
    const postRaw = async (path: string, text: string, contentType: string) =>
      parsed(
        await fetch(`${verifier.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: text,
        }),
      );
    return {
      ...fixture,
      verifier,
      advanceClock(seconds) {
        offsetMs += seconds * 1000;
      },
      postRaw,
      post: (path, body) => postRaw(path, JSON.stringify(body), 'application/json'),
      async waitForBlock(blockNumber) {
        for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
          const health = await parsed(await fetch(`${verifier.url}/health`));
          const latest = (health.body.chain as { latestBlock?: string | null } | undefined)?.latestBlock;
          if (latest && BigInt(latest) >= blockNumber) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`the verifier did not see block ${blockNumber}`);
      },
      async get(path) {
        return parsed(await fetch(`${verifier.url}${path}`));
      },
      async stop() {
        await verifier.close();
        await fixture.stop();
      },
    };
  } catch (error) {
    await fixture.stop();
    throw error;
  }
}

/** The codes of the failed checks of a report (presentation and credentials). */
export function failedCodes(report: unknown): string[] {
  const r = report as {
    checks?: Array<{ status: string; code?: string }>;
    credentials?: Array<{ checks?: Array<{ status: string; code?: string }> }>;
  };
  const all = [...(r.checks ?? []), ...(r.credentials ?? []).flatMap((c) => c.checks ?? [])];
  return all.filter((c) => c.status === 'failed' || c.status === 'error').map((c) => c.code ?? '?');
}
