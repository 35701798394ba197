// The `anchoring` check in plain words, everywhere codes are translated: the wallet badge, the clinic report
// (with where and when it was registered, in UTC), the directory's live status and batch pages — and a credential its
// issuer is still registering (ANCHOR_PENDING) shown as pending, never as invalid. Plus the verification calls that
// carry the proofs (`options.anchorProofs`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult } from '@medtrust/core';
import type { AnchorProof } from '../../src/lib/anchor-proof.ts';
import {
  ANCHOR_CODE_TEXT,
  anchoredOnChainText,
  isAnchorPendingOnly,
  utcDateTimeText,
} from '../../src/lib/anchor-text.ts';
import { STATUS_LABELS, statusOfReport, verifyCredentialBody } from '../../src/lib/credential-status.ts';
import { batchVerdict, edgeResult } from '../../src/lib/directory-batch.ts';
import { codeText } from '../../src/lib/directory-codes.ts';
import {
  anchorBlockText,
  badgeOfLiveStatus,
  isBeingRegistered,
  liveStatusSentence,
} from '../../src/lib/directory-status.ts';
import type { BatchView, CustodyEdge, LiveStatus } from '../../src/lib/directory-types.ts';
import {
  describeCheck,
  describeCredentialReport,
  reportHeadline,
  reportTone,
} from '../../src/lib/report-text.ts';
import type { VerificationReport } from '../../src/lib/verification-report.ts';
import { splitAnchorProofs, verifyRequestBody } from '../../src/clinic/verifier-api.ts';

const MAKER = 'did:ethr:0x7a69:0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
const PROOF: AnchorProof = {
  type: 'MedtrustAnchorProof',
  credentialHash: `0x${'1'.repeat(64)}`,
  issuer: `0x${'2'.repeat(40)}`,
  root: `0x${'3'.repeat(64)}`,
  proof: [`0x${'4'.repeat(64)}`],
  chainId: 31337,
  anchorRegistry: `0x${'5'.repeat(40)}`,
  blockNumber: '57',
  transactionHash: `0x${'6'.repeat(64)}`,
};
const ANCHOR = {
  blockNumber: '57',
  anchoredAt: '2026-12-07T15:31:50.000Z',
  transactionHash: `0x${'d'.repeat(64)}`,
  proof: PROOF,
};

function report(checks: CheckResult[], anchored = false): VerificationReport {
  const verified = checks.every((c) => c.status === 'passed' || c.status === 'skipped');
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
          issuanceDate: '2026-12-07T15:31:00Z',
          credentialSubject: {},
          ...(anchored ? { anchor: ANCHOR } : {}),
          jwt: 'header.payload.signature',
        },
      },
    ],
  };
}

const passed = (check: CheckResult['check']): CheckResult => ({ check, status: 'passed' });
const pendingCheck: CheckResult = { check: 'anchoring', status: 'failed', code: 'ANCHOR_PENDING' };

