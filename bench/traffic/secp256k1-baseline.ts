/**
 * The signature baseline: libsecp256k1 (the npm package `secp256k1`, its native addon) verifying the traffic's own
 * distinct ES256K signatures, on one core and on every core at once (one worker thread per core, all started
 * together, rates summed). This is the real limit of ES256K verification on the machine.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SignatureSample } from './realistic-traffic.ts';

/** The baseline's figures. */
export interface Secp256k1Baseline {
  /** Verifies/s on one core (one thread alone). */
  oneCore: number;
  /** Verifies/s on every core at once (summed over `cores` threads). */
  allCores: number;
  cores: number;
  /** The addon's backend as loaded (`native`; the pure-JS `elliptic` fallback would make the baseline wrong). */
  backend: string;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const secp256k1 = require(workerData.bindings);
const samples = workerData.samples;
let ok = 0;
for (let i = 0; i < 2000; i++) { const s = samples[i % samples.length]; if (secp256k1.ecdsaVerify(s.signature, s.digest, s.publicKey)) ok++; }
parentPort.postMessage('ready');
parentPort.once('message', () => {
  let count = 0;
  const start = performance.now();
  const end = start + workerData.seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) {
      const s = samples[(count + i) % samples.length];
      if (!secp256k1.ecdsaVerify(s.signature, s.digest, s.publicKey)) throw new Error('baseline verify failed');
    }
    count += 200;
  }
  parentPort.postMessage((count * 1000) / (performance.now() - start));
});
`;

async function run(threads: number, samples: readonly SignatureSample[], seconds: number, bindings: string) {
  const workers = Array.from(
    { length: threads },
    () => new Worker(WORKER, { eval: true, workerData: { samples, seconds, bindings } }),
  );
  try {
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    const rates = await Promise.all(
      workers.map((worker) => {
        const rate = new Promise<number>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        worker.postMessage('go');
        return rate;
      }),
    );
    return rates.reduce((a, b) => a + b, 0);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * Measures the baseline.
 * @param samples - distinct signatures of the traffic (a few thousand are enough).
 * @param seconds - per measurement.
 * @returns one-core and all-core rates.
 */
export async function measureSecp256k1Baseline(
  samples: readonly SignatureSample[],
  seconds: number,
): Promise<Secp256k1Baseline> {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const bindings = require.resolve('secp256k1/bindings');
  require(bindings); // throws when the native addon is missing: the baseline must be libsecp256k1 itself
  const cores = availableParallelism();
  const plain = samples.map((s) => ({ digest: s.digest, signature: s.signature, publicKey: s.publicKey }));
  const oneCore = await run(1, plain, seconds, bindings);
  const allCores = await run(cores, plain, seconds, bindings);
  return { oneCore, allCores, cores, backend: 'native' };
}
