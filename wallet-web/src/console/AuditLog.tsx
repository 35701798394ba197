import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import type { AuditEntry, IssuerClient } from './issuer-client.ts';

/** Audit actions in words; unknown ones are shown as recorded. */
const ACTION_TEXT: Record<string, string> = {
  'auth.login': 'Staff sign-in',
  'credential.issued': 'Credential issued',
  'credential.revoked': 'Credential revoked',
  'credential.suspended': 'Credential suspended',
  'credential.reinstated': 'Credential reinstated',
  'batch.created': 'Batch started',
  'batch.completed': 'Batch completed',
  'key.rotated': 'Signing key rotated',
  'api-key.created': 'API key created',
  'api-key.revoked': 'API key revoked',
  'organisation.identity-created': 'Organisation identity created',
  'oid4vci.offer.create': 'Offer created',
  'oid4vci.offer.redeem': 'Offer redeemed by a wallet',
  'oid4vci.credential.deliver': 'Credential delivered to a wallet',
  'oid4vci.offer.pin_attempt': 'PIN attempt',
  'oid4vci.offer.lock': 'Offer locked (too many PIN attempts)',
};

/** A long id shortened for the table (the full value in the tooltip). */
function short(text: string): string {
  return text.length > 26 ? `${text.slice(0, 16)}…${text.slice(-6)}` : text;
}

function detailText(detail: Record<string, unknown> | null): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/**
 * The organisation's append-only audit log, newest first (issuance, status changes, offers, key changes,
 * sign-ins), older pages on request.
 * @param props - the issuer client.
 */
export function AuditLog({ client }: { client: IssuerClient }) {
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [before, setBefore] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(
    async (older?: number) => {
      setBusy(true);
      setError(undefined);
      try {
        const page = await client.audit(older);
        setEntries((previous) => (older ? [...(previous ?? []), ...page.entries] : page.entries));
        setBefore(page.nextBefore ?? undefined);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [client],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Audit log</h2>
        <button type="button" className="secondary" onClick={() => void load()} disabled={busy}>
          Refresh
        </button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {entries && (
        <div className="table-wrap">
          <table>
            <caption>Newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td>{new Date(e.at).toLocaleString('en-GB')}</td>
                  <td>
                    <span>{ACTION_TEXT[e.action] ?? e.action}</span>
                    {ACTION_TEXT[e.action] && (
                      <>
                        <br />
                        <span className="mono hint">{e.action}</span>
                      </>
                    )}
                  </td>
                  <td className="mono nowrap" title={e.actor}>
                    {short(e.actor)}
                  </td>
                  <td className="mono nowrap" title={e.target ?? undefined}>
                    {e.target ? short(e.target) : '—'}
                  </td>
                  <td>{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {before !== undefined && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void load(before)} disabled={busy}>
            Older entries
          </button>
        </div>
      )}
      {busy && <Loading label="Reading the audit log" />}
    </div>
  );
}
