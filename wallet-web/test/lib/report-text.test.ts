// The verifier's report in plain language, and the wallet's status badge.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusOfReport } from '../../src/lib/credential-status.ts';
import { describeCheck, describeCredentialReport, reportHeadline } from '../../src/lib/report-text.ts';
import type { CheckResult } from '@medtrust/core';
import type { VerificationReport } from '../../src/lib/verification-report.ts';

function report(
  checks: CheckResult[],
  verified = checks.every((c) => c.status !== 'failed' && c.status !== 'error'),
): VerificationReport {
  return {
    verified,
    checks,
    credentials: [
      {
        verified,
        checks,
        credential: {
          type: ['VerifiableCredential', 'MedicalLicenseCredential'],
          issuer: 'did:ethr:0x7a69:0x01',
          issuanceDate: '2026-01-01T00:00:00Z',
          expirationDate: '2026-06-30T00:00:00Z',
          credentialSubject: {},
          status: { revoked: true, suspended: false, blockNumber: '123' },
          jwt: 'header.payload.signature',
        },
      },
    ],
  };
}

describe('report in plain language', () => {
  it('says each check in words, naming the credential and the block', () => {
    const revoked = report([
      { check: 'signature', status: 'passed' },
      { check: 'status', status: 'failed', code: 'CREDENTIAL_REVOKED' },
    ]);
    assert.deepEqual(
      describeCredentialReport(revoked.credentials[0]!).map((s) => [s.tone, s.text]),
      [
        ['good', 'Signature is valid'],
        ['bad', 'Medical licence revoked (on-chain registry at block 123)'],
      ],
    );
    assert.equal(reportHeadline(revoked), 'Not verified: revoked');
    assert.equal(statusOfReport(revoked), 'revoked');
  });

  it('fails safe and says so when a service did not answer', () => {
    const down = report([{ check: 'status', status: 'error', code: 'STATUS_UNAVAILABLE' }]);
    assert.match(describeCheck(down.checks[0]!).text, /fails safe/);
    assert.equal(reportHeadline(down), 'Not verified: could not be checked');
    assert.equal(statusOfReport(down), 'unknown');
  });

  it('maps reports to the wallet badge', () => {
    assert.equal(statusOfReport(report([{ check: 'signature', status: 'passed' }])), 'valid');
    assert.equal(
      statusOfReport(report([{ check: 'status', status: 'failed', code: 'CREDENTIAL_SUSPENDED' }])),
      'suspended',
    );
    assert.equal(
      statusOfReport(report([{ check: 'validity', status: 'failed', code: 'CREDENTIAL_EXPIRED' }])),
      'expired',
    );
    assert.equal(
      statusOfReport(report([{ check: 'signature', status: 'failed', code: 'SIGNATURE_INVALID' }])),
      'invalid',
    );
    const expired = describeCheck(
      { check: 'validity', status: 'failed', code: 'CREDENTIAL_EXPIRED' },
      {
        subject: 'Medical licence',
        expirationDate: '2026-06-30T00:00:00Z',
      },
    );
    assert.equal(expired.text, 'Medical licence expired on 30 June 2026 (UTC)');
  });
});
