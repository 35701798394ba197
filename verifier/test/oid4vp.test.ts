// OpenID for Verifiable Presentations: a wallet (Sphereon's OP, and hand-built direct_post forms) answers the
// verifier's authorization requests end to end over HTTP; the answers go through the medtrust verifier.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'did-resolver';
import { verifyJWT } from 'did-jwt';
import { getResolver as getKeyResolver } from 'key-did-resolver';
import { OP, ResponseIss, SupportedVersion } from '@sphereon/did-auth-siop';
import { batchSubject, hospitalSubject, licenceSubject, supplierSubject } from './fixture.ts';
import { failedCodes, startTestbed, type Testbed } from './testbed.ts';

interface RequestView {
  id: string;
  nonce: string;
  state: string;
  oid4vp: { clientId: string; requestUri: string; responseUri: string; authorizationRequestUri: string };
  report?: Record<string, unknown>;
}

const keyResolver = new Resolver(getKeyResolver());

/** A wallet built on Sphereon's OP: verifies the signed request object against the verifier's did:key. */
function wallet(): OP {
  return OP.builder()
    .withIssuer(ResponseIss.SELF_ISSUED_V2)
    .withSupportedVersions([SupportedVersion.OID4VP_v1])
    .withVerifyJwtCallback(async (verifier, jwt) => {
      if (verifier.method !== 'did') return false;
      const verified = await verifyJWT(jwt.raw, { resolver: keyResolver });
      return verified.verified && verified.signer.id === verifier.didUrl;
    })
    .withCreateJwtCallback(async () => {
      throw new Error('this wallet signs no id_token');
    })
    .build();
}

