import { useId } from 'react';
import { formatClaim } from '../lib/credential-view.ts';
import { listedCredentialCard } from '../lib/directory-credential.ts';
import {
  anchorBlockText,
  badgeOfLiveStatus,
  isBeingRegistered,
  liveStatusSentence,
  statusBlockText,
  subjectValidityOfLiveStatus,
} from '../lib/directory-status.ts';
import type { ProfileCredential } from '../lib/directory-types.ts';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { AccreditationChainView } from './AccreditationChainView.tsx';

const KIND_CLASS: Record<string, string> = {
  MedicalLicenseCredential: 'kind-licence',
  HospitalAccreditationCredential: 'kind-accreditation',
  SupplierAccreditationCredential: 'kind-accreditation',
};

/**
 * A listed licence or accreditation: its fields, the LIVE status badge with the block it was read at, the
 * accreditation chain of its issuer, and the signed credential for anyone who wants to check it themselves.
 * @param props - the credential.
 */
export function ListedCredentialCard({ credential }: { credential: ProfileCredential }) {
  const titleId = useId();
  const card = listedCredentialCard(credential);
  const names = new Map([[credential.issuer, card.issuer]]);
  const what = `This ${card.title.toLowerCase()}`;
  const lapsed = subjectValidityOfLiveStatus(credential.status, credential);
  const liveClass = isBeingRegistered(credential.status) ? 'pending' : credential.status.state;
  const anchored = anchorBlockText(credential.status);
  return (
    <article
      className={`credential-card listed-credential ${KIND_CLASS[credential.type] ?? ''}`}
      aria-labelledby={titleId}
    >
      <div className="card-header">
        <h3 id={titleId}>{card.title}</h3>
        <StatusBadge
          status={badgeOfLiveStatus(credential.status)}
          {...(lapsed === undefined ? {} : { label: lapsed })}
        />
      </div>
      {card.name !== undefined && <p className="card-name">{card.name}</p>}
      <dl className="card-grid">
        {card.fields.map((field) => (
          <div className="card-row" key={field.label}>
            <dt>{field.label}</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
        <div className="card-row">
          <dt>Issued by</dt>
          <dd className={card.issuer === credential.issuer ? 'mono' : undefined}>{card.issuer}</dd>
        </div>
      </dl>
      <div className={`card-footer live-status live-${liveClass}`}>
        <p>{liveStatusSentence(credential.status, what, credential)}</p>
        <p className="hint">
          {statusBlockText(credential.status)}, {formatClaim(credential.status.checkedAt)}.
          {anchored !== undefined && ` ${anchored}.`}
        </p>
      </div>
      <div className="card-footer">
        <AccreditationChainView
          chain={credential.accreditation}
          credentialType={credential.type}
          names={names}
        />
        <details className="technical">
          <summary>Check it yourself</summary>
          <p className="hint">
            The signed credential as its issuer published it. Paste it into any verifier, such as the clinic
            check of this app.
          </p>
          <textarea
            readOnly
            rows={4}
            value={credential.jwt}
            aria-label={`${card.title}, signed credential (JWT)`}
            className="mono"
          />
        </details>
      </div>
    </article>
  );
}