describe('anchoring in plain words', () => {
  it('has the words for every code', () => {
    assert.deepEqual(ANCHOR_CODE_TEXT, {
      ANCHOR_PENDING: 'Being registered on the public registry — check again in a few seconds',
      ANCHOR_MISSING: 'Not registered by its issuer: this credential cannot be trusted',
      ANCHOR_INVALID: 'The registration record does not match this credential',
      ANCHOR_LAG_EXCEEDED: 'Registered too long after it was dated: it may be backdated',
      ANCHOR_UNAVAILABLE: 'The public registry could not be reached: try again',
    });
  });

  it('says where and when it was registered, in UTC', () => {
    assert.equal(utcDateTimeText('2026-12-07T15:31:50.000Z'), '7 December 2026, 15:31 UTC');
    assert.equal(utcDateTimeText('2026-01-01T00:05:00+02:00'), '31 December 2025, 22:05 UTC');
    assert.equal(utcDateTimeText('not a date'), undefined);
    assert.equal(anchoredOnChainText(ANCHOR), 'Registered on-chain on 7 December 2026, 15:31 UTC (block 57)');
    const ok = report([passed('signature'), { ...passed('anchoring'), blockNumber: '57' }], true);
    assert.deepEqual(
      describeCredentialReport(ok.credentials[0]!).map((s) => [s.tone, s.text]),
      [
        ['good', 'Signature is valid'],
        ['good', 'Registered on-chain on 7 December 2026, 15:31 UTC (block 57)'],
      ],
    );
    // without the report's summary, the block from the check
    assert.equal(
      describeCheck({ check: 'anchoring', status: 'passed', blockNumber: '57' }).text,
      'Registered on-chain (block 57)',
    );
    assert.deepEqual(describeCheck({ check: 'anchoring', status: 'skipped' }), {
      check: 'anchoring',
      tone: 'neutral',
      text: 'No on-chain registration needed for this kind of credential',
    });
  });

  it('shows a credential being registered as pending, never as invalid or red', () => {
    const pending = report([passed('signature'), pendingCheck, passed('status')]);
    const sentence = describeCheck(pendingCheck);
    assert.equal(sentence.tone, 'neutral');
    assert.equal(sentence.text, 'Being registered on the public registry — check again in a few seconds');
    assert.equal(statusOfReport(pending), 'pending');
    assert.equal(STATUS_LABELS.pending, 'Being registered');
    assert.equal(reportTone(pending), 'pending');
    assert.equal(
      reportHeadline(pending),
      'Not verified yet: being registered on the public registry — check again in a few seconds',
    );
    // a real problem beside it still wins
    const revoked = report([pendingCheck, { check: 'status', status: 'failed', code: 'CREDENTIAL_REVOKED' }]);
    assert.equal(statusOfReport(revoked), 'revoked');
    assert.equal(reportTone(revoked), 'bad');
    const lapsed = report([
      pendingCheck,
      { check: 'validity', status: 'failed', code: 'SUBJECT_VALIDITY_ENDED' },
    ]);
    assert.equal(statusOfReport(lapsed), 'expired');
    assert.equal(reportHeadline(lapsed), 'Not verified: licence lapsed');
    const forged = report([
      pendingCheck,
      { check: 'signature', status: 'failed', code: 'SIGNATURE_INVALID' },
    ]);
    assert.equal(statusOfReport(forged), 'invalid');
    assert.equal(reportTone(forged), 'bad');
  });

  it('says the other codes as failures, and the registry being down as a safe failure', () => {
    for (const code of ['ANCHOR_MISSING', 'ANCHOR_INVALID', 'ANCHOR_LAG_EXCEEDED'] as const) {
      const failed = report([passed('signature'), { check: 'anchoring', status: 'failed', code }]);
      assert.deepEqual(describeCheck(failed.checks[1]!), {
        check: 'anchoring',
        tone: 'bad',
        text: ANCHOR_CODE_TEXT[code],
      });
      assert.equal(statusOfReport(failed), 'invalid');
      assert.equal(reportTone(failed), 'bad');
    }
    const down = report([{ check: 'anchoring', status: 'error', code: 'ANCHOR_UNAVAILABLE' }]);
    assert.deepEqual(describeCheck(down.checks[0]!), {
      check: 'anchoring',
      tone: 'bad',
      text: 'The public registry could not be reached: try again',
    });
    assert.equal(statusOfReport(down), 'unknown', 'not "invalid": nothing is claimed');
    assert.equal(reportHeadline(down), 'Not verified: could not be checked');
  });

  it('tells pending-only code lists apart', () => {
    assert.equal(isAnchorPendingOnly(['ANCHOR_PENDING']), true);
    assert.equal(isAnchorPendingOnly(['ANCHOR_PENDING', 'ANCHOR_UNAVAILABLE']), true);
    assert.equal(isAnchorPendingOnly(['ANCHOR_PENDING', 'SIGNATURE_INVALID']), false);
    assert.equal(isAnchorPendingOnly(['ANCHOR_MISSING']), false);
    assert.equal(isAnchorPendingOnly([]), false);
  });
});

function live(overrides: Partial<LiveStatus> = {}): LiveStatus {
  return {
    state: 'verified',
    verified: true,
    revoked: false,
    suspended: false,
    blockNumber: '60',
    checkedAt: '2026-12-07T15:40:00.000Z',
    failedCodes: [],
    checks: [],
    ...overrides,
  };
}

