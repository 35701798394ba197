// POST /verify and the W3C VC-API verify routes against a real chain: status codes, report codes, malformed and
// hostile bodies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { ES256KSigner } from 'did-jwt';
import { normalizeCredential, normalizePresentation } from 'did-jwt-vc';
import { hospitalSubject, licenceSubject } from './fixture.ts';
import { failedCodes, startTestbed, type Testbed } from './testbed.ts';

describe('verification routes', () => {
  let bed: Testbed;
  let licence: string;
  let revoked: string;
  let rogueLicence: string;

  before(async () => {
    bed = await startTestbed();
    const { medicalBoard, rogue, doctor } = bed.parties;
    licence = (await bed.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor))).jwt;
    const toRevoke = await bed.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor));
    revoked = toRevoke.jwt;
    await bed.waitForBlock(await bed.revoke(medicalBoard, toRevoke.index));
    rogueLicence = (await bed.issue(rogue, 'MedicalLicenseCredential', licenceSubject(doctor))).jwt;
  });
  after(() => bed?.stop());

  describe('POST /verify', () => {
    it('answers 200 with a verified report for a valid credential JWT', async () => {
      const { status, body } = await bed.post('/verify', { verifiableCredential: licence });
      assert.equal(status, 200);
      assert.equal(body.verified, true, JSON.stringify(failedCodes(body)));
      assert.equal((body.credentials as unknown[]).length, 1);
    });

    it('accepts a bare JWT as a JSON string, as application/jwt and as text/plain', async () => {
      for (const [body, type] of [
        [JSON.stringify(licence), 'application/json'],
        [licence, 'application/jwt'],
        [licence, 'text/plain'],
      ] as const) {
        const answer = await bed.postRaw('/verify', body, type);
        assert.equal(answer.status, 200, type);
        assert.equal(answer.body.verified, true, type);
      }
    });

    it('accepts the JSON form of a JWT credential (JwtProof2020)', async () => {
      const json = normalizeCredential(licence);
      const { status, body } = await bed.post('/verify', json);
      assert.equal(status, 200);
      assert.equal(body.verified, true, JSON.stringify(failedCodes(body)));
    });

    it('answers 200 with verified:false and a stable code for a revoked credential', async () => {
      const { status, body } = await bed.post('/verify', { verifiableCredential: revoked });
      assert.equal(status, 200);
      assert.equal(body.verified, false);
      assert.ok(failedCodes(body).includes('CREDENTIAL_REVOKED'), JSON.stringify(failedCodes(body)));
    });

    it('answers 200 with ISSUER_NOT_ACCREDITED for an unaccredited issuer', async () => {
      const { status, body } = await bed.post('/verify', { verifiableCredential: rogueLicence });
      assert.equal(status, 200);
      assert.equal(body.verified, false);
      assert.ok(failedCodes(body).includes('ISSUER_NOT_ACCREDITED'), JSON.stringify(failedCodes(body)));
    });

    it('answers 200 with FORMAT_INVALID for a string that is not a JWT', async () => {
      const { status, body } = await bed.post('/verify', { verifiableCredential: 'not-a-jwt' });
      assert.equal(status, 200);
      assert.equal(body.verified, false);
      assert.ok(failedCodes(body).includes('FORMAT_INVALID'));
    });

    it('verifies a presentation with its challenge and domain', async () => {
      const { body: issued } = await bed.post('/challenges', {});
      const challenge = issued.challenge as string;
      const vp = await bed.present(bed.parties.doctor, [licence], { challenge, domain: 'clinic.example' });
      const { status, body } = await bed.post('/verify', {
        verifiablePresentation: vp,
        options: { challenge, domain: 'clinic.example' },
      });
      assert.equal(status, 200);
      assert.equal(body.verified, true, JSON.stringify(failedCodes(body)));
      assert.equal(body.holder, bed.parties.doctor.did);
    });

    it('answers 400 INVALID_ARGUMENT for a malformed request', async () => {
      for (const body of [{}, [], 42, { verifiableCredential: 5 }, { options: { challenge: 'x' } }]) {
        const answer = await bed.post('/verify', body);
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.equal(answer.body.code, 'INVALID_ARGUMENT');
        assert.equal(typeof answer.body.detail, 'string');
      }
      const badOptions = await bed.post('/verify', {
        verifiableCredential: licence,
        options: { challenge: 7 },
      });
      assert.equal(badOptions.status, 400);
      assert.equal(badOptions.body.code, 'INVALID_ARGUMENT');
      const noBody = await fetch(`${bed.verifier.url}/verify`, { method: 'POST' });
      assert.equal(noBody.status, 400);
    });

    it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
      const { status, body } = await bed.postRaw('/verify', '{"verifiableCredential": ', 'application/json');
      assert.equal(status, 400);
      assert.equal(body.code, 'INVALID_JSON');
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a 10 MB body', async () => {
      const big = JSON.stringify({ verifiableCredential: 'a'.repeat(10 * 1024 * 1024) });
      const { status, body } = await bed.postRaw('/verify', big, 'application/json');
      assert.equal(status, 413);
      assert.equal(body.code, 'PAYLOAD_TOO_LARGE');
    });

    it('answers 413 even when the client streams the body without a length', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${bed.verifier.url}/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        const chunk = 'a'.repeat(64 * 1024);
        req.write('{"verifiableCredential":"');
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024) {
            sent += chunk.length;
            if (!req.write(chunk)) {
              req.once('drain', pump);
              return;
            }
          }
          req.end('"}');
        };
        pump();
      });
      assert.equal(status, 413);
    });

    it('never answers 500 to deeply nested JSON', async () => {
      for (const depth of [40, 100_000]) {
        const nested = '['.repeat(depth) + ']'.repeat(depth);
        for (const body of [
          `{"verifiableCredential": {"credentialSubject": ${nested}}}`,
          `{"verifiablePresentation": ${nested}}`,
          `{"type": ["VerifiableCredential"], "proof": ${nested}}`,
        ]) {
          const answer = await bed.postRaw('/verify', body, 'application/json');
          assert.ok(answer.status === 400 || answer.status === 200, `${depth}: ${answer.status}`);
          if (answer.status === 400) assert.equal(answer.body.code, 'INVALID_ARGUMENT');
          else assert.equal(answer.body.verified, false);
        }
      }
      // A JWT whose payload nests deeply is a FORMAT_INVALID report, not a crash.
      const header = Buffer.from('{"alg":"ES256K","typ":"JWT"}').toString('base64url');
      const payload = Buffer.from(`{"vc":${'['.repeat(50_000)}${']'.repeat(50_000)}}`).toString('base64url');
      const deepJwt = `${header}.${payload}.c2ln`;
      const answer = await bed.post('/verify', { verifiableCredential: deepJwt });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.verified, false);
      const health = await bed.get('/health');
      assert.equal(health.status, 200, 'the service is still up');
    });

    it('never puts a stack trace in an error answer', async () => {
      const answer = await bed.postRaw('/verify', '{', 'application/json');
      assert.ok(!JSON.stringify(answer.body).includes('at '), JSON.stringify(answer.body));
      const unknown = await bed.get('/no/such/route');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'NOT_FOUND');
    });
  });

  describe('hostile input: one case per class, on every route (never 5xx)', () => {
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

    /** The licence with s' = n − s: the same signature in its other (high-s) byte form. */
    function highS(jwt: string): string {
      const [header, payload, signature] = jwt.split('.') as [string, string, string];
      const bytes = Buffer.from(signature, 'base64url');
      const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
      Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex').copy(bytes, 32);
      return `${header}.${payload}.${bytes.toString('base64url')}`;
    }

    /** The licence's payload re-signed by its issuer with a second `iss` member appended to the JSON text. */
    async function duplicateMember(jwt: string): Promise<string> {
      const [header, payload] = jwt.split('.') as [string, string];
      const text = Buffer.from(payload, 'base64url').toString();
      const edited = `${text.slice(0, -1)},"iss":${JSON.stringify(bed.parties.rogue.did)}}`;
      const input = `${header}.${Buffer.from(edited).toString('base64url')}`;
      const sign = ES256KSigner(Buffer.from(bed.parties.medicalBoard.privateKey.slice(2), 'hex'));
      return `${input}.${(await sign(input)) as string}`;
    }

    function editedJson(jwt: string): Record<string, unknown> {
      const json = normalizeCredential(jwt) as unknown as Record<string, unknown>;
      return { ...json, expirationDate: '2099-01-01T00:00:00Z' };
    }

    async function expectCode(document: string, check: string, code: string): Promise<void> {
      await expectCredentialCode(document, check, code);
      // inside a presentation: the presentation verifies, the credential does not
      const challenge = (await bed.post('/challenges', {})).body.challenge as string;
      const vp = await bed.present(bed.parties.doctor, [document], { challenge, domain: 'clinic.example' });
      const answer = await bed.post('/presentations/verify', {
        verifiablePresentation: vp,
        options: { challenge, domain: 'clinic.example' },
      });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      const credentials = answer.body.credentials as Array<{
        checks: Array<{ check: string; code?: string }>;
      }>;
      assert.equal(credentials[0]!.checks.find((c) => c.check === check)?.code, code);
    }

    /** `/verify` answers 200 and the VC-API route 400, both with the report carrying `code` on `check`. */
    async function expectCredentialCode(document: unknown, check: string, code: string): Promise<void> {
      for (const [path, body, ok] of [
        ['/verify', { verifiableCredential: document }, 200],
        ['/credentials/verify', { verifiableCredential: document, options: {} }, 400],
      ] as const) {
        const answer = await bed.post(path, body);
        assert.equal(answer.status, ok, `${path}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.verified, false);
        const found = (answer.body.checks as Array<{ check: string; code?: string }>).find(
          (c) => c.check === check,
        );
        assert.equal(found?.code, code, `${path}: ${JSON.stringify(answer.body.checks)}`);
      }
    }

    it('control: the untampered licence and its JSON form verify (200)', async () => {
      for (const document of [licence, normalizeCredential(licence)]) {
        const answer = await bed.post('/credentials/verify', { verifiableCredential: document, options: {} });
        assert.equal(answer.status, 200, JSON.stringify(failedCodes(answer.body)));
      }
    });

    it('a high-s signature → 400 / 200 with signature SIGNATURE_INVALID', async () => {
      await expectCode(highS(licence), 'signature', 'SIGNATURE_INVALID');
    });

    it('a duplicate payload member → 400 / 200 with format FORMAT_INVALID', async () => {
      await expectCode(await duplicateMember(licence), 'format', 'FORMAT_INVALID');
    });

    it('an edited JSON form (expirationDate) → 400 / 200 with format CREDENTIAL_JSON_MISMATCH', async () => {
      await expectCredentialCode(editedJson(licence), 'format', 'CREDENTIAL_JSON_MISMATCH');
    });

    it("an edited presentation JSON form (a credential's subject) → 400 PRESENTATION_JSON_MISMATCH", async () => {
      const challenge = (await bed.post('/challenges', {})).body.challenge as string;
      const vp = await bed.present(bed.parties.doctor, [licence], { challenge, domain: 'clinic.example' });
      const json = normalizePresentation(vp) as unknown as {
        verifiableCredential: Array<Record<string, unknown>>;
      };
      const options = { challenge, domain: 'clinic.example' };
      const edited = structuredClone(json);
      (edited.verifiableCredential[0]!.credentialSubject as Record<string, unknown>).licenseNumber = '99999';
      const refused = await bed.post('/presentations/verify', { verifiablePresentation: edited, options });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      const format = (refused.body.checks as Array<{ check: string; code?: string }>).find(
        (c) => c.check === 'format',
      );
      assert.equal(format?.code, 'PRESENTATION_JSON_MISMATCH');
      // the challenge was not consumed by the refused form: the untampered JSON form verifies with it
      const accepted = await bed.post('/presentations/verify', { verifiablePresentation: json, options });
      assert.equal(accepted.status, 200, JSON.stringify(failedCodes(accepted.body)));
    });
  });

  describe('W3C VC-API', () => {
    it('POST /credentials/verify: 200 when verified, 400 with the report when not', async () => {
      const ok = await bed.post('/credentials/verify', { verifiableCredential: licence, options: {} });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.verified, true);
      const bad = await bed.post('/credentials/verify', { verifiableCredential: revoked, options: {} });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.verified, false);
      assert.ok(failedCodes(bad.body).includes('CREDENTIAL_REVOKED'));
      assert.ok(Array.isArray(bad.body.checks));
    });

    it('POST /credentials/verify: 400 {code} when verifiableCredential is missing', async () => {
      const { status, body } = await bed.post('/credentials/verify', { credential: licence });
      assert.equal(status, 400);
      assert.equal(body.code, 'INVALID_ARGUMENT');
      assert.equal(body.verified, undefined);
    });

    it('POST /presentations/verify: 200 with a fresh challenge, 400 when the challenge is replayed', async () => {
      const hospital = (
        await bed.issue(
          bed.parties.medicalBoard,
          'HospitalAccreditationCredential',
          hospitalSubject(bed.parties.hospital),
        )
      ).jwt;
      const issued = await bed.post('/challenges', {});
      assert.equal(issued.status, 201);
      const challenge = issued.body.challenge as string;
      const vp = await bed.present(bed.parties.hospital, [hospital], {
        challenge,
        domain: 'patient.example',
      });
      const request = { verifiablePresentation: vp, options: { challenge, domain: 'patient.example' } };
      const first = await bed.post('/presentations/verify', request);
      assert.equal(first.status, 200, JSON.stringify(failedCodes(first.body)));
      assert.equal(first.body.verified, true);
      const replay = await bed.post('/presentations/verify', request);
      assert.equal(replay.status, 400);
      assert.ok(
        failedCodes(replay.body).includes('CHALLENGE_REPLAYED'),
        JSON.stringify(failedCodes(replay.body)),
      );
    });

    it('POST /presentations/verify: 400 DOMAIN_MISMATCH and CHALLENGE_INVALID', async () => {
      const challenge = (await bed.post('/challenges', {})).body.challenge as string;
      const vp = await bed.present(bed.parties.doctor, [licence], { challenge, domain: 'other.example' });
      const wrongDomain = await bed.post('/presentations/verify', {
        verifiablePresentation: vp,
        options: { challenge, domain: 'clinic.example' },
      });
      assert.equal(wrongDomain.status, 400);
      assert.ok(failedCodes(wrongDomain.body).includes('DOMAIN_MISMATCH'));
      const unknownChallenge = await bed.present(bed.parties.doctor, [licence], {
        challenge: 'never-issued',
        domain: 'clinic.example',
      });
      const answer = await bed.post('/presentations/verify', {
        verifiablePresentation: unknownChallenge,
        options: { challenge: 'never-issued', domain: 'clinic.example' },
      });
      assert.equal(answer.status, 400);
      assert.ok(failedCodes(answer.body).includes('CHALLENGE_INVALID'));
    });
  });
});
