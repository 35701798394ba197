import { useId } from 'react';
import { shortDid } from '../lib/credential-view.ts';
import { accreditationPath } from '../lib/directory-accreditation.ts';
import type { AccreditationChain } from '../lib/directory-types.ts';

/** Props of {@link AccreditationChainView}. */
export interface AccreditationChainViewProps {
  chain: AccreditationChain;
  credentialType: string;
  /** Names known for DIDs (the issuer's, when the credential names it). */
  names?: ReadonlyMap<string, string>;
}

/**
 * Who accredited a credential's issuer, from governance down to the issuer, each step with its on-chain record.
 * @param props - the chain, the credential type and known names.
 */
export function AccreditationChainView({ chain, credentialType, names }: AccreditationChainViewProps) {
  const titleId = useId();
  const path = accreditationPath(chain, credentialType);
  const nameOf = (party: string) => names?.get(party) ?? shortDid(party);
  return (
    <section className={`accreditation accreditation-${path.tone}`} aria-labelledby={titleId}>
      <h4 id={titleId}>Accreditation</h4>
      <p>
        <span aria-hidden="true">{path.tone === 'good' ? '✓ ' : path.tone === 'bad' ? '✕ ' : ''}</span>
        {path.headline}
      </p>
      {path.steps.length > 0 && (
        <ol className="accreditation-steps">
          {path.steps.map((step) => (
            <li key={`${step.role} ${step.party}`}>
              <span className="step-role">{step.role}</span>{' '}
              {step.party === 'governance' ? (
                <span>— the root of the trust registry</span>
              ) : (
                <span className="mono" title={step.party}>
                  {nameOf(step.party)}
                </span>
              )}
              {step.recordText !== undefined && <span className="hint step-record">{step.recordText}</span>}
            </li>
          ))}
        </ol>
      )}
      {path.blockNumber !== undefined && (
        <p className="hint">Trust registry read up to block {path.blockNumber}.</p>
      )}
    </section>
  );
}
