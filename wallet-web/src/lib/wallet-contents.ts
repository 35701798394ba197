import type { AnchorLookup, AnchorProof } from './anchor-proof.ts';
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
  /** The wallet DID the credential is bound to, when it is a visit (pairwise) DID rather than the main one. */
  holderDid?: string;
  /**
   * Its anchor proof (the issuer registered its hash on-chain), once the issuer has one; presented with it.
   * Absent in credentials received before proofs existed, and while the issuer has not anchored it yet.
   */
  anchorProof?: AnchorProof;
  /** The last answer about its anchor while there is no proof: when, and what the issuer said. */
  anchorLookup?: { state: Exclude<AnchorLookup['state'], 'anchored'>; checkedAt: string };
}

/**
 * A pairwise `did:key` made for one visit: the patient gives it to one hospital, receives the treatment credential
 * on it and publishes reviews of that visit under it, so nothing links the visit to their other DIDs.
 */
export interface PairwiseIdentity {
  /** `did:key:z6Mk…` of the secret. */
  did: string;
  /** The Ed25519 secret, base64url. Only ever stored inside the sealed vault. */
  secret: string;
  /** What the holder called it (e.g. the clinic's name). */
  label: string;
  createdAt: string;
}

/** A review this wallet published (kept so the holder sees what they wrote and where). */
export interface PublishedReviewRecord {
  /** The treatment credential reviewed (`StoredCredential.id`). */
  treatmentCredentialId: string;
  /** The directory's id of the review. */
  reviewId: string;
  /** The reviewed doctor or hospital DID. */
  about: string;
  rating: number;
  publishedAt: string;
  /** The directory it was published to (base URL). */
  directory: string;
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
  /** Visit (pairwise) identities; absent in wallets made before they existed. */
  pairwise?: PairwiseIdentity[];
  /** Reviews published from this wallet. */
  reviews?: PublishedReviewRecord[];
}

/** An open wallet's keys: the main holder key and one per visit identity. */
export interface WalletKeys {
  holder: HolderKey;
  /** Visit identities' keys by DID. */
  pairwise: ReadonlyMap<string, HolderKey>;
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
export function walletFromContents(value: unknown): {
  contents: WalletContents;
  holder: HolderKey;
  pairwise: ReadonlyMap<string, HolderKey>;
} {
  const c = value as Partial<WalletContents> | null;
  if (typeof c !== 'object' || c === null || c.version !== 1 || typeof c.secret !== 'string') {
    throw new TypeError('the wallet contents are malformed');
  }
  if (!Array.isArray(c.credentials) || !c.credentials.every((x) => typeof x?.jwt === 'string')) {
    throw new TypeError('the wallet credentials are malformed');
  }
  const holder = holderKeyFromSecret(base64urlDecode(c.secret));
  if (holder.did !== c.did) throw new TypeError('the wallet DID does not match its key');
  if (c.pairwise !== undefined && !Array.isArray(c.pairwise)) {
    throw new TypeError('the wallet visit identities are malformed');
  }
  if (c.reviews !== undefined && !Array.isArray(c.reviews)) {
    throw new TypeError('the wallet reviews are malformed');
  }
  const pairwise = new Map<string, HolderKey>();
  for (const identity of c.pairwise ?? []) {
    if (typeof identity?.secret !== 'string' || typeof identity.did !== 'string') {
      throw new TypeError('the wallet visit identities are malformed');
    }
    const key = holderKeyFromSecret(base64urlDecode(identity.secret));
    if (key.did !== identity.did) throw new TypeError('a visit identity does not match its key');
    pairwise.set(key.did, key);
  }
  return { contents: c as WalletContents, holder, pairwise };
}

/**
 * The contents with a new visit identity.
 * @param contents - current contents.
 * @param secret - a fresh 32-byte Ed25519 secret.
 * @param label - what the holder calls it (trimmed, at most 80 characters).
 * @param now - creation time.
 * @returns new contents (the identity first) and the identity.
 */
export function withPairwiseIdentity(
  contents: WalletContents,
  secret: Uint8Array,
  label: string,
  now: Date,
): { contents: WalletContents; identity: PairwiseIdentity } {
  const identity: PairwiseIdentity = {
    did: holderKeyFromSecret(secret).did,
    secret: base64urlEncode(secret),
    label: label.trim().slice(0, 80) || `Visit of ${now.toISOString().slice(0, 10)}`,
    createdAt: now.toISOString(),
  };
  return { contents: { ...contents, pairwise: [identity, ...(contents.pairwise ?? [])] }, identity };
}

/**
 * The contents with a published review recorded (replacing an earlier record of the same review).
 * @param contents - current contents.
 * @param review - what was published.
 * @returns new contents.
 */
export function withPublishedReview(contents: WalletContents, review: PublishedReviewRecord): WalletContents {
  return {
    ...contents,
    reviews: [review, ...(contents.reviews ?? []).filter((r) => r.reviewId !== review.reviewId)],
  };
}

/**
 * The key a credential is bound to: its visit identity's, or the main holder key.
 * @param keys - the wallet's keys.
 * @param credential - a held credential.
 * @returns the key, or undefined when the credential names a visit identity this wallet no longer holds.
 */
export function keyOfCredential(keys: WalletKeys, credential: StoredCredential): HolderKey | undefined {
  if (credential.holderDid === undefined || credential.holderDid === keys.holder.did) return keys.holder;
  return keys.pairwise.get(credential.holderDid);
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
 * The contents with the answer of an anchor proof lookup recorded on a credential: the proof once anchored
 * (replacing any earlier state), else the state and time of the last answer (an earlier proof is kept).
 * @param contents - current contents.
 * @param id - the credential id.
 * @param lookup - what the issuer said.
 * @param now - when.
 * @returns new contents (the same object when the credential is gone or nothing changed).
 */
export function withAnchorLookup(
  contents: WalletContents,
  id: string,
  lookup: AnchorLookup,
  now: Date,
): WalletContents {
  const current = contents.credentials.find((c) => c.id === id);
  if (current === undefined) return contents;
  let next: StoredCredential;
  if (lookup.state === 'anchored') {
    if (JSON.stringify(current.anchorProof) === JSON.stringify(lookup.proof)) return contents;
    const { anchorLookup: _done, ...rest } = current;
    void _done;
    next = { ...rest, anchorProof: lookup.proof };
  } else {
    if (current.anchorProof !== undefined) return contents;
    next = { ...current, anchorLookup: { state: lookup.state, checkedAt: now.toISOString() } };
  }
  return {
    ...contents,
    credentials: contents.credentials.map((c) => (c.id === id ? next : c)),
  };
}

/**
 * The anchor proofs of the credentials given (those that have one), for a presentation or a verification call.
 * @param credentials - held credentials.
 * @returns their proofs, in order, without duplicates.
 */
export function anchorProofsOf(credentials: ReadonlyArray<StoredCredential | undefined>): AnchorProof[] {
  const seen = new Set<string>();
  const proofs: AnchorProof[] = [];
  for (const credential of credentials) {
    const proof = credential?.anchorProof;
    if (proof === undefined || seen.has(proof.credentialHash)) continue;
    seen.add(proof.credentialHash);
    proofs.push(proof);
  }
  return proofs;
}

/**
 * Whether the wallet should ask a credential's issuer for its anchor proof: it has none yet and knows who delivered
 * it.
 * @param credential - a held credential.
 * @returns true when a lookup can give it a proof.
 */
export function needsAnchorProof(credential: StoredCredential): boolean {
  return credential.anchorProof === undefined && credential.deliveredBy !== undefined;
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
