import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { KeyError, KeyErrorCodes } from './key-errors.ts';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SECRET_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Seals secrets (private keys) at rest with AES-256-GCM under one 32-byte sealing secret.
 *
 * Format of a sealed value: `v1:<iv>:<tag>:<ciphertext>`, each part base64url (no padding); a fresh random 12-byte IV
 * per seal and a 16-byte authentication tag. Each seal is bound to a `context` string (GCM additional authenticated
 * data, not stored): the private-key store passes the key's alias, so a sealed value copied onto another record does
 * not open there.
 *
 * The secret is handed in by the caller (in production: hex from `KMS_SECRET_KEY`, read by the service's
 * configuration); this module never reads the environment. It is held as a `KeyObject`, not as a string.
 */
export class KeySealer {
  readonly #key: KeyObject;

  /**
   * @param secret - 32 bytes, as a `Uint8Array` or as 64 hex digits (an optional `0x` prefix is accepted).
   * @throws MedtrustError `CONFIGURATION_INVALID` when the secret is not exactly 32 bytes.
   */
  constructor(secret: string | Uint8Array) {
    const bytes = parseSecret(secret);
    this.#key = createSecretKey(bytes);
    bytes.fill(0);
  }

  /**
   * Encrypts and authenticates `plaintext`.
   * @param plaintext - the bytes to protect (not modified).
   * @param context - what the value belongs to (e.g. `private-key:<alias>`); the same string is needed to unseal.
   * @returns the sealed value `v1:<iv>:<tag>:<ciphertext>`.
   */
  seal(plaintext: Uint8Array, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      iv.toString('base64url'),
      tag.toString('base64url'),
      ciphertext.toString('base64url'),
    ].join(':');
  }

  /**
   * Decrypts a value sealed by {@link KeySealer.seal} under the same secret and context.
   * @param sealed - `v1:<iv>:<tag>:<ciphertext>`.
   * @param context - the context given when sealing.
   * @returns the plaintext; the caller should `fill(0)` it once used.
   * @throws KeyError `KEY_UNSEAL_FAILED` on a wrong secret or context, tampered data, or a malformed value.
   */
  unseal(sealed: string, context: string): Buffer {
    const parts = typeof sealed === 'string' ? sealed.split(':') : [];
    const [version, ivText, tagText, ciphertextText] = parts;
    if (
      parts.length !== 4 ||
      version !== VERSION ||
      ivText === undefined ||
      tagText === undefined ||
      ciphertextText === undefined ||
      ![ivText, tagText, ciphertextText].every((part) => BASE64URL.test(part))
    ) {
      throw new KeyError(KeyErrorCodes.KEY_UNSEAL_FAILED, 'sealed key is malformed or of an unknown version');
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new KeyError(KeyErrorCodes.KEY_UNSEAL_FAILED, 'sealed key has a wrong IV or tag length');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]);
    } catch (error) {
      throw new KeyError(
        KeyErrorCodes.KEY_UNSEAL_FAILED,
        'sealed key does not authenticate (wrong sealing secret, wrong record or tampered data)',
        { cause: error },
      );
    }
  }
}

function parseSecret(secret: string | Uint8Array): Buffer {
  if (typeof secret === 'string') {
    const hex = secret.startsWith('0x') || secret.startsWith('0X') ? secret.slice(2) : secret;
    if (/^[0-9a-fA-F]*$/.test(hex) && hex.length === SECRET_BYTES * 2) return Buffer.from(hex, 'hex');
  } else if (secret instanceof Uint8Array && secret.length === SECRET_BYTES) {
    return Buffer.from(secret);
  }
  throw new MedtrustError(
    ErrorCodes.CONFIGURATION_INVALID,
    `the key sealing secret must be exactly ${SECRET_BYTES} bytes (${SECRET_BYTES * 2} hex digits)`,
  );
}
