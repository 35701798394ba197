import { base64urlDecode, base64urlEncode, base64urlJson, parseBase64urlJson } from './base64url.ts';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** A compact JWS split into its parts; nothing is verified yet. */
export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  /** `<header>.<payload>` as received: the signed bytes. */
  signingInput: string;
  signature: Uint8Array;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Splits a compact JWS and parses its header and payload.
 * @param jwt - `<header>.<payload>.<signature>`.
 * @returns the parts, or undefined when it is not a compact JWS with JSON header and payload.
 */
export function decodeJwt(jwt: string): DecodedJwt | undefined {
  const parts = jwt.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  try {
    const header = parseBase64urlJson(parts[0]!);
    const payload = parseBase64urlJson(parts[1]!);
    if (!isObject(header) || !isObject(payload)) return undefined;
    return {
      header,
      payload,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: base64urlDecode(parts[2]!),
    };
  } catch {
    return undefined;
  }
}

/**
 * Signs a JWT: `base64url(header).base64url(payload).base64url(sign(signingInput))`.
 * @param header - JOSE header (already carrying `alg`).
 * @param payload - claims.
 * @param sign - signs the ASCII signing input.
 * @returns the compact JWS.
 */
export function signJwt(
  header: JsonObject,
  payload: JsonObject,
  sign: (input: Uint8Array) => Uint8Array,
): string {
  const signingInput = `${base64urlJson(header)}.${base64urlJson(payload)}`;
  return `${signingInput}.${base64urlEncode(sign(new TextEncoder().encode(signingInput)))}`;
}
