/**
 * The verifier's failure codes that directory pages show, in plain language (see `docs/error-codes.md`).
 */
import { ANCHOR_CODE_TEXT } from './anchor-text.ts';

const CODE_TEXT: Record<string, string> = {
  BATCH_RECALLED: 'Recalled: the manufacturer revoked or suspended this batch',
  BATCH_EXPIRED: 'Expired: past the expiry date printed on the packs',
  QUANTITY_EXCEEDED: 'More stock was passed on than was received: possible diverted or counterfeit stock',
  PROVENANCE_GAP: 'The chain of custody is broken: a hand-off is missing or does not follow on',
  SUPPLIER_NOT_ACCREDITED: 'A supplier in the chain was not accredited when it acted',
  CREDENTIAL_REVOKED: 'Revoked by its issuer',
  CREDENTIAL_SUSPENDED: 'Suspended by its issuer',
  CREDENTIAL_EXPIRED: 'Past its validity dates',
  CREDENTIAL_NOT_YET_VALID: 'Not valid yet',
  SUBJECT_VALIDITY_ENDED: 'The licence or accreditation lapsed (past its valid-until date, UTC)',
  SUBJECT_VALIDITY_NOT_STARTED:
    'The licence or accreditation is not valid yet (before its valid-from date, UTC)',
  ISSUER_NOT_ACCREDITED: 'Its issuer is not accredited to issue it',
  SIGNATURE_INVALID: 'Its signature does not verify',
  DID_UNRESOLVABLE: 'The signer’s identity could not be looked up',
  STATUS_UNAVAILABLE: 'Its on-chain status could not be read just now',
  ACCREDITATION_UNAVAILABLE: 'The trust registry could not be read just now',
  CREDENTIAL_LOOKUP_UNAVAILABLE: 'A credential needed for the check could not be looked up just now',
  SCHEMA_INVALID: 'It does not follow its published format',
  FORMAT_INVALID: 'It is unreadable or incomplete',
  STATUS_ENTRY_INVALID: 'Its revocation entry cannot be checked',
  ...ANCHOR_CODE_TEXT,
};

/**
 * A failure code in words.
 * @param code - e.g. `QUANTITY_EXCEEDED`.
 * @returns a short sentence (the code itself, spaced out, when unknown).
 */
export function codeText(code: string): string {
  return CODE_TEXT[code] ?? `Check failed (${code.replace(/_/g, ' ').toLowerCase()})`;
}

/**
 * Whether the codes flag stock passed on beyond what was received (diverted stock).
 * @param codes - failure codes.
 * @returns true for `QUANTITY_EXCEEDED`.
 */
export function flagsDiversion(codes: readonly string[]): boolean {
  return codes.includes('QUANTITY_EXCEEDED');
}
