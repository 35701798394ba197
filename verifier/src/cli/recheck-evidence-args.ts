/**
 * Command line of `recheck-evidence`: arguments, environment and files → what to re-check against which chain.
 * (The CLI, not the shared library, reads files and the environment.)
 */
import { readFileSync } from 'node:fs';
import { ErrorCodes, MedtrustError, type ChainConfig, type EvidenceBundle } from '@medtrust/core';

/** Usage text. */
export const RECHECK_EVIDENCE_USAGE = `Usage: tsx verifier/src/cli/recheck-evidence.ts <bundle.json> [--rpc-url <url>] [--deployment <file>] [--anchor-proofs <urls>] [--json]

Re-verifies a dispute evidence bundle and re-reads its on-chain facts, printing what changed since it was made.

  --rpc-url <url>      JSON-RPC endpoint of the bundle's chain (default: $RPC_URL, or the deployment file's rpcUrl)
  --deployment <file>  deployment record {chainId, didRegistry, statusRegistry, trustRegistry[, rpcUrl]}
                       (default: $DEPLOYMENT_FILE, else the registries recorded in the bundle)
  --anchor-proofs <urls>
                       comma-separated issuer base URLs asked for the anchor proofs of credentials the bundle
                       carries none for (default: $ANCHOR_PROOF_URLS)
  --json               print the full result as JSON instead of the summary

The AnchorRegistry is the deployment record's, else $ANCHOR_REGISTRY_ADDRESS, else the bundle's chain.anchorRegistry.

Exit status: 0 nothing changed, 1 something changed, 2 usage or bundle error, 3 the chain could not be read.`;

/** Parsed command line. */
export interface RecheckEvidenceArgs {
  bundlePath: string;
  rpcUrl?: string;
  deploymentPath?: string;
  /** Issuer base URLs for anchor proofs (`--anchor-proofs`, comma-separated). */
  anchorProofUrls?: string[];
  json: boolean;
}

/**
 * Parses the arguments.
 * @param argv - arguments after the script name.
 * @returns the parsed arguments, or `help` for `--help`.
 * @throws MedtrustError `INVALID_ARGUMENT` for an unknown option, a missing value or a missing bundle path.
 */
export function parseRecheckEvidenceArgs(argv: readonly string[]): RecheckEvidenceArgs | 'help' {
  const bad = (detail: string) => new MedtrustError(ErrorCodes.INVALID_ARGUMENT, detail);
  let bundlePath: string | undefined;
  let rpcUrl: string | undefined;
  let deploymentPath: string | undefined;
  let anchorProofs: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw bad(`${arg} needs a value`);
      return next;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--rpc-url') rpcUrl = value();
    else if (arg.startsWith('--rpc-url=')) rpcUrl = arg.slice('--rpc-url='.length);
    else if (arg === '--deployment') deploymentPath = value();
    else if (arg.startsWith('--deployment=')) deploymentPath = arg.slice('--deployment='.length);
    else if (arg === '--anchor-proofs') anchorProofs = value();
    else if (arg.startsWith('--anchor-proofs=')) anchorProofs = arg.slice('--anchor-proofs='.length);
    else if (arg === '--json') json = true;
    else if (arg.startsWith('-')) throw bad(`unknown option ${arg}`);
    else if (bundlePath === undefined) bundlePath = arg;
    else throw bad(`unexpected argument ${arg}`);
  }
  if (bundlePath === undefined) throw bad('the bundle file is required');
  const args: RecheckEvidenceArgs = { bundlePath, json };
  if (rpcUrl !== undefined) args.rpcUrl = rpcUrl;
  if (deploymentPath !== undefined) args.deploymentPath = deploymentPath;
  if (anchorProofs !== undefined) {
    args.anchorProofUrls = anchorProofs
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '');
  }
  return args;
}

/**
 * Reads a JSON file.
 * @param path - the file.
 * @param what - what it is, for the error message.
 * @returns the parsed JSON.
 * @throws MedtrustError `INVALID_ARGUMENT` when it cannot be read or parsed.
 */
export function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      `cannot read the ${what} ${path}: ${(error as Error).message}`,
    );
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/**
 * The chain to re-check against: the deployment record (when given) or the bundle's registries, and an RPC URL.
 * @param args - parsed arguments.
 * @param env - the environment (`RPC_URL`, `DEPLOYMENT_FILE`, `DID_NETWORK_NAME`).
 * @param bundle - the bundle (its recorded chain).
 * @returns the chain configuration.
 * @throws MedtrustError `INVALID_ARGUMENT` without an RPC URL or with a malformed deployment record;
 *   `EVIDENCE_BUNDLE_INVALID` when the deployment is for another chain or other registries than the bundle's.
 */
export function chainForRecheck(
  args: RecheckEvidenceArgs,
  env: Readonly<Record<string, string | undefined>>,
  bundle: EvidenceBundle,
): ChainConfig {
  const deploymentPath = args.deploymentPath ?? (env.DEPLOYMENT_FILE || undefined);
  let record: Record<string, unknown> = { ...bundle.chain };
  if (deploymentPath !== undefined) {
    const read = readJsonFile(deploymentPath, 'deployment file');
    if (typeof read !== 'object' || read === null || Array.isArray(read)) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        `the deployment file ${deploymentPath} is not a JSON object`,
      );
    }
    record = read as Record<string, unknown>;
  }
  const chainId = Number(record.chainId);
  const addresses = ['didRegistry', 'statusRegistry', 'trustRegistry'] as const;
  if (
    !Number.isSafeInteger(chainId) ||
    chainId <= 0 ||
    !addresses.every((k) => ADDRESS.test(String(record[k])))
  ) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      `the deployment record must name chainId, didRegistry, statusRegistry and trustRegistry`,
    );
  }
  if (
    chainId !== bundle.chain.chainId ||
    String(record.statusRegistry).toLowerCase() !== bundle.chain.statusRegistry.toLowerCase() ||
    String(record.trustRegistry).toLowerCase() !== bundle.chain.trustRegistry.toLowerCase()
  ) {
    throw new MedtrustError(
      ErrorCodes.EVIDENCE_BUNDLE_INVALID,
      `the bundle was recorded on chain ${bundle.chain.chainId} with other registries than the deployment given`,
    );
  }
  const rpcUrl =
    args.rpcUrl ??
    (env.RPC_URL || undefined) ??
    (typeof record.rpcUrl === 'string' ? record.rpcUrl : undefined);
  if (rpcUrl === undefined || !/^https?:\/\//.test(rpcUrl)) {
    throw new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      'an http(s) RPC URL is required (--rpc-url or RPC_URL)',
    );
  }
  const didNetworkName = bundle.chain.didNetworkName ?? (env.DID_NETWORK_NAME || undefined);
  return {
    rpcUrl,
    chainId,
    didRegistry: record.didRegistry as `0x${string}`,
    statusRegistry: record.statusRegistry as `0x${string}`,
    trustRegistry: record.trustRegistry as `0x${string}`,
    // The deployment record's AnchorRegistry, else ANCHOR_REGISTRY_ADDRESS, else the bundle's (when it records
    // one), else the zero address, where no anchor event can be found (anchored credentials then fail closed).
    anchorRegistry:
      [
        deploymentPath === undefined ? undefined : record.anchorRegistry,
        env.ANCHOR_REGISTRY_ADDRESS,
        (bundle.chain as { anchorRegistry?: unknown }).anchorRegistry,
      ].find((a): a is `0x${string}` => typeof a === 'string' && ADDRESS.test(a)) ?? ZERO_ADDRESS,
    ...(didNetworkName === undefined ? {} : { didNetworkName }),
  };
}
