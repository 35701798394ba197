/**
 * Bounded concurrency for the pipeline calls of one request or one feed page.
 */

/**
 * Maps `items` with at most `limit` calls of `fn` running at once, keeping order.
 * @param items - the inputs.
 * @param limit - the most concurrent calls (at least 1).
 * @param fn - the async mapping.
 * @returns the results, in input order.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
