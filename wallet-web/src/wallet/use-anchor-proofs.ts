import { useEffect, useRef } from 'react';
import { waitForAnchorProof } from '../lib/anchor-proof.ts';
import { needsAnchorProof, type StoredCredential } from '../lib/wallet-contents.ts';
import type { WalletApi } from './use-wallet.ts';

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);

/**
 * Keeps the anchor proofs of the open wallet's credentials: for every credential without one (just received, still
 * pending at its issuer, or received before proofs existed), asks the issuer that delivered it, again with back-off
 * while it is pending (about a minute, see `ANCHOR_RETRY_DELAYS_MS`), and seals the proof beside the credential once
 * it is anchored. Each credential gets one such round per opening of the wallet (when it opens, or when the
 * credential arrives); all rounds stop when the wallet closes.
 * @param api - the wallet API (records each answer).
 * @param credentials - the open wallet's credentials.
 */
export function useAnchorProofs(
  api: Pick<WalletApi, 'recordAnchorLookup'>,
  credentials: readonly StoredCredential[],
): void {
  const running = useRef(new Map<string, AbortController>());
  /** Credentials that had their round since the wallet opened. */
  const tried = useRef(new Set<string>());
  const record = useRef(api.recordAnchorLookup);
  record.current = api.recordAnchorLookup;

  useEffect(() => {
    for (const credential of credentials) {
      if (!needsAnchorProof(credential) || tried.current.has(credential.id)) continue;
      tried.current.add(credential.id);
      const controller = new AbortController();
      running.current.set(credential.id, controller);
      void waitForAnchorProof(browserFetch, credential.deliveredBy!, credential.jwt, {
        signal: controller.signal,
        onAnswer: (lookup, attempt) => {
          if (controller.signal.aborted) return;
          // the proof, and the first answer of a round ("being registered"), are worth sealing; repeats are not
          if (lookup.state === 'anchored' || attempt === 0) {
            void record.current(credential.id, lookup).catch(() => undefined);
          }
        },
      }).finally(() => {
        if (running.current.get(credential.id) === controller) running.current.delete(credential.id);
      });
    }
  }, [credentials]);

  useEffect(() => {
    const lookups = running.current;
    const done = tried.current;
    return () => {
      for (const controller of lookups.values()) controller.abort();
      lookups.clear();
      done.clear();
    };
  }, []);
}
