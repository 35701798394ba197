import { useId, type ReactNode } from 'react';
import { formatClaim, shortDid } from '../lib/credential-view.ts';
import { codeText } from '../lib/directory-codes.ts';
import { batchVerdict, isExpired, partyNames, quantityText } from '../lib/directory-batch.ts';
import { profilePath } from '../lib/directory-location.ts';
import { anchorPendingOnly } from '../lib/directory-batch.ts';
import { badgeOfLiveStatus, statusBlockText } from '../lib/directory-status.ts';
import type { BatchView } from '../lib/directory-types.ts';
import { CardRow } from '../ui/CardRow.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { CustodyTreeView } from './CustodyTreeView.tsx';
import { DirectoryLink } from './DirectoryLink.tsx';

/**
 * One batch credential's page: the verdict first (a recall in red with a plain sentence), then product, GTIN, lot,
 * expiry, quantity, manufacturer and live status, then the custody tree and each checked path.
 * @param props - the batch and its heading (the page's `h1` for the first batch).
 */
export function BatchDetails({ batch, heading }: { batch: BatchView; heading: ReactNode }) {
  const custodyId = useId();
  const verdict = batchVerdict(batch);
  const names = partyNames(batch);
  const expired = isExpired(batch.expiryDate);
  const showPaths = batch.provenance.transfers > 0 && batch.provenance.branches.length > 0;
  return (
    <article className="stack batch-details">
      {heading}
      <div
        className={`panel batch-verdict verdict-${verdict.tone}`}
        role={verdict.tone === 'ok' || verdict.tone === 'pending' ? 'status' : 'alert'}
      >
        <p className="verdict-title">
          <span aria-hidden="true">
            {verdict.tone === 'ok' ? '✓ ' : verdict.tone === 'pending' ? '… ' : '⚠ '}
          </span>
          {verdict.title}
        </p>
        {verdict.sentences.map((sentence) => (
          <p key={sentence}>{sentence}</p>
        ))}
      </div>
      <section className="credential-card kind-batch" aria-label="Batch label">
        <dl className="card-grid label-grid">
          <CardRow label="Product">{batch.product ?? '—'}</CardRow>
          <CardRow label="GTIN">
            <span className="mono">{batch.gtin ?? '—'}</span>
          </CardRow>
          <CardRow label="LOT">
            <span className="mono">{batch.lot ?? '—'}</span>
          </CardRow>
          <CardRow label="EXP">
            {batch.expiryDate === undefined ? '—' : formatClaim(batch.expiryDate)}
            {expired && <strong className="expired-mark"> — expired</strong>}
          </CardRow>
          <CardRow label="Quantity">{quantityText(batch.quantity, batch.unit)}</CardRow>
          {batch.manufacturingSite !== undefined && (
            <CardRow label="Made at">{batch.manufacturingSite}</CardRow>
          )}
          <CardRow label="Manufacturer">
            <DirectoryLink to={profilePath(batch.manufacturer)}>
              {batch.manufacturerName ?? shortDid(batch.manufacturer)}
            </DirectoryLink>
          </CardRow>
          <CardRow label="Status">
            <StatusBadge status={badgeOfLiveStatus(batch.status)} />{' '}
            <span className="hint">
              {statusBlockText(batch.status)}, {formatClaim(batch.status.checkedAt)}
            </span>
          </CardRow>
          <CardRow label="Published">{formatClaim(batch.publishedAt)}</CardRow>
        </dl>
      </section>
      <section className="stack" aria-labelledby={custodyId}>
        <h2 id={custodyId}>Chain of custody</h2>
        <p className="hint">
          Every published hand-off of this batch, signed by its sender. Each path to its last holder is
          checked: signatures, on-chain status, accreditation of each sender, no gaps, and no more passed on
          than received.
        </p>
        <CustodyTreeView tree={batch.provenance.tree} unit={batch.unit} names={names} />
        {showPaths && <h3>Checked paths, to each last holder</h3>}
        {showPaths && (
          <ul className="branch-list" aria-label="Checked paths">
            {batch.provenance.branches.map((branch) => {
              // a hand-off its sender is still registering on-chain is pending, not a broken chain
              const pending = !branch.verified && anchorPendingOnly(branch.failedCodes);
              const tone = branch.verified ? 'good' : pending ? 'pending' : 'bad';
              return (
                <li key={branch.holder} className={`branch-${tone}`}>
                  <span aria-hidden="true">{tone === 'good' ? '✓ ' : tone === 'pending' ? '… ' : '✕ '}</span>
                  Path to {branch.holderName ?? shortDid(branch.holder || 'an unnamed receiver')}:{' '}
                  {branch.verified
                    ? 'checks out'
                    : [...new Set(branch.failedCodes)].map(codeText).join('; ') || 'does not check out'}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <details className="technical">
        <summary>Check it yourself</summary>
        <p className="hint">The batch credential as the manufacturer published it (JWT).</p>
        <textarea readOnly rows={4} value={batch.jwt} aria-label="Batch credential (JWT)" className="mono" />
      </details>
    </article>
  );
}
