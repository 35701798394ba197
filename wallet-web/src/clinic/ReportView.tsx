import { credentialTitle, formatClaim, shortDid } from '../lib/credential-view.ts';
import {
  describeCheck,
  describeCredentialReport,
  reportHeadline,
  reportTone,
  type Tone,
} from '../lib/report-text.ts';
import { subjectValidityRange } from '../lib/subject-validity-text.ts';
import type { VerificationReport } from '../lib/verification-report.ts';

const ICONS: Record<Tone, string> = { good: '✓', bad: '✕', neutral: '–' };

function Sentences({ items }: { items: Array<{ check: string; tone: Tone; text: string }> }) {
  return (
    <ul className="checks">
      {items.map((s, i) => (
        <li key={`${s.check}-${i}`} className={`check check-${s.tone}`}>
          <span aria-hidden="true" className="check-icon">
            {ICONS[s.tone]}
          </span>
          <span>{s.text}</span>
          <span className="visually-hidden">
            {s.tone === 'good' ? '(passed)' : s.tone === 'bad' ? '(failed)' : '(not applicable)'}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A verification report in plain language: the verdict, then each credential — with a licence's or accreditation's
 * own dates always ("Licence valid 15 January 2024 – 14 January 2029 (UTC)") — and its checks one sentence each
 * ("Signature is valid", "Registered on-chain on 7 December 2026, 15:31 UTC (block 57)", "Licence lapsed on
 * 31 December 2026 (UTC)"), the presentation's own checks, and the raw report one click away. A credential its
 * issuer is still registering on-chain is drawn as pending (neutral), never as invalid.
 * @param props - the report.
 */
export function ReportView({ report }: { report: VerificationReport }) {
  const headline = reportHeadline(report);
  const tone = reportTone(report);
  return (
    <section
      className={`report ${tone === 'verified' ? 'report-ok' : tone === 'pending' ? 'report-pending' : 'report-bad'}`}
      aria-label="Verification report"
    >
      <p className="report-headline" role="status">
        <span aria-hidden="true">{tone === 'verified' ? '✓' : tone === 'pending' ? '…' : '✕'}</span>{' '}
        <span>{headline}</span>
      </p>
      {report.credentials.map((c, i) => {
        const type = c.credential?.type.find((t) => t !== 'VerifiableCredential');
        const subject = c.credential?.credentialSubject ?? {};
        const dates = c.credential ? subjectValidityRange(type, subject) : undefined;
        return (
          <div key={i} className="report-credential">
            <h3>{type ? credentialTitle(type) : 'Credential'}</h3>
            {c.credential && (
              <p className="hint">
                {typeof subject.name === 'string' ? `${subject.name} · ` : ''}
                {typeof subject.licenseNumber === 'string' ? `licence ${subject.licenseNumber} · ` : ''}
                issued by <span className="mono">{shortDid(c.credential.issuer)}</span>
                {c.credential.issuanceDate ? ` on ${formatClaim(c.credential.issuanceDate)}` : ''}
              </p>
            )}
            {dates !== undefined && <p className="hint report-dates">{dates}</p>}
            <Sentences items={describeCredentialReport(c)} />
          </div>
        );
      })}
      {report.credentials.length > 0 && report.checks.length > 0 && report.holder !== undefined && (
        <div className="report-credential">
          <h3>Presentation</h3>
          <p className="hint">
            Presented by <span className="mono">{shortDid(report.holder)}</span>
          </p>
          <Sentences items={report.checks.map((c) => describeCheck(c, { subject: 'Presentation' }))} />
        </div>
      )}
      {report.credentials.length === 0 && <Sentences items={report.checks.map((c) => describeCheck(c))} />}
      <details className="technical">
        <summary>Technical details</summary>
        <pre>{JSON.stringify(report, null, 2)}</pre>
      </details>
    </section>
  );
}
