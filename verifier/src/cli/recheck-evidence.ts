/**
 * Re-checks a dispute evidence bundle against the chain and prints what changed since it was made.
 *
 *     tsx verifier/src/cli/recheck-evidence.ts bundle.json [--rpc-url <url>] [--deployment <file>] [--json]
 *
 * Exit status: 0 nothing changed, 1 something changed, 2 usage or bundle error, 3 the chain could not be read.
 * @see ./recheck-evidence-command.ts
 */
import { runRecheckEvidence } from './recheck-evidence-command.ts';

const status = await runRecheckEvidence(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
process.exitCode = status;
