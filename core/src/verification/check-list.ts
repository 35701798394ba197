import type { ErrorCode } from '../errors/codes.ts';
import type { CheckName, CheckResult } from './check-result.ts';

/**
 * Collects the checks of one report in a fixed order and decides `verified`. A check left unset when the report is
 * finished is reported `skipped` ("not evaluated") and counts against `verified`, so an early exit can never pass.
 */
export class CheckList {
  readonly #results = new Map<CheckName, CheckResult>();
  /** Checks legitimately skipped because they do not apply. */
  readonly #notApplicable = new Set<CheckName>();

  /**
   * @param names - the checks of this report, in report order.
   */
  constructor(private readonly names: readonly CheckName[]) {}

  /** Records a passed check. */
  pass(check: CheckName, detail?: string, blockNumber?: string): void {
    const result: CheckResult = { check, status: 'passed' };
    if (detail !== undefined) result.detail = detail;
    if (blockNumber !== undefined) result.blockNumber = blockNumber;
    this.#results.set(check, result);
  }

  /** Records a failed check. */
  fail(check: CheckName, code: ErrorCode, detail: string, blockNumber?: string): void {
    const result: CheckResult = { check, status: 'failed', code, detail };
    if (blockNumber !== undefined) result.blockNumber = blockNumber;
    this.#results.set(check, result);
  }

  /** Records a check that could not run (fails closed). */
  error(check: CheckName, code: ErrorCode, detail: string): void {
    this.#results.set(check, { check, status: 'error', code, detail });
  }

  /** Records a check that does not apply to this credential or presentation. */
  notApplicable(check: CheckName, detail: string): void {
    this.#results.set(check, { check, status: 'skipped', detail });
    this.#notApplicable.add(check);
  }

  /** Records a check not evaluated because an earlier one failed (never counts as passed). */
  notEvaluated(check: CheckName, detail: string): void {
    this.#results.set(check, { check, status: 'skipped', detail });
    this.#notApplicable.delete(check);
  }

  /** Copies a result computed elsewhere (e.g. a shared check). */
  set(result: CheckResult, notApplicable = false): void {
    this.#results.set(result.check, result);
    if (notApplicable) this.#notApplicable.add(result.check);
    else this.#notApplicable.delete(result.check);
  }

  /** @returns whether `check` has been recorded and passed. */
  passed(check: CheckName): boolean {
    return this.#results.get(check)?.status === 'passed';
  }

  /** @returns whether `check` has been recorded. */
  has(check: CheckName): boolean {
    return this.#results.has(check);
  }

  /**
   * Completes the list: unset checks become `skipped` with `reason`.
   * @param reason - why the remaining checks were not evaluated.
   * @returns the ordered checks and whether every one passed or does not apply.
   */
  finish(reason = 'not evaluated: an earlier check failed'): { checks: CheckResult[]; verified: boolean } {
    const checks: CheckResult[] = [];
    let verified = true;
    for (const name of this.names) {
      let result = this.#results.get(name);
      if (result === undefined) {
        result = { check: name, status: 'skipped', detail: reason };
        verified = false;
      } else if (result.status === 'failed' || result.status === 'error') {
        verified = false;
      } else if (result.status === 'skipped' && !this.#notApplicable.has(name)) {
        verified = false;
      }
      checks.push(result);
    }
    return { checks, verified };
  }
}
