/** The verifier's report, as `POST /verify` and presentation requests return it (see `@medtrust/core`). */

/** One check. */
export interface ReportCheck {
  check: string;
  status: 'passed' | 'failed' | 'skipped' | 'error';
  code?: string;
  detail?: string;
  blockNumber?: string;
}

/** What a verified credential says. */
export interface ReportCredentialSummary {
  id?: string;
  type: string[];
  issuer: string;
  subject?: string;
  issuanceDate: string;
  expirationDate?: string;
  credentialSubject: Record<string, unknown>;
  status?: { revoked: boolean; suspended: boolean; blockNumber: string };
}

/** The report of one credential. */
export interface CredentialReport {
  verified: boolean;
  checks: ReportCheck[];
  credential?: ReportCredentialSummary;
}

/** A verification report. */
export interface VerificationReport {
  verified: boolean;
  checks: ReportCheck[];
  credentials: CredentialReport[];
  holder?: string;
}
