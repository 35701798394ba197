import { decodeBase64Url } from './base64url.ts';
import { countJsonMembers, duplicateJsonMember } from './json-members.ts';
import { isPlainObject, jsonShape } from './json-shape.ts';
import { VERIFICATION_LIMITS } from './verification-policy.ts';

/** A decoded compact JWS (JWT): header and payload parsed, signature bytes, and the exact signing input. */
export interface CompactJws {
  /** The compact serialisation as given. */
  readonly jwt: string;
  /** The protected header (a JSON object). */
  readonly header: Readonly<Record<string, unknown>>;
  /** The payload (a JSON object). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** ASCII bytes of `<header>.<payload>`: what was signed. */
  readonly signingInput: Uint8Array;
  /** The decoded signature (empty for an unsecured JWT). */
  readonly signature: Uint8Array;
}

/** Result of {@link parseCompactJws}: the JWS, or why it is not one. */
export type CompactJwsParse = { ok: true; jws: CompactJws } | { ok: false; detail: string };

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const SIGNATURE_SEGMENT = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const ascii = new TextEncoder();

/**
 * Parses a compact JWS (three base64url segments). Header and payload must be UTF-8 JSON objects within the JSON
 * limits and without duplicate member names (`JSON.parse` would silently keep the last). Never throws.
 * @param jwt - untrusted text.
 * @param maxLength - longest accepted input, characters.
 * @returns the decoded JWS, or a reason (the caller reports `FORMAT_INVALID`).
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export function parseCompactJws(jwt: string, maxLength: number): CompactJwsParse {
  if (jwt.length === 0) return { ok: false, detail: 'empty token' };
  if (jwt.length > maxLength) return { ok: false, detail: `token longer than ${maxLength} characters` };
  const first = jwt.indexOf('.');
  const second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
  if (first < 0 || second < 0 || jwt.indexOf('.', second + 1) >= 0) {
    return { ok: false, detail: 'not a compact JWS: expected exactly three dot-separated segments' };
  }
  const headerText = jwt.slice(0, first);
  const payloadText = jwt.slice(first + 1, second);
  const signatureText = jwt.slice(second + 1);
  // An empty signature is left to the signature check (an unsecured `alg: none` JWT must fail as ALG_NOT_ALLOWED).
  if (!SEGMENT.test(headerText) || !SEGMENT.test(payloadText) || !SIGNATURE_SEGMENT.test(signatureText)) {
    return { ok: false, detail: 'a JWS segment is empty or not base64url' };
  }
  const header = decodeJsonObject(headerText, 'header');
  if (!header.ok) return header;
  const payload = decodeJsonObject(payloadText, 'payload');
  if (!payload.ok) return payload;
  const signature = decodeBase64Url(signatureText);
  if (signature === undefined) return { ok: false, detail: 'signature segment is not valid base64url' };
  return {
    ok: true,
    jws: {
      jwt,
      header: header.value,
      payload: payload.value,
      signingInput: ascii.encode(jwt.slice(0, second)),
      signature,
    },
  };
}

function decodeJsonObject(
  segment: string,
  name: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; detail: string } {
  const bytes = decodeBase64Url(segment);
  if (bytes === undefined) return { ok: false, detail: `${name} is not valid base64url` };
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch {
    return { ok: false, detail: `${name} is not UTF-8 JSON` };
  }
  if (!isPlainObject(value)) return { ok: false, detail: `${name} is not a JSON object` };
  const shape = jsonShape(value, VERIFICATION_LIMITS.maxJsonDepth, VERIFICATION_LIMITS.maxJsonNodes);
  if (shape.problem !== undefined) return { ok: false, detail: `${name}: ${shape.problem}` };
  // JSON.parse keeps the last of two members with one name: refuse the text instead (RFC 7515 §4).
  if (countJsonMembers(text) !== shape.members) {
    const duplicate = duplicateJsonMember(text);
    return {
      ok: false,
      detail: `${name} has a duplicate member ${JSON.stringify(duplicate ?? '(unknown)').slice(0, 80)}`,
    };
  }
  return { ok: true, value };
}
