import { useEffect } from 'react';
import { DIRECTORY_PATH } from '../lib/directory-location.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { BatchDetails } from './BatchDetails.tsx';
import type { DirectoryApi } from './directory-api.ts';
import { DirectoryLink } from './DirectoryLink.tsx';
import { LookupFailureAlert } from './LookupFailureAlert.tsx';
import { PageHeading } from './PageHeading.tsx';
import { useLookup } from './use-lookup.ts';

/**
 * A drug batch's public page, checked live when opened: recall, expiry and the custody tree.
 * @param props - the directory client and the batch id (`urn:gtin:<gtin>:lot:<lot>`).
 */
export function BatchPage({ api, batchId }: { api: DirectoryApi; batchId: string }) {
  const { lookup, reload } = useLookup((signal) => api.batch(batchId, signal), batchId);
  const first = lookup.state === 'done' ? lookup.value.batches[0] : undefined;
  useEffect(() => {
    if (first !== undefined)
      document.title = `${first.product ?? 'Drug batch'} — Public directory — medtrust`;
  }, [first]);
  return (
    <section className="page stack directory" aria-labelledby="batch-title">
      <p className="back-link">
        <DirectoryLink to={DIRECTORY_PATH}>← Search the directory</DirectoryLink>
      </p>
      {lookup.state === 'loading' && <Loading label="Checking the batch" />}
      {lookup.state === 'failed' && (
        <>
          <PageHeading id="batch-title">Batch not available</PageHeading>
          <LookupFailureAlert error={lookup.error} subject="batch" onRetry={reload} />
        </>
      )}
      {lookup.state === 'done' && (
        <>
          {lookup.value.conflict && (
            <Alert tone="warning" title="Several batch credentials claim this batch">
              <p>
                {lookup.value.batches.length} credentials name this GTIN and lot. Compare them below: only one
                can come from the real manufacturer.
              </p>
            </Alert>
          )}
          {lookup.value.batches.map((batch, i) => (
            <BatchDetails
              key={`${batch.credentialId ?? ''} ${i}`}
              batch={batch}
              heading={
                i === 0 ? (
                  <PageHeading id="batch-title">{batch.product ?? 'Drug batch'}</PageHeading>
                ) : (
                  <h2>{batch.product ?? 'Drug batch'} (another credential)</h2>
                )
              }
            />
          ))}
          <div className="actions">
            <button type="button" className="secondary" onClick={reload} disabled={lookup.refreshing}>
              Check again now
            </button>
            {lookup.refreshing && <Loading label="Checking again" />}
          </div>
        </>
      )}
    </section>
  );
}
