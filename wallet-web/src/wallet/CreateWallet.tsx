import { useState, type FormEvent } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import { MIN_PASSPHRASE_LENGTH, passphraseProblems } from './passphrase-rules.ts';
import { RestoreBackup } from './RestoreBackup.tsx';
import type { WalletApi } from './use-wallet.ts';

/**
 * First visit: create a DID and an encrypted wallet, or restore a backup.
 * @param props - the wallet API.
 */
export function CreateWallet({ api }: { api: WalletApi }) {
  const [passphrase, setPassphrase] = useState('');
  const [repeated, setRepeated] = useState('');
  const [problems, setProblems] = useState<{ passphrase?: string; repeated?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = passphraseProblems(passphrase, repeated);
    setProblems(found);
    if (found.passphrase || found.repeated) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.create(passphrase);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <div className="panel">
        <h2>Create your wallet</h2>
        <p>
          Your wallet makes a private key in this browser and a public identifier (a DID) from it. The key
          never leaves this device: it is stored encrypted with your passphrase. Nobody, not even medtrust,
          can recover it, so download a backup once your wallet is ready.
        </p>
        <form onSubmit={submit} noValidate>
          <TextField
            label="Passphrase"
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onValueChange={setPassphrase}
            hint={`At least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to remember.`}
            required
            {...(problems.passphrase ? { error: problems.passphrase } : {})}
          />
          <TextField
            label="Repeat the passphrase"
            type="password"
            autoComplete="new-password"
            value={repeated}
            onValueChange={setRepeated}
            required
            {...(problems.repeated ? { error: problems.repeated } : {})}
          />
          <div className="actions">
            <button type="submit" disabled={busy}>
              Create wallet
            </button>
          </div>
          {busy && <Loading label="Creating your key and encrypting your wallet" />}
          {error && <Alert tone="error">{error}</Alert>}
        </form>
      </div>
      <RestoreBackup api={api} />
    </div>
  );
}
