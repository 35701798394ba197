/**
 * Guards for untrusted JSON: plain-object test, bounded depth / size walk, deep freeze.
 */

/**
 * @param value - anything.
 * @returns true for a non-null, non-array object.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Walks a value iteratively (no recursion, so hostile nesting cannot overflow the stack) and tells whether it stays
 * within the limits. Also rejects values that are not JSON data (functions, symbols, bigints, cycles show up as
 * depth overflow).
 * @param value - the value.
 * @param maxDepth - deepest allowed nesting of objects and arrays (the value itself is depth 1).
 * @param maxNodes - most values allowed in total.
 * @returns `undefined` when within limits, otherwise a short reason.
 */
export function jsonShapeProblem(value: unknown, maxDepth: number, maxNodes: number): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (++nodes > maxNodes) return `more than ${maxNodes} JSON values`;
    if (current === null) continue;
    const kind = typeof current;
    if (kind === 'string' || kind === 'number' || kind === 'boolean') continue;
    if (kind !== 'object') return `not JSON data (${kind})`;
    if (depth > maxDepth) return `nested deeper than ${maxDepth} levels`;
    if (Array.isArray(current)) {
      for (const item of current) stack.push([item, depth + 1]);
    } else {
      for (const key of Object.keys(current as object)) {
        stack.push([(current as Record<string, unknown>)[key], depth + 1]);
      }
    }
  }
  return undefined;
}

/**
 * Freezes a JSON value and everything in it (iteratively); typed arrays are left as they are.
 * @param value - a JSON value already checked with {@link jsonShapeProblem}.
 * @returns the same value, frozen.
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null || Object.isFrozen(current)) continue;
    if (ArrayBuffer.isView(current)) continue; // typed arrays with elements cannot be frozen
    Object.freeze(current);
    for (const key of Object.keys(current)) stack.push((current as Record<string, unknown>)[key]);
  }
  return value;
}
