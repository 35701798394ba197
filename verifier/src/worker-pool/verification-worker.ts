/**
 * The body of one verification worker thread: builds its own `Verifier` over its own chain sources, the shared
 * durable nonce store (PostgreSQL or the SQLite file, so a challenge is single-use across threads and instances),
 * the issuers' anchor-proof endpoints and libsecp256k1, once, then verifies what it is sent. Never logs credentials.
 */
import { workerData } from 'node:worker_threads';
import { createMirrorVerifierSources, ErrorCodes, MedtrustError, Verifier } from '@medtrust/core';
import { mirrorSourceOptions } from '../mirror-source-options.ts';
import {
  createNativeSignatureVerifier,
  isNativeSecp256k1Available,
} from '@medtrust/core/native-signature-verifier';
import { createSchemaValidator } from '@medtrust/schemas';
import { HttpAnchorProofSource } from '../anchoring/http-anchor-proof-source.ts';
import { silentLogger } from '../logger.ts';
import { openVerifierStores } from '../store/verifier-stores.ts';
import type { VerificationOutcome, VerificationTask, VerificationWorkerData } from './verification-task.ts';

const { config } = workerData as VerificationWorkerData;

async function buildVerifier(): Promise<Verifier> {
  const clock = () => new Date();
  const requestTimeoutMs = config.requestTimeoutMs ?? 5_000;
  const anchoring = config.anchoring ?? { proofUrls: [], maxLagSeconds: 86_400 };
  // Each worker follows the registries itself: its answers need no message to another thread.
  const sources = createMirrorVerifierSources(config.chain, mirrorSourceOptions(config));
  mirrorReady = sources.ready();
  mirrorReady.catch(() => undefined); // a failure is reported to whoever asks (ready tasks, verifications)
  // The purge runs on the main thread's stores; the workers only issue and consume.
  const stores = config.store
    ? await openVerifierStores({ ...config.store, purgeIntervalSeconds: 86_400 }, clock, silentLogger)
    : undefined;
  return new Verifier({
    resolver: sources.resolver,
    status: sources.status,
    accreditation: sources.accreditation,
    anchors: sources.anchors,
    ...(anchoring.proofUrls.length > 0
      ? {
          anchorProofs: new HttpAnchorProofSource({ urls: anchoring.proofUrls, timeoutMs: requestTimeoutMs }),
        }
      : {}),
    ...(anchoring.requiredFor === undefined ? {} : { anchorRequiredFor: anchoring.requiredFor }),
    anchorMaxLagSeconds: anchoring.maxLagSeconds,
    schemas: createSchemaValidator(),
    clock,
    ...(stores ? { nonces: stores.nonces } : {}),
    clockSkewSeconds: config.clockSkewSeconds,
    ...(isNativeSecp256k1Available() ? { signatureVerifier: createNativeSignatureVerifier() } : {}),
  });
}

let mirrorReady: Promise<void> | undefined;
// Built (and the mirror's first sync started) as soon as the worker starts, not on its first request.
let verifier: Promise<Verifier> | undefined = buildVerifier();
verifier.catch(() => undefined); // reported to the first task

/**
 * Verifies a batch of tasks concurrently (piscina's entry point).
 * @param tasks - kind, input and options of each.
 * @returns each task's report, or the stable code of the exception it raised, in order.
 */
export default async function verifyBatch(tasks: VerificationTask[]): Promise<VerificationOutcome[]> {
  return Promise.all(tasks.map((task) => verify(task)));
}

/** Verifies one task; never throws. */
async function verify(task: VerificationTask): Promise<VerificationOutcome> {
  try {
    verifier ??= buildVerifier();
    const engine = await verifier;
    if (task.kind === 'ready') {
      await mirrorReady;
      return { ready: true };
    }
    if (task.kind === 'credential')
      return { report: await engine.verifyCredential(task.input, task.options) };
    if (task.kind === 'presentation') {
      return { report: await engine.verifyPresentation(task.input, task.options) };
    }
    return { report: await engine.verify(task.input, task.options) };
  } catch (error) {
    // Errors lose their class and code crossing threads: send the stable code (never the input).
    if (error instanceof MedtrustError) return { error: { code: error.code, message: error.message } };
    return {
      error: { code: ErrorCodes.INTERNAL, message: error instanceof Error ? error.message : 'failed' },
    };
  }
}
