/** The live status badge of a held credential, from the verifier's report. */
import type { AnchorProof } from './anchor-proof.ts';
import { isAnchorPendingOnly } from './anchor-text.ts';
import { isSubjectValidityCode, subjectValidityText } from './subject-validity-text.ts';
import type { VerificationReport } from './verification-report.ts';

/**
 * What the badge says. `pending`: the issuer has not registered the credential on-chain yet (`ANCHOR_PENDING`), a
 * matter of seconds — shown as neutral, never as invalid.
 */
export type CredentialStatus =
  'valid' | 'suspended' | 'revoked' | 'expired' | 'not-yet-valid' | 'pending' | 'invalid' | 'unknown';

/** Badge text per status. */
export const STATUS_LABELS: Record<CredentialStatus, string> = {
  valid: 'Valid',
  suspended: 'Suspended',
  revoked: 'Revoked',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
  pending: 'Being registered',
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
  // Not registered on-chain yet (the issuer's next flush does it), and nothing else wrong: wait, do not alarm.
  const notPassed = checks.filter((c) => c.status === 'failed' || c.status === 'error');
  if (isAnchorPendingOnly(notPassed.map((c) => c.code ?? c.check))) return 'pending';
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

/**
 * The body of `POST /verify` for a held credential: with its anchor proof as `options.anchorProofs` when the wallet
 * holds one (so the verifier need not ask the issuer).
 * @param jwt - the credential.
 * @param anchorProof - its proof, when held.
 * @returns the request body.
 */
export function verifyCredentialBody(jwt: string, anchorProof: AnchorProof | undefined): unknown {
  return {
    verifiableCredential: jwt,
    ...(anchorProof === undefined ? {} : { options: { anchorProofs: [anchorProof] } }),
  };
}
