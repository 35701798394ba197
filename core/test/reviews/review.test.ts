// Double-signed reviews on a real local chain: a treatment plus review verifies; a review without a treatment, by
// someone other than the treated patient, or after the doctor's licence was suspended before the visit fails with
// its code; a suspension after the visit does not; replies and the public view.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ES256KSigner } from 'did-jwt';
import {
  ErrorCodes,
  REVIEW_CHECK_NAMES,
  createReviewReply,
  credentialJwtHash,
  publicReviewView,
  treatmentCredentialHash,
  verifyReview,
  verifyReviewReply,
  verifyTreatment,
  type ChainVerifierSources,
  type InMemoryNonceStore,
  type ReviewReport,
  type Verifier,
} from '@medtrust/core';
import {
  accredit,
  chainVerifier,
  ethrIdentity,
  startChain,
  syncHead,
  type ChainFixture,
} from '../verification/fixture.ts';
import {
  changeStatus,
  didKeyPatient,
  failedCodes,
  nowSeconds,
  organisation,
  type Holder,
} from '../provenance/issuing.ts';
import {
  afterSecond,
  clinic,
  doctor,
  presentWithNonce,
  review,
  treat,
  type Clinic,
  type Doctor,
} from './clinic.ts';

function check(report: { checks: ReadonlyArray<{ check: string }> }, name: string) {
  const found = report.checks.find((c) => c.check === name);
  assert.ok(found, `no ${name} check`);
  return found as { check: string; status: string; code?: string; detail?: string; blockNumber?: string };
}

