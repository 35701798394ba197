import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** Number of digits of an offer PIN (OID4VCI `tx_code.length`). */
export const PIN_LENGTH = 6;

/** The `tx_code` an offer with PIN announces: {@link PIN_LENGTH} digits, with a hint for the holder. */
export const PIN_TX_CODE = {
  length: PIN_LENGTH,
  inputMode: 'numeric',
  description: 'PIN given to you by the issuer',
} as const;

/** Bytes of randomness in a pre-authorised code (256 bits). */
const CODE_BYTES = 32;

/** scrypt cost of PIN hashes: N = 2^14, r = 8, p = 1 (≈16 MiB, tens of milliseconds). */
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/**
 * A new pre-authorised code: 256 random bits, base64url (43 characters). Only its SHA-256 is stored.
 *
 * @returns the code.
 */
export function generatePreAuthorizedCode(): string {
  return randomBytes(CODE_BYTES).toString('base64url');
}

/**
 * A new PIN (OID4VCI transaction code): {@link PIN_LENGTH} uniformly random decimal digits.
 *
 * @returns the PIN, e.g. `'042917'`.
 */
export function generatePin(): string {
  let pin = '';
  for (let i = 0; i < PIN_LENGTH; i++) pin += String(randomInt(10));
  return pin;
}

function scryptAsync(secret: string, salt: Buffer, keyLength: number, N: number, r: number, p: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(secret, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a PIN with a random salt and scrypt (a PIN is low-entropy, so never a fast unsalted hash).
 *
 * @param pin - the PIN.
 * @returns `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url).
 */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const hash = await scryptAsync(pin, salt, SCRYPT.keyLength, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/**
 * Checks a PIN against a hash from {@link hashPin}, in constant time.
 *
 * @param pin - the PIN the wallet sent.
 * @param pinHash - the stored hash.
 * @returns whether they match; false for a malformed hash or unreasonable cost parameters.
 */
export async function verifyPin(pin: string, pinHash: string): Promise<boolean> {
  const parts = pinHash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    return false;
  }
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length < 16) return false;
  const actual = await scryptAsync(pin, salt, expected.length, N, r, p);
  return timingSafeEqual(actual, expected);
}
