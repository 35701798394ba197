import { base64urlDecode, base64urlEncode } from './base64url.ts';

/** PBKDF2-HMAC-SHA-256 iterations for new vaults (OWASP 2023 recommendation: 600,000). */
export const PBKDF2_ITERATIONS = 600_000;
/** Fewest iterations a vault (or backup) may declare: weaker files are refused. */
export const MIN_PBKDF2_ITERATIONS = 310_000;
/** Identifies a sealed wallet, in IndexedDB and in backup files. */
export const VAULT_FORMAT = 'medtrust-wallet-vault';

/** A sealed vault: everything needed to open it with the passphrase, nothing readable without it. */
export interface SealedVault {
  format: typeof VAULT_FORMAT;
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  /** AES-256-GCM ciphertext (with tag) of the UTF-8 JSON contents, base64url. */
  ciphertext: string;
}

/** The key that opened (or created) a vault, kept in memory to seal later changes. Not extractable. */
export interface VaultKey {
  key: CryptoKey;
  kdf: SealedVault['kdf'];
}

/** The passphrase does not open the vault (or the file was altered). */
export class WrongPassphraseError extends Error {
  constructor() {
    super('the passphrase does not open this wallet');
    this.name = 'WrongPassphraseError';
  }
}

/** The data is not a medtrust vault. */
export class NotAVaultError extends Error {
  /** @param detail - what is wrong. */
  constructor(detail: string) {
    super(`not a medtrust wallet backup: ${detail}`);
    this.name = 'NotAVaultError';
  }
}

/** Associated data binding the ciphertext to the format and version (and so to how it is interpreted). */
const AAD = new TextEncoder().encode(`${VAULT_FORMAT}/1`);

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

async function deriveKey(passphrase: string, kdf: SealedVault['kdf']): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', iterations: kdf.iterations, salt: base64urlDecode(kdf.salt) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * Derives a fresh vault key from a passphrase (new random salt).
 * @param passphrase - the holder's passphrase.
 * @param iterations - PBKDF2 iterations; {@link PBKDF2_ITERATIONS} by default.
 * @returns the key and its derivation parameters.
 */
export async function createVaultKey(passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<VaultKey> {
  const kdf = {
    name: 'PBKDF2',
    hash: 'SHA-256',
    iterations,
    salt: base64urlEncode(randomBytes(16)),
  } as const;
  return { key: await deriveKey(passphrase, kdf), kdf };
}

/**
 * Encrypts contents with AES-256-GCM under a vault key (fresh 96-bit IV every time).
 * @param contents - any JSON value.
 * @param vaultKey - from {@link createVaultKey} or {@link openVault}.
 * @returns the sealed vault.
 */
export async function sealVault(contents: unknown, vaultKey: VaultKey): Promise<SealedVault> {
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: AAD },
    vaultKey.key,
    new TextEncoder().encode(JSON.stringify(contents)),
  );
  return {
    format: VAULT_FORMAT,
    version: 1,
    kdf: vaultKey.kdf,
    cipher: { name: 'AES-GCM', iv: base64urlEncode(iv) },
    ciphertext: base64urlEncode(new Uint8Array(ciphertext)),
  };
}

/**
 * Checks that a value (e.g. a parsed backup file) is a sealed vault this wallet can open.
 * @param value - untrusted data.
 * @returns the vault.
 * @throws NotAVaultError when it is not one, or declares a weak key derivation.
 */
export function asSealedVault(value: unknown): SealedVault {
  const v = value as Partial<SealedVault> | null;
  if (typeof v !== 'object' || v === null || v.format !== VAULT_FORMAT)
    throw new NotAVaultError('unknown format');
  if (v.version !== 1) throw new NotAVaultError('unsupported version');
  const kdf = v.kdf;
  if (kdf?.name !== 'PBKDF2' || kdf.hash !== 'SHA-256' || typeof kdf.salt !== 'string') {
    throw new NotAVaultError('unsupported key derivation');
  }
  if (
    !Number.isInteger(kdf.iterations) ||
    kdf.iterations < MIN_PBKDF2_ITERATIONS ||
    kdf.iterations > 10_000_000
  ) {
    throw new NotAVaultError('key derivation too weak');
  }
  if (v.cipher?.name !== 'AES-GCM' || typeof v.cipher.iv !== 'string' || typeof v.ciphertext !== 'string') {
    throw new NotAVaultError('unsupported cipher');
  }
  return v as SealedVault;
}

/**
 * Opens a sealed vault with a passphrase.
 * @param sealed - the vault.
 * @param passphrase - the holder's passphrase.
 * @returns the contents and the key (to seal changes).
 * @throws WrongPassphraseError when the passphrase is wrong or the vault was altered; NotAVaultError when malformed.
 */
export async function openVault(
  sealed: SealedVault,
  passphrase: string,
): Promise<{ contents: unknown; key: VaultKey }> {
  const vault = asSealedVault(sealed);
  const key = { key: await deriveKey(passphrase, vault.kdf), kdf: vault.kdf };
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64urlDecode(vault.cipher.iv), additionalData: AAD },
      key.key,
      base64urlDecode(vault.ciphertext),
    );
  } catch {
    throw new WrongPassphraseError();
  }
  return { contents: JSON.parse(new TextDecoder().decode(plaintext)), key };
}
