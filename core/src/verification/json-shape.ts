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
  return jsonShape(value, maxDepth, maxNodes).problem;
}

/** What {@link jsonShape} found: a problem, or the number of object members in the value. */
export type JsonShape = { problem: string; members?: undefined } | { problem?: undefined; members: number };

/**
 * {@link jsonShapeProblem}, also counting the object members (name / value pairs) of the value, so a caller can
 * compare them with the members written in the text it parsed (see `countJsonMembers`).
 * @param value - the value.
 * @param maxDepth - deepest allowed nesting of objects and arrays (the value itself is depth 1).
 * @param maxNodes - most values allowed in total.
 * @returns the reason it is out of limits, or the member count.
 */
export function jsonShape(value: unknown, maxDepth: number, maxNodes: number): JsonShape {
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  let members = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (++nodes > maxNodes) return { problem: `more than ${maxNodes} JSON values` };
    if (current === null) continue;
    const kind = typeof current;
    if (kind === 'string' || kind === 'number' || kind === 'boolean') continue;
    if (kind !== 'object') return { problem: `not JSON data (${kind})` };
    if (depth > maxDepth) return { problem: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(current)) {
      for (const item of current) stack.push([item, depth + 1]);
    } else {
      const keys = Object.keys(current as object);
      members += keys.length;
      for (const key of keys) stack.push([(current as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return { members };
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
