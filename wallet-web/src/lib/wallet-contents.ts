import { base64urlDecode, base64urlEncode } from './base64url.ts';
import { holderKeyFromSecret, type HolderKey } from './holder-key.ts';

/** A credential the wallet holds. */
export interface StoredCredential {
  /** The credential id (`jti`), or a local id when it has none. */
  id: string;
  /** The JWT-VC as received. */
  jwt: string;
  /** ISO time it was received. */
  receivedAt: string;
  /** Who delivered it (the OID4VCI credential issuer URL), when known. */
  deliveredBy?: string;
  /** The issuer's display name from its metadata, when known. */
  issuerName?: string;
}

/** Everything inside the encrypted vault. */
export interface WalletContents {
  version: 1;
  /** The holder DID (derived from the secret; kept to detect corruption). */
  did: string;
  /** The Ed25519 secret, base64url. Only ever stored inside the sealed vault. */
  secret: string;
  credentials: StoredCredential[];
  createdAt: string;
}

/**
 * New wallet contents for a secret.
 * @param secret - 32-byte Ed25519 secret.
 * @param now - creation time.
 * @returns the contents (no credentials yet).
 */
export function newWalletContents(secret: Uint8Array, now: Date): WalletContents {
  return {
    version: 1,
    did: holderKeyFromSecret(secret).did,
    secret: base64urlEncode(secret),
    credentials: [],
    createdAt: now.toISOString(),
  };
}

/**
 * Checks decrypted contents and rebuilds the holder key from them.
 * @param value - decrypted JSON.
 * @returns the contents and the holder key.
 * @throws TypeError when the contents are malformed or the DID does not match the secret.
 */
export function walletFromContents(value: unknown): { contents: WalletContents; holder: HolderKey } {
  const c = value as Partial<WalletContents> | null;
  if (typeof c !== 'object' || c === null || c.version !== 1 || typeof c.secret !== 'string') {
    throw new TypeError('the wallet contents are malformed');
  }
  if (!Array.isArray(c.credentials) || !c.credentials.every((x) => typeof x?.jwt === 'string')) {
    throw new TypeError('the wallet credentials are malformed');
  }
  const holder = holderKeyFromSecret(base64urlDecode(c.secret));
  if (holder.did !== c.did) throw new TypeError('the wallet DID does not match its key');
  return { contents: c as WalletContents, holder };
}

/**
 * The contents with a credential added (replacing one with the same id).
 * @param contents - current contents.
 * @param credential - the new credential.
 * @returns new contents.
 */
export function withCredential(contents: WalletContents, credential: StoredCredential): WalletContents {
  return {
    ...contents,
    credentials: [credential, ...contents.credentials.filter((c) => c.id !== credential.id)],
  };
}

/**
 * The contents without a credential.
 * @param contents - current contents.
 * @param id - the credential id.
 * @returns new contents.
 */
export function withoutCredential(contents: WalletContents, id: string): WalletContents {
  return { ...contents, credentials: contents.credentials.filter((c) => c.id !== id) };
}
