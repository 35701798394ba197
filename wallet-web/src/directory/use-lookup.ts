import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of one look-up; a reload keeps the answer shown (`refreshing`) until the new one arrives. */
export type Lookup<T> =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'done'; value: T; refreshing: boolean };

/**
 * Runs a look-up when `key` changes (the previous one is aborted and its answer dropped) and on `reload()`.
 * @param load - the call; it receives an abort signal.
 * @param key - what is looked up (e.g. the DID).
 * @returns the state and `reload`.
 */
export function useLookup<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
): { lookup: Lookup<T>; reload: () => void } {
  const [lookup, setLookup] = useState<Lookup<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const lastKey = useRef<string | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    const sameKey = lastKey.current === key;
    lastKey.current = key;
    setLookup((previous) =>
      sameKey && previous.state === 'done' ? { ...previous, refreshing: true } : { state: 'loading' },
    );
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setLookup({ state: 'done', value, refreshing: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLookup({ state: 'failed', error });
      },
    );
    return () => controller.abort();
    // `load` is re-created on every render: the key (and `reload`) say when to look up again.
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { lookup, reload };
}
