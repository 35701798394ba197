import { useEffect, useId, useState } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { Alert } from '../ui/Alert.tsx';
import { CopyField } from '../ui/CopyField.tsx';
import { Loading } from '../ui/Loading.tsx';
import { ReportView } from './ReportView.tsx';
import type { Policy, PresentationRequestView, verifierApi } from './verifier-api.ts';

/** How often a pending request is read again (ms). */
const POLL_MS = 1000;

const STATE_TEXT: Record<PresentationRequestView['state'], string> = {
  pending: 'Waiting for the answer…',
  verified: 'Answer received: verified',
  rejected: 'Answer received: not verified',
  expired: 'The request expired without an answer',
};

/**
 * Asks a holder for credentials: pick a policy, show the request as a QR code and link, and follow it until the
 * answer arrives, then show the report.
 * @param props - the verifier API and its policies.
 */
export function PresentationRequestPanel({
  api,
  policies,
}: {
  api: ReturnType<typeof verifierApi>;
  policies: Policy[];
}) {
  const selectId = useId();
  const [policy, setPolicy] = useState(policies[0]?.id ?? '');
  const [request, setRequest] = useState<PresentationRequestView>();
  const [qr, setQr] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.createRequest(policy);
      setQr(created.qr);
      setRequest(created);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const pendingId = request?.state === 'pending' ? request.id : undefined;
  useEffect(() => {
    if (!pendingId) return;
    let cancelled = false;
    const timer = setInterval(() => {
      api.request(pendingId).then(
        (view) => {
          if (!cancelled && view.state !== 'pending') setRequest(view);
        },
        (e: unknown) => !cancelled && setError(errorMessage(e)),
      );
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, pendingId]);

  const chosen = policies.find((p) => p.id === policy);
  return (
    <div className="panel" aria-labelledby="ask-title">
      <h2 id="ask-title">Ask for credentials</h2>
      <div className="field">
        <label htmlFor={selectId}>What to check</label>
        <select id={selectId} value={policy} onChange={(e) => setPolicy(e.target.value)}>
          {policies.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
        {chosen?.presentationDefinition?.purpose && (
          <p className="hint">{chosen.presentationDefinition.purpose}</p>
        )}
      </div>
      <div className="actions">
        <button type="button" onClick={() => void create()} disabled={busy || !policy}>
          {request ? 'New request' : 'Create request'}
        </button>
      </div>
      {busy && <Loading label="Creating the request" />}
      {error && <Alert tone="error">{error}</Alert>}
      {request && (
        <div className="request">
          <h3>{request.title}</h3>
          <p className="request-state" role="status" aria-live="polite">
            {STATE_TEXT[request.state]}
          </p>
          {request.state === 'pending' && (
            <>
              {qr && (
                <img
                  className="qr"
                  src={qr}
                  width={260}
                  height={260}
                  alt="QR code of the presentation request: scan it with the wallet"
                />
              )}
              <CopyField label="Request link" value={request.oid4vp.authorizationRequestUri} />
              <p className="hint">
                Show the QR code to the person, or send them the link. It expires at{' '}
                {new Date(request.expiresAt).toLocaleTimeString('en-GB')}.
              </p>
            </>
          )}
          {request.report && <ReportView report={request.report} />}
        </div>
      )}
    </div>
  );
}
