import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { credentialTitle, shortDid } from '../lib/credential-view.ts';
import { Alert } from '../ui/Alert.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { CredentialStatusView, CredentialSummary, IssuerClient, StatusChange } from './issuer-client.ts';
import { OfferPanel } from './OfferPanel.tsx';

type Action = 'revoke' | 'suspend' | 'reinstate';

const ACTIONS: Record<Action, { label: string; title: string; explain: string; danger: boolean }> = {
  revoke: {
    label: 'Revoke',
    title: 'Revoke this credential?',
    explain: 'Revocation is permanent: every verifier will see it as revoked once it is on the chain.',
    danger: true,
  },
  suspend: {
    label: 'Suspend',
    title: 'Suspend this credential?',
    explain: 'Verifiers will see it as suspended until it is reinstated.',
    danger: true,
  },
  reinstate: {
    label: 'Reinstate',
    title: 'Reinstate this credential?',
    explain: 'The suspension is lifted on the chain.',
    danger: false,
  },
};

const PAST: Record<Action, string> = {
  revoke: 'Revocation',
  suspend: 'Suspension',
  reinstate: 'Reinstatement',
};

function changeState(change: StatusChange): string {
  if (change.state === 'confirmed') return `Confirmed on-chain in block ${change.blockNumber ?? '?'}`;
  if (change.state === 'sent') return 'Sent to the chain, waiting for a block';
  return change.attempts > 0 ? `Pending (retrying: ${change.lastError ?? 'chain unavailable'})` : 'Pending';
}

/**
 * One credential for staff: its on-chain status with every change (pending / sent / confirmed, transaction hash,
 * block), revoke / suspend / reinstate behind a confirmation with a reason, and a new offer to the holder.
 * @param props - the issuer client, the credential, and a callback when its status changed.
 */
export function CredentialDetail({
  client,
  credential,
  onChanged,
}: {
  client: IssuerClient;
  credential: CredentialSummary;
  onChanged: () => void;
}) {
  const [status, setStatus] = useState<CredentialStatusView>();
  const [action, setAction] = useState<Action>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(
    () => client.status(credential.id).then(setStatus, (e: unknown) => setError(errorMessage(e))),
    [client, credential.id],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const inFlight = status?.changes.some((c) => c.state !== 'confirmed') ?? false;
  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(() => void load(), 1000);
    return () => clearInterval(timer);
  }, [inFlight, load]);

  const confirm = async () => {
    if (!action || reason.trim() === '') return;
    setBusy(true);
    setError(undefined);
    try {
      await client.changeStatus(credential.id, action, reason.trim());
      setAction(undefined);
      setReason('');
      await load();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const current = status?.revoked ? 'Revoked' : status?.suspended ? 'Suspended' : 'Active';
  return (
    <section className="panel detail" aria-labelledby={`detail-${credential.id}`}>
      <h3 id={`detail-${credential.id}`}>{credentialTitle(credential.type)}</h3>
      <dl className="facts">
        <div>
          <dt>Id</dt>
          <dd className="mono">{credential.id}</dd>
        </div>
        <div>
          <dt>Subject</dt>
          <dd className="mono">{credential.subjectId ? shortDid(credential.subjectId) : '—'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <strong>{status ? current : '…'}</strong>
            {status?.listId != null && (
              <span className="hint">
                {' '}
                (on-chain list {status.listId}, slot {status.index})
              </span>
            )}
          </dd>
        </div>
      </dl>
      {!status && !error && <Loading label="Reading the status" />}
      {status && status.changes.length > 0 && (
        <table>
          <caption>Status changes</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Reason</th>
              <th scope="col">Requested</th>
              <th scope="col">On-chain</th>
              <th scope="col">Transaction</th>
            </tr>
          </thead>
          <tbody>
            {status.changes.map((c) => (
              <tr key={c.id}>
                <td>{PAST[c.action]}</td>
                <td>{c.reason ?? '—'}</td>
                <td>{new Date(c.requestedAt).toLocaleString('en-GB')}</td>
                <td>{changeState(c)}</td>
                <td className="mono">{c.txHash ? `${c.txHash.slice(0, 10)}…${c.txHash.slice(-6)}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status && (
        <div className="actions">
          {!status.revoked && (
            <button type="button" className="danger" onClick={() => setAction('revoke')}>
              Revoke
            </button>
          )}
          {!status.revoked && !status.suspended && (
            <button type="button" className="secondary" onClick={() => setAction('suspend')}>
              Suspend
            </button>
          )}
          {!status.revoked && status.suspended && (
            <button type="button" className="secondary" onClick={() => setAction('reinstate')}>
              Reinstate
            </button>
          )}
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {status && !status.revoked && credential.subjectId?.startsWith('did:') && (
        <OfferPanel client={client} credentialId={credential.id} />
      )}
      <ConfirmDialog
        open={action !== undefined}
        title={action ? ACTIONS[action].title : ''}
        confirmLabel={action ? ACTIONS[action].label : 'Confirm'}
        danger={action ? ACTIONS[action].danger : false}
        confirmDisabled={busy || reason.trim() === ''}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setAction(undefined);
          setReason('');
        }}
      >
        {action && <p>{ACTIONS[action].explain}</p>}
        <TextField
          label="Reason"
          hint="A short reason for the audit log (no patient details)."
          value={reason}
          onValueChange={setReason}
          maxLength={500}
          required
        />
        {busy && <Loading label="Queuing the change" />}
      </ConfirmDialog>
    </section>
  );
}
