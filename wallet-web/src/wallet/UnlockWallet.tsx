import { useState, type FormEvent } from 'react';
import { WrongPassphraseError } from '../lib/vault-crypto.ts';
import { errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import { RestoreBackup } from './RestoreBackup.tsx';
import type { WalletApi } from './use-wallet.ts';

/**
 * A locked wallet: unlock with the passphrase (or restore a backup over it).
 * @param props - the wallet API.
 */
export function UnlockWallet({ api }: { api: WalletApi }) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.unlock(passphrase);
    } catch (e) {
      setError(
        e instanceof WrongPassphraseError ? 'That passphrase does not open this wallet.' : errorMessage(e),
      );
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <div className="panel">
        <h2>Unlock your wallet</h2>
        <form onSubmit={submit}>
          <TextField
            label="Passphrase"
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onValueChange={setPassphrase}
            required
            {...(error ? { error } : {})}
          />
          <div className="actions">
            <button type="submit" disabled={busy || passphrase === ''}>
              Unlock
            </button>
          </div>
          {busy && <Loading label="Decrypting" />}
        </form>
      </div>
      <RestoreBackup api={api} replaces />
      {error && !busy && error !== 'That passphrase does not open this wallet.' && (
        <Alert tone="error">{error}</Alert>
      )}
    </div>
  );
}
