/**
 * Renders a one-line text progress bar, e.g. `[########------------] 40% 4,000/10,000 (12 failed)`.
 * @param done - items processed.
 * @param total - items in all.
 * @param failed - items that failed.
 * @param width - bar width in characters.
 * @returns the line (no newline).
 */
export function renderProgressBar(done: number, total: number, failed = 0, width = 30): string {
  const ratio = total === 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const pct = Math.floor(ratio * 100);
  const fmt = (n: number) => n.toLocaleString('en-GB');
  return `[${bar}] ${String(pct).padStart(3)}% ${fmt(done)}/${fmt(total)}${failed ? ` (${fmt(failed)} failed)` : ''}`;
}
