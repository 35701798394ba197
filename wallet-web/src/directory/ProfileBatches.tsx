import { formatClaim } from '../lib/credential-view.ts';
import { batchPath } from '../lib/directory-location.ts';
import type { ProfileBatch } from '../lib/directory-types.ts';
import { DirectoryLink } from './DirectoryLink.tsx';

/**
 * The batches a manufacturer published, each linking to its batch page (status, recall, custody).
 * @param props - the batches.
 */
export function ProfileBatches({ batches }: { batches: readonly ProfileBatch[] }) {
  return (
    <section className="stack" aria-labelledby="batches-title">
      <h2 id="batches-title">Batches</h2>
      <ul className="batch-list">
        {batches.map((batch) => (
          <li key={batch.batchId} className="panel">
            <DirectoryLink to={batchPath(batch.batchId)}>{batch.product ?? batch.batchId}</DirectoryLink>
            <p className="hint">
              {[
                batch.gtin === undefined ? undefined : `GTIN ${batch.gtin}`,
                batch.lot === undefined ? undefined : `lot ${batch.lot}`,
                batch.expiryDate === undefined ? undefined : `expires ${formatClaim(batch.expiryDate)}`,
              ]
                .filter((part): part is string => part !== undefined)
                .join(' · ')}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
