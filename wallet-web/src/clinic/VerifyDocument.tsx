import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import type { VerificationReport } from '../lib/verification-report.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import { ReportView } from './ReportView.tsx';
import { splitAnchorProofs, type verifierApi } from './verifier-api.ts';

function parseDocument(text: string): string | Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return JSON.parse(trimmed) as Record<string, unknown>;
  return trimmed;
}

/**
 * Verifies a credential or presentation pasted or uploaded (compact JWT or JSON).
 * @param props - the verifier API.
 */
export function VerifyDocument({ api }: { api: ReturnType<typeof verifierApi> }) {
  const fileId = useId();
  const [text, setText] = useState('');
  const [report, setReport] = useState<VerificationReport>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      let document: string | Record<string, unknown>;
      try {
        document = parseDocument(text);
      } catch {
        throw new Error('That is neither a JWT nor valid JSON.');
      }
      // anchor proofs pasted with it (a wallet's or an issuer's record) go to the verifier as options.anchorProofs
      const { document: target, anchorProofs } = splitAnchorProofs(document);
      setReport(await api.verify(target, anchorProofs));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">Verify a document</h2>
      <form onSubmit={verify}>
        <TextField
          label="Credential or presentation"
          hint="Paste a JWT (eyJ…) or a JSON credential or presentation, or upload a file."
          value={text}
          onValueChange={setText}
          multiline
          rows={4}
          spellCheck={false}
        />
        <div className="field">
          <label htmlFor={fileId}>Or upload a file</label>
          <input
            id={fileId}
            type="file"
            accept=".jwt,.json,.txt,application/json,text/plain"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setText(await file.text());
            }}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy || text.trim() === ''}>
            Verify
          </button>
        </div>
      </form>
      {busy && <Loading label="Verifying" />}
      {error && <Alert tone="error">{error}</Alert>}
      {report && <ReportView report={report} />}
    </div>
  );
}
