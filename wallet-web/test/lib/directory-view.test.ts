// What the directory pages say: live status badges and sentences (with the block), ratings as stars and words,
// licence cards, the accreditation chain from governance down, and batch verdicts (recall first, diverted stock).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64urlJson } from '../../src/lib/base64url.ts';
import { accreditationPath } from '../../src/lib/directory-accreditation.ts';
import {
  batchVerdict,
  edgeResult,
  isExpired,
  partyNames,
  quantityText,
} from '../../src/lib/directory-batch.ts';
import { codeText } from '../../src/lib/directory-codes.ts';
import { jurisdictionLabel, kindLabel, listedCredentialCard } from '../../src/lib/directory-credential.ts';
import { ratingStars, ratingSummary, ratingText } from '../../src/lib/directory-rating.ts';
import { badgeOfLiveState, liveStatusSentence, statusBlockText } from '../../src/lib/directory-status.ts';
import type {
  AccreditationChain,
  AccreditationRecord,
  BatchView,
  CustodyEdge,
  LiveStatus,
  ProfileCredential,
} from '../../src/lib/directory-types.ts';

const BOARD = 'did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const REGULATOR = 'did:ethr:0x7a69:0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const MAKER = 'did:ethr:0x7a69:0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
const WHOLESALER = 'did:ethr:0x7a69:0x14dC79964da2C08b23698B3D3cc7Ca32193d9955';
const CLINIC = 'did:ethr:0x7a69:0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f';

function status(overrides: Partial<LiveStatus> = {}): LiveStatus {
  return {
    state: 'verified',
    verified: true,
    revoked: false,
    suspended: false,
    blockNumber: '57',
    checkedAt: '2026-05-03T10:04:00.000Z',
    failedCodes: [],
    checks: [],
    ...overrides,
  };
}

function record(overrides: Partial<AccreditationRecord> = {}): AccreditationRecord {
  return {
    grantedBy: 'governance',
    accreditor: '0x0000000000000000000000000000000000000000',
    // mid-day, so that the dates read the same in any time zone the tests run in
    validFrom: '2025-05-01T12:00:00.000Z',
    validUntil: '2030-05-01T12:00:00.000Z',
    delegable: false,
    active: true,
    blockNumber: '12',
    txHash: '0xabc',
    ...overrides,
  };
}

function unsignedJwt(payload: Record<string, unknown>): string {
  return `${base64urlJson({ alg: 'ES256K', typ: 'JWT' })}.${base64urlJson(payload)}.c2ln`;
}

describe('live status of a listed credential', () => {
  it('maps each directory state to the wallet badge', () => {
    assert.deepEqual(
      (
        ['verified', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'invalid', 'unavailable'] as const
      ).map(badgeOfLiveState),
      ['valid', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'invalid', 'unknown'],
    );
  });

  it('says what was checked, and at which block', () => {
    assert.equal(statusBlockText(status()), 'Checked on-chain at block 57');
    assert.equal(statusBlockText(status({ blockNumber: undefined })), 'Checked');
    assert.match(liveStatusSentence(status(), 'This licence'), /^This licence is valid: /);
    assert.equal(
      liveStatusSentence(status({ state: 'revoked', verified: false, revoked: true }), 'This licence'),
      'This licence was revoked by its issuer. It is no longer valid.',
    );
    assert.equal(
      liveStatusSentence(
        status({ state: 'invalid', verified: false, failedCodes: ['ISSUER_NOT_ACCREDITED'] }),
      ),
      'This credential is not valid: Its issuer is not accredited to issue it.',
    );
    assert.match(liveStatusSentence(status({ state: 'unavailable', verified: false })), /nothing is claimed/);
  });
});

describe('ratings', () => {
  it('draws stars with words standing in for them', () => {
    assert.equal(ratingStars(4), '★★★★☆');
    assert.equal(ratingStars(4.6), '★★★★★');
    assert.equal(ratingStars(9), '★★★★★');
    assert.equal(ratingText(4), '4 out of 5 stars');
    assert.equal(ratingText(4.25), '4.3 out of 5 stars');
    assert.equal(ratingSummary({ count: 0, average: null }), 'No verified reviews yet');
    assert.equal(ratingSummary({ count: 1, average: 5 }), '5 out of 5 stars from 1 verified review');
    assert.equal(ratingSummary({ count: 3, average: 4.5 }), '4.5 out of 5 stars from 3 verified reviews');
  });
});

