import { useState } from 'react';
import { ApiError, errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Loading } from '../ui/Loading.tsx';
import type { IssuerClient } from './issuer-client.ts';

/**
 * Signing key rotation (admins): a new key is published on-chain as a delegate of the organisation's DID and the
 * old one is retired. Credentials already issued stay valid.
 * @param props - the issuer client.
 */
export function KeyRotation({ client }: { client: IssuerClient }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kid: string; retiredKid: string; txHash: string }>();
  const [error, setError] = useState<string>();

  const rotate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await client.rotateKey());
      setConfirming(false);
    } catch (e) {
      setConfirming(false);
      setError(
        e instanceof ApiError && e.status === 403
          ? 'Only an admin API key can rotate keys.'
          : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel">
      <h2>Signing keys</h2>
      <p>
        Rotate the key that signs your credentials, for example after a staff change or a suspected leak. The
        new key is published on the chain as a delegate of your organisation’s DID; the old one is retired and
        never signs again. Credentials already issued stay valid.
      </p>
      <div className="actions">
        <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
          Rotate signing key
        </button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {result && (
        <Alert tone="success" title="Key rotated">
          <p>
            New key <span className="mono">{result.kid}</span>
          </p>
          <p>
            Retired <span className="mono">{result.retiredKid}</span>
          </p>
          <p>
            Transaction <span className="mono">{result.txHash}</span>
          </p>
        </Alert>
      )}
      <ConfirmDialog
        open={confirming}
        title="Rotate the signing key?"
        confirmLabel="Rotate"
        confirmDisabled={busy}
        onConfirm={() => void rotate()}
        onCancel={() => setConfirming(false)}
      >
        <p>This sends a transaction to the chain. It cannot be undone.</p>
        {busy && <Loading label="Rotating" />}
      </ConfirmDialog>
    </div>
  );
}
