/**
 * Structural comparison of JSON values, for checking the JSON form of a credential or presentation against the JWT
 * it carries: object member order is irrelevant, array order is not, numbers compare by value.
 */
import { isPlainObject } from './json-shape.ts';

/**
 * Finds where two JSON values differ. Recursive: call it on values already bounded by `jsonShapeProblem` (nesting
 * at most `VERIFICATION_LIMITS.maxJsonDepth`).
 * @param actual - the value given (untrusted).
 * @param expected - the value it must equal.
 * @param path - where these values are, for the answer (e.g. `credentialSubject`).
 * @returns the path (`a.b[2].c`) of the first difference, or `undefined` when the values are equal.
 */
export function jsonDifference(actual: unknown, expected: unknown, path: string): string | undefined {
  if (actual === expected) return undefined;
  if (Array.isArray(actual) || Array.isArray(expected)) {
    if (!Array.isArray(actual) || !Array.isArray(expected) || actual.length !== expected.length) return path;
    for (let i = 0; i < actual.length; i++) {
      const found = jsonDifference(actual[i], expected[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isPlainObject(actual) || !isPlainObject(expected)) return path;
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  for (const key of actualKeys) {
    if (!Object.hasOwn(expected, key)) return member(path, key);
  }
  if (actualKeys.length !== expectedKeys.length) {
    const missing = expectedKeys.find((key) => !Object.hasOwn(actual, key));
    return member(path, missing ?? '');
  }
  for (const key of expectedKeys) {
    const found = jsonDifference(actual[key], expected[key], member(path, key));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * @param path - a path from {@link jsonDifference}, or `''` for the top level.
 * @param key - a member name.
 * @returns the path of that member.
 */
export function member(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