describe('licence card', () => {
  it('shows number, specialty, jurisdiction named, validity and issuer, in that order', () => {
    const credential: ProfileCredential = {
      type: 'MedicalLicenseCredential',
      kind: 'doctor',
      issuer: BOARD,
      name: 'Inês Carvalho Ferreira',
      number: '54873',
      jurisdiction: 'PT',
      claims: {
        name: 'Inês Carvalho Ferreira',
        licenseNumber: '54873',
        jurisdiction: 'PT',
        specialty: 'Cirurgia Plástica',
        scopeOfPractice: ['Aesthetic surgery', 'Reconstructive surgery'],
        validFrom: '2024-01-15',
        validUntil: '2029-01-14',
      },
      publishedAt: '2026-05-01T00:00:00.000Z',
      jwt: unsignedJwt({
        iss: BOARD,
        vc: {
          type: ['VerifiableCredential', 'MedicalLicenseCredential'],
          issuer: { id: BOARD, name: 'Ordem dos Médicos' },
        },
      }),
      status: status(),
      accreditation: { state: 'accredited', accreditors: [] },
    };
    const card = listedCredentialCard(credential);
    assert.equal(card.title, 'Medical licence');
    assert.equal(card.name, 'Inês Carvalho Ferreira');
    assert.equal(card.issuer, 'Ordem dos Médicos');
    assert.deepEqual(card.fields, [
      { label: 'Licence number', value: '54873' },
      { label: 'Specialty', value: 'Cirurgia Plástica' },
      { label: 'Scope of practice', value: 'Aesthetic surgery; Reconstructive surgery' },
      { label: 'Jurisdiction', value: 'Portugal (PT)' },
      { label: 'Valid', value: '15 January 2024 to 14 January 2029 (UTC)' },
    ]);
    // without a named issuer, the DID stands in
    assert.equal(listedCredentialCard({ ...credential, jwt: 'not a jwt' }).issuer, BOARD);
  });

  it('names countries and regions, and kinds', () => {
    assert.equal(jurisdictionLabel('TR'), 'Türkiye (TR)');
    assert.equal(jurisdictionLabel('PT-11'), 'Portugal, region PT-11');
    assert.equal(jurisdictionLabel('ZZ'), 'ZZ');
    assert.equal(kindLabel('hospital'), 'Hospital');
    assert.equal(kindLabel('supplier', true), 'Suppliers');
  });
});

describe('accreditation chain', () => {
  it('goes from governance straight to an issuer it accredited', () => {
    const chain: AccreditationChain = {
      state: 'accredited',
      issuer: {
        did: BOARD,
        address: '0x7099',
        credentialType: 'MedicalLicenseCredential',
        jurisdiction: 'PT',
        accreditedNow: true,
        records: [record()],
      },
      accreditors: [],
      blockNumber: '60',
    };
    const path = accreditationPath(chain, 'MedicalLicenseCredential');
    assert.equal(path.tone, 'good');
    assert.equal(
      path.headline,
      'The issuer is accredited to issue a medical licence in Portugal (PT), directly by governance.',
    );
    assert.deepEqual(
      path.steps.map((s) => [s.role, s.party]),
      [
        ['Governance', 'governance'],
        ['Issuer', BOARD],
      ],
    );
    assert.match(
      path.steps[1]!.recordText!,
      /^Accredited from 1 May 2025 at \d\d:\d\d UTC to 1 May 2030 at \d\d:\d\d UTC, recorded at block 12$/,
    );
    assert.equal(path.blockNumber, '60');
  });

  it('goes through the accreditor of a delegated record, and says when accreditation ended', () => {
    const chain: AccreditationChain = {
      state: 'not-accredited',
      issuer: {
        did: MAKER,
        address: '0x15d3',
        credentialType: 'DrugBatchCredential',
        jurisdiction: 'PT',
        accreditedNow: false,
        records: [
          record({
            grantedBy: REGULATOR,
            accreditor: '0x90F7',
            active: false,
            withdrawnAt: '2026-01-02T12:00:00.000Z',
          }),
        ],
      },
      accreditors: [
        {
          did: REGULATOR.toLowerCase(),
          address: '0x90F7',
          credentialType: 'DrugBatchCredential',
          jurisdiction: 'PT',
          accreditedNow: true,
          records: [record({ delegable: true, blockNumber: '3' })],
        },
      ],
    };
    const path = accreditationPath(chain, 'DrugBatchCredential');
    assert.equal(path.tone, 'bad');
    assert.equal(path.headline, 'The issuer is not accredited now to issue a drug batch in Portugal (PT).');
    assert.deepEqual(
      path.steps.map((s) => s.role),
      ['Governance', 'Accreditor', 'Issuer'],
    );
    assert.match(path.steps[1]!.recordText!, /\(may accredit others\), recorded at block 3$/);
    assert.match(
      path.steps[2]!.recordText!,
      /^Was accredited .*, withdrawn 2 January 2026 at \d\d:\d\d UTC, recorded at block 12$/,
    );
  });

  it('claims nothing when the registry could not be read or nothing applies', () => {
    assert.deepEqual(
      accreditationPath({ state: 'unavailable', accreditors: [] }, 'MedicalLicenseCredential').steps,
      [],
    );
    assert.match(
      accreditationPath({ state: 'unavailable', accreditors: [] }, 'MedicalLicenseCredential').headline,
      /could not be read/,
    );
    assert.match(
      accreditationPath({ state: 'not-applicable', accreditors: [] }, 'MedicalLicenseCredential').headline,
      /No registry accreditation applies/,
    );
  });
});

