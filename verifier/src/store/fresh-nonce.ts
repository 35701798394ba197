import { randomBytes } from 'node:crypto';
import { ErrorCodes, MedtrustError } from '@medtrust/core';

/** Longest nonce lifetime the durable stores accept, seconds (as the in-memory store). */
export const MAX_NONCE_TTL_SECONDS = 86_400;

/**
 * A fresh nonce: 128 random bits, base64url (as core's `InMemoryNonceStore`).
 * @param ttlSeconds - its requested lifetime, checked first.
 * @returns the nonce.
 * @throws MedtrustError `INVALID_ARGUMENT` for a ttl outside 1 s to 1 day.
 */
export function freshNonce(ttlSeconds: number): string {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_NONCE_TTL_SECONDS) {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, 'nonce ttl must be between 1 and 86,400 seconds');
  }
  return randomBytes(16).toString('base64url');
}
