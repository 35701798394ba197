// Drug provenance on a real local chain: a batch through two distributors to a clinic; diverted stock, unaccredited
// senders, gaps, recalls and expiry each fail with their code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCodes,
  PROVENANCE_CHECK_NAMES,
  PROVENANCE_LINK_CHECK_NAMES,
  verifyProvenance,
  type ChainVerifierSources,
  type InMemoryNonceStore,
  type ProvenanceOptions,
  type ProvenanceReport,
  type Verifier,
} from '@medtrust/core';
import { chainVerifier, startChain, syncHead, type ChainFixture } from '../verification/fixture.ts';
import { DAY, changeStatus, failedCodes, isoDay, issue, nowSeconds, present } from './issuing.ts';
import {
  newBatch,
  standardChain,
  supplier,
  supplierClaims,
  supplyChain,
  transfer,
  type SupplyChain,
} from './supply-chain.ts';

function check(report: ProvenanceReport, name: string) {
  const found = report.checks.find((c) => c.check === name);
  assert.ok(found, `no ${name} check`);
  return found;
}

describe('verifyProvenance', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let parties: SupplyChain;
  let options: ProvenanceOptions;
  let accreditations: string[];

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture));
    parties = await supplyChain(fixture);
    accreditations = [...parties.accreditations.values()].map((a) => a.jwt);
    options = { trustRegistry: sources.accreditation, clock: () => new Date() };
    await syncHead(fixture, sources);
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  it('verifies an accredited batch through two distributors to a clinic, presented by the clinic', async () => {
    const { batch, t1, t2, t3 } = await standardChain(fixture, parties);
    const nonce = await nonces.issue(300);
    // any order inside the presentation
    const vp = await present(
      parties.clinic,
      [t3.issued.jwt, batch.issued.jwt, t1.issued.jwt, t2.issued.jwt],
      { nonce },
    );
    const report = await verifyProvenance(
      verifier,
      { presentation: vp, accreditations },
      { ...options, challenge: nonce },
    );
    assert.equal(report.verified, true, JSON.stringify(report, null, 1).slice(0, 4000));
    assert.deepEqual(
      report.checks.map((c) => c.check),
      [...PROVENANCE_CHECK_NAMES],
    );
    assert.ok(report.checks.every((c) => c.status === 'passed'));
    assert.equal(report.holder, parties.clinic.did);
    assert.equal(report.presenter, parties.clinic.did);
    assert.equal(report.batch?.hash, batch.hash);
    assert.equal(report.batch?.id, batch.id);
    assert.equal(report.batch?.manufacturer, parties.manufacturer.did);
    assert.equal(report.batch?.status?.revoked, false);
    assert.deepEqual(
      report.links.map((l) => [l.step, l.from, l.to, l.quantity, l.transferId, l.acknowledgedBy]),
      [
        [1, parties.manufacturer.did, parties.d1.did, 100, t1.transferId, 'next-transfer'],
        [2, parties.d1.did, parties.d2.did, 60, t2.transferId, 'next-transfer'],
        [3, parties.d2.did, parties.clinic.did, 20, t3.transferId, 'presentation'],
      ],
    );
    for (const link of report.links) {
      assert.equal(link.verified, true);
      assert.deepEqual(
        link.checks.map((c) => c.check),
        [...PROVENANCE_LINK_CHECK_NAMES],
      );
      assert.equal(link.credentialId !== undefined, true);
    }
    assert.match(check(report, 'batch-recall').blockNumber!, /^\d+$/);
    // batch, three transfers, and accreditation credentials as of the dates they were needed
    assert.ok(report.credentials.length >= 4 + 3);
  });

  it('verifies loose credentials for a named presenter, with accreditations from a lookup', async () => {
    const { batch, t1, t2, t3 } = await standardChain(fixture, parties);
    const looked: string[] = [];
    const report = await verifyProvenance(
      verifier,
      {
        batch: batch.issued.jwt,
        transfers: [t2.issued.jwt, t3.issued.jwt, t1.issued.jwt],
        presenter: parties.clinic.did,
      },
      {
        ...options,
        accreditationsOf: async (did) => {
          looked.push(did);
          const found = parties.accreditations.get(did);
          return found === undefined ? [] : [found.jwt];
        },
      },
    );
    assert.equal(report.verified, true, JSON.stringify(failedCodes(report)));
    assert.equal(check(report, 'presentation').status, 'skipped');
    assert.equal(report.links.at(-1)?.acknowledgedBy, 'none');
    assert.deepEqual(new Set(looked), new Set([parties.manufacturer.did, parties.d1.did, parties.d2.did]));
  });

  it('fails a diverted copy: a distributor sends out more than it received (QUANTITY_EXCEEDED)', async () => {
    const { batch, t1, t2, t3 } = await standardChain(fixture, parties);
    // d1 received 100, sent 60 to d2 and now another 60 elsewhere
    const diverted = await transfer(fixture, batch, parties.d1, parties.rogue, 60, t1);
    const input = {
      batch: batch.issued.jwt,
      transfers: [t1.issued.jwt, t2.issued.jwt, t3.issued.jwt],
      presenter: parties.clinic.did,
      accreditations,
    };
    const alone = await verifyProvenance(verifier, input, options);
    assert.equal(alone.verified, true, 'without the directory the sibling branch is invisible');

    const report = await verifyProvenance(
      verifier,
      { ...input, knownTransfers: [t1.issued.jwt, t2.issued.jwt, diverted.issued.jwt, t3.issued.jwt] },
      options,
    );
    assert.equal(report.verified, false);
    assert.equal(check(report, 'quantity').code, ErrorCodes.QUANTITY_EXCEEDED);
    const step2 = report.links[1]!.checks.find((c) => c.check === 'quantity')!;
    assert.equal(step2.code, ErrorCodes.QUANTITY_EXCEEDED);
    assert.equal(report.links[0]!.verified, true);
  });

  it('fails a transfer of more than the sender received (QUANTITY_EXCEEDED)', async () => {
    const batch = await newBatch(fixture, parties.manufacturer);
    const t1 = await transfer(fixture, batch, parties.manufacturer, parties.d1, 100, null);
    const t2 = await transfer(fixture, batch, parties.d1, parties.d2, 60, t1);
    const t3 = await transfer(fixture, batch, parties.d2, parties.clinic, 80, t2);
    const report = await verifyProvenance(
      verifier,
      {
        batch: batch.issued.jwt,
        transfers: [t1.issued.jwt, t2.issued.jwt, t3.issued.jwt],
        presenter: parties.clinic.did,
        accreditations,
      },
      options,
    );
    assert.equal(report.verified, false);
    assert.deepEqual(failedCodes(report), [ErrorCodes.QUANTITY_EXCEEDED, ErrorCodes.QUANTITY_EXCEEDED]);
  });

  it('fails a transfer from a party the trust registry does not accredit (SUPPLIER_NOT_ACCREDITED)', async () => {
    const batch = await newBatch(fixture, parties.manufacturer);
    const t1 = await transfer(fixture, batch, parties.manufacturer, parties.d1, 100, null);
    const t2 = await transfer(fixture, batch, parties.d1, parties.rogue, 60, t1);
    const t3 = await transfer(fixture, batch, parties.rogue, parties.clinic, 20, t2);
    const report = await verifyProvenance(
      verifier,
      {
        batch: batch.issued.jwt,
        transfers: [t1.issued.jwt, t2.issued.jwt, t3.issued.jwt],
        presenter: parties.clinic.did,
        accreditations,
      },
      options,
    );
    assert.equal(report.verified, false);
    assert.deepEqual(failedCodes(report), [
      ErrorCodes.SUPPLIER_NOT_ACCREDITED,
      ErrorCodes.SUPPLIER_NOT_ACCREDITED,
    ]);
    assert.equal(report.links[2]!.verified, false);
    assert.match(check(report, 'supplier-accreditation').detail!, /^step 3:/);
  });

  it('fails a sender whose SupplierAccreditationCredential was revoked before the transfer', async () => {
    const d3 = await supplier(fixture, parties.regulator, parties, 'distributor', [
      'CustodyTransferCredential',
    ]);
    const receipt = await changeStatus(
      fixture,
      'revoke',
      parties.regulator,
      parties.accreditations.get(d3.did)!,
    );
    await syncHead(fixture, sources);
    assert.ok(receipt.blockNumber > 0n);
    const batch = await newBatch(fixture, parties.manufacturer);
    const t1 = await transfer(fixture, batch, parties.manufacturer, d3, 100, null);
    const t2 = await transfer(fixture, batch, d3, parties.clinic, 10, t1);
    const report = await verifyProvenance(
      verifier,
      {
        batch: batch.issued.jwt,
        transfers: [t1.issued.jwt, t2.issued.jwt],
        presenter: parties.clinic.did,
        accreditations: [...accreditations, parties.accreditations.get(d3.did)!.jwt],
      },
      options,
    );
    assert.deepEqual(failedCodes(report), [
      ErrorCodes.SUPPLIER_NOT_ACCREDITED,
      ErrorCodes.SUPPLIER_NOT_ACCREDITED,
    ]);
    assert.match(report.links[1]!.checks[2]!.detail!, /CREDENTIAL_REVOKED|revoked/);
  });

  it('fails a sender with no accreditation credential at all', async () => {
    const { batch, t1, t2, t3 } = await standardChain(fixture, parties);
    const withoutD2 = accreditations.filter((jwt) => jwt !== parties.accreditations.get(parties.d2.did)!.jwt);
    const report = await verifyProvenance(
      verifier,
      {
        batch: batch.issued.jwt,
        transfers: [t1.issued.jwt, t2.issued.jwt, t3.issued.jwt],
        presenter: parties.clinic.did,
        accreditations: withoutD2,
      },
      options,
    );
    assert.equal(check(report, 'supplier-accreditation').code, ErrorCodes.SUPPLIER_NOT_ACCREDITED);
    assert.match(check(report, 'supplier-accreditation').detail!, /no SupplierAccreditationCredential/);
  });

  it('fails a chain with a missing transfer (PROVENANCE_GAP)', async () => {
    const { batch, t1, t3 } = await standardChain(fixture, parties);
    const report = await verifyProvenance(
      verifier,
      {
        batch: batch.issued.jwt,
        transfers: [t1.issued.jwt, t3.issued.jwt],
        presenter: parties.clinic.did,
        accreditations,
      },
      options,
    );
    assert.equal(report.verified, false);
    assert.equal(check(report, 'chain').code, ErrorCodes.PROVENANCE_GAP);
    assert.match(check(report, 'chain').detail!, /was not provided/);
  });

  it('fails a chain that does not reach the presenting party, and forged links (PROVENANCE_GAP)', async () => {
    const { batch, t1, t2, t3 } = await standardChain(fixture, parties);
    // a grey-market seller presents a copy of the clinic's paperwork
    const nonce = await nonces.issue(300);
    const vp = await present(parties.rogue, [batch.issued.jwt, t1.issued.jwt, t2.issued.jwt, t3.issued.jwt], {
      nonce,
    });
    const copied = await verifyProvenance(
      verifier,
      { presentation: vp, accreditations },
      { ...options, challenge: nonce },
    );
    assert.equal(copied.verified, false);
    assert.equal(check(copied, 'chain').code, ErrorCodes.PROVENANCE_GAP);
    assert.equal(check(copied, 'presentation').status, 'passed');

    // a transfer naming another batch hash, and one sent by a party that never held the goods
    const other = await newBatch(fixture, parties.manufacturer);
    const wrongHash = await transfer(fixture, batch, parties.manufacturer, parties.d1, 100, null, {
      batchCredentialHash: other.hash,
    });
    const skipping = await transfer(fixture, batch, parties.d2, parties.clinic, 10, wrongHash);
    const forged = await verifyProvenance(
      verifier,
      {
        batch: batch.issued.jwt,
        transfers: [wrongHash.issued.jwt, skipping.issued.jwt],
        presenter: parties.clinic.did,
        accreditations,
      },
      options,
    );
    assert.equal(check(forged, 'chain').code, ErrorCodes.PROVENANCE_GAP);
    const [first, second] = forged.links;
    assert.match(first!.checks[1]!.detail!, /batchCredentialHash/);
    assert.match(second!.checks[1]!.detail!, /the goods were with/);
  });

  it('turns red once the manufacturer recalls the batch (BATCH_RECALLED), revoked or suspended', async () => {
    const { batch, t1, t2, t3 } = await standardChain(fixture, parties);
    const input = {
      batch: batch.issued.jwt,
      transfers: [t1.issued.jwt, t2.issued.jwt, t3.issued.jwt],
      presenter: parties.clinic.did,
      accreditations,
    };
    assert.equal((await verifyProvenance(verifier, input, options)).verified, true);

    const suspended = await changeStatus(fixture, 'suspend', parties.manufacturer, batch.issued);
    await syncHead(fixture, sources);
    const onHold = await verifyProvenance(verifier, input, options);
    assert.deepEqual(failedCodes(onHold), [ErrorCodes.BATCH_RECALLED]);
    assert.equal(BigInt(check(onHold, 'batch-recall').blockNumber!) >= suspended.blockNumber, true);

    await changeStatus(fixture, 'reinstate', parties.manufacturer, batch.issued);
    await syncHead(fixture, sources);
    assert.equal((await verifyProvenance(verifier, input, options)).verified, true);

    const revoked = await changeStatus(fixture, 'revoke', parties.manufacturer, batch.issued);
    await syncHead(fixture, sources);
    const recalled = await verifyProvenance(verifier, input, options);
    assert.equal(recalled.verified, false);
    assert.deepEqual(failedCodes(recalled), [ErrorCodes.BATCH_RECALLED]);
    assert.equal(check(recalled, 'batch-recall').blockNumber, revoked.blockNumber.toString());
    assert.equal(recalled.batch?.status?.revoked, true);
  });

  it('fails an expired batch (BATCH_EXPIRED), also against the injected clock', async () => {
    const expired = await standardChain(fixture, parties, { expiryDate: isoDay(nowSeconds() - DAY) });
    const report = await verifyProvenance(
      verifier,
      {
        batch: expired.batch.issued.jwt,
        transfers: [expired.t1.issued.jwt, expired.t2.issued.jwt, expired.t3.issued.jwt],
        presenter: parties.clinic.did,
        accreditations,
      },
      options,
    );
    assert.deepEqual(failedCodes(report), [ErrorCodes.BATCH_EXPIRED]);

    const fresh = await standardChain(fixture, parties, { expiryDate: isoDay(nowSeconds() + 30 * DAY) });
    const input = {
      batch: fresh.batch.issued.jwt,
      transfers: [fresh.t1.issued.jwt, fresh.t2.issued.jwt, fresh.t3.issued.jwt],
      presenter: parties.clinic.did,
      accreditations,
    };
    assert.equal((await verifyProvenance(verifier, input, options)).verified, true);
    const later = await verifyProvenance(verifier, input, {
      ...options,
      clock: () => new Date(Date.now() + 60 * DAY * 1000),
    });
    assert.deepEqual(failedCodes(later), [ErrorCodes.BATCH_EXPIRED]);
  });

  it('fails a batch whose manufacturer is not accredited to issue batches', async () => {
    // d1 is accredited for transfers only: it cannot mint batches of its own
    const batch = await issue(
      fixture,
      parties.d1,
      'DrugBatchCredential',
      'urn:gtin:05601234567890:lot:FAKE-1',
      {
        product: 'Botulinum toxin type A 100 U powder for injection',
        gtin: '05601234567890',
        lot: 'FAKE-1',
        expiryDate: isoDay(nowSeconds() + 365 * DAY),
        quantity: 100,
        unit: 'vial',
        manufacturingSite: 'Nowhere',
        manufacturer: parties.d1.did,
        certificateOfAnalysisHash: `0x${'ab'.repeat(32)}`,
      },
    );
    const report = await verifyProvenance(
      verifier,
      { batch: batch.jwt, presenter: parties.d1.did, accreditations: [...accreditations] },
      options,
    );
    assert.deepEqual(failedCodes(report), [ErrorCodes.SUPPLIER_NOT_ACCREDITED]);
    assert.match(check(report, 'supplier-accreditation').detail!, /^batch issuance:/);
  });

  it('never throws for malformed input and fails closed', async () => {
    for (const input of [
      null,
      'x',
      17,
      [],
      {},
      { batch: 'a.b.c' },
      { transfers: 'nope' },
      { batch: {}, transfers: [null, 3] },
    ]) {
      const report = await verifyProvenance(verifier, input as never, options);
      assert.equal(report.verified, false, JSON.stringify(input));
      assert.ok(report.checks.some((c) => c.status === 'failed' || c.status === 'error'));
    }
    await assert.rejects(() => verifyProvenance(verifier, {}, {} as never), {
      code: ErrorCodes.INVALID_ARGUMENT,
    });
    assert.ok(supplierClaims('clinic', 'x'));
  });
});