function edge(overrides: Partial<CustodyEdge> = {}): CustodyEdge {
  return {
    transferId: 'urn:uuid:1',
    from: MAKER,
    to: 'did:ethr:0x7a69:0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
    quantity: 400,
    transferDate: '2026-05-02T08:30:00Z',
    verified: true,
    failedCodes: [],
    children: [],
    ...overrides,
  };
}

function batch(overrides: Partial<BatchView> = {}): BatchView {
  return {
    batchId: 'urn:gtin:05601234567891:lot:BTX2025-117',
    manufacturer: MAKER,
    product: 'Botulinum toxin type A 100 U',
    gtin: '05601234567891',
    lot: 'BTX2025-117',
    expiryDate: '2027-06-30',
    quantity: 1200,
    unit: 'vial',
    publishedAt: '2026-05-01T00:00:00.000Z',
    jwt: 'x.y.z',
    status: live(),
    recalled: false,
    alert: { level: 'ok', codes: [] },
    provenance: {
      verified: true,
      transfers: 1,
      branches: [],
      tree: { root: MAKER, quantity: 1200, children: [edge()], unlinked: [] },
    },
    ...overrides,
  };
}

describe('anchoring on the directory pages', () => {
  const pendingLive = live({
    state: 'invalid',
    verified: false,
    failedCodes: ['ANCHOR_PENDING'],
    checks: [pendingCheck],
  });

  it('never shows a credential being registered as invalid', () => {
    assert.equal(isBeingRegistered(pendingLive), true);
    assert.equal(badgeOfLiveStatus(pendingLive), 'pending');
    assert.equal(
      liveStatusSentence(pendingLive, 'This medical licence'),
      'This medical licence is being registered on the public registry — check again in a few seconds. Nothing is wrong with it so far.',
    );
    // a verifier with its own `pending` state reads the same
    assert.equal(badgeOfLiveStatus({ state: 'pending' as LiveStatus['state'], failedCodes: [] }), 'pending');
    // pending beside a real failure: invalid, with both said
    const forged = live({
      state: 'invalid',
      verified: false,
      failedCodes: ['ANCHOR_PENDING', 'SIGNATURE_INVALID'],
    });
    assert.equal(badgeOfLiveStatus(forged), 'invalid');
    assert.match(
      liveStatusSentence(forged),
      /^This credential is not valid: Being registered .*; Its signature/,
    );
    assert.equal(badgeOfLiveStatus(live()), 'valid');
  });

  it('names the other codes, and the block a live check found the anchor in', () => {
    assert.equal(
      codeText('ANCHOR_MISSING'),
      'Not registered by its issuer: this credential cannot be trusted',
    );
    assert.equal(
      codeText('ANCHOR_LAG_EXCEEDED'),
      'Registered too long after it was dated: it may be backdated',
    );
    assert.equal(codeText('ANCHOR_UNAVAILABLE'), 'The public registry could not be reached: try again');
    assert.equal(
      liveStatusSentence(live({ state: 'invalid', verified: false, failedCodes: ['ANCHOR_INVALID'] })),
      'This credential is not valid: The registration record does not match this credential.',
    );
    assert.equal(
      anchorBlockText(live({ checks: [{ check: 'anchoring', status: 'passed', blockNumber: '41' }] })),
      'Registered on-chain (block 41)',
    );
    assert.equal(
      anchorBlockText(live({ anchor: { ...ANCHOR, text: 'registered on-chain in block 57' } })),
      'Registered on-chain on 7 December 2026, 15:31 UTC (block 57)',
    );
    assert.equal(anchorBlockText(pendingLive), undefined);
  });

  it('shows a batch or hand-off being registered as pending, not as a warning of fraud', () => {
    const now = new Date('2026-05-03T12:00:00Z');
    const verdict = batchVerdict(
      batch({ status: pendingLive, alert: { level: 'danger', codes: ['ANCHOR_PENDING'] } }),
      now,
    );
    assert.deepEqual(verdict, {
      tone: 'pending',
      title: 'Being registered on the public registry',
      sentences: [
        'Being registered on the public registry — check again in a few seconds: nothing is wrong with it so far.',
      ],
    });
    // a recall is still a recall
    const recalled = batchVerdict(
      batch({ recalled: true, alert: { level: 'danger', codes: ['ANCHOR_PENDING', 'BATCH_RECALLED'] } }),
      now,
    );
    assert.equal(recalled.tone, 'danger');
    const diverted = batchVerdict(
      batch({ alert: { level: 'danger', codes: ['ANCHOR_PENDING', 'QUANTITY_EXCEEDED'] } }),
      now,
    );
    assert.equal(diverted.tone, 'danger');
    assert.deepEqual(edgeResult(edge({ verified: false, failedCodes: ['ANCHOR_PENDING'] })), {
      tone: 'neutral',
      text: 'Being registered on the public registry — check again in a few seconds',
      diverted: false,
    });
    assert.equal(edgeResult(edge({ verified: false, failedCodes: ['ANCHOR_MISSING'] })).tone, 'bad');
  });
});

