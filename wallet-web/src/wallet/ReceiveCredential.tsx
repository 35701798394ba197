import { useState, type FormEvent } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import {
  previewOffer,
  receiveCredential,
  resolveOfferLink,
  type OfferPreview,
} from '../lib/oid4vci-client.ts';
import type { HolderKey } from '../lib/holder-key.ts';
import { decodeJwt } from '../lib/jws.ts';
import { Alert } from '../ui/Alert.tsx';
import { LinkInput } from '../ui/LinkInput.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { OpenWallet, WalletApi } from './use-wallet.ts';

type Step = { name: 'link' } | { name: 'confirm'; preview: OfferPreview } | { name: 'done'; title: string };

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);

/**
 * The order in which the wallet proves possession of its keys: a treatment record is issued to the visit DID the
 * patient gave the hospital, so visit keys (newest first) go first for it; anything else to the main DID first.
 */
function keysToTry(
  wallet: OpenWallet,
  configurationId: string,
): { holder: HolderKey; alternates: HolderKey[] } {
  const visits = [...wallet.pairwise.values()];
  if (configurationId.startsWith('TreatmentCredential') && visits.length > 0) {
    return { holder: visits[0]!, alternates: [...visits.slice(1), wallet.holder] };
  }
  return { holder: wallet.holder, alternates: visits };
}

/**
 * Receives a credential from an OID4VCI offer: paste or scan the `openid-credential-offer://` link, see who offers
 * what, enter the PIN when asked, accept.
 * @param props - the wallet API, the open wallet, and what to do when finished.
 */
export function ReceiveCredential({
  api,
  wallet,
  onDone,
}: {
  api: WalletApi;
  wallet: OpenWallet;
  onDone: () => void;
}) {
  const [step, setStep] = useState<Step>({ name: 'link' });
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  const open = async (link: string) => {
    setError(undefined);
    setBusy('Reading the offer');
    try {
      const offer = await resolveOfferLink(link, browserFetch);
      setStep({ name: 'confirm', preview: await previewOffer(offer, browserFetch) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  const accept = async (event: FormEvent, preview: OfferPreview) => {
    event.preventDefault();
    setError(undefined);
    setBusy('Receiving the credential');
    try {
      const received = await receiveCredential({
        preview,
        ...keysToTry(wallet, preview.offer.configurationIds[0] ?? ''),
        fetchFn: browserFetch,
        ...(preview.offer.txCode ? { txCode: pin } : {}),
      });
      const jti = decodeJwt(received.credential)?.payload.jti;
      await api.addCredential({
        id: typeof jti === 'string' ? jti : `local:${crypto.randomUUID()}`,
        jwt: received.credential,
        receivedAt: new Date().toISOString(),
        deliveredBy: received.credentialIssuer,
        issuerName: received.issuerName,
        ...(received.holderDid === wallet.holder.did ? {} : { holderDid: received.holderDid }),
      });
      setPin('');
      setStep({ name: 'done', title: preview.credentialName });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="panel" aria-labelledby="receive-title">
      <h2 id="receive-title">Receive a credential</h2>
      {step.name === 'link' && (
        <LinkInput
          label="Credential offer link"
          hint="Paste the link the issuer gave you (it starts with openid-credential-offer://), or scan its QR code."
          submitLabel="Open offer"
          {...(busy ? { busy: true } : {})}
          onSubmit={(link) => void open(link)}
        />
      )}
      {step.name === 'confirm' && (
        <form onSubmit={(e) => void accept(e, step.preview)}>
          <p className="offer-summary">
            <strong>{step.preview.issuerName}</strong> offers you a{' '}
            <strong>{step.preview.credentialName}</strong>.
          </p>
          <p className="hint">
            From {new URL(step.preview.offer.credentialIssuer).host}. It will be bound to your DID (or to the
            visit DID you gave them).
          </p>
          {step.preview.offer.txCode && (
            <TextField
              label="PIN"
              value={pin}
              onValueChange={setPin}
              inputMode={step.preview.offer.txCode.inputMode === 'numeric' ? 'numeric' : 'text'}
              autoComplete="one-time-code"
              required
              hint={`${step.preview.offer.txCode.description ?? 'The PIN the issuer gave you separately'}${
                step.preview.offer.txCode.length ? ` (${step.preview.offer.txCode.length} characters)` : ''
              }.`}
              {...(step.preview.offer.txCode.length ? { maxLength: step.preview.offer.txCode.length } : {})}
            />
          )}
          <div className="actions">
            <button type="submit" disabled={!!busy || (!!step.preview.offer.txCode && pin.trim() === '')}>
              Accept credential
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setStep({ name: 'link' });
                setError(undefined);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      {step.name === 'done' && (
        <>
          <Alert tone="success" title="Credential received">
            Your {step.title} is in your wallet.
          </Alert>
          <div className="actions">
            <button type="button" onClick={onDone}>
              Back to my credentials
            </button>
          </div>
        </>
      )}
      {busy && <Loading label={busy} />}
      {error && (
        <Alert tone="error" title="The credential could not be received">
          {error}
        </Alert>
      )}
    </div>
  );
}
