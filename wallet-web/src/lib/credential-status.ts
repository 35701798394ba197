/** The live status badge of a held credential, from the verifier's report. */
import { isSubjectValidityCode, subjectValidityText } from './subject-validity-text.ts';
import type { VerificationReport } from './verification-report.ts';

/** What the badge says. */
export type CredentialStatus =
  'valid' | 'suspended' | 'revoked' | 'expired' | 'not-yet-valid' | 'invalid' | 'unknown';

/** Badge text per status. */
export const STATUS_LABELS: Record<CredentialStatus, string> = {
  valid: 'Valid',
  suspended: 'Suspended',
  revoked: 'Revoked',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
  invalid: 'Not valid',
  unknown: 'Status unknown',
};

/**
 * The badge of a credential from its verification report: revocation first, then suspension and expiry (of the
 * credential, or of the licence or accreditation it carries: `SUBJECT_VALIDITY_*`).
 * @param report - the report of `POST /verify` for the credential.
 * @returns the status.
 */
export function statusOfReport(report: VerificationReport): CredentialStatus {
  if (report.verified) return 'valid';
  const checks = [...report.checks, ...report.credentials.flatMap((c) => c.checks)];
  const failed = (code: string) => checks.some((c) => c.status === 'failed' && c.code === code);
  if (failed('CREDENTIAL_REVOKED')) return 'revoked';
  if (failed('CREDENTIAL_SUSPENDED')) return 'suspended';
  if (failed('CREDENTIAL_EXPIRED') || failed('SUBJECT_VALIDITY_ENDED')) return 'expired';
  if (failed('CREDENTIAL_NOT_YET_VALID') || failed('SUBJECT_VALIDITY_NOT_STARTED')) return 'not-yet-valid';
  // The registry could not answer (chain unreachable, or a brand-new status list not yet on-chain): not "invalid".
  if (checks.some((c) => c.status === 'error' || c.code === 'STATUS_UNAVAILABLE')) return 'unknown';
  return 'invalid';
}

/**
 * The badge text of a credential: {@link STATUS_LABELS}, except that a lapsed or not yet valid licence or
 * accreditation is said with its date ("Licence lapsed on 31 December 2026 (UTC)").
 * @param status - from {@link statusOfReport}.
 * @param report - the same report, when there is one.
 * @returns the text.
 */
export function statusLabelOfReport(
  status: CredentialStatus,
  report: VerificationReport | undefined,
): string {
  if ((status === 'expired' || status === 'not-yet-valid') && report !== undefined) {
    for (const credential of report.credentials) {
      const validity = credential.checks.find((c) => c.check === 'validity' && c.status === 'failed');
      if (validity !== undefined && isSubjectValidityCode(validity.code)) {
        const summary = credential.credential;
        return subjectValidityText(
          validity.code,
          summary?.type.find((t) => t !== 'VerifiableCredential'),
          summary?.credentialSubject,
        );
      }
    }
  }
  return STATUS_LABELS[status];
}
