// Presentation requests: each policy satisfied and unsatisfied, the request lifecycle (pending → verified /
// rejected, replayed nonce, expiry) and the request view.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchSubject, hospitalSubject, licenceSubject, supplierSubject, type Party } from './fixture.ts';
import { failedCodes, startTestbed, type Testbed } from './testbed.ts';

interface RequestView {
  id: string;
  state: string;
  nonce: string;
  domain: string;
  url: string;
  responseUrl: string;
  expiresAt: string;
  qr?: string;
  presentationDefinition: { id: string };
  oid4vp: { requestUri: string; authorizationRequestUri: string; responseUri: string; clientId: string };
  report?: Record<string, unknown>;
}

describe('presentation requests', () => {
  let bed: Testbed;
  let licence: string;
  let hospitalAccreditation: string;
  let supplierAccreditation: string;
  let batch: string;

  before(async () => {
    bed = await startTestbed();
    const p = bed.parties;
    licence = (await bed.issue(p.medicalBoard, 'MedicalLicenseCredential', licenceSubject(p.doctor))).jwt;
    hospitalAccreditation = (
      await bed.issue(p.medicalBoard, 'HospitalAccreditationCredential', hospitalSubject(p.hospital))
    ).jwt;
    supplierAccreditation = (
      await bed.issue(p.drugRegulator, 'SupplierAccreditationCredential', supplierSubject(p.supplier))
    ).jwt;
    batch = (await bed.issue(p.manufacturer, 'DrugBatchCredential', batchSubject(p.manufacturer))).jwt;
  });
  after(() => bed?.stop());

  async function create(policy: string, extra: Record<string, unknown> = {}): Promise<RequestView> {
    const { status, body } = await bed.post('/presentation-requests', { policy, ...extra });
    assert.equal(status, 201, JSON.stringify(body));
    return body as unknown as RequestView;
  }

  async function answer(request: RequestView, holder: Party, credentials: string[], domain = request.domain) {
    const vp = await bed.present(holder, credentials, { challenge: request.nonce, domain });
    return bed.post(`/presentation-requests/${request.id}/response`, { verifiablePresentation: vp });
  }

  async function state(request: RequestView): Promise<RequestView> {
    const { status, body } = await bed.get(`/presentation-requests/${request.id}`);
    assert.equal(status, 200);
    return body as unknown as RequestView;
  }

  it('lists the three policies with valid Presentation Exchange definitions', async () => {
    const { status, body } = await bed.get('/policies');
    assert.equal(status, 200);
    const ids = (body.policies as Array<{ id: string }>).map((p) => p.id);
    assert.deepEqual(ids, [
      'clinic-doctor-licence',
      'clinic-supplier-batch',
      'patient-hospital-accreditation',
    ]);
    const one = await bed.get('/policies/clinic-supplier-batch');
    assert.equal(one.status, 200);
    assert.equal((await bed.get('/policies/nope')).status, 404);
  });

  it('creates a request with a nonce, a QR code and OID4VP URIs', async () => {
    const request = await create('clinic-doctor-licence', {
      domain: 'clinic.example',
      expiresInSeconds: 120,
    });
    assert.match(request.id, /^[A-Za-z0-9_-]{16,}$/);
    assert.equal(request.state, 'pending');
    assert.equal(request.domain, 'clinic.example');
    assert.ok(request.nonce.length >= 16);
    assert.match(request.qr!, /^data:image\/png;base64,/);
    assert.equal(request.presentationDefinition.id, 'clinic-doctor-licence');
    assert.ok(request.url.endsWith(`/presentation-requests/${request.id}`));
    assert.ok(request.oid4vp.authorizationRequestUri.startsWith('openid4vp://?'));
    const params = new URL(request.oid4vp.authorizationRequestUri).searchParams;
    assert.equal(params.get('request_uri'), request.oid4vp.requestUri);
    assert.equal(params.get('client_id'), request.oid4vp.clientId);
    const expiresIn = Date.parse(request.expiresAt) - Date.now();
    assert.ok(expiresIn > 100_000 && expiresIn <= 121_000, String(expiresIn));
    const read = await state(request);
    assert.equal(read.state, 'pending');
    assert.equal(read.nonce, request.nonce);
  });

  it('refuses an unknown policy, a bad lifetime and an unknown id', async () => {
    const unknown = await bed.post('/presentation-requests', { policy: 'nope' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'INVALID_ARGUMENT');
    const missing = await bed.post('/presentation-requests', {});
    assert.equal(missing.status, 400);
    const lifetime = await bed.post('/presentation-requests', {
      policy: 'clinic-doctor-licence',
      expiresInSeconds: 0,
    });
    assert.equal(lifetime.status, 400);
    const notFound = await bed.get('/presentation-requests/does-not-exist');
    assert.equal(notFound.status, 404);
    assert.equal(notFound.body.code, 'NOT_FOUND');
    const answerUnknown = await bed.post('/presentation-requests/does-not-exist/response', {
      verifiablePresentation: 'x.y.z',
    });
    assert.equal(answerUnknown.status, 404);
  });

  describe('policy: clinic checks a doctor licence', () => {
    it('is satisfied by the doctor presenting a medical licence', async () => {
      const request = await create('clinic-doctor-licence');
      const { status, body } = await answer(request, bed.parties.doctor, [licence]);
      assert.equal(status, 200);
      assert.equal(body.verified, true, JSON.stringify(failedCodes(body.report)));
      assert.equal(body.state, 'verified');
      const read = await state(request);
      assert.equal(read.state, 'verified');
      assert.equal((read.report as { verified: boolean }).verified, true);
    });

    it('is not satisfied by a lapsed licence (SUBJECT_VALIDITY_ENDED on its validity check)', async () => {
      const p = bed.parties;
      const lapsed = (
        await bed.issue(p.medicalBoard, 'MedicalLicenseCredential', {
          ...licenceSubject(p.doctor),
          validFrom: '2020-01-01',
          validUntil: '2025-12-31',
        })
      ).jwt;
      const request = await create('clinic-doctor-licence');
      const { status, body } = await answer(request, p.doctor, [lapsed]);
      assert.equal(status, 200);
      assert.equal(body.verified, false);
      assert.equal(body.state, 'rejected');
      const report = body.report as {
        credentials: Array<{ checks: Array<{ check: string; status: string; code?: string }> }>;
      };
      const validity = report.credentials[0]?.checks.find((c) => c.check === 'validity');
      assert.equal(validity?.status, 'failed');
      assert.equal(validity?.code, 'SUBJECT_VALIDITY_ENDED');
      assert.equal((await state(request)).state, 'rejected');
    });

    it('is not satisfied by another credential type', async () => {
      const request = await create('clinic-doctor-licence');
      const { status, body } = await answer(request, bed.parties.hospital, [hospitalAccreditation]);
      assert.equal(status, 200);
      assert.equal(body.verified, false);
      assert.ok(failedCodes(body.report).includes('PRESENTATION_DEFINITION_UNSATISFIED'));
      assert.equal(body.state, 'rejected');
      assert.equal((await state(request)).state, 'rejected');
    });
  });

  describe('policy: clinic checks a supplier accreditation and a drug batch', () => {
    it('is satisfied by the supplier presenting its accreditation and the batch', async () => {
      const request = await create('clinic-supplier-batch');
      const { body } = await answer(request, bed.parties.supplier, [supplierAccreditation, batch]);
      assert.equal(body.verified, true, JSON.stringify(failedCodes(body.report)));
      assert.equal((await state(request)).state, 'verified');
    });

    it('is not satisfied without the batch', async () => {
      const request = await create('clinic-supplier-batch');
      const { body } = await answer(request, bed.parties.supplier, [supplierAccreditation]);
      assert.equal(body.verified, false);
      assert.ok(failedCodes(body.report).includes('PRESENTATION_DEFINITION_UNSATISFIED'));
      assert.equal((await state(request)).state, 'rejected');
    });
  });

  describe('policy: patient checks a hospital accreditation', () => {
    it('is satisfied by the hospital presenting its accreditation', async () => {
      const request = await create('patient-hospital-accreditation');
      const { body } = await answer(request, bed.parties.hospital, [hospitalAccreditation]);
      assert.equal(body.verified, true, JSON.stringify(failedCodes(body.report)));
      assert.equal((await state(request)).state, 'verified');
    });

    it('is not satisfied by a medical licence', async () => {
      const request = await create('patient-hospital-accreditation');
      const { body } = await answer(request, bed.parties.doctor, [licence]);
      assert.equal(body.verified, false);
      assert.ok(failedCodes(body.report).includes('PRESENTATION_DEFINITION_UNSATISFIED'));
    });
  });

  it('judges the policy on the signed credentials, not on an unsigned JSON wrapper around them', async () => {
    const request = await create('clinic-doctor-licence');
    const p = bed.parties;
    // A genuine credential the doctor holds, of another type than the policy asks for.
    const other = (
      await bed.issue(p.medicalBoard, 'HospitalAccreditationCredential', hospitalSubject(p.doctor))
    ).jwt;
    const signedVp = await bed.present(p.doctor, [other], {
      challenge: request.nonce,
      domain: request.domain,
    });
    const wrapper = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiablePresentation'],
      holder: p.doctor.did,
      verifiableCredential: [
        {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiableCredential', 'MedicalLicenseCredential'],
          issuer: { id: p.medicalBoard.did },
          issuanceDate: new Date().toISOString(),
          credentialSubject: licenceSubject(p.doctor),
          proof: { type: 'JwtProof2020', jwt: other },
        },
      ],
      proof: { type: 'JwtProof2020', jwt: signedVp },
    };
    const { status, body } = await bed.post(`/presentation-requests/${request.id}/response`, {
      verifiablePresentation: wrapper,
    });
    assert.equal(status, 200);
    assert.equal(body.verified, false, JSON.stringify(body.report));
    // the wrapper is not the signed presentation: refused at format, before its challenge is spent
    assert.ok(failedCodes(body.report).includes('PRESENTATION_JSON_MISMATCH'), JSON.stringify(body.report));
    assert.equal((await state(request)).state, 'pending');
    // the signed presentation itself is judged on its signed credentials
    const signed = await bed.post(`/presentation-requests/${request.id}/response`, {
      verifiablePresentation: signedVp,
    });
    assert.equal(signed.status, 200);
    assert.equal(signed.body.verified, false);
    assert.ok(failedCodes(signed.body.report).includes('PRESENTATION_DEFINITION_UNSATISFIED'));
    assert.equal((await state(request)).state, 'rejected');
  });

  describe('lifecycle', () => {
    it('refuses a replayed nonce and keeps the first answer', async () => {
      const request = await create('clinic-doctor-licence');
      const vp = await bed.present(bed.parties.doctor, [licence], {
        challenge: request.nonce,
        domain: request.domain,
      });
      const first = await bed.post(`/presentation-requests/${request.id}/response`, {
        verifiablePresentation: vp,
      });
      assert.equal(first.body.verified, true);
      const replay = await bed.post(`/presentation-requests/${request.id}/response`, {
        verifiablePresentation: vp,
      });
      assert.equal(replay.status, 200);
      assert.equal(replay.body.verified, false);
      assert.ok(failedCodes(replay.body.report).includes('CHALLENGE_REPLAYED'));
      const read = await state(request);
      assert.equal(read.state, 'verified');
      assert.equal((read.report as { verified: boolean }).verified, true);
    });

    it('stays pending when an answer does not carry its nonce', async () => {
      const request = await create('clinic-doctor-licence');
      const vp = await bed.present(bed.parties.doctor, [licence], {
        challenge: 'not-the-nonce',
        domain: request.domain,
      });
      const { body } = await bed.post(`/presentation-requests/${request.id}/response`, {
        verifiablePresentation: vp,
      });
      assert.equal(body.verified, false);
      assert.ok(failedCodes(body.report).includes('CHALLENGE_INVALID'));
      assert.equal((await state(request)).state, 'pending');
      const good = await answer(request, bed.parties.doctor, [licence]);
      assert.equal(good.body.verified, true);
    });

    it('fails DOMAIN_MISMATCH when the presentation names another audience', async () => {
      const request = await create('clinic-doctor-licence', { domain: 'clinic.example' });
      const { body } = await answer(request, bed.parties.doctor, [licence], 'elsewhere.example');
      assert.equal(body.verified, false);
      assert.ok(failedCodes(body.report).includes('DOMAIN_MISMATCH'));
    });

    it('expires, and an answer after expiry is refused', async () => {
      const request = await create('clinic-doctor-licence', { expiresInSeconds: 30 });
      bed.advanceClock(31);
      assert.equal((await state(request)).state, 'expired');
      const { status, body } = await answer(request, bed.parties.doctor, [licence]);
      assert.equal(status, 200);
      assert.equal(body.verified, false);
      assert.ok(
        failedCodes(body.report).includes('CHALLENGE_INVALID'),
        JSON.stringify(failedCodes(body.report)),
      );
      assert.equal(body.state, 'expired');
      const requestObject = await fetch(request.oid4vp.requestUri);
      assert.equal(requestObject.status, 404);
    });

    it('answers 400 for a response without a presentation', async () => {
      const request = await create('clinic-doctor-licence');
      for (const body of [{}, { verifiablePresentation: 12 }, 'eyJ']) {
        const answered = await bed.post(`/presentation-requests/${request.id}/response`, body);
        assert.equal(answered.status, 400, JSON.stringify(body));
        assert.equal(answered.body.code, 'INVALID_ARGUMENT');
      }
      assert.equal((await state(request)).state, 'pending');
    });
  });
});
