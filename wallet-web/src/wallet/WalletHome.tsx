import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { viewCredential } from '../lib/credential-view.ts';
import { Alert } from '../ui/Alert.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { AnswerRequest } from './AnswerRequest.tsx';
import { CredentialCard } from './CredentialCard.tsx';
import { DidPanel } from './DidPanel.tsx';
import { ReceiveCredential } from './ReceiveCredential.tsx';
import { ReviewsOfMyTreatments } from './ReviewsOfMyTreatments.tsx';
import { useAnchorProofs } from './use-anchor-proofs.ts';
import type { OpenWallet, WalletApi } from './use-wallet.ts';
import { VisitIdentities } from './VisitIdentities.tsx';
import { WriteReview } from './WriteReview.tsx';

type View = 'home' | 'receive' | 'answer' | { review: string };

/** The wallet locks itself after this long without any input (ms). */
export const AUTO_LOCK_MS = 10 * 60_000;

/** Locks the wallet after {@link AUTO_LOCK_MS} without keyboard, pointer or touch input. */
function useAutoLock(lock: () => void): void {
  const latest = useRef(lock);
  latest.current = lock;
  useEffect(() => {
    let timer = setTimeout(() => latest.current(), AUTO_LOCK_MS);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), AUTO_LOCK_MS);
    };
    const events = ['keydown', 'pointerdown', 'touchstart', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, []);
}

/**
 * The open wallet: the holder's DID, the credentials with their live status, and the actions (receive, answer a
 * verifier, back up, lock).
 * @param props - the wallet API and the open wallet.
 */
export function WalletHome({ api, wallet }: { api: WalletApi; wallet: OpenWallet }) {
  const [view, setView] = useState<View>('home');
  const [removing, setRemoving] = useState<string>();
  const [error, setError] = useState<string>();
  const credentials = wallet.contents.credentials;
  const reviewing = typeof view === 'object' ? credentials.find((c) => c.id === view.review) : undefined;
  const kindOf = (jwt: string) => viewCredential(jwt)?.kind;
  // A doctor's wallet holds their licence on its main DID: it shows the reviews of their treatments.
  const isDoctor = credentials.some((c) => c.holderDid === undefined && kindOf(c.jwt) === 'licence');
  const visitLabel = (did: string | undefined) =>
    did === undefined
      ? undefined
      : (wallet.contents.pairwise?.find((p) => p.did === did)?.label ?? 'a visit');
  useAutoLock(api.lock);
  useAnchorProofs(api, credentials);

  const downloadBackup = async () => {
    setError(undefined);
    try {
      const url = URL.createObjectURL(await api.backupFile());
      const a = document.createElement('a');
      a.href = url;
      a.download = `medtrust-wallet-backup-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const remove = async () => {
    if (!removing) return;
    try {
      await api.removeCredential(removing);
    } catch (e) {
      setError(errorMessage(e));
    }
    setRemoving(undefined);
  };

  return (
    <div className="stack">
      <div className="toolbar" role="toolbar" aria-label="Wallet actions">
        <button type="button" onClick={() => setView('receive')} aria-pressed={view === 'receive'}>
          Receive a credential
        </button>
        <button type="button" onClick={() => setView('answer')} aria-pressed={view === 'answer'}>
          Answer a verifier
        </button>
        <button type="button" className="secondary" onClick={() => void downloadBackup()}>
          Download backup
        </button>
        <button type="button" className="secondary" onClick={api.lock}>
          Lock wallet
        </button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {view === 'receive' && <ReceiveCredential api={api} wallet={wallet} onDone={() => setView('home')} />}
      {view === 'answer' && <AnswerRequest wallet={wallet} onDone={() => setView('home')} />}
      {reviewing && (
        <WriteReview
          key={reviewing.id}
          api={api}
          wallet={wallet}
          treatment={reviewing}
          onDone={() => setView('home')}
        />
      )}
      <section aria-labelledby="credentials-title" className="stack">
        <h2 id="credentials-title">Your credentials</h2>
        {credentials.length === 0 ? (
          <p className="empty">
            No credentials yet. When an issuer sends you an offer, choose “Receive a credential”.
          </p>
        ) : (
          <div className="cards">
            {credentials.map((c) => (
              <CredentialCard
                key={c.id}
                credential={c}
                onAnchorProof={(proof) =>
                  void api.recordAnchorLookup(c.id, { state: 'anchored', proof }).catch(() => undefined)
                }
              >
                {c.holderDid !== undefined && (
                  <p className="hint">Held by your visit identity “{visitLabel(c.holderDid)}”.</p>
                )}
                {kindOf(c.jwt) === 'treatment' && (
                  <>
                    {(wallet.contents.reviews ?? [])
                      .filter((r) => r.treatmentCredentialId === c.id)
                      .map((r) => (
                        <p key={r.reviewId} className="hint">
                          You published a {r.rating}-star review on{' '}
                          {new Date(r.publishedAt).toLocaleDateString('en-GB', { dateStyle: 'long' })}.
                        </p>
                      ))}
                    <button type="button" onClick={() => setView({ review: c.id })}>
                      Write a review
                    </button>
                  </>
                )}
                <button type="button" className="link danger-link" onClick={() => setRemoving(c.id)}>
                  Remove from wallet
                </button>
              </CredentialCard>
            ))}
          </div>
        )}
      </section>
      {isDoctor && <ReviewsOfMyTreatments wallet={wallet} />}
      <DidPanel did={wallet.holder.did} />
      <VisitIdentities api={api} wallet={wallet} />
      <ConfirmDialog
        open={removing !== undefined}
        title="Remove this credential?"
        confirmLabel="Remove"
        danger
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(undefined)}
      >
        <p>
          The {viewCredential(credentials.find((c) => c.id === removing)?.jwt ?? '')?.title ?? 'credential'}{' '}
          is deleted from this wallet. The issuer would have to issue it again.
        </p>
      </ConfirmDialog>
    </div>
  );
}
