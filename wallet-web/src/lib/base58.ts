/** Base58btc (the Bitcoin alphabet), as used by `did:key` multibase `z…` values. */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, BigInt(i)]));

/**
 * Encodes bytes as base58btc.
 * @param bytes - the bytes.
 * @returns the text (leading zero bytes become `1`s).
 */
export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)]! + out;
    n /= 58n;
  }
  return '1'.repeat(zeros) + out;
}

/**
 * Decodes base58btc.
 * @param text - the text.
 * @returns the bytes, or undefined when a character is outside the alphabet.
 */
export function base58btcDecode(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  let n = 0n;
  for (const c of text) {
    const v = LOOKUP.get(c);
    if (v === undefined) return undefined;
    n = n * 58n + v;
  }
  const body: number[] = [];
  while (n > 0n) {
    body.unshift(Number(n & 255n));
    n >>= 8n;
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
}
