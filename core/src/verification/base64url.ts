import { base64urlnopad } from '@scure/base';

/**
 * Decodes unpadded base64url (JWS segments), strictly, with `@scure/base`: portable to browsers and Node.
 * @param text - the encoded segment.
 * @returns the bytes, or `undefined` when the text is not canonical unpadded base64url (a character outside the
 *   alphabet, padding, an impossible length, or non-zero trailing bits).
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-2 (Base64url Encoding, no padding)
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  try {
    return base64urlnopad.decode(text);
  } catch {
    return undefined;
  }
}
