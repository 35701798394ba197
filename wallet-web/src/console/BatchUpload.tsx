import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { credentialTitle } from '../lib/credential-view.ts';
import { toCsv } from '../lib/csv.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import {
  TYPE_ROUTES,
  type BatchProgress,
  type CredentialSummary,
  type IssuerClient,
} from './issuer-client.ts';
import { useSchemaForm } from './use-schema-form.ts';

/** How often a running batch is read (ms). */
const POLL_MS = 500;

/** The credentials a batch issued, found by paging through the organisation's credentials of its type. */
async function batchCredentials(client: IssuerClient, batch: BatchProgress): Promise<CredentialSummary[]> {
  const found: CredentialSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000 && found.length < batch.succeeded; page++) {
    const result = await client.search({
      type: batch.credentialType,
      limit: '500',
      ...(cursor ? { cursor } : {}),
    });
    found.push(...result.items.filter((c) => c.batchId === batch.id));
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return found.sort((a, b) => (a.batchRow ?? 0) - (b.batchRow ?? 0));
}

/**
 * Issues a batch from a CSV file (header = subject fields, `credentialSubject.id`, `expirationDate`; list cells
 * separated by `;`), with a progress bar while it runs and a downloadable result when it is done.
 * @param props - the issuer client.
 */
export function BatchUpload({ client }: { client: IssuerClient }) {
  const typeId = useId();
  const fileId = useId();
  const [type, setType] = useState('MedicalLicenseCredential');
  const { form } = useSchemaForm(type);
  const [file, setFile] = useState<File>();
  const [batch, setBatch] = useState<BatchProgress>();
  const [result, setResult] = useState<{ url: string; name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const urls = useRef<string[]>([]);

  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const running = batch?.state === 'running' ? batch.id : undefined;
  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    const timer = setInterval(() => {
      client.batch(running).then(
        (progress) => !cancelled && setBatch(progress),
        (e: unknown) => !cancelled && setError(errorMessage(e)),
      );
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [client, running]);

  const finished = batch && batch.state !== 'running' ? batch : undefined;
  useEffect(() => {
    if (!finished) return;
    batchCredentials(client, finished).then(
      (credentials) => {
        const csv = toCsv([
          ['row', 'credentialId', 'subject', 'issuedAt'],
          ...credentials.map((c) => [c.batchRow, c.id, c.subjectId, c.issuedAt]),
        ]);
        const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
        urls.current.push(url);
        setResult({ url, name: `batch-${finished.id}-result.csv` });
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client, finished]);

  const template = form
    ? `data:text/csv;charset=utf-8,${encodeURIComponent(
        toCsv([
          form.fields
            .map((f) => (f.name === 'id' ? 'credentialSubject.id' : f.name))
            .concat('expirationDate'),
        ]),
      )}`
    : undefined;

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const started = await client.startBatch(type, await file.text());
      setBatch(await client.batch(started.batchId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={upload} aria-labelledby="batch-title">
      <h2 id="batch-title">Batch upload</h2>
      <div className="field">
        <label htmlFor={typeId}>Credential type</label>
        <select id={typeId} value={type} onChange={(e) => setType(e.target.value)}>
          {Object.keys(TYPE_ROUTES).map((t) => (
            <option key={t} value={t}>
              {credentialTitle(t)}
            </option>
          ))}
        </select>
        <p className="hint">
          One credential per row. Lists are separated by “;”.{' '}
          {template && (
            <a href={template} download={`${type}-template.csv`}>
              Download a CSV template
            </a>
          )}
        </p>
      </div>
      <div className="field">
        <label htmlFor={fileId}>CSV file</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.target.files?.[0])}
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy || !file || batch?.state === 'running'}>
          Upload and issue
        </button>
      </div>
      {busy && <Loading label="Uploading" />}
      {error && <Alert tone="error">{error}</Alert>}
      {batch && (
        <div className="batch-progress">
          <label htmlFor={`${fileId}-progress`}>Batch progress</label>
          <progress id={`${fileId}-progress`} max={Math.max(batch.total, 1)} value={batch.processed} />
          <p role="status" aria-live="polite">
            {batch.processed} of {batch.total} processed, {batch.failed} failed
            {batch.state === 'completed' ? ' — done.' : batch.state === 'cancelled' ? ' — cancelled.' : '…'}
          </p>
          {finished && !result && <Loading label="Preparing the result" />}
          {result && (
            <a className="button" href={result.url} download={result.name}>
              Download result (CSV)
            </a>
          )}
        </div>
      )}
    </form>
  );
}
