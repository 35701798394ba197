import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import { signIn, type ConsoleSession } from './console-session.ts';

/**
 * Staff sign-in: paste the organisation's API key; it is exchanged for a session token and then forgotten.
 * @param props - the issuer API base and what to do once signed in.
 */
export function SignIn({
  issuerApi,
  onSignedIn,
}: {
  issuerApi: string;
  onSignedIn: (s: ConsoleSession) => void;
}) {
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn(issuerApi, apiKey);
      setApiKey('');
      onSignedIn(session);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? 'That API key is not valid (or was revoked).'
          : errorMessage(e),
      );
      setBusy(false);
    }
  };

  return (
    <div className="panel narrow">
      <h2>Staff sign-in</h2>
      <p>
        Paste your organisation’s API key. It is exchanged for a session that ends when you close this tab.
      </p>
      <form onSubmit={submit}>
        <TextField
          label="API key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          onValueChange={setApiKey}
          required
          {...(error ? { error } : {})}
        />
        <div className="actions">
          <button type="submit" disabled={busy || apiKey.trim() === ''}>
            Sign in
          </button>
        </div>
        {busy && <Loading label="Signing in" />}
      </form>
      {error && !busy && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
