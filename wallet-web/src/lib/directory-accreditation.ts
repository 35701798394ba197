/**
 * The accreditation chain behind a listed credential, drawn from the top down: governance (the trust registry's
 * root), the accreditor it delegated to when there is one, then the credential's issuer — each step with the record
 * that accredited it (window, withdrawal, block).
 */
import { credentialTitle, formatClaim } from './credential-view.ts';
import { jurisdictionLabel } from './directory-credential.ts';
import type { AccreditationChain, AccreditationLink, AccreditationRecord } from './directory-types.ts';

/** One party of the chain. */
export interface AccreditationStep {
  /** `governance`, or the party's DID. */
  party: string;
  /** Its role in the chain: "Governance", "Accreditor", "Issuer". */
  role: string;
  /** How the step above accredited it (absent for governance). */
  record?: AccreditationRecord;
  /** The record in words, e.g. "Accredited from 1 May 2025 to 1 May 2030, recorded at block 12". */
  recordText?: string;
}

/** The chain, ready to draw. */
export interface AccreditationPath {
  tone: 'good' | 'bad' | 'neutral';
  headline: string;
  /** Top down: governance first, the issuer last (empty when nothing applies or nothing could be read). */
  steps: AccreditationStep[];
  /** The block the registry was read up to. */
  blockNumber?: string;
}

function sameDid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The record that counts: the newest active one, else the newest. */
function currentRecord(records: readonly AccreditationRecord[]): AccreditationRecord | undefined {
  return [...records].reverse().find((r) => r.active) ?? records[records.length - 1];
}

/**
 * A record in words.
 * @param record - an accreditation record.
 * @returns e.g. "Accredited from 1 May 2025 to 1 May 2030 (may accredit others), recorded at block 12".
 */
export function accreditationRecordText(record: AccreditationRecord): string {
  const window = `from ${formatClaim(record.validFrom)} to ${formatClaim(record.validUntil)}`;
  const withdrawn = record.withdrawnAt === undefined ? '' : `, withdrawn ${formatClaim(record.withdrawnAt)}`;
  const delegable = record.delegable ? ' (may accredit others)' : '';
  const state = record.active ? 'Accredited' : 'Was accredited';
  return `${state} ${window}${delegable}${withdrawn}, recorded at block ${record.blockNumber}`;
}

function step(party: string, role: string, record: AccreditationRecord | undefined): AccreditationStep {
  const s: AccreditationStep = { party, role };
  if (record !== undefined) {
    s.record = record;
    s.recordText = accreditationRecordText(record);
  }
  return s;
}

function stepsOf(chain: AccreditationChain, issuer: AccreditationLink): AccreditationStep[] {
  const record = currentRecord(issuer.records);
  if (record === undefined) return [];
  if (record.grantedBy === 'governance') {
    return [step('governance', 'Governance', undefined), step(issuer.did, 'Issuer', record)];
  }
  const accreditor = chain.accreditors.find((a) => sameDid(a.did, record.grantedBy));
  const rootRecord = accreditor === undefined ? undefined : currentRecord(accreditor.records);
  return [
    step('governance', 'Governance', undefined),
    step(record.grantedBy, 'Accreditor', rootRecord),
    step(issuer.did, 'Issuer', record),
  ];
}

/**
 * Reads the chain of a credential's issuer.
 * @param chain - the directory's accreditation chain.
 * @param credentialType - e.g. `MedicalLicenseCredential`.
 * @returns tone, headline and steps.
 */
export function accreditationPath(chain: AccreditationChain, credentialType: string): AccreditationPath {
  const what = credentialTitle(credentialType).toLowerCase();
  const withBlock = (path: AccreditationPath): AccreditationPath =>
    chain.blockNumber === undefined ? path : { ...path, blockNumber: chain.blockNumber };
  if (chain.state === 'not-applicable' || chain.issuer === undefined) {
    if (chain.state === 'unavailable') {
      return {
        tone: 'neutral',
        headline: 'The trust registry could not be read just now, so the accreditation is not shown.',
        steps: [],
      };
    }
    return { tone: 'neutral', headline: 'No registry accreditation applies to this credential.', steps: [] };
  }
  const where = jurisdictionLabel(chain.issuer.jurisdiction);
  const steps = stepsOf(chain, chain.issuer);
  const via =
    steps.length === 3
      ? ', by an accreditor that governance accredited'
      : steps.length === 2
        ? ', directly by governance'
        : '';
  if (chain.state === 'accredited') {
    return withBlock({
      tone: 'good',
      headline: `The issuer is accredited to issue a ${what} in ${where}${via}.`,
      steps,
    });
  }
  return withBlock({
    tone: 'bad',
    headline: `The issuer is not accredited now to issue a ${what} in ${where}.`,
    steps,
  });
}
