/**
 * Checks of the domain reports (drug provenance, treatments and reviews, review replies): the same shape as the
 * pipeline's `CheckResult`, over each report's own check names, collected in a fixed order and failing closed.
 * @see ../verification/check-result.ts
 */
import type { ErrorCode } from '../errors/codes.ts';
import type { CheckStatus } from '../verification/check-result.ts';

/**
 * One named check of a domain report. `status` has the pipeline's meaning: `passed`, `failed` (`code` says why),
 * `skipped` (does not apply, or not evaluated because something it needs failed — `detail` says which) or `error`
 * (could not run: chain or lookup unavailable; the report fails closed).
 * @typeParam N - the report's check names.
 * @see ../verification/check-result.ts
 */
export interface DomainCheckResult<N extends string = string> {
  /** Which check. */
  check: N;
  /** What happened. */
  status: CheckStatus;
  /** Stable code (see `docs/error-codes.md`) when `failed` or `error`. */
  code?: ErrorCode;
  /** Operator-facing explanation (English). Never match on it: match on `code`. */
  detail?: string;
  /** The block (decimal string) an on-chain answer was read at, when the check read one. */
  blockNumber?: string;
}

/**
 * Collects the checks of one domain report in a fixed order. A check never recorded is reported `skipped`
 * ("not evaluated") and counts against `verified`, so an early exit can never pass.
 * @typeParam N - the report's check names.
 */
export class DomainCheckList<N extends string> {
  readonly #results = new Map<N, DomainCheckResult<N>>();
  readonly #notApplicable = new Set<N>();

  /**
   * @param names - the report's checks, in report order.
   */
  constructor(private readonly names: readonly N[]) {}

  /**
   * Records a passed check.
   * @param check - which check.
   * @param detail - optional explanation.
   * @param blockNumber - the block an on-chain answer was read at.
   */
  pass(check: N, detail?: string, blockNumber?: string): void {
    this.#set({ check, status: 'passed', detail, blockNumber });
  }

  /**
   * Records a failed check.
   * @param check - which check.
   * @param code - why.
   * @param detail - explanation.
   * @param blockNumber - the block an on-chain answer was read at.
   */
  fail(check: N, code: ErrorCode, detail: string, blockNumber?: string): void {
    this.#set({ check, status: 'failed', code, detail, blockNumber });
  }

  /**
   * Records a check that could not run (fails closed).
   * @param check - which check.
   * @param code - what was unavailable.
   * @param detail - explanation.
   */
  error(check: N, code: ErrorCode, detail: string): void {
    this.#set({ check, status: 'error', code, detail });
  }

  /**
   * Records a check that does not apply (does not count against `verified`).
   * @param check - which check.
   * @param detail - why it does not apply.
   */
  notApplicable(check: N, detail: string): void {
    this.#set({ check, status: 'skipped', detail });
    this.#notApplicable.add(check);
  }

  /**
   * Records a check that was not evaluated because something it needs failed (counts against `verified`).
   * @param check - which check.
   * @param detail - what failed first.
   */
  notEvaluated(check: N, detail: string): void {
    this.#set({ check, status: 'skipped', detail });
  }

  /**
   * Records an outcome computed elsewhere (status, code, detail, block).
   * @param check - which check.
   * @param outcome - the outcome; a `skipped` outcome counts as not evaluated.
   */
  record(check: N, outcome: Omit<DomainCheckResult<N>, 'check'>): void {
    this.#set({ ...outcome, check });
  }

  /**
   * @param check - a check name.
   * @returns whether it was recorded as passed.
   */
  passed(check: N): boolean {
    return this.#results.get(check)?.status === 'passed';
  }

  /**
   * Completes the list.
   * @param reason - detail of the checks never recorded.
   * @returns the checks in report order and whether every one passed or does not apply.
   */
  finish(reason = 'not evaluated: an earlier check failed'): {
    checks: DomainCheckResult<N>[];
    verified: boolean;
  } {
    const checks: DomainCheckResult<N>[] = [];
    let verified = true;
    for (const name of this.names) {
      const result = this.#results.get(name) ?? { check: name, status: 'skipped' as const, detail: reason };
      if (result.status === 'failed' || result.status === 'error') verified = false;
      else if (result.status === 'skipped' && !this.#notApplicable.has(name)) verified = false;
      checks.push(result);
    }
    return { checks, verified };
  }

  #set(result: DomainCheckResult<N>): void {
    const clean: DomainCheckResult<N> = { check: result.check, status: result.status };
    if (result.code !== undefined) clean.code = result.code;
    if (result.detail !== undefined) clean.detail = result.detail;
    if (result.blockNumber !== undefined) clean.blockNumber = result.blockNumber;
    this.#results.set(result.check, clean);
    this.#notApplicable.delete(result.check);
  }
}
