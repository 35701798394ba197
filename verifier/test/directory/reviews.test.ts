// Reviews in the directory on a real local chain: a treated patient publishes a double-signed review (shown with its
// verified facts and never with the patient's DID or treatment credential), reviews without their treatment or by
// another DID are refused 422 with their code, a second review of the same treatment conflicts, and the treating
// doctor's signed reply is attached while anyone else's is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createJWT, ES256KSigner } from 'did-jwt';
import { ErrorCodes, createReviewReply, credentialJwtHash } from '@medtrust/core';
import type { ProfileView, PublishedReview } from '../../src/index.ts';
import { licensedDoctor, medicalRegister, type Doctor, type MedicalRegister } from './register.ts';
import { assertNoneCarries, startDirectoryTestbed, type DirectoryTestbed } from './testbed.ts';
import { isoDay, nowSeconds, type Issued, type Signer } from './world.ts';

describe('directory reviews', () => {
  let bed: DirectoryTestbed;
  let register: MedicalRegister;
  let surgeon: Doctor;
  let patient: Signer;
  let treatment: Issued;
  let published: PublishedReview;
  const patients: string[] = [];
  const treatments: string[] = [];

  function treat(who: Signer, doctor: { did: string } = surgeon, procedureCategory = 'AES-RHINO') {
    return bed.world
      .issue(register.hospital, 'TreatmentCredential', who.did, {
        doctor: doctor.did,
        hospital: register.hospital.did,
        procedureCategory,
        treatmentDate: isoDay(nowSeconds()),
      })
      .then((issued) => {
        treatments.push(issued.jwt);
        return issued;
      });
  }

  function review(
    author: Signer,
    reviewed: { did: string },
    bound: Issued,
    extra: Record<string, unknown> = {},
  ) {
    return bed.world.issue(
      author,
      'ReviewCredential',
      reviewed.did,
      {
        author: author.did,
        rating: 5,
        text: 'Excellent care, clear explanations, and the result is exactly what we discussed.',
        treatmentCredentialHash: credentialJwtHash(bound.jwt),
        reviewDate: isoDay(nowSeconds()),
        ...extra,
      },
      { status: false },
    );
  }

  function newPatient(): Signer {
    const p = bed.world.patient();
    patients.push(p.did);
    return p;
  }

  before(async () => {
    bed = await startDirectoryTestbed();
    register = await medicalRegister(bed.world);
    surgeon = await licensedDoctor(bed.world, register, 'Inês Carvalho Ferreira', '54873');
    bed.feed.publish(surgeon.licence.jwt, 'MedicalLicenseCredential');
    bed.feed.publish(register.hospitalAccreditation.jwt, 'HospitalAccreditationCredential');
    assert.equal((await bed.sync()).feeds[0]!.listed, 2);
    patient = newPatient();
    treatment = await treat(patient);
  });
  after(async () => {
    await bed?.stop();
  });

  it('publishes a review its treated patient presents, and shows it without the patient', async () => {
    const written = await review(patient, surgeon, treatment);
    const vp = await bed.world.present(patient, [treatment.jwt, written.jwt]);
    const answer = await bed.postRaw('/directory/reviews', vp, 'application/jwt');
    assert.equal(answer.status, 201, answer.text);
    published = answer.body as unknown as PublishedReview;
    assert.match(published.id, /^urn:uuid:/);
    assert.equal(answer.headers.get('location'), `/directory/reviews/${encodeURIComponent(published.id)}`);
    assert.equal(published.verified, true);
    assert.equal(published.rating, 5);
    assert.equal(published.reviewed?.did, surgeon.did);
    assert.equal(published.reviewed?.role, 'doctor');
    assert.equal(published.facts.licensedDoctor, true);
    assert.equal(published.facts.accreditedHospital, true);
    assert.equal(published.facts.writtenByTreatedPatient, true);
    assert.equal(published.facts.procedureCategory, 'AES-RHINO');
    assert.equal(published.facts.doctorName, 'Inês Carvalho Ferreira');
    assert.equal(published.facts.hospitalName, 'Hospital Clínico de Lisboa');
    assert.match(
      published.statement,
      /^A licensed doctor at an accredited hospital treated this person for AES-RHINO on \d{4}-\d{2}-\d{2}\.$/,
    );
    assert.equal(published.reviewHash, credentialJwtHash(written.jwt));
    assert.deepEqual(published.replies, []);

    const profile = (await bed.get(`/directory/profiles/${encodeURIComponent(surgeon.did)}`))
      .body as unknown as ProfileView;
    assert.deepEqual(
      profile.reviews.map((r) => r.id),
      [published.id],
    );
    assert.deepEqual(profile.rating, { count: 1, average: 5 });
    const one = await bed.get(`/directory/reviews/${encodeURIComponent(published.id)}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.text, published.text);

    // publishing the same review again changes nothing
    const again = await bed.post('/directory/reviews', { verifiablePresentation: vp });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, published.id);

    // the full evidence is kept, privately
    const evidence = bed.verifier.directory.directory.reviewEvidence(published.id);
    assert.equal(evidence?.presentation, vp);
    assert.deepEqual(evidence?.standing.licences, [surgeon.licence.jwt]);
    assertNoneCarries(bed.answers, patients);
    for (const a of bed.answers)
      assert.ok(!a.text.includes(treatment.jwt.split('.')[1]!), 'no treatment JWT');
  });

  it('refuses a review presented without its treatment (422 REVIEW_WITHOUT_TREATMENT)', async () => {
    const someone = newPatient();
    const visit = await treat(someone);
    const written = await review(someone, surgeon, visit);
    const vp = await bed.world.present(someone, [written.jwt]);
    const answer = await bed.post('/directory/reviews', { verifiablePresentation: vp });
    assert.equal(answer.status, 422);
    assert.equal(answer.body.code, ErrorCodes.REVIEW_WITHOUT_TREATMENT);
    const report = answer.body.report as { verified: boolean; failedCodes: string[] };
    assert.equal(report.verified, false);
    assert.deepEqual(report.failedCodes, [ErrorCodes.REVIEW_WITHOUT_TREATMENT]);
    assertNoneCarries(bed.answers, patients);
  });

  it('refuses a review written by another DID than the treated patient (422 REVIEW_AUTHOR_MISMATCH)', async () => {
    const impostor = newPatient();
    // the impostor obtained a copy of the patient's treatment credential
    const fake = await review(impostor, surgeon, treatment, { rating: 1, text: 'Terrible.' });
    const vp = await bed.world.present(impostor, [treatment.jwt, fake.jwt]);
    const answer = await bed.postRaw('/directory/reviews', vp, 'text/plain');
    assert.equal(answer.status, 422);
    assert.equal(answer.body.code, ErrorCodes.REVIEW_AUTHOR_MISMATCH);
    assert.ok(
      (answer.body.report as { failedCodes: string[] }).failedCodes.includes(
        ErrorCodes.REVIEW_AUTHOR_MISMATCH,
      ),
    );
    // nothing was published
    const profile = (await bed.get(`/directory/profiles/${encodeURIComponent(surgeon.did)}`))
      .body as unknown as ProfileView;
    assert.equal(profile.reviews.length, 1);
    assertNoneCarries(bed.answers, patients);
  });

  it('refuses a second review of the same treatment and doctor (409 CONFLICT)', async () => {
    const second = await review(patient, surgeon, treatment, {
      rating: 2,
      text: 'On reflection, not so good.',
    });
    const vp = await bed.world.present(patient, [treatment.jwt, second.jwt]);
    const answer = await bed.post('/directory/reviews', vp);
    assert.equal(answer.status, 409);
    assert.equal(answer.body.code, ErrorCodes.CONFLICT);
  });

  it('refuses a second review bound to a re-encoded (high-s) form of the same treatment: it does not verify', async () => {
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const [header, payload, signature] = treatment.jwt.split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
    Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex').copy(bytes, 32);
    const twin: Issued = { ...treatment, jwt: `${header}.${payload}.${bytes.toString('base64url')}` };
    assert.notEqual(twin.jwt, treatment.jwt);
    const second = await review(patient, surgeon, twin, { rating: 1, text: 'Second opinion, other bytes.' });
    const vp = await bed.world.present(patient, [twin.jwt, second.jwt]);
    const answer = await bed.post('/directory/reviews', vp);
    assert.equal(answer.status, 422, JSON.stringify(answer.body));
    assert.ok(
      (answer.body.report as { failedCodes: string[] }).failedCodes.includes(ErrorCodes.SIGNATURE_INVALID),
      JSON.stringify(answer.body.report),
    );
  });

  it('refuses a second review bound to another verifying byte form of the same signed treatment (409)', async () => {
    // An ES256K-R treatment: its recovery byte may be spelled 0/1 or 27/28 and still verify, so the JWT hash differs
    // between the two forms while what the hospital signed (header.payload) is the same.
    const someone = newPatient();
    const visit = await treat(someone);
    const claims = JSON.parse(Buffer.from(visit.jwt.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const formA = await createJWT(
      claims,
      {
        issuer: register.hospital.did,
        signer: ES256KSigner(Buffer.from(register.hospital.privateKey.slice(2), 'hex'), true),
      },
      { alg: 'ES256K-R', typ: 'JWT' },
    );
    const [h, p, sig] = formA.split('.') as [string, string, string];
    const bytes = Buffer.from(sig, 'base64url');
    assert.equal(bytes.length, 65);
    bytes[64] = bytes[64]! + 27;
    const formB = `${h}.${p}.${bytes.toString('base64url')}`;
    assert.notEqual(credentialJwtHash(formA), credentialJwtHash(formB));
    // A re-encoded form is not anchored (ANCHOR_MISSING) unless its issuer anchored that form too: anchor both, so
    // the uniqueness rule itself is what refuses the second review.
    await bed.world.anchor(register.hospital, formA);
    await bed.world.anchor(register.hospital, formB);

    const first = await review(someone, surgeon, { ...visit, jwt: formA });
    const published = await bed.post(
      '/directory/reviews',
      await bed.world.present(someone, [formA, first.jwt]),
    );
    assert.equal(published.status, 201, JSON.stringify(published.body));
    const second = await review(someone, surgeon, { ...visit, jwt: formB }, { rating: 1, text: 'Again.' });
    const answer = await bed.post(
      '/directory/reviews',
      await bed.world.present(someone, [formB, second.jwt]),
    );
    assert.equal(answer.status, 409, JSON.stringify(answer.body));
    assert.equal(answer.body.code, ErrorCodes.CONFLICT);
  });

  it("never publishes a patient's DID, even when the patient writes it in the text", async () => {
    const visit = await treat(patient, surgeon, 'AES-BLEPH');
    const written = await review(patient, register.hospital, visit, {
      rating: 4,
      text: `Reach me at ${patient.did} if you want to know more.`,
    });
    const vp = await bed.world.present(patient, [visit.jwt, written.jwt]);
    const answer = await bed.post('/directory/reviews', { verifiablePresentation: vp });
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.body.text, 'Reach me at [patient] if you want to know more.');
    assert.deepEqual(answer.body.reviewed, { did: register.hospital.did, role: 'hospital' });
    const hospital = (await bed.get(`/directory/profiles/${encodeURIComponent(register.hospital.did)}`))
      .body as unknown as ProfileView;
    assert.equal(hospital.reviews.length, 1);
    assert.deepEqual(hospital.rating, { count: 1, average: 4 });
    assertNoneCarries(bed.answers, patients);
  });

  it('accepts a presentation answering a challenge the verifier issued, once', async () => {
    const other = newPatient();
    const visit = await treat(other);
    const written = await review(other, surgeon, visit, { rating: 3 });
    const { challenge } = (await bed.post('/challenges', {})).body as { challenge: string };
    const vp = await bed.world.present(other, [visit.jwt, written.jwt], { nonce: challenge });
    const answer = await bed.post('/directory/reviews', { verifiablePresentation: vp, challenge });
    assert.equal(answer.status, 201, answer.text);
    // a nonce nobody issued is refused
    const stray = newPatient();
    const strayVisit = await treat(stray);
    const strayReview = await review(stray, surgeon, strayVisit);
    const strayVp = await bed.world.present(stray, [strayVisit.jwt, strayReview.jwt], { nonce: 'made-up' });
    const refused = await bed.post('/directory/reviews', strayVp);
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, ErrorCodes.CHALLENGE_INVALID);
  });

  it("attaches the treating doctor's signed reply and refuses anyone else's", async () => {
    const path = `/directory/reviews/${encodeURIComponent(published.id)}/replies`;
    const reply = await createReviewReply({
      doctor: surgeon.did,
      signer: ES256KSigner(Buffer.from(surgeon.privateKey.slice(2), 'hex')),
      reviewHash: published.reviewHash!,
      text: 'Thank you — it was a pleasure.',
    });
    const answer = await bed.post(path, { reply });
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.body.doctor, surgeon.did);
    assert.equal(answer.body.text, 'Thank you — it was a pleasure.');
    assert.equal((await bed.postRaw(path, reply, 'application/jwt')).status, 200, 'the same reply again');

    const shown = (await bed.get(`/directory/reviews/${encodeURIComponent(published.id)}`))
      .body as unknown as PublishedReview;
    assert.deepEqual(
      shown.replies.map((r) => [r.doctor, r.text]),
      [[surgeon.did, 'Thank you — it was a pleasure.']],
    );
    const profile = (await bed.get(`/directory/profiles/${encodeURIComponent(surgeon.did)}`))
      .body as unknown as ProfileView;
    assert.equal(profile.reviews.find((r) => r.id === published.id)?.replies.length, 1);

    const stranger = await bed.world.org();
    const notDoctor = await createReviewReply({
      doctor: stranger.did,
      signer: ES256KSigner(Buffer.from(stranger.privateKey.slice(2), 'hex')),
      reviewHash: published.reviewHash!,
      text: 'I am the doctor, really.',
    });
    const refused = await bed.post(path, { reply: notDoctor });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, ErrorCodes.REPLY_NOT_BY_TREATING_DOCTOR);

    const elsewhere = await createReviewReply({
      doctor: surgeon.did,
      signer: ES256KSigner(Buffer.from(surgeon.privateKey.slice(2), 'hex')),
      reviewHash: credentialJwtHash(treatment.jwt),
      text: 'Meant for another review.',
    });
    const mismatched = await bed.post(path, { reply: elsewhere });
    assert.equal(mismatched.status, 422);
    assert.equal(mismatched.body.code, ErrorCodes.REPLY_REVIEW_MISMATCH);

    const missing = await bed.post(
      `/directory/reviews/${encodeURIComponent('urn:uuid:00000000-0000-4000-8000-000000000000')}/replies`,
      { reply },
    );
    assert.equal(missing.status, 404);
    const malformed = await bed.post(path, { reply: 42 });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, ErrorCodes.INVALID_ARGUMENT);
  });

  it('never carried a patient DID or a treatment credential in any answer', () => {
    assert.ok(bed.answers.length > 20);
    assertNoneCarries(bed.answers, patients);
    for (const jwt of treatments) {
      const payload = jwt.split('.')[1]!;
      for (const a of bed.answers) assert.ok(!a.text.includes(payload), 'an answer carries a treatment JWT');
    }
  });
});
