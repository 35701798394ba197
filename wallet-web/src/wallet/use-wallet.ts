import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnchorLookup } from '../lib/anchor-proof.ts';
import { generateHolderSecret } from '../lib/holder-key.ts';
import {
  asSealedVault,
  createVaultKey,
  openVault,
  sealVault,
  type SealedVault,
  type VaultKey,
} from '../lib/vault-crypto.ts';
import { deleteSealedVault, loadSealedVault, saveSealedVault } from '../lib/vault-store.ts';
import {
  newWalletContents,
  walletFromContents,
  withAnchorLookup,
  withCredential,
  withoutCredential,
  withPairwiseIdentity,
  withPublishedReview,
  type PairwiseIdentity,
  type PublishedReviewRecord,
  type StoredCredential,
  type WalletContents,
  type WalletKeys,
} from '../lib/wallet-contents.ts';

/** An unlocked wallet: contents and keys in memory only. */
export interface OpenWallet extends WalletKeys {
  contents: WalletContents;
}

/** Where the wallet of this browser stands. */
export type WalletPhase = 'loading' | 'none' | 'locked' | 'open' | 'unavailable';

/** The wallet's state and actions. */
export interface WalletApi {
  phase: WalletPhase;
  wallet?: OpenWallet;
  /** Creates a new DID and wallet, sealed with the passphrase. */
  create(passphrase: string): Promise<void>;
  /** Opens the stored wallet. @throws WrongPassphraseError */
  unlock(passphrase: string): Promise<void>;
  /** Forgets the key and contents from memory. */
  lock(): void;
  /** Replaces this browser's wallet with a backup (checked with its passphrase first). */
  restore(backup: string, passphrase: string): Promise<void>;
  /** Removes the wallet from this browser. */
  remove(): Promise<void>;
  addCredential(credential: StoredCredential): Promise<void>;
  removeCredential(id: string): Promise<void>;
  /** Records what a credential's issuer said about its anchor (the proof, once anchored), sealed into the vault. */
  recordAnchorLookup(id: string, lookup: AnchorLookup): Promise<void>;
  /** Makes a new visit (pairwise) DID, sealed into the vault, and returns it. */
  createVisitIdentity(label: string): Promise<PairwiseIdentity>;
  /** Records a review published from this wallet. */
  recordReview(review: PublishedReviewRecord): Promise<void>;
  /** The encrypted backup file (the sealed vault as JSON). */
  backupFile(): Promise<Blob>;
}

/**
 * The wallet of this browser profile: sealed in IndexedDB with AES-GCM under a PBKDF2 key from the passphrase;
 * when open, the holder key and credentials live in memory only, and every change is sealed again before it is
 * stored.
 * @returns state and actions.
 */
export function useWallet(): WalletApi {
  const [phase, setPhase] = useState<WalletPhase>('loading');
  const [wallet, setWallet] = useState<OpenWallet>();
  const key = useRef<VaultKey | undefined>(undefined);
  const contentsRef = useRef<WalletContents | undefined>(undefined);

  useEffect(() => {
    if (!window.isSecureContext || !crypto.subtle || typeof indexedDB === 'undefined') {
      setPhase('unavailable');
      return;
    }
    loadSealedVault().then(
      (sealed) => setPhase(sealed ? 'locked' : 'none'),
      () => setPhase('unavailable'),
    );
  }, []);

  const open = useCallback((contents: WalletContents, vaultKey: VaultKey) => {
    const { holder, pairwise } = walletFromContents(contents);
    key.current = vaultKey;
    contentsRef.current = contents;
    setWallet({ contents, holder, pairwise });
    setPhase('open');
  }, []);

  const queue = useRef<Promise<unknown>>(Promise.resolve());

  /**
   * Applies a change to the latest contents and seals the result. Changes run one after another (an anchor proof
   * arriving while a credential is added), each on what the previous one stored, so none is lost.
   */
  const update = useCallback((change: (contents: WalletContents) => WalletContents): Promise<void> => {
    const run = async () => {
      const vaultKey = key.current;
      const current = contentsRef.current;
      if (!vaultKey || !current) throw new Error('the wallet is locked');
      const contents = change(current);
      if (contents === current) return;
      // Re-derive the keys from what is sealed, so memory never holds a key the vault does not.
      const { holder, pairwise } = walletFromContents(contents);
      await saveSealedVault(await sealVault(contents, vaultKey));
      if (key.current !== vaultKey) return; // locked (or replaced) meanwhile: what was sealed stays sealed
      contentsRef.current = contents;
      setWallet({ contents, holder, pairwise });
    };
    const next = queue.current.then(run, run);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  return {
    phase,
    ...(wallet ? { wallet } : {}),
    async create(passphrase) {
      const vaultKey = await createVaultKey(passphrase);
      const contents = newWalletContents(generateHolderSecret(), new Date());
      await saveSealedVault(await sealVault(contents, vaultKey));
      open(contents, vaultKey);
    },
    async unlock(passphrase) {
      const sealed = await loadSealedVault();
      if (!sealed) {
        setPhase('none');
        throw new Error('this browser holds no wallet');
      }
      const opened = await openVault(sealed, passphrase);
      open(walletFromContents(opened.contents).contents, opened.key);
    },
    lock() {
      key.current = undefined;
      contentsRef.current = undefined;
      setWallet(undefined);
      setPhase('locked');
    },
    async restore(backup, passphrase) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(backup);
      } catch {
        throw new Error('that file is not a medtrust wallet backup');
      }
      const sealed: SealedVault = asSealedVault(parsed);
      const opened = await openVault(sealed, passphrase);
      const { contents } = walletFromContents(opened.contents);
      await saveSealedVault(sealed);
      open(contents, opened.key);
    },
    async remove() {
      await deleteSealedVault();
      key.current = undefined;
      contentsRef.current = undefined;
      setWallet(undefined);
      setPhase('none');
    },
    async addCredential(credential) {
      await update((contents) => withCredential(contents, credential));
    },
    async removeCredential(id) {
      await update((contents) => withoutCredential(contents, id));
    },
    async recordAnchorLookup(id, lookup) {
      await update((contents) => withAnchorLookup(contents, id, lookup, new Date()));
    },
    async createVisitIdentity(label) {
      let made: PairwiseIdentity | undefined;
      await update((current) => {
        const { contents, identity } = withPairwiseIdentity(
          current,
          generateHolderSecret(),
          label,
          new Date(),
        );
        made = identity;
        return contents;
      });
      return made!;
    },
    async recordReview(review) {
      await update((contents) => withPublishedReview(contents, review));
    },
    async backupFile() {
      const sealed = await loadSealedVault();
      if (!sealed) throw new Error('this browser holds no wallet');
      return new Blob([JSON.stringify(sealed, null, 2)], { type: 'application/json' });
    },
  };
}
