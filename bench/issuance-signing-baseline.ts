/**
 * The issuance baseline: libsecp256k1 (npm `secp256k1`'s native addon) signing — `ecdsaSign` of the SHA-256 digests of
 * real credential JWT signing inputs — on one core and on every core at once (one worker thread per core, started
 * together, rates summed). Signing is the only work issuance cannot avoid, so this is the limit of ES256K issuance
 * on the machine; the issuer's batch path is measured against it.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The baseline's figures. */
export interface SigningBaseline {
  /** Signatures/s of one thread alone. */
  oneCore: number;
  /** Signatures/s of `cores` threads at once, summed. */
  allCores: number;
  cores: number;
}

// Signs the digests for `seconds` once told to start (after a warm-up), then posts its rate.
const SIGNING_THREAD = `
const { parentPort, workerData: { bindings, digests, privateKey, seconds } } = require('node:worker_threads');
const { ecdsaSign } = require(bindings);
const key = new Uint8Array(privateKey);
for (let i = 0; i < 1000; i++) ecdsaSign(digests[i % digests.length], key);
parentPort.postMessage('warm');
parentPort.once('message', () => {
  let signed = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 256; i++) ecdsaSign(digests[(signed + i) % digests.length], key);
    signed += 256;
  }
  parentPort.postMessage((signed * 1000) / (performance.now() - start));
});
`;

async function signingRate(
  threads: number,
  shared: { bindings: string; digests: Uint8Array[]; privateKey: Uint8Array; seconds: number },
): Promise<number> {
  const workers = Array.from(
    { length: threads },
    () => new Worker(SIGNING_THREAD, { eval: true, workerData: shared }),
  );
  const next = (worker: Worker) =>
    new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  try {
    await Promise.all(workers.map(next));
    const rates = workers.map((worker) => {
      const rate = next(worker) as Promise<number>;
      worker.postMessage('go');
      return rate;
    });
    return (await Promise.all(rates)).reduce((sum, rate) => sum + rate, 0);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * Measures the baseline.
 * @param digests - SHA-256 digests of distinct credential signing inputs (a few thousand are enough).
 * @param privateKey - a secp256k1 private key (32 bytes).
 * @param seconds - per measurement.
 * @returns one-core and all-core signing rates.
 * @throws Error when the native addon is not built (the baseline must be libsecp256k1 itself).
 */
export async function measureSigningBaseline(
  digests: readonly Uint8Array[],
  privateKey: Uint8Array,
  seconds: number,
): Promise<SigningBaseline> {
  const require = createRequire(import.meta.url);
  const bindings = require.resolve('secp256k1/bindings', {
    paths: [new URL('../issuer/', import.meta.url).pathname],
  });
  require(bindings);
  const shared = { bindings, digests: [...digests], privateKey, seconds };
  const cores = availableParallelism();
  const oneCore = await signingRate(1, shared);
  const allCores = await signingRate(cores, shared);
  return { oneCore, allCores, cores };
}
