/**
 * A human summary of a re-check, for people resolving a dispute (the CLI prints it).
 */
import type { RecheckResult } from './recheck-result.ts';

/**
 * Describes a re-check in plain English, one statement per line: the case, both blocks, the verification then and
 * now, each change (with transaction hashes and blocks), and a closing line.
 * @param result - the outcome of `recheckEvidenceBundle`.
 * @returns the lines (no trailing newline).
 */
export function describeRecheck(result: RecheckResult): string {
  const c = result.case;
  const lines = [
    `Evidence bundle: ${c.kind}${c.procedureCategory ? ` ${c.procedureCategory}` : ''}${c.treatmentDate ? ` on ${c.treatmentDate}` : ''}` +
      `${c.doctor ? `, doctor ${c.doctor}` : ''}${c.hospital ? `, hospital ${c.hospital}` : ''}.`,
    `Made ${result.bundle.createdAt} with facts read at block ${result.bundle.readAt.blockNumber}; re-checked at block ${result.checkedAt.blockNumber} (${result.checkedAt.time}).`,
    `Verification then: ${result.verifiedThen ? 'verified' : 'NOT verified'}; now: ${result.verifiedNow ? 'verified' : 'NOT verified'}.`,
  ];
  if (result.changes.length === 0) {
    lines.push(
      `No change: all ${result.facts.length} on-chain fact(s) and the verification are as recorded.`,
    );
  } else {
    for (const change of result.changes) lines.push(`CHANGED (${change.kind}): ${change.summary}`);
    lines.push(`${result.changes.length} change(s) since the bundle was made.`);
  }
  return lines.join('\n');
}
