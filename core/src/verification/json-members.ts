/**
 * Duplicate member names in JSON text. `JSON.parse` keeps the last of two members with one name, so `{"alg":"ES256K",
 * "alg":"none"}` reads differently in parsers that keep the first: RFC 7515 §4 and RFC 7519 §4 let a JWS / JWT with
 * duplicate header or claim names be refused, and medtrust refuses them. The check is split in two so the hot path
 * stays cheap: {@link countJsonMembers} counts the members written in the text (one `:` outside strings each), which
 * the caller compares with the members `JSON.parse` kept; only when they differ does {@link duplicateJsonMember} scan
 * again to name the member.
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-4 (names SHOULD be unique)
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4 (Header Parameter names MUST be unique)
 */

const QUOTE = 34; // "
const BACKSLASH = 92; // \

/** Index of the quote closing the string that opens at `open`, or -1 when the string is not closed. */
function closingQuote(text: string, open: number): number {
  let at = open + 1;
  for (;;) {
    at = text.indexOf('"', at);
    if (at < 0) return -1;
    let backslashes = 0;
    for (let b = at - 1; text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if ((backslashes & 1) === 0) return at;
    at++;
  }
}

/**
 * Counts the object members written in a JSON text: the `:` outside strings. Linear in the text, jumping from string
 * to string with `indexOf`.
 * @param text - text that `JSON.parse` accepted.
 * @returns the number of `name: value` pairs, duplicates included (or -1 for an unterminated string).
 */
export function countJsonMembers(text: string): number {
  let members = 0;
  let at = 0;
  let colon = text.indexOf(':');
  while (colon >= 0) {
    const open = text.indexOf('"', at);
    const gapEnd = open < 0 ? text.length : open;
    while (colon >= 0 && colon < gapEnd) {
      members++;
      colon = text.indexOf(':', colon + 1);
    }
    if (open < 0 || colon < 0) break;
    const close = closingQuote(text, open);
    if (close < 0) return -1;
    at = close + 1;
    if (colon < at) colon = text.indexOf(':', at);
  }
  return members;
}

/**
 * Finds the first member name that appears twice in one object of a JSON text (names compared after unescaping, so
 * `"alg"` and `"\u0061lg"` are the same name). Slower than {@link countJsonMembers}: meant for the rare text whose
 * count disagrees with what `JSON.parse` kept.
 * @param text - text that `JSON.parse` accepted.
 * @returns the duplicated name, or `undefined` when every object's names are unique.
 */
export function duplicateJsonMember(text: string): string | undefined {
  // One entry per open container: the names seen so far (objects) or null (arrays).
  const stack: Array<Set<string> | null> = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = closingQuote(text, i);
      if (close < 0) return undefined;
      const names = stack[stack.length - 1];
      if (expectName && names) {
        const name = JSON.parse(text.slice(i, close + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
        expectName = false;
      }
      i = close;
    } else if (c === 123 /* { */) {
      stack.push(new Set());
      expectName = true;
    } else if (c === 91 /* [ */) {
      stack.push(null);
      expectName = false;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      expectName = false;
    } else if (c === 44 /* , */) {
      expectName = stack[stack.length - 1] != null;
    }
  }
  return undefined;
}

/**
 * The duplicate member of a parsed JSON text, for callers without a member count at hand: counts the members
 * `JSON.parse` kept (an iterative walk) and compares them with {@link countJsonMembers}.
 * @param text - the text that was parsed.
 * @param value - what `JSON.parse(text)` returned.
 * @returns the duplicated name (`'(unknown)'` if the counts differ but no name is found), or `undefined`.
 */
export function duplicateMemberIn(text: string, value: unknown): string | undefined {
  let kept = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
    } else {
      const keys = Object.keys(current);
      kept += keys.length;
      for (const key of keys) stack.push((current as Record<string, unknown>)[key]);
    }
  }
  if (countJsonMembers(text) === kept) return undefined;
  return duplicateJsonMember(text) ?? '(unknown)';
}
