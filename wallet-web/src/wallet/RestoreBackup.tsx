import { useId, useState, type FormEvent } from 'react';
import { WrongPassphraseError } from '../lib/vault-crypto.ts';
import { errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { WalletApi } from './use-wallet.ts';

/**
 * Restores a wallet from an encrypted backup file; the passphrase is checked before anything is replaced.
 * @param props - the wallet API; `replaces` when a wallet already exists in this browser.
 */
export function RestoreBackup({ api, replaces }: { api: WalletApi; replaces?: boolean }) {
  const fileId = useId();
  const [file, setFile] = useState<File>();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.restore(await file.text(), passphrase);
    } catch (e) {
      setError(
        e instanceof WrongPassphraseError ? 'That passphrase does not open this backup.' : errorMessage(e),
      );
      setBusy(false);
    }
  };

  return (
    <details className="panel">
      <summary>Restore from a backup file</summary>
      {replaces && <p>Restoring replaces the wallet now stored in this browser.</p>}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={fileId}>Backup file</label>
          <input
            id={fileId}
            type="file"
            accept="application/json,.json"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </div>
        <TextField
          label="Backup passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onValueChange={setPassphrase}
        />
        <div className="actions">
          <button type="submit" disabled={busy || !file || passphrase === ''}>
            Restore wallet
          </button>
        </div>
        {busy && <Loading label="Decrypting the backup" />}
        {error && <Alert tone="error">{error}</Alert>}
      </form>
    </details>
  );
}
