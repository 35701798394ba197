/**
 * Tells whether a parsed JSON value nests deeper than `maxDepth` (objects and arrays count one level each).
 * Iterative, so a pathological document cannot overflow the stack here; recursive code further down (JSON
 * serialisation, JSONPath, signature libraries) is protected by refusing such documents up front.
 * @param value - the parsed JSON.
 * @param maxDepth - the deepest accepted nesting.
 * @returns true when the value is deeper than allowed.
 */
export function exceedsJsonDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > maxDepth) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
