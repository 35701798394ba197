/** The live status badge of a held credential, from the verifier's report. */
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
 * The badge of a credential from its verification report: revocation first, then suspension and expiry.
 * @param report - the report of `POST /verify` for the credential.
 * @returns the status.
 */
export function statusOfReport(report: VerificationReport): CredentialStatus {
  if (report.verified) return 'valid';
  const checks = [...report.checks, ...report.credentials.flatMap((c) => c.checks)];
  const failed = (code: string) => checks.some((c) => c.status === 'failed' && c.code === code);
  if (failed('CREDENTIAL_REVOKED')) return 'revoked';
  if (failed('CREDENTIAL_SUSPENDED')) return 'suspended';
  if (failed('CREDENTIAL_EXPIRED')) return 'expired';
  if (failed('CREDENTIAL_NOT_YET_VALID')) return 'not-yet-valid';
  // The registry could not answer (chain unreachable, or a brand-new status list not yet on-chain): not "invalid".
  if (checks.some((c) => c.status === 'error' || c.code === 'STATUS_UNAVAILABLE')) return 'unknown';
  return 'invalid';
}
