/**
 * The verifier's checks in plain language: one sentence per check, for people who are not engineers.
 */
import { ANCHOR_CODE_TEXT, anchoredOnChainText, isAnchorCode, isAnchorPendingOnly } from './anchor-text.ts';
import { credentialTitle } from './credential-view.ts';
import { isSubjectValidityCode, subjectValidityText, subjectWindowNoun } from './subject-validity-text.ts';
import type {
  CredentialReport,
  ReportCheck,
  ReportCredentialSummary,
  VerificationReport,
} from './verification-report.ts';

/** How a sentence is shown. */
export type Tone = 'good' | 'bad' | 'neutral';

/** One check, explained. */
export interface CheckSentence {
  check: string;
  tone: Tone;
  text: string;
}

function at(check: ReportCheck, fallback?: string): string {
  const block = check.blockNumber ?? fallback;
  return block ? ` at block ${block}` : '';
}

function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : ` on ${d.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'UTC' })} (UTC)`;
}

/**
 * Explains one check of a credential or presentation.
 * @param check - the check.
 * @param context - what the check is about (credential title, expiry, status block; the credential's type and
 *   subject claims, for the licence's or accreditation's own dates; where it was anchored on-chain).
 * @returns the sentence.
 */
export function describeCheck(
  check: ReportCheck,
  context: {
    subject?: string;
    expirationDate?: string;
    statusBlock?: string;
    type?: string;
    claims?: Readonly<Record<string, unknown>>;
    anchor?: ReportCredentialSummary['anchor'];
  } = {},
): CheckSentence {
  const what = context.subject ?? 'Credential';
  const passed = check.status === 'passed';
  const skipped = check.status === 'skipped';
  const say = (tone: Tone, text: string): CheckSentence => ({ check: check.check, tone, text });
  if (check.check === 'anchoring') {
    if (passed) {
      if (context.anchor) return say('good', anchoredOnChainText(context.anchor));
      return say('good', `Registered on-chain${check.blockNumber ? ` (block ${check.blockNumber})` : ''}`);
    }
    if (skipped) return say('neutral', 'No on-chain registration needed for this kind of credential');
    // never "invalid" for a credential its issuer is still registering: it is a matter of seconds
    if (check.code === 'ANCHOR_PENDING') return say('neutral', ANCHOR_CODE_TEXT.ANCHOR_PENDING);
    if (isAnchorCode(check.code)) return say('bad', ANCHOR_CODE_TEXT[check.code]);
    if (check.status === 'error') return say('bad', ANCHOR_CODE_TEXT.ANCHOR_UNAVAILABLE);
    return say('bad', 'The on-chain registration of this credential does not check out');
  }
  if (check.status === 'error') {
    return say(
      'bad',
      `Could not check ${check.check.replace(/-/g, ' ')}: a service did not answer, so this fails safe`,
    );
  }
  switch (check.check) {
    case 'format':
      return passed ? say('good', 'Readable and complete') : say('bad', 'Unreadable or incomplete document');
    case 'signature':
      if (passed) return say('good', 'Signature is valid');
      if (skipped) return say('neutral', 'Signature not checked');
      return check.code === 'ALG_NOT_ALLOWED'
        ? say('bad', 'Signed with an algorithm that is not accepted')
        : say('bad', 'Signature is invalid: altered, or not signed by who it claims');
    case 'did-resolution':
      if (passed) return say('good', 'Signer’s identity (DID) found');
      if (skipped) return say('neutral', 'Signer’s identity not looked up');
      return say('bad', 'Signer’s identity (DID) could not be found');
    case 'issuer-accreditation':
      if (passed) return say('good', 'Issuer is accredited to issue it');
      if (skipped) return say('neutral', 'No accreditation needed for this kind of credential');
      return say('bad', 'Issuer is not accredited to issue it');
    case 'validity':
      if (passed) return say('good', 'Within its validity dates');
      if (skipped) return say('neutral', 'Validity dates not checked');
      if (isSubjectValidityCode(check.code)) {
        return say('bad', subjectValidityText(check.code, context.type, context.claims));
      }
      if (check.code === 'CREDENTIAL_NOT_YET_VALID') return say('bad', `${what} is not valid yet`);
      return say('bad', `${what} expired${formatDate(context.expirationDate)}`);
    case 'status':
      if (passed)
        return say('good', `Not revoked or suspended (on-chain registry${at(check, context.statusBlock)})`);
      if (skipped) return say('neutral', 'Revocation status not checked');
      if (check.code === 'CREDENTIAL_REVOKED') {
        return say('bad', `${what} revoked (on-chain registry${at(check, context.statusBlock)})`);
      }
      if (check.code === 'CREDENTIAL_SUSPENDED') {
        return say('bad', `${what} suspended (on-chain registry${at(check, context.statusBlock)})`);
      }
      return say('bad', 'Revocation status could not be read, so this fails safe');
    case 'schema':
      if (passed) return say('good', 'Contents match the official format');
      if (skipped) return say('neutral', 'No official format to compare with');
      return say('bad', 'Contents do not match the official format');
    case 'holder-binding':
      if (passed) return say('good', 'Presented by the person it was issued to');
      if (skipped) return say('neutral', 'Not bound to a holder');
      return say('bad', 'Presented by someone other than the person it was issued to');
    case 'challenge':
      if (passed) return say('good', 'Fresh answer to this request (not replayed)');
      if (skipped) return say('neutral', 'No request to match');
      return check.code === 'CHALLENGE_REPLAYED'
        ? say('bad', 'This answer was already used: possible replay')
        : say('bad', 'Not an answer to this request');
    case 'domain':
      if (passed) return say('good', 'Addressed to this verifier');
      if (skipped) return say('neutral', 'Not addressed to a particular verifier');
      return say('bad', 'Addressed to another verifier');
    case 'presentation-definition':
      if (passed) return say('good', 'Contains everything the request asked for');
      return say('bad', 'Does not contain what the request asked for');
    case 'presentation-request':
      if (passed) return say('good', 'Answered while the request was open');
      return say('bad', 'The request had expired');
    default: {
      // a check this app does not know yet (a newer verifier): said plainly, never hidden
      const other = check as { check: string; code?: string };
      if (passed) return say('good', `${other.check}: passed`);
      if (skipped) return say('neutral', `${other.check}: not applicable`);
      return say('bad', `${other.check}: ${other.code ?? 'failed'}`);
    }
  }
}

