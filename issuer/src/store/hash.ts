import { createHash } from 'node:crypto';

/**
 * SHA-256 of a UTF-8 string, as lower-case hex: how API keys and pre-authorised codes are stored (they are
 * high-entropy random secrets, so an unsalted fast hash is enough; never use it for PINs or passwords).
 *
 * @param secret - the plaintext.
 * @returns 64 hex characters.
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
