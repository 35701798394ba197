import { useEffect, useRef, type ReactNode } from 'react';
import { anchorProofOfReport, type AnchorProof } from '../lib/anchor-proof.ts';
import { ANCHOR_CODE_TEXT, anchoredOnChainText } from '../lib/anchor-text.ts';
import { formatClaim, shortDid, viewCredential, type CredentialView } from '../lib/credential-view.ts';
import { statusLabelOfReport } from '../lib/credential-status.ts';
import { describeCredentialReport } from '../lib/report-text.ts';
import type { StoredCredential } from '../lib/wallet-contents.ts';
import { CardRow } from '../ui/CardRow.tsx';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { useCredentialStatus } from './use-credential-status.ts';

function fieldValue(view: CredentialView, key: string): string {
  return formatClaim(view.claims[key]);
}

/** A licence drawn like a licence: authority band, holder's name, number, specialty, scope and dates. */
function LicenceFace({ view }: { view: CredentialView }) {
  return (
    <>
      <p className="card-kicker">Licence to practise medicine · {fieldValue(view, 'jurisdiction')}</p>
      <p className="card-name">{fieldValue(view, 'name')}</p>
      <dl className="card-grid">
        <CardRow label="Licence number">
          <span className="mono">{fieldValue(view, 'licenseNumber')}</span>
        </CardRow>
        <CardRow label="Specialty">{fieldValue(view, 'specialty')}</CardRow>
        <CardRow label="Scope of practice">{fieldValue(view, 'scopeOfPractice')}</CardRow>
        <CardRow label="Validity">
          {fieldValue(view, 'validFrom')} – {fieldValue(view, 'validUntil')} (UTC)
        </CardRow>
      </dl>
    </>
  );
}

/** A batch drawn like a pack label: product, GTIN / lot in monospace, expiry, quantity. */
function BatchFace({ view }: { view: CredentialView }) {
  return (
    <>
      <p className="card-name">{fieldValue(view, 'product')}</p>
      <dl className="card-grid label-grid">
        <CardRow label="GTIN">
          <span className="mono">{fieldValue(view, 'gtin')}</span>
        </CardRow>
        <CardRow label="LOT">
          <span className="mono">{fieldValue(view, 'lot')}</span>
        </CardRow>
        <CardRow label="EXP">{fieldValue(view, 'expiryDate')}</CardRow>
        <CardRow label="Quantity">
          {fieldValue(view, 'quantity')} × {fieldValue(view, 'unit')}
        </CardRow>
        <CardRow label="Made at">{fieldValue(view, 'manufacturingSite')}</CardRow>
      </dl>
    </>
  );
}

/** Any other credential: every claim, labelled. */
function GenericFace({ view }: { view: CredentialView }) {
  const name = view.claims.name;
  return (
    <>
      {typeof name === 'string' && <p className="card-name">{name}</p>}
      <dl className="card-grid">
        {view.fields
          .filter((f) => f.key !== 'name')
          .map((f) => (
            <CardRow key={f.key} label={f.label}>
              {f.value}
            </CardRow>
          ))}
      </dl>
    </>
  );
}

/**
 * Where the credential stands on the public registry: as the verifier confirmed it ("Registered on-chain on
 * 7 December 2026, 15:31 UTC (block 57)"), else what the wallet holds or its issuer last said.
 */
function anchorLine(credential: StoredCredential, live: ReturnType<typeof useCredentialStatus>) {
  const confirmed = live.report?.credentials[0]?.credential?.anchor;
  if (confirmed) return anchoredOnChainText(confirmed);
  if (credential.anchorProof) {
    return `Registration record held: block ${credential.anchorProof.blockNumber} of the public registry`;
  }
  if (credential.anchorLookup?.state === 'pending') return ANCHOR_CODE_TEXT.ANCHOR_PENDING;
  return undefined;
}

/**
 * A held credential as a person reads it (a licence looks like a licence, a batch like a label), with its live
 * status badge read through the verifier (given its anchor proof) and where it was registered on-chain.
 * @param props - the credential, and an optional action area.
 */
export function CredentialCard({
  credential,
  children,
  onAnchorProof,
}: {
  credential: StoredCredential;
  children?: ReactNode;
  /** Told the proof the verifier checked, when the wallet holds none (so it is kept and presented). */
  onAnchorProof?: (proof: AnchorProof) => void;
}) {
  const view = viewCredential(credential.jwt);
  const live = useCredentialStatus(credential.jwt, credential.anchorProof);
  const checkedProof =
    credential.anchorProof === undefined ? anchorProofOfReport(live.report, credential.jwt) : undefined;
  const checkedProofKey = checkedProof === undefined ? '' : JSON.stringify(checkedProof);
  const tell = useRef(onAnchorProof);
  tell.current = onAnchorProof;
  useEffect(() => {
    if (checkedProofKey !== '') tell.current?.(JSON.parse(checkedProofKey) as AnchorProof);
  }, [checkedProofKey]);
  if (!view) return null;
  const anchored = anchorLine(credential, live);
  const titleId = `card-${credential.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  return (
    <article className={`credential-card kind-${view.kind}`} aria-labelledby={titleId}>
      <header className="card-header">
        <h3 id={titleId}>{view.title}</h3>
        <span aria-live="polite">
          <StatusBadge
            status={live.status}
            {...(live.status === 'checking' ? {} : { label: statusLabelOfReport(live.status, live.report) })}
          />
        </span>
      </header>
      {view.kind === 'licence' ? (
        <LicenceFace view={view} />
      ) : view.kind === 'batch' ? (
        <BatchFace view={view} />
      ) : (
        <GenericFace view={view} />
      )}
      <footer className="card-footer">
        <p>
          Issued by {view.issuerName ?? <span className="mono">{shortDid(view.issuer)}</span>}
          {view.issuedAt && <> on {view.issuedAt.toLocaleDateString('en-GB', { dateStyle: 'long' })}</>}
          {view.expiresAt && (
            <>, expires {view.expiresAt.toLocaleDateString('en-GB', { dateStyle: 'long' })}</>
          )}
        </p>
        {credential.deliveredBy && (
          <p className="hint">
            Received from {credential.issuerName ?? 'issuer'} ({new URL(credential.deliveredBy).host})
          </p>
        )}
        {anchored !== undefined && <p className="hint anchor-line">{anchored}</p>}
        {live.report?.credentials[0] && (
          <details>
            <summary>What was checked</summary>
            <ul className="checks">
              {describeCredentialReport(live.report.credentials[0]).map((s) => (
                <li key={s.check} className={`check check-${s.tone}`}>
                  <span aria-hidden="true" className="check-icon">
                    {s.tone === 'good' ? '✓' : s.tone === 'bad' ? '✕' : '–'}
                  </span>
                  <span>{s.text}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
        <p className="hint">
          {live.checkedAt
            ? `Status checked ${live.checkedAt.toLocaleTimeString('en-GB')}`
            : 'Checking status'}
          {' · '}
          <button type="button" className="link" onClick={live.refresh}>
            Check again
          </button>
        </p>
        {children}
      </footer>
    </article>
  );
}
