/**
 * A drug batch's page in plain language: the verdict at the top (a recall loud and first), expiry, and each custody
 * hand-off with its check result — diverted stock (`QUANTITY_EXCEEDED`) called out.
 */
import { ANCHOR_CODE_TEXT, isAnchorCode, isAnchorPendingOnly } from './anchor-text.ts';
import { formatClaim } from './credential-view.ts';
import { codeText, flagsDiversion } from './directory-codes.ts';
import type { BatchView, CustodyEdge } from './directory-types.ts';

/** The verdict shown at the top of a batch page. */
export interface BatchVerdict {
  /** `danger` is drawn red; `pending` (still being registered on-chain) neutral. */
  tone: 'danger' | 'warning' | 'pending' | 'ok';
  title: string;
  /** Sentences, most important first. */
  sentences: string[];
}

/**
 * Whether a batch is past its expiry date (its last day of use, UTC, as the verifier judges it).
 * @param expiryDate - `YYYY-MM-DD`.
 * @param now - the clock.
 * @returns true after the expiry day.
 */
export function isExpired(expiryDate: string | undefined, now: Date = new Date()): boolean {
  if (expiryDate === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(expiryDate)) return false;
  return now.toISOString().slice(0, 10) > expiryDate;
}

/**
 * Whether failure codes only say that a credential is still being registered on-chain (`ANCHOR_PENDING`): a batch,
 * hand-off or path in that state is shown as pending, never as failed.
 * @param codes - failure codes.
 * @returns true when `ANCHOR_PENDING` is the only kind of problem.
 */
export function anchorPendingOnly(codes: readonly string[]): boolean {
  return isAnchorPendingOnly(codes);
}

function at(block: string | undefined): string {
  return block === undefined ? '' : ` (read on-chain at block ${block})`;
}

/**
 * The verdict of a batch page.
 * @param batch - the page.
 * @param now - the clock (for expiry).
 * @returns tone, title and sentences.
 */
export function batchVerdict(batch: BatchView, now: Date = new Date()): BatchVerdict {
  const sentences: string[] = [];
  const block = batch.status.blockNumber;
  if (batch.recalled) {
    sentences.push(
      batch.status.revoked
        ? `The manufacturer has recalled this batch: it revoked the batch on the public registry${at(block)}. Do not use, sell or administer it; return it to your supplier.`
        : `The manufacturer has suspended this batch pending a recall${at(block)}. Do not use, sell or administer it until it is reinstated.`,
    );
  }
  const expired = isExpired(batch.expiryDate, now) || batch.alert.codes.includes('BATCH_EXPIRED');
  if (expired) {
    sentences.push(
      `This batch expired${batch.expiryDate ? ` on ${formatClaim(batch.expiryDate)}` : ''}. Do not use it.`,
    );
  }
  if (flagsDiversion(batch.alert.codes)) {
    sentences.push(
      'More of this batch was passed on than was made or received: some stock may be diverted or counterfeit. The hand-offs concerned are flagged below.',
    );
  }
  const handled = new Set(['BATCH_RECALLED', 'BATCH_EXPIRED', 'QUANTITY_EXCEEDED']);
  if (batch.recalled) {
    handled.add('CREDENTIAL_REVOKED');
    handled.add('CREDENTIAL_SUSPENDED');
  }
  if (expired) handled.add('CREDENTIAL_EXPIRED');
  // still being registered on-chain: said on its own, never as a problem
  const registering = batch.alert.codes.includes('ANCHOR_PENDING');
  if (registering) {
    sentences.push(`${ANCHOR_CODE_TEXT.ANCHOR_PENDING}: nothing is wrong with it so far.`);
    handled.add('ANCHOR_PENDING');
  }
  const others = [...new Set(batch.alert.codes.filter((c) => !handled.has(c)))];
  if (others.length > 0) sentences.push(`Other problems: ${others.map(codeText).join('; ')}.`);
  // the only open question is the registration (and its registry answering): pending, not "does not check out"
  const pendingOnly =
    registering &&
    !batch.recalled &&
    !expired &&
    !flagsDiversion(batch.alert.codes) &&
    others.every((c) => isAnchorCode(c));

  if (batch.recalled) {
    return {
      tone: 'danger',
      title: batch.status.revoked ? 'Recalled — do not use this batch' : 'Suspended — do not use this batch',
      sentences,
    };
  }
  if (pendingOnly) {
    return { tone: 'pending', title: 'Being registered on the public registry', sentences };
  }
  if (batch.alert.level === 'danger' || expired) {
    return {
      tone: 'danger',
      title: expired ? 'Expired — do not use this batch' : 'Warning: this batch does not check out',
      sentences,
    };
  }
  if (batch.alert.level === 'warning') {
    return {
      tone: 'warning',
      title: 'Not fully checked',
      sentences: [
        ...sentences,
        'Some checks could not run just now (a service did not answer), so nothing is claimed about them. Try again later.',
      ],
    };
  }
  return {
    tone: 'ok',
    title: 'Not recalled',
    sentences: [
      `Not recalled and not expired; ${
        batch.provenance.transfers === 0
          ? 'no hand-offs are published yet'
          : 'every published hand-off checks out'
      }${at(block)}.`,
    ],
  };
}

/** A hand-off's check result in words. */
export interface EdgeResult {
  tone: 'good' | 'bad' | 'neutral';
  text: string;
  /** Stock passed on beyond what was received through this hand-off. */
  diverted: boolean;
}

/**
 * The check result of one hand-off of the custody tree.
 * @param edge - the hand-off.
 * @returns tone, words and the diversion flag.
 */
export function edgeResult(edge: CustodyEdge): EdgeResult {
  const diverted = flagsDiversion(edge.failedCodes);
  if (edge.verified === true) return { tone: 'good', text: 'Checks out', diverted };
  if (isAnchorPendingOnly(edge.failedCodes)) {
    return { tone: 'neutral', text: ANCHOR_CODE_TEXT.ANCHOR_PENDING, diverted };
  }
  if (edge.verified === null && edge.failedCodes.length === 0) {
    return { tone: 'neutral', text: 'Not checked (not on a verified path)', diverted };
  }
  const codes = [...new Set(edge.failedCodes)];
  return {
    tone: 'bad',
    text: codes.length > 0 ? codes.map(codeText).join('; ') : 'Does not check out',
    diverted,
  };
}

/**
 * The names the page knows: the manufacturer's and each branch's final holder's.
 * @param batch - the page.
 * @returns DID → name.
 */
export function partyNames(batch: BatchView): Map<string, string> {
  const names = new Map<string, string>();
  if (batch.manufacturerName !== undefined) names.set(batch.manufacturer, batch.manufacturerName);
  for (const branch of batch.provenance.branches) {
    if (branch.holderName !== undefined) names.set(branch.holder, branch.holderName);
  }
  return names;
}

/**
 * A quantity with its unit.
 * @param quantity - units, or null when unknown.
 * @param unit - e.g. `vial`.
 * @returns e.g. "400 vials", "1 vial", "unknown quantity".
 */
export function quantityText(quantity: number | null | undefined, unit: string | undefined): string {
  if (quantity === null || quantity === undefined) return 'unknown quantity';
  const formatted = quantity.toLocaleString('en-GB');
  if (unit === undefined || unit === '') return formatted;
  return `${formatted} ${quantity === 1 || /s$/.test(unit) ? unit : `${unit}s`}`;
}