/**
 * Explains every check of a credential report.
 * @param report - one credential's report.
 * @returns its sentences, in report order.
 */
export function describeCredentialReport(report: CredentialReport): CheckSentence[] {
  const summary = report.credential;
  const type = summary?.type.find((t) => t !== 'VerifiableCredential');
  const subject = type ? credentialTitle(type).replace(/^./, (c) => c.toUpperCase()) : undefined;
  return report.checks.map((check) =>
    describeCheck(check, {
      ...(subject ? { subject } : {}),
      ...(summary?.expirationDate ? { expirationDate: summary.expirationDate } : {}),
      ...(summary?.status?.blockNumber ? { statusBlock: summary.status.blockNumber } : {}),
      ...(type ? { type } : {}),
      ...(summary ? { claims: summary.credentialSubject } : {}),
      ...(summary?.anchor ? { anchor: summary.anchor } : {}),
    }),
  );
}

/**
 * A one-line verdict of a whole report.
 * @param report - the report.
 * @returns the headline.
 */
export function reportHeadline(report: VerificationReport): string {
  if (report.verified) return 'Verified';
  const all = [...report.checks, ...report.credentials.flatMap((c) => c.checks)];
  const codes = new Set(all.filter((c) => c.status === 'failed' || c.status === 'error').map((c) => c.code));
  if (codes.has('CREDENTIAL_REVOKED')) return 'Not verified: revoked';
  if (codes.has('CREDENTIAL_SUSPENDED')) return 'Not verified: suspended';
  if (codes.has('CREDENTIAL_EXPIRED')) return 'Not verified: expired';
  for (const code of ['SUBJECT_VALIDITY_ENDED', 'SUBJECT_VALIDITY_NOT_STARTED'] as const) {
    const credential = report.credentials.find((c) =>
      c.checks.some((k) => k.check === 'validity' && k.status === 'failed' && k.code === code),
    );
    if (credential === undefined) continue;
    const noun = subjectWindowNoun(credential.credential?.type.find((t) => t !== 'VerifiableCredential'));
    const what = noun?.toLowerCase() ?? 'licence or accreditation';
    return code === 'SUBJECT_VALIDITY_ENDED'
      ? `Not verified: ${what} lapsed`
      : `Not verified: ${what} not valid yet`;
  }
  const open = all.filter((c) => c.status === 'failed' || c.status === 'error');
  if (isAnchorPendingOnly(open.map((c) => c.code ?? c.check))) {
    return 'Not verified yet: being registered on the public registry — check again in a few seconds';
  }
  if (all.some((c) => c.status === 'error')) return 'Not verified: could not be checked';
  return 'Not verified';
}

/** How a whole report is drawn: verified, still being registered on-chain (neutral, never red), or not verified. */
export type ReportTone = 'verified' | 'pending' | 'bad';

/**
 * The tone of a whole report: `pending` when the only thing missing is the issuer's on-chain registration
 * (`ANCHOR_PENDING`), which is not a verdict on the credential.
 * @param report - the report.
 * @returns the tone.
 */
export function reportTone(report: VerificationReport): ReportTone {
  if (report.verified) return 'verified';
  const all = [...report.checks, ...report.credentials.flatMap((c) => c.checks)];
  const open = all.filter((c) => c.status === 'failed' || c.status === 'error');
  return isAnchorPendingOnly(open.map((c) => c.code ?? c.check)) ? 'pending' : 'bad';
}
