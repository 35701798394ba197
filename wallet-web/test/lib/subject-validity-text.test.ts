// A lapsed or not yet valid licence or accreditation in plain words, with its date and time zone: the wallet
// badge, the clinic check report and the directory (codes SUBJECT_VALIDITY_ENDED / SUBJECT_VALIDITY_NOT_STARTED).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult } from '@medtrust/core';
import { statusLabelOfReport, statusOfReport } from '../../src/lib/credential-status.ts';
import { codeText } from '../../src/lib/directory-codes.ts';
import { liveStatusSentence, subjectValidityOfLiveStatus } from '../../src/lib/directory-status.ts';
import type { LiveStatus } from '../../src/lib/directory-types.ts';
import { describeCredentialReport, reportHeadline } from '../../src/lib/report-text.ts';
import {
  subjectValidityRange,
  subjectValidityText,
  utcDayText,
} from '../../src/lib/subject-validity-text.ts';
import type { VerificationReport } from '../../src/lib/verification-report.ts';

const LICENCE = { validFrom: '2024-01-15', validUntil: '2026-12-31', licenseNumber: '54873' };

function report(type: string, code: string, subject: Record<string, unknown> = LICENCE): VerificationReport {
  const checks: CheckResult[] = [
    { check: 'signature', status: 'passed' },
    { check: 'validity', status: 'failed', code: code as CheckResult['code'], detail: 'x' },
    { check: 'status', status: 'passed' },
  ];
  return {
    verified: false,
    checks,
    credentials: [
      {
        verified: false,
        checks,
        credential: {
          type: ['VerifiableCredential', type],
          issuer: 'did:ethr:0x7a69:0x01',
          issuanceDate: '2026-01-01T00:00:00Z',
          credentialSubject: subject,
          jwt: 'h.p.s',
        },
      },
    ],
  };
}

function live(state: LiveStatus['state'], failedCodes: string[]): LiveStatus {
  return { state, verified: false, revoked: false, suspended: false, checkedAt: '', failedCodes, checks: [] };
}

describe('a licence’s or accreditation’s own dates in words', () => {
  it('says a date-only value as its UTC day, whatever the local time zone', () => {
    assert.equal(utcDayText('2026-12-31'), '31 December 2026 (UTC)');
    assert.equal(utcDayText('2027-01-01'), '1 January 2027 (UTC)');
    assert.equal(utcDayText('2026-02-30'), undefined);
    assert.equal(utcDayText(20261231), undefined);
  });

  it('wallet badge: a lapsed licence is not “Valid” but “Licence lapsed on 31 December 2026 (UTC)”', () => {
    const lapsed = report('MedicalLicenseCredential', 'SUBJECT_VALIDITY_ENDED');
    const status = statusOfReport(lapsed);
    assert.equal(status, 'expired');
    assert.equal(statusLabelOfReport(status, lapsed), 'Licence lapsed on 31 December 2026 (UTC)');
    const future = report('MedicalLicenseCredential', 'SUBJECT_VALIDITY_NOT_STARTED', {
      validFrom: '2027-03-01',
      validUntil: '2030-02-28',
    });
    assert.equal(statusOfReport(future), 'not-yet-valid');
    assert.equal(
      statusLabelOfReport(statusOfReport(future), future),
      'Licence not valid until 1 March 2027 (UTC)',
    );
    // the credential's own expiry keeps its standard words
    const expired = report('MedicalLicenseCredential', 'CREDENTIAL_EXPIRED');
    assert.equal(statusLabelOfReport(statusOfReport(expired), expired), 'Expired');
  });

  it('accreditations likewise', () => {
    for (const type of ['HospitalAccreditationCredential', 'SupplierAccreditationCredential']) {
      const lapsed = report(type, 'SUBJECT_VALIDITY_ENDED', {
        validFrom: '2020-01-01',
        validUntil: '2026-01-31',
      });
      assert.equal(
        statusLabelOfReport(statusOfReport(lapsed), lapsed),
        'Accreditation lapsed on 31 January 2026 (UTC)',
      );
      assert.equal(reportHeadline(lapsed), 'Not verified: accreditation lapsed');
    }
  });

  it('clinic report: the validity sentence and the headline name the lapse and its date', () => {
    const lapsed = report('MedicalLicenseCredential', 'SUBJECT_VALIDITY_ENDED');
    const validity = describeCredentialReport(lapsed.credentials[0]!).find((s) => s.check === 'validity');
    assert.deepEqual(validity, {
      check: 'validity',
      tone: 'bad',
      text: 'Licence lapsed on 31 December 2026 (UTC)',
    });
    assert.equal(reportHeadline(lapsed), 'Not verified: licence lapsed');
    const future = report('MedicalLicenseCredential', 'SUBJECT_VALIDITY_NOT_STARTED', {
      validFrom: '2027-03-01',
      validUntil: '2030-02-28',
    });
    assert.equal(
      describeCredentialReport(future.credentials[0]!).find((s) => s.check === 'validity')?.text,
      'Licence not valid until 1 March 2027 (UTC)',
    );
    assert.equal(reportHeadline(future), 'Not verified: licence not valid yet');
  });

  it('clinic report: the licence’s dates are shown as a range with their time zone', () => {
    assert.equal(
      subjectValidityRange('MedicalLicenseCredential', LICENCE),
      'Licence valid 15 January 2024 – 31 December 2026 (UTC)',
    );
    assert.equal(
      subjectValidityRange('HospitalAccreditationCredential', {
        validFrom: '2025-02-01',
        validUntil: '2028-01-31',
      }),
      'Accreditation valid 1 February 2025 – 31 January 2028 (UTC)',
    );
    assert.equal(subjectValidityRange('DrugBatchCredential', { expiryDate: '2027-01-01' }), undefined);
  });

  it('directory: the live status sentence and badge say the lapse with its date', () => {
    const listed = { type: 'MedicalLicenseCredential', claims: LICENCE };
    const status = live('expired', ['SUBJECT_VALIDITY_ENDED']);
    assert.equal(subjectValidityOfLiveStatus(status, listed), 'Licence lapsed on 31 December 2026 (UTC)');
    assert.equal(
      liveStatusSentence(status, 'This medical licence', listed),
      'Licence lapsed on 31 December 2026 (UTC). This medical licence is not valid.',
    );
    const notYet = live('not-yet-valid', ['SUBJECT_VALIDITY_NOT_STARTED']);
    assert.equal(
      subjectValidityOfLiveStatus(notYet, {
        type: 'SupplierAccreditationCredential',
        claims: { validFrom: '2027-05-01' },
      }),
      'Accreditation not valid until 1 May 2027 (UTC)',
    );
    // a credential that merely expired keeps its sentence
    assert.equal(subjectValidityOfLiveStatus(live('expired', ['CREDENTIAL_EXPIRED']), listed), undefined);
    assert.notEqual(codeText('SUBJECT_VALIDITY_ENDED'), codeText('SOMETHING_UNKNOWN'));
    assert.ok(!codeText('SUBJECT_VALIDITY_NOT_STARTED').includes('_'));
  });

  it('without readable dates it still says what happened', () => {
    assert.equal(
      subjectValidityText('SUBJECT_VALIDITY_ENDED', 'MedicalLicenseCredential', {}),
      'Licence lapsed',
    );
    assert.equal(
      subjectValidityText('SUBJECT_VALIDITY_NOT_STARTED', undefined, undefined),
      'Licence or accreditation not valid yet',
    );
  });
});
