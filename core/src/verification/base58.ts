import { base58 } from '@scure/base';

/** Longest input accepted (a key is at most a few dozen bytes). */
const MAX_LENGTH = 256;

/**
 * Decodes base58btc (Bitcoin alphabet), for `publicKeyBase58` and multibase `z…` keys of DID documents, with
 * `@scure/base`.
 * @param text - the encoded key.
 * @returns the bytes, or `undefined` for a character outside the alphabet, an empty or an over-long input.
 * @see https://datatracker.ietf.org/doc/html/draft-msporny-base58-03
 */
export function decodeBase58(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length > MAX_LENGTH) return undefined;
  try {
    return base58.decode(text);
  } catch {
    return undefined;
  }
}

/**
 * Encodes bytes as base58btc (Bitcoin alphabet), e.g. the multibase `z…` fingerprint of a `did:key`.
 * @param bytes - the bytes.
 * @returns the base58btc text (without the multibase `z`).
 * @see https://datatracker.ietf.org/doc/html/draft-msporny-base58-03
 */
export function encodeBase58(bytes: Uint8Array): string {
  return base58.encode(bytes);
}
