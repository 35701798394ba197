import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { credentialTitle, shortDid } from '../lib/credential-view.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import { CredentialDetail } from './CredentialDetail.tsx';
import { TYPE_ROUTES, type CredentialSummary, type IssuerClient } from './issuer-client.ts';

function statusText(c: CredentialSummary): string {
  return c.revoked ? 'Revoked' : c.suspended ? 'Suspended' : 'Active';
}

/**
 * The organisation's credentials: search (text, type), page, and open one to see its on-chain status, revoke,
 * suspend or offer it again.
 * @param props - the issuer client.
 */
export function CredentialList({ client }: { client: IssuerClient }) {
  const typeId = useId();
  const [text, setText] = useState('');
  const [type, setType] = useState('');
  const [query, setQuery] = useState<{ q: string; type: string }>({ q: '', type: '' });
  const [items, setItems] = useState<CredentialSummary[]>();
  const [cursor, setCursor] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(
    async (more?: string) => {
      setBusy(true);
      setError(undefined);
      try {
        const page = await client.search({
          ...(query.q ? { q: query.q } : {}),
          ...(query.type ? { type: query.type } : {}),
          limit: '25',
          ...(more ? { cursor: more } : {}),
        });
        setItems((previous) => (more ? [...(previous ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [client, query],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setSelected(undefined);
    setQuery({ q: text.trim(), type });
  };

  const chosen = items?.find((c) => c.id === selected);
  return (
    <div className="stack">
      <form className="panel search" role="search" onSubmit={search}>
        <h2>Credentials</h2>
        <TextField
          label="Search credentials"
          hint="A credential id or subject DID, or part of one."
          type="search"
          value={text}
          onValueChange={setText}
        />
        <div className="field">
          <label htmlFor={typeId}>Type</label>
          <select id={typeId} value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">All types</option>
            {Object.keys(TYPE_ROUTES).map((t) => (
              <option key={t} value={t}>
                {credentialTitle(t)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit">Search</button>
        </div>
      </form>
      {error && <Alert tone="error">{error}</Alert>}
      {items && items.length === 0 && <p className="empty">No credentials match.</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Issued credentials</caption>
            <thead>
              <tr>
                <th scope="col">Credential</th>
                <th scope="col">Subject</th>
                <th scope="col">Issued</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} className={c.id === selected ? 'selected' : undefined}>
                  <td>
                    {credentialTitle(c.type)}
                    <br />
                    <span className="mono hint">{c.id}</span>
                  </td>
                  <td className="mono">{c.subjectId ? shortDid(c.subjectId) : '—'}</td>
                  <td>{new Date(c.issuedAt).toLocaleString('en-GB')}</td>
                  <td>{statusText(c)}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Open ${credentialTitle(c.type)} ${c.id}`}
                      onClick={() => setSelected(c.id === selected ? undefined : c.id)}
                    >
                      {c.id === selected ? 'Close' : 'Open'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void load(cursor)} disabled={busy}>
            Load more
          </button>
        </div>
      )}
      {busy && <Loading label="Searching" />}
      {chosen && (
        <CredentialDetail key={chosen.id} client={client} credential={chosen} onChanged={() => void load()} />
      )}
    </div>
  );
}