describe('verifyReview', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let theClinic: Clinic;
  let surgeon: Doctor;
  let standing: { licences: string[]; hospitalAccreditations: string[] };

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture));
    theClinic = await clinic(fixture);
    surgeon = await doctor(fixture, theClinic);
    standing = {
      licences: [surgeon.licence.jwt],
      hospitalAccreditations: [theClinic.hospitalAccreditation.jwt],
    };
    await syncHead(fixture, sources);
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  async function reviewed(
    patient: Holder,
    credentials: string[],
    extra: Partial<typeof standing> = {},
  ): Promise<ReviewReport> {
    const { vp, nonce } = await presentWithNonce(nonces, patient, credentials);
    return verifyReview(verifier, { presentation: vp, ...standing, ...extra }, { challenge: nonce });
  }

  it('verifies a treatment plus its review presented by the patient, and shows it without the patient', async () => {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const written = await review(fixture, patient, surgeon, treatment);
    const report = await reviewed(patient, [treatment.jwt, written.jwt]);
    assert.equal(report.verified, true, JSON.stringify(report.checks, null, 1));
    assert.deepEqual(
      report.checks.map((c) => c.check),
      [...REVIEW_CHECK_NAMES],
    );
    assert.ok(
      report.checks.every((c) => c.status === 'passed'),
      JSON.stringify(report.checks),
    );
    assert.equal(report.treatment?.patient, patient.did);
    assert.equal(report.treatment?.hash, treatmentCredentialHash(treatment.jwt));
    assert.equal(report.review?.hash, credentialJwtHash(written.jwt));
    assert.equal(report.review?.subjectRole, 'doctor');
    assert.equal(report.licence?.subject, surgeon.did);
    assert.equal(report.hospitalAccreditation?.jurisdiction, 'PT-11');
    assert.match(check(report, 'doctor-licence').blockNumber!, /^\d+$/);

    const view = publicReviewView(report);
    assert.equal(view.verified, true);
    assert.equal(view.rating, 5);
    assert.equal(view.reviewed?.did, surgeon.did);
    assert.equal(view.facts.licensedDoctor, true);
    assert.equal(view.facts.accreditedHospital, true);
    assert.equal(view.facts.hospitalName, 'Hospital Clínico de Lisboa');
    assert.match(
      view.statement,
      /^A licensed doctor at an accredited hospital treated this person for AES-RHINO on \d{4}-\d{2}-\d{2}\.$/,
    );
    const published = JSON.stringify(view);
    assert.ok(!published.includes(patient.did), 'the public view must not carry the patient DID');
    assert.ok(!published.includes(patient.did.slice(8, 30)));
    assert.ok(!published.includes(treatment.jwt.split('.')[1]!));
  });

  it("the pipeline binds a review to its author: holder-binding passes for the patient's own review, not another's", async () => {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const written = await review(fixture, patient, surgeon, treatment);
    const own = await presentWithNonce(nonces, patient, [treatment.jwt, written.jwt]);
    const report = await verifier.verifyPresentation(own.vp, { challenge: own.nonce });
    for (const credential of report.credentials) {
      assert.equal(credential.checks.find((c) => c.check === 'holder-binding')?.status, 'passed');
    }
    const stranger = didKeyPatient();
    const other = await presentWithNonce(nonces, stranger, [written.jwt]);
    const refused = await verifier.verifyPresentation(other.vp, { challenge: other.nonce });
    assert.equal(refused.verified, false);
    assert.equal(
      refused.credentials[0]?.checks.find((c) => c.check === 'holder-binding')?.code,
      'HOLDER_MISMATCH',
    );
  });

  it('verifies loose credentials too, with the licence and accreditation from lookups', async () => {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const written = await review(fixture, patient, theClinic.hospital, treatment);
    const report = await verifyReview(
      verifier,
      { treatment: treatment.jwt, review: written.jwt },
      {
        licencesOf: async (did) => (did === surgeon.did ? [surgeon.licence.jwt] : []),
        hospitalAccreditationsOf: async (did) =>
          did === theClinic.hospital.did ? [theClinic.hospitalAccreditation.jwt] : [],
      },
    );
    assert.equal(report.verified, true, JSON.stringify(failedCodes(report)));
    assert.equal(report.review?.subjectRole, 'hospital');
    assert.equal(check(report, 'presentation').status, 'skipped');
  });

  it('fails a review without its treatment, or bound to another treatment (REVIEW_WITHOUT_TREATMENT)', async () => {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const written = await review(fixture, patient, surgeon, treatment);
    const alone = await reviewed(patient, [written.jwt]);
    assert.equal(alone.verified, false);
    assert.deepEqual(failedCodes(alone), [ErrorCodes.REVIEW_WITHOUT_TREATMENT]);

    const other = await treat(fixture, theClinic, patient, surgeon, { procedureCategory: 'AES-BLEPH' });
    const mismatched = await reviewed(patient, [other.jwt, written.jwt]);
    assert.deepEqual(failedCodes(mismatched), [ErrorCodes.REVIEW_WITHOUT_TREATMENT]);
  });

  it('fails a review written by someone other than the treated patient (REVIEW_AUTHOR_MISMATCH)', async () => {
    const patient = didKeyPatient();
    const impostor = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    // the impostor obtained a copy of the patient's treatment credential
    const fake = await review(fixture, impostor, surgeon, treatment, { rating: 1, text: 'Terrible.' });
    const report = await reviewed(impostor, [treatment.jwt, fake.jwt]);
    assert.equal(report.verified, false);
    assert.deepEqual(failedCodes(report), [ErrorCodes.REVIEW_AUTHOR_MISMATCH]);

    // the patient's genuine review presented by someone else
    const genuine = await review(fixture, patient, surgeon, treatment);
    const relayed = await reviewed(impostor, [treatment.jwt, genuine.jwt]);
    assert.deepEqual(failedCodes(relayed), [ErrorCodes.REVIEW_AUTHOR_MISMATCH]);

    // a review naming the patient as author but signed by the impostor
    const forged = await review(fixture, impostor, surgeon, treatment, { author: patient.did });
    const loose = await verifyReview(verifier, { treatment: treatment.jwt, review: forged.jwt, ...standing });
    assert.deepEqual(failedCodes(loose), [ErrorCodes.REVIEW_AUTHOR_MISMATCH]);
  });

  it('fails when the licence was suspended before the visit, not when it was suspended after', async () => {
    const before = await doctor(fixture, theClinic);
    const suspension = await changeStatus(fixture, 'suspend', theClinic.board, before.licence);
    await syncHead(fixture, sources);
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, before);
    const written = await review(fixture, patient, before, treatment);
    const report = await reviewed(patient, [treatment.jwt, written.jwt], { licences: [before.licence.jwt] });
    assert.equal(report.verified, false);
    assert.deepEqual(failedCodes(report), [ErrorCodes.LICENCE_NOT_VALID_AT_TREATMENT]);
    assert.match(check(report, 'doctor-licence').detail!, /CREDENTIAL_SUSPENDED|suspended/);
    assert.ok(suspension.blockNumber > 0n);

    const later = await doctor(fixture, theClinic);
    const patient2 = didKeyPatient();
    const visit = await treat(fixture, theClinic, patient2, later);
    await afterSecond(nowSeconds());
    await changeStatus(fixture, 'suspend', theClinic.board, later.licence);
    await syncHead(fixture, sources);
    const written2 = await review(fixture, patient2, later, visit);
    const fine = await reviewed(patient2, [visit.jwt, written2.jwt], { licences: [later.licence.jwt] });
    assert.equal(fine.verified, true, JSON.stringify(failedCodes(fine)));
    // while the licence today is suspended
    const today = await verifier.verifyCredential(later.licence.jwt);
    assert.equal(today.verified, false);
  });

  it('fails when the hospital had no valid accreditation, and a licence from another country', async () => {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const written = await review(fixture, patient, surgeon, treatment);
    const report = await reviewed(patient, [treatment.jwt, written.jwt], { hospitalAccreditations: [] });
    assert.deepEqual(failedCodes(report), [ErrorCodes.HOSPITAL_NOT_ACCREDITED_AT_TREATMENT]);

    const now = nowSeconds();
    await accredit(fixture, theClinic.board.address, 'MedicalLicenseCredential', 'TR', 0, now + 86_400 * 365);
    const foreign = await doctor(fixture, theClinic, 'TR');
    await syncHead(fixture, sources);
    const t2 = await treat(fixture, theClinic, patient, foreign);
    const r2 = await review(fixture, patient, foreign, t2);
    const abroad = await reviewed(patient, [t2.jwt, r2.jwt], { licences: [foreign.licence.jwt] });
    assert.deepEqual(failedCodes(abroad), [ErrorCodes.LICENCE_NOT_VALID_AT_TREATMENT]);
    assert.match(check(abroad, 'doctor-licence').detail!, /licensed in TR/);
  });

  it('fails a revoked treatment, one not issued by its hospital, and a review of someone else', async () => {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const written = await review(fixture, patient, surgeon, treatment);
    await changeStatus(fixture, 'revoke', theClinic.hospital, treatment);
    await syncHead(fixture, sources);
    const revoked = await reviewed(patient, [treatment.jwt, written.jwt]);
    assert.deepEqual(failedCodes(revoked), [ErrorCodes.TREATMENT_REVOKED]);

    const fakeHospital = await organisation(fixture);
    await syncHead(fixture, sources);
    const forged = await treat(fixture, theClinic, patient, surgeon, {}, fakeHospital);
    const r2 = await review(fixture, patient, surgeon, forged);
    const notIssued = await reviewed(patient, [forged.jwt, r2.jwt]);
    assert.deepEqual(failedCodes(notIssued), [ErrorCodes.TREATMENT_ISSUER_MISMATCH]);

    const t3 = await treat(fixture, theClinic, patient, surgeon);
    const rival = await ethrIdentity(fixture);
    const r3 = await review(fixture, patient, rival, t3);
    const elsewhere = await reviewed(patient, [t3.jwt, r3.jwt]);
    assert.deepEqual(failedCodes(elsewhere), [ErrorCodes.REVIEW_SUBJECT_MISMATCH]);
  });

  it('verifies a treatment presented by its patient, and refuses one presented by another', async () => {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const own = await presentWithNonce(nonces, patient, [treatment.jwt]);
    const report = await verifyTreatment(
      verifier,
      { presentation: own.vp, ...standing },
      { challenge: own.nonce },
    );
    assert.equal(report.verified, true, JSON.stringify(failedCodes(report)));
    const other = await presentWithNonce(nonces, didKeyPatient(), [treatment.jwt]);
    const stolen = await verifyTreatment(
      verifier,
      { presentation: other.vp, ...standing },
      { challenge: other.nonce },
    );
    assert.deepEqual(failedCodes(stolen), [ErrorCodes.HOLDER_MISMATCH]);
    const future = await treat(fixture, theClinic, patient, surgeon, { treatmentDate: '2999-01-01' });
    const dated = await verifyTreatment(verifier, { treatment: future.jwt, ...standing });
    assert.deepEqual(failedCodes(dated), [ErrorCodes.TREATMENT_DATE_INVALID]);
  });

  it("verifies the treating doctor's reply bound to the review, and refuses any other", async () => {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, surgeon);
    const written = await review(fixture, patient, surgeon, treatment);
    const report = await reviewed(patient, [treatment.jwt, written.jwt]);
    assert.equal(report.verified, true);
    const signer = ES256KSigner(Buffer.from(surgeon.privateKey.slice(2), 'hex'));
    const reply = await createReviewReply({
      doctor: surgeon.did,
      signer,
      reviewHash: report.review!.hash,
      text: 'Thank you — it was a pleasure.',
    });
    const ok = await verifyReviewReply(reply, { resolver: sources.resolver, review: report });
    assert.equal(ok.verified, true, JSON.stringify(ok.checks));
    assert.equal(ok.reply?.text, 'Thank you — it was a pleasure.');
    assert.equal(ok.reply?.doctor, surgeon.did);

    const stranger = await ethrIdentity(fixture);
    const notDoctor = await createReviewReply({
      doctor: stranger.did,
      signer: ES256KSigner(Buffer.from(stranger.privateKey.slice(2), 'hex')),
      reviewHash: report.review!.hash,
      text: 'I am the doctor, really.',
    });
    assert.deepEqual(
      failedCodes(await verifyReviewReply(notDoctor, { resolver: sources.resolver, review: report })),
      [ErrorCodes.REPLY_NOT_BY_TREATING_DOCTOR],
    );

    const elsewhere = await verifyReviewReply(reply, {
      resolver: sources.resolver,
      review: { reviewHash: credentialJwtHash(treatment.jwt), doctor: surgeon.did },
    });
    assert.deepEqual(failedCodes(elsewhere), [ErrorCodes.REPLY_REVIEW_MISMATCH]);

    const [h, p, s] = reply.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.text = 'Edited afterwards.';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    assert.deepEqual(
      failedCodes(await verifyReviewReply(tampered, { resolver: sources.resolver, review: report })),
      [ErrorCodes.SIGNATURE_INVALID],
    );
    // impersonation: signed with the stranger's key but claiming the doctor's DID
    const impersonated = await createReviewReply({
      doctor: surgeon.did,
      signer: ES256KSigner(Buffer.from(stranger.privateKey.slice(2), 'hex')),
      reviewHash: report.review!.hash,
      text: 'x',
    });
    assert.deepEqual(
      failedCodes(await verifyReviewReply(impersonated, { resolver: sources.resolver, review: report })),
      [ErrorCodes.SIGNATURE_INVALID],
    );
    for (const garbage of [undefined, 42, 'a.b.c', '']) {
      const r = await verifyReviewReply(garbage, { resolver: sources.resolver, review: report });
      assert.equal(r.verified, false);
    }
  });

  it('never throws for malformed input and fails closed', async () => {
    for (const input of [null, 'x', 17, [], {}, { review: 'a.b.c' }, { treatment: {}, licences: 'no' }]) {
      const report = await verifyReview(verifier, input as never);
      assert.equal(report.verified, false, JSON.stringify(input));
      const treatment = await verifyTreatment(verifier, input as never);
      assert.equal(treatment.verified, false);
    }
    await assert.rejects(() => verifyReview(verifier, {}, { clock: 'no' } as never), {
      code: ErrorCodes.INVALID_ARGUMENT,
    });
  });
});
