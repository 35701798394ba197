import type { AnchorProof } from '../anchoring/anchor-proof.ts';
import type { CheckResult } from './check-result.ts';

/** The on-chain status of a credential, as the `status` check read it. */
export interface CredentialStatusSummary {
  revoked: boolean;
  suspended: boolean;
  /** Block (decimal string) the answer is valid at. */
  blockNumber: string;
}

/** Where and when the credential was anchored, as the `anchoring` check confirmed on-chain. */
export interface CredentialAnchorSummary {
  /** The block carrying the anchor (decimal string): the credential's time of reference. */
  blockNumber: string;
  /** That block's timestamp, ISO 8601 UTC. */
  anchoredAt: string;
  /** The anchor transaction. */
  transactionHash: string;
  /** The checked proof: a wallet or directory keeps it beside the credential and presents it again. */
  proof: AnchorProof;
}

/**
 * What a verified (or at least parsed) credential says, taken from the signed JWT only — never from the unsigned
 * JSON wrapper around it. Objects are frozen (they are shared with the verifier's parse cache).
 */
export interface CredentialSummary {
  /** The credential id (`jti` / `id`), when it has one. */
  id?: string;
  /** The `type` list, e.g. `['VerifiableCredential', 'MedicalLicenseCredential']`. */
  type: readonly string[];
  /** Issuer DID (`iss`). */
  issuer: string;
  /** Subject id (`sub` / `credentialSubject.id`), when it has one. */
  subject?: string;
  /** Issuance (VCDM 1.1 `issuanceDate` / JWT `nbf` / VCDM 2.0 `validFrom`), ISO 8601. */
  issuanceDate: string;
  /** Expiry (`exp` / `expirationDate` / `validUntil`), ISO 8601, when it has one. */
  expirationDate?: string;
  /** The claims. */
  credentialSubject: Readonly<Record<string, unknown>>;
  /** Revocation and suspension, when the `status` check read them. */
  status?: CredentialStatusSummary;
  /** The on-chain anchor, when the `anchoring` check confirmed one. */
  anchor?: CredentialAnchorSummary;
  /** The compact JWT that was verified. */
  jwt: string;
}

/** The report of one credential. */
export interface CredentialReport {
  /** True only when every check passed or does not apply. */
  verified: boolean;
  /** Every check, in report order (see `CHECK_NAMES`). */
  checks: CheckResult[];
  /** What the credential says; present whenever it could be parsed. */
  credential?: CredentialSummary;
}

/**
 * The report of a verification. Never thrown: every input, however malformed, gives one.
 * For a presentation, `checks` are the presentation's own checks and `credentials` has one report per embedded
 * credential. For a lone credential, `checks` repeats the credential's checks and `credentials` has exactly one entry.
 */
export interface VerificationReport {
  /** True only when every check of the presentation and of every credential passed or does not apply. */
  verified: boolean;
  checks: CheckResult[];
  credentials: CredentialReport[];
  /** The presentation's signer (holder DID), when a presentation was parsed. */
  holder?: string;
}
