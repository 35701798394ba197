import type { Logger } from '../logger.ts';

/** Something that deletes its expired rows. */
export interface Purgeable {
  /** @returns how many rows were deleted. */
  purgeExpired(): Promise<number>;
}

/**
 * Calls `purgeExpired` of every store now and every `intervalMs` (the timer does not keep the process alive); a failed
 * purge is logged and retried at the next tick.
 * @param stores - the stores.
 * @param intervalMs - the period.
 * @param logger - where failures go.
 * @returns a function that stops the timer.
 */
export function startExpiredRowPurger(stores: Purgeable[], intervalMs: number, logger: Logger): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    void Promise.allSettled(stores.map((store) => store.purgeExpired()))
      .then((results) => {
        for (const result of results) {
          if (result.status === 'rejected') {
            logger.error('purging expired verifier rows failed', {
              code: (result.reason as { code?: string }).code ?? 'INTERNAL',
            });
          }
        }
      })
      .finally(() => {
        running = false;
      });
  };
  tick(); // rows left by a previous run go at start, not only after the first interval
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
