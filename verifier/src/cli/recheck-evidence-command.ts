/**
 * The `recheck-evidence` command: reads a bundle, re-checks it against the chain, prints a summary and answers an
 * exit status (0 unchanged, 1 changed, 2 usage or bundle error, 3 chain unavailable).
 */
import {
  ErrorCodes,
  MedtrustError,
  Verifier,
  createChainPublicClient,
  createChainVerifierSources,
  describeRecheck,
  parseEvidenceBundle,
  recheckEvidenceBundle,
} from '@medtrust/core';
import { createSchemaValidator } from '@medtrust/schemas';
import { HttpAnchorProofSource } from '../anchoring/http-anchor-proof-source.ts';
import {
  RECHECK_EVIDENCE_USAGE,
  chainForRecheck,
  parseRecheckEvidenceArgs,
  readJsonFile,
} from './recheck-evidence-args.ts';

/** Exit statuses of the command. */
export const RecheckExit = { UNCHANGED: 0, CHANGED: 1, USAGE: 2, UNAVAILABLE: 3 } as const;

/** Where the command writes. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const USAGE_CODES: readonly string[] = [
  ErrorCodes.INVALID_ARGUMENT,
  ErrorCodes.EVIDENCE_BUNDLE_INVALID,
  ErrorCodes.CONFIGURATION_INVALID,
  ErrorCodes.DEPLOYMENT_NOT_FOUND,
];

/**
 * Runs the command.
 * @param argv - arguments after the script name.
 * @param env - the environment.
 * @param io - output streams.
 * @returns the exit status.
 */
export async function runRecheckEvidence(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CommandOutput,
): Promise<number> {
  let sources: ReturnType<typeof createChainVerifierSources> | undefined;
  try {
    const args = parseRecheckEvidenceArgs(argv);
    if (args === 'help') {
      io.out(RECHECK_EVIDENCE_USAGE);
      return RecheckExit.UNCHANGED;
    }
    const bundle = parseEvidenceBundle(readJsonFile(args.bundlePath, 'evidence bundle'));
    const chain = chainForRecheck(args, env, bundle);
    const proofUrls =
      args.anchorProofUrls ??
      (env.ANCHOR_PROOF_URLS ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== '');
    const anchorProofs =
      proofUrls.length > 0 ? new HttpAnchorProofSource({ urls: proofUrls, timeoutMs: 10_000 }) : undefined;
    if (/^0x0{40}$/.test(chain.anchorRegistry)) {
      io.err(
        'recheck-evidence: no AnchorRegistry known (pass --deployment or ANCHOR_REGISTRY_ADDRESS): anchored credentials will not verify',
      );
    }
    const client = createChainPublicClient(chain, { timeoutMs: 10_000 });
    let chainId: number;
    try {
      chainId = await client.getChainId();
    } catch (error) {
      throw new MedtrustError(ErrorCodes.CHAIN_UNAVAILABLE, `cannot reach ${chain.rpcUrl}`, { cause: error });
    }
    if (chainId !== chain.chainId) {
      throw new MedtrustError(
        ErrorCodes.EVIDENCE_BUNDLE_INVALID,
        `${chain.rpcUrl} is chain ${chainId}, the bundle was recorded on chain ${chain.chainId}`,
      );
    }
    sources = createChainVerifierSources(chain, { headPollIntervalMs: 500, requestTimeoutMs: 10_000 });
    const clock = () => new Date();
    const verifier = new Verifier({
      resolver: sources.resolver,
      status: sources.status,
      accreditation: sources.accreditation,
      anchors: sources.anchors,
      ...(anchorProofs === undefined ? {} : { anchorProofs }),
      schemas: createSchemaValidator(),
      clock,
    });
    const result = await recheckEvidenceBundle(bundle, {
      // the anchor proofs the bundle recorded are presented again by recheckEvidenceBundle; credentials recorded
      // without one are asked of the issuers (--anchor-proofs / ANCHOR_PROOF_URLS)
      verifier,
      chain: { client, chain, fromBlock: 0n },
      clock,
    });
    io.out(args.json ? JSON.stringify(result, null, 2) : describeRecheck(result));
    return result.changed ? RecheckExit.CHANGED : RecheckExit.UNCHANGED;
  } catch (error) {
    const code = error instanceof MedtrustError ? error.code : undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (code !== undefined && USAGE_CODES.includes(code)) {
      io.err(`recheck-evidence: ${message} [${code}]`);
      if (code === ErrorCodes.INVALID_ARGUMENT) io.err(RECHECK_EVIDENCE_USAGE);
      return RecheckExit.USAGE;
    }
    io.err(`recheck-evidence: could not re-check: ${message}${code ? ` [${code}]` : ''}`);
    return RecheckExit.UNAVAILABLE;
  } finally {
    sources?.close();
  }
}
