import { useState } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { CopyField } from '../ui/CopyField.tsx';
import { Loading } from '../ui/Loading.tsx';
import type { IssuerClient, Offer } from './issuer-client.ts';

/**
 * Creates an OID4VCI offer for an issued credential: QR code and link for the holder's wallet, and a PIN to give
 * them through another channel.
 * @param props - the issuer client and the credential id.
 */
export function OfferPanel({ client, credentialId }: { client: IssuerClient; credentialId: string }) {
  const [pin, setPin] = useState(true);
  const [offer, setOffer] = useState<Offer>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setOffer(await client.createOffer(credentialId, pin));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="offer">
      <h3>Send it to the holder’s wallet</h3>
      <div className="field checkbox">
        <input
          id={`pin-${credentialId}`}
          type="checkbox"
          checked={pin}
          onChange={(e) => setPin(e.target.checked)}
        />
        <label htmlFor={`pin-${credentialId}`}>Ask for a PIN (give it to the holder separately)</label>
      </div>
      <div className="actions">
        <button type="button" onClick={() => void create()} disabled={busy}>
          {offer ? 'Create another offer' : 'Create offer'}
        </button>
      </div>
      {busy && <Loading label="Creating the offer" />}
      {error && <Alert tone="error">{error}</Alert>}
      {offer && (
        <div className="offer-result" role="region" aria-label="Credential offer">
          <img
            className="qr"
            src={offer.qrPngDataUrl}
            alt="QR code of the credential offer"
            width={240}
            height={240}
          />
          <CopyField label="Offer link" value={offer.offerUri} />
          {offer.pin && <CopyField label="PIN" value={offer.pin} />}
          <p className="hint">
            Single use; expires at {new Date(offer.expiresAt).toLocaleTimeString('en-GB')}. The link and PIN
            are shown only now.
          </p>
        </div>
      )}
    </div>
  );
}