describe('verification calls carry the known anchor proofs (options.anchorProofs)', () => {
  const credentialJwt = 'eyJhbGciOiJFUzI1NksifQ.eyJ2YyI6e319.c2ln';
  const presentationJwt = 'eyJhbGciOiJFZERTQSJ9.eyJ2cCI6e319.c2ln';

  it('the wallet badge sends the held proof with the credential', () => {
    assert.deepEqual(verifyCredentialBody(credentialJwt, PROOF), {
      verifiableCredential: credentialJwt,
      options: { anchorProofs: [PROOF] },
    });
    assert.deepEqual(verifyCredentialBody(credentialJwt, undefined), { verifiableCredential: credentialJwt });
  });

  it('the clinic sends pasted proofs beside the document, and nothing more without them', () => {
    assert.equal(verifyRequestBody(credentialJwt), credentialJwt);
    assert.deepEqual(verifyRequestBody(credentialJwt, [PROOF]), {
      verifiableCredential: credentialJwt,
      options: { anchorProofs: [PROOF] },
    });
    assert.deepEqual(verifyRequestBody(presentationJwt, [PROOF]), {
      verifiablePresentation: presentationJwt,
      options: { anchorProofs: [PROOF] },
    });
    assert.deepEqual(
      verifyRequestBody({ type: ['VerifiableCredential'], options: { domain: 'x' } }, [PROOF]),
      {
        type: ['VerifiableCredential'],
        options: { domain: 'x', anchorProofs: [PROOF] },
      },
    );
    const many = Array.from({ length: 70 }, () => PROOF);
    const body = verifyRequestBody(credentialJwt, many) as { options: { anchorProofs: unknown[] } };
    assert.equal(body.options.anchorProofs.length, 64, 'the verifier’s bound');
  });

  it('reads proofs out of what was pasted: a list, one proof, or an issuer’s credential record', () => {
    assert.deepEqual(splitAnchorProofs(credentialJwt), { document: credentialJwt, anchorProofs: [] });
    assert.deepEqual(
      splitAnchorProofs({ verifiableCredential: credentialJwt, anchorProofs: [PROOF, { junk: true }] }),
      { document: { verifiableCredential: credentialJwt }, anchorProofs: [PROOF] },
    );
    assert.deepEqual(splitAnchorProofs({ type: ['VerifiableCredential'], anchorProof: PROOF }), {
      document: { type: ['VerifiableCredential'] },
      anchorProofs: [PROOF],
    });
    assert.deepEqual(
      splitAnchorProofs({
        id: 'urn:uuid:1',
        jwt: credentialJwt,
        anchor: { state: 'anchored', proof: PROOF },
      }),
      { document: credentialJwt, anchorProofs: [PROOF] },
    );
    assert.deepEqual(
      splitAnchorProofs({ id: 'urn:uuid:1', jwt: credentialJwt, anchor: { state: 'pending' } }),
      {
        document: credentialJwt,
        anchorProofs: [],
      },
    );
    const plain = { type: ['VerifiableCredential'], proof: { jwt: credentialJwt } };
    assert.deepEqual(splitAnchorProofs(plain), { document: plain, anchorProofs: [] });
  });
});