function decodePart(jwt: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[index]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('OID4VP', () => {
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

  async function create(policy: string): Promise<RequestView> {
    const { status, body } = await bed.post('/presentation-requests', { policy });
    assert.equal(status, 201);
    return body as unknown as RequestView;
  }

  async function read(request: RequestView): Promise<RequestView> {
    return (await bed.get(`/presentation-requests/${request.id}`)).body as unknown as RequestView;
  }

  async function directPost(request: RequestView, fields: Record<string, string>) {
    const response = await fetch(request.oid4vp.responseUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('serves a signed request object by reference (EdDSA, did:key client id, DCQL, direct_post)', async () => {
    const request = await create('clinic-doctor-licence');
    const response = await fetch(request.oid4vp.requestUri);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/oauth-authz-req\+jwt/);
    const jwt = await response.text();
    const header = decodePart(jwt, 0);
    const payload = decodePart(jwt, 1);
    assert.equal(header.alg, 'EdDSA');
    assert.equal(header.typ, 'oauth-authz-req+jwt');
    assert.equal(
      header.kid,
      `${bed.verifier.verifierKey.did}#${bed.verifier.verifierKey.did.slice('did:key:'.length)}`,
    );
    assert.equal(payload.client_id, `decentralized_identifier:${bed.verifier.verifierKey.did}`);
    assert.equal(payload.client_id, request.oid4vp.clientId);
    assert.equal(payload.response_type, 'vp_token');
    assert.equal(payload.response_mode, 'direct_post');
    assert.equal(payload.response_uri, request.oid4vp.responseUri);
    assert.equal(payload.nonce, request.nonce);
    assert.equal(payload.state, request.id);
    const query = payload.dcql_query as {
      credentials: Array<{ id: string; meta: { type_values: string[][] } }>;
    };
    assert.deepEqual(
      query.credentials.map((c) => [c.id, c.meta.type_values]),
      [['medical_license', [['MedicalLicenseCredential']]]],
    );
    const verified = await verifyJWT(jwt, { resolver: keyResolver });
    assert.equal(verified.verified, true);
    const posted = await fetch(request.oid4vp.requestUri, { method: 'POST' });
    assert.equal(posted.status, 200, 'request_uri_method=post is served too');
  });

  for (const [policy, holderName, credentials] of [
    ['clinic-doctor-licence', 'doctor', () => [licence]],
    ['patient-hospital-accreditation', 'hospital', () => [hospitalAccreditation]],
  ] as const) {
    it(`round trip with Sphereon's OP: ${policy}`, async () => {
      const request = await create(policy);
      const op = wallet();
      const verifiedRequest = await op.verifyAuthorizationRequest(request.oid4vp.authorizationRequestUri);
      assert.equal(verifiedRequest.responseURI, request.oid4vp.responseUri);
      const payload = verifiedRequest.payload as { nonce: string; client_id: string };
      assert.equal(payload.nonce, request.nonce);
      const holder = bed.parties[holderName];
      const vp = await bed.present(holder, credentials(), {
        challenge: payload.nonce,
        domain: payload.client_id,
      });
      const queries = verifiedRequest.dcqlQuery!.credentials.map((c) => c.id);
      const response = await op.createAuthorizationResponse(verifiedRequest, {
        dcqlResponse: { dcqlPresentation: Object.fromEntries(queries.map((id) => [id, [vp]])) },
      });
      const submitted = await op.submitAuthorizationResponse(response);
      assert.equal(submitted.status, 200);
      const answered = await read(request);
      assert.equal(answered.state, 'verified', JSON.stringify(failedCodes(answered.report)));
      assert.equal((answered as unknown as { channel: string }).channel, 'oid4vp');
    });
  }

  it('accepts a Presentation Exchange direct_post (vp_token + presentation_submission)', async () => {
    const request = await create('clinic-supplier-batch');
    const vp = await bed.present(bed.parties.supplier, [supplierAccreditation, batch], {
      challenge: request.nonce,
      domain: request.oid4vp.clientId,
    });
    const submission = {
      id: 'submission-1',
      definition_id: 'clinic-supplier-batch',
      descriptor_map: [
        {
          id: 'supplier_accreditation',
          format: 'jwt_vp',
          path: '$',
          path_nested: {
            id: 'supplier_accreditation',
            format: 'jwt_vc',
            path: '$.vp.verifiableCredential[0]',
          },
        },
        {
          id: 'drug_batch',
          format: 'jwt_vp',
          path: '$',
          path_nested: { id: 'drug_batch', format: 'jwt_vc', path: '$.vp.verifiableCredential[1]' },
        },
      ],
    };
    const { status } = await directPost(request, {
      vp_token: vp,
      presentation_submission: JSON.stringify(submission),
      state: request.id,
    });
    assert.equal(status, 200);
    const answered = await read(request);
    assert.equal(answered.state, 'verified', JSON.stringify(failedCodes(answered.report)));
  });

  it('accepts one presentation under every DCQL credential query (supplier and batch together)', async () => {
    const request = await create('clinic-supplier-batch');
    const vp = await bed.present(bed.parties.supplier, [supplierAccreditation, batch], {
      challenge: request.nonce,
      domain: request.oid4vp.clientId,
    });
    const vpToken = JSON.stringify({ supplier_accreditation: [vp], drug_batch: [vp] });
    assert.equal((await directPost(request, { vp_token: vpToken, state: request.id })).status, 200);
    const answered = await read(request);
    assert.equal(answered.state, 'verified', JSON.stringify(failedCodes(answered.report)));
  });

  it('accepts a DCQL vp_token object from a hand-built wallet, and rejects a wrong credential type', async () => {
    const good = await create('patient-hospital-accreditation');
    const vp = await bed.present(bed.parties.hospital, [hospitalAccreditation], {
      challenge: good.nonce,
      domain: good.oid4vp.clientId,
    });
    assert.equal(
      (await directPost(good, { vp_token: JSON.stringify({ hospital_accreditation: [vp] }), state: good.id }))
        .status,
      200,
    );
    assert.equal((await read(good)).state, 'verified');

    const bad = await create('patient-hospital-accreditation');
    const wrong = await bed.present(bed.parties.doctor, [licence], {
      challenge: bad.nonce,
      domain: bad.oid4vp.clientId,
    });
    assert.equal(
      (
        await directPost(bad, {
          vp_token: JSON.stringify({ hospital_accreditation: [wrong] }),
          state: bad.id,
        })
      ).status,
      200,
    );
    const answered = await read(bad);
    assert.equal(answered.state, 'rejected');
    assert.ok(failedCodes(answered.report).includes('PRESENTATION_DEFINITION_UNSATISFIED'));
  });

  it('requires the client id as audience', async () => {
    const request = await create('clinic-doctor-licence');
    const vp = await bed.present(bed.parties.doctor, [licence], {
      challenge: request.nonce,
      domain: 'someone-else',
    });
    await directPost(request, { vp_token: JSON.stringify({ medical_license: [vp] }), state: request.id });
    const answered = await read(request);
    assert.equal(answered.state, 'rejected');
    assert.ok(failedCodes(answered.report).includes('DOMAIN_MISMATCH'));
  });

  it('answers invalid_request for malformed forms and leaves the request pending', async () => {
    const request = await create('clinic-doctor-licence');
    for (const fields of [
      { state: request.id } as Record<string, string>,
      { vp_token: '{not json', state: request.id },
      { vp_token: 'a.b.c', state: 'another-state' },
      { vp_token: JSON.stringify({ a: ['x.y.z'], b: ['p.q.r'] }), state: request.id },
    ]) {
      const { status, body } = await directPost(request, fields);
      assert.equal(status, 400, JSON.stringify(fields));
      assert.equal(body.error, 'invalid_request');
      assert.equal(body.code, 'INVALID_ARGUMENT');
    }
    const declined = await directPost(request, { error: 'access_denied', state: request.id });
    assert.equal(declined.status, 200);
    assert.equal((await read(request)).state, 'pending');
    const unknown = await fetch(`${bed.verifier.url}/oid4vp/responses/nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'vp_token=a.b.c',
    });
    assert.equal(unknown.status, 404);
    assert.equal((await fetch(`${bed.verifier.url}/oid4vp/requests/nope`)).status, 404);
  });

  it('stops serving the request object once the request is answered', async () => {
    const request = await create('clinic-doctor-licence');
    const vp = await bed.present(bed.parties.doctor, [licence], {
      challenge: request.nonce,
      domain: request.oid4vp.clientId,
    });
    await directPost(request, { vp_token: vp, state: request.id });
    assert.equal((await read(request)).state, 'verified');
    assert.equal((await fetch(request.oid4vp.requestUri)).status, 404);
    const replay = await directPost(request, { vp_token: vp, state: request.id });
    assert.equal(replay.status, 200);
    assert.equal((await read(request)).state, 'verified');
  });
});
