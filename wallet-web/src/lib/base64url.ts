/** Base64url (RFC 4648 §5, no padding) for bytes and UTF-8 text, without Node's Buffer (runs in browsers). */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

/**
 * Encodes bytes as base64url without padding.
 * @param bytes - the bytes.
 * @returns the text.
 */
export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2]!;
    out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    if (b1 !== undefined) out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    if (b2 !== undefined) out += ALPHABET[b2 & 63]!;
  }
  return out;
}

/**
 * Decodes base64url (padding and standard `+/` characters tolerated).
 * @param text - the text.
 * @returns the bytes.
 * @throws TypeError for characters outside the alphabet or an impossible length.
 */
export function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (clean.length % 4 === 1) throw new TypeError('invalid base64url length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const c of clean) {
    const v = LOOKUP.get(c);
    if (v === undefined) throw new TypeError('invalid base64url character');
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}

/**
 * Encodes a JSON value as a base64url segment (UTF-8).
 * @param value - any JSON value.
 * @returns the segment.
 */
export function base64urlJson(value: unknown): string {
  return base64urlEncode(new TextEncoder().encode(JSON.stringify(value)));
}

/**
 * Decodes a base64url segment holding UTF-8 JSON.
 * @param segment - the segment.
 * @returns the parsed value.
 * @throws TypeError / SyntaxError when it is not base64url JSON.
 */
export function parseBase64urlJson(segment: string): unknown {
  return JSON.parse(new TextDecoder().decode(base64urlDecode(segment)));
}