function edge(overrides: Partial<CustodyEdge> = {}): CustodyEdge {
  return {
    transferId: 'urn:uuid:1',
    from: MAKER,
    to: WHOLESALER,
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
    manufacturerName: 'Farmacêutica Atlântico',
    product: 'Botulinum toxin type A 100 U',
    gtin: '05601234567891',
    lot: 'BTX2025-117',
    expiryDate: '2027-06-30',
    quantity: 1200,
    unit: 'vial',
    publishedAt: '2026-05-01T00:00:00.000Z',
    jwt: 'x.y.z',
    status: status(),
    recalled: false,
    alert: { level: 'ok', codes: [] },
    provenance: {
      verified: true,
      transfers: 1,
      branches: [
        {
          holder: WHOLESALER,
          holderName: 'Distribuidora Lisboa',
          verified: true,
          failedCodes: [],
          checks: [],
          links: [],
        },
      ],
      tree: { root: MAKER, quantity: 1200, children: [edge()], unlinked: [] },
    },
    ...overrides,
  };
}

describe('batch verdict', () => {
  const now = new Date('2026-05-03T12:00:00Z');

  it('says a clean batch is not recalled, naming the block', () => {
    assert.deepEqual(batchVerdict(batch(), now), {
      tone: 'ok',
      title: 'Not recalled',
      sentences: [
        'Not recalled and not expired; every published hand-off checks out (read on-chain at block 57).',
      ],
    });
  });

  it('puts a recall first, loud, in one plain sentence', () => {
    const recalled = batch({
      recalled: true,
      status: status({
        state: 'revoked',
        verified: false,
        revoked: true,
        blockNumber: '61',
        failedCodes: ['CREDENTIAL_REVOKED'],
      }),
      alert: { level: 'danger', codes: ['BATCH_RECALLED', 'CREDENTIAL_REVOKED'] },
    });
    const verdict = batchVerdict(recalled, now);
    assert.equal(verdict.tone, 'danger');
    assert.equal(verdict.title, 'Recalled — do not use this batch');
    assert.deepEqual(verdict.sentences, [
      'The manufacturer has recalled this batch: it revoked the batch on the public registry (read on-chain at block 61). Do not use, sell or administer it; return it to your supplier.',
    ]);
    const suspended = batchVerdict(
      batch({
        recalled: true,
        status: status({ state: 'suspended', suspended: true, verified: false }),
        alert: { level: 'danger', codes: ['BATCH_RECALLED'] },
      }),
      now,
    );
    assert.equal(suspended.title, 'Suspended — do not use this batch');
  });

  it('flags expiry and diverted stock, and lists other problems in words', () => {
    const verdict = batchVerdict(
      batch({
        expiryDate: '2026-05-02',
        alert: { level: 'danger', codes: ['BATCH_EXPIRED', 'QUANTITY_EXCEEDED', 'SUPPLIER_NOT_ACCREDITED'] },
      }),
      now,
    );
    assert.equal(verdict.tone, 'danger');
    assert.equal(verdict.title, 'Expired — do not use this batch');
    assert.deepEqual(verdict.sentences, [
      'This batch expired on 2 May 2026. Do not use it.',
      'More of this batch was passed on than was made or received: some stock may be diverted or counterfeit. The hand-offs concerned are flagged below.',
      'Other problems: A supplier in the chain was not accredited when it acted.',
    ]);
    assert.equal(
      batchVerdict(batch({ alert: { level: 'danger', codes: ['QUANTITY_EXCEEDED'] } }), now).title,
      'Warning: this batch does not check out',
    );
    assert.equal(
      batchVerdict(batch({ alert: { level: 'warning', codes: ['STATUS_UNAVAILABLE'] } }), now).tone,
      'warning',
    );
  });

  it('judges expiry by the last day of use (UTC)', () => {
    assert.equal(isExpired('2026-05-03', now), false);
    assert.equal(isExpired('2026-05-02', now), true);
    assert.equal(isExpired(undefined, now), false);
  });

  it('gives each hand-off its check result, diversion called out', () => {
    assert.deepEqual(edgeResult(edge()), { tone: 'good', text: 'Checks out', diverted: false });
    assert.deepEqual(
      edgeResult(edge({ verified: false, failedCodes: ['QUANTITY_EXCEEDED', 'QUANTITY_EXCEEDED'] })),
      {
        tone: 'bad',
        text: codeText('QUANTITY_EXCEEDED'),
        diverted: true,
      },
    );
    assert.equal(edgeResult(edge({ verified: null })).tone, 'neutral');
    assert.equal(codeText('SOMETHING_NEW'), 'Check failed (something new)');
  });

  it('knows the names on the page and counts units', () => {
    const names = partyNames(
      batch({
        provenance: {
          ...batch().provenance,
          branches: [{ holder: CLINIC, verified: true, failedCodes: [], checks: [], links: [] }],
        },
      }),
    );
    assert.deepEqual([...names], [[MAKER, 'Farmacêutica Atlântico']]);
    assert.equal(quantityText(400, 'vial'), '400 vials');
    assert.equal(quantityText(1, 'vial'), '1 vial');
    assert.equal(quantityText(1200, 'boxes'), '1,200 boxes');
    assert.equal(quantityText(null, 'vial'), 'unknown quantity');
  });
});
