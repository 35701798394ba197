import { useState, type FormEvent } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { CopyField } from '../ui/CopyField.tsx';
import { QrToggle } from '../ui/QrToggle.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { OpenWallet, WalletApi } from './use-wallet.ts';

/**
 * Visit identities: a new `did:key` for each visit, given to one hospital only. The treatment record arrives on it
 * and reviews of that visit are published under it, so the directory (and the hospital) cannot link the visit to
 * the patient's other DIDs.
 * @param props - the wallet API and the open wallet.
 */
export function VisitIdentities({ api, wallet }: { api: WalletApi; wallet: OpenWallet }) {
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const identities = wallet.contents.pairwise ?? [];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await api.createVisitIdentity(label);
      setLabel('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel stack" aria-labelledby="visits-title">
      <h2 id="visits-title">Visit identities</h2>
      <p>
        Before a treatment, make a new DID for that visit and give it to the hospital instead of your main
        DID. Your treatment record is issued to it, and a review you write about the visit is published under
        it: nothing links it to your other credentials.
      </p>
      <form onSubmit={(e) => void create(e)}>
        <TextField
          label="Visit name"
          value={label}
          onValueChange={setLabel}
          optional
          maxLength={80}
          hint="For you only, e.g. the clinic and the date."
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            New visit identity
          </button>
        </div>
      </form>
      {error && <Alert tone="error">{error}</Alert>}
      {identities.length > 0 && (
        <ul className="visit-list">
          {identities.map((identity) => (
            <li key={identity.did} className="visit-item">
              <CopyField label={`Visit DID: ${identity.label}`} value={identity.did} />
              <p className="hint">
                Made {new Date(identity.createdAt).toLocaleDateString('en-GB', { dateStyle: 'long' })} ·{' '}
                {wallet.contents.credentials.filter((c) => c.holderDid === identity.did).length} credential(s)
              </p>
              <QrToggle value={identity.did} alt={`QR code of the visit DID “${identity.label}”`} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
