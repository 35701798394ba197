// A hostile corpus: every entry gives a report with verified:false and the expected stable code, never a throw, and
// every report lists every check in order (early exits included).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sign as nodeSign } from 'node:crypto';
import {
  CHECK_NAMES,
  ErrorCodes,
  type ChainVerifierSources,
  type ErrorCode,
  type Verifier,
} from '@medtrust/core';
import {
  accreditedIssuer,
  b64json,
  chainVerifier,
  check,
  ed25519DidKey,
  ethrIdentity,
  issueLicence,
  licencePayload,
  nodePrivateKey,
  presentation,
  signEs256k,
  startChain,
  syncHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

const CREDENTIAL_CHECKS = CHECK_NAMES.slice(0, 8);

describe('hostile input', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let issuer: EthrIdentity;
  let holder: EthrIdentity;
  let valid: string;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources } = chainVerifier(fixture));
    issuer = await accreditedIssuer(fixture);
    holder = await ethrIdentity(fixture);
    await syncHead(fixture, sources);
    valid = issueLicence(fixture, issuer, { subject: holder.did });
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  /** Verifies `input` as a credential and as anything, and checks code, shape and that it does not verify. */
  async function expectRefused(input: unknown, checkName: string, code: ErrorCode): Promise<void> {
    for (const report of [await verifier.verifyCredential(input), await verifier.verify(input)]) {
      if (report.holder !== undefined) continue; // verify() saw a presentation: covered by the presentation suite
      assert.equal(report.verified, false);
      assert.equal(report.credentials.length, 1);
      const credential = report.credentials[0]!;
      assert.equal(credential.verified, false);
      assert.deepEqual(
        credential.checks.map((c) => c.check),
        CREDENTIAL_CHECKS,
      );
      const found = check(credential.checks, checkName);
      assert.equal(found.code, code, `${checkName}: ${JSON.stringify(credential.checks)}`);
      assert.ok(found.status === 'failed' || found.status === 'error');
      for (const c of credential.checks)
        assert.ok(['passed', 'failed', 'skipped', 'error'].includes(c.status));
    }
  }

  const segments = () => valid.split('.') as [string, string, string];

  describe('malformed tokens → FORMAT_INVALID', () => {
    const cases: Array<[string, () => unknown]> = [
      ['empty string', () => ''],
      ['not a JWT', () => 'hello world'],
      ['two segments', () => segments().slice(0, 2).join('.')],
      ['four segments', () => `${valid}.AAAA`],
      ['five segments (JWE shape)', () => 'a.b.c.d.e'],
      ['truncated in the payload', () => valid.slice(0, valid.indexOf('.') + 20)],
      ['truncated signature segment to one char', () => `${segments()[0]}.${segments()[1]}.A`],
      [
        'bad base64 characters',
        () => `${segments()[0]}.${segments()[1].replace(/.$/, '*')}.${segments()[2]}`,
      ],
      ['padding in a segment', () => `${segments()[0]}=.${segments()[1]}.${segments()[2]}`],
      [
        'header not JSON',
        () => `${Buffer.from('{alg').toString('base64url')}.${segments()[1]}.${segments()[2]}`,
      ],
      [
        'payload not JSON',
        () => `${segments()[0]}.${Buffer.from('nope').toString('base64url')}.${segments()[2]}`,
      ],
      ['payload a JSON array', () => `${segments()[0]}.${b64json([1, 2])}.${segments()[2]}`],
      ['payload a JSON string', () => `${segments()[0]}.${b64json('vc')}.${segments()[2]}`],
      ['payload JSON null', () => `${segments()[0]}.${b64json(null)}.${segments()[2]}`],
      ['header a JSON number', () => `${b64json(7)}.${segments()[1]}.${segments()[2]}`],
      [
        'payload not UTF-8',
        () => `${segments()[0]}.${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.${segments()[2]}`,
      ],
      ['a number', () => 42],
      ['null', () => null],
      ['undefined', () => undefined],
      ['an array', () => [valid]],
      ['an empty object', () => ({})],
      ['JSON form without proof', () => ({ issuer: issuer.did, credentialSubject: {} })],
      [
        'JSON form with another proof type',
        () => ({ issuer: issuer.did, proof: { type: 'Ed25519Signature2020', jwt: valid } }),
      ],
      [
        'JSON form with a non-string jwt',
        () => ({ issuer: issuer.did, proof: { type: 'JwtProof2020', jwt: 5 } }),
      ],
      ['JSON form without an issuer', () => ({ proof: { type: 'JwtProof2020', jwt: valid } })],
      ['a presentation given as a credential', () => presentation(holder, [valid])],
      ['over-long token', () => `${segments()[0]}.${'A'.repeat(70_000)}.${segments()[2]}`],
      [
        'deeply nested payload',
        () =>
          `${segments()[0]}.${Buffer.from(`{"vc":${'['.repeat(5_000)}${']'.repeat(5_000)}}`).toString('base64url')}.${segments()[2]}`,
      ],
      [
        'very deeply nested payload (100,000 levels)',
        () =>
          `${segments()[0]}.${Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`).toString('base64url')}.${segments()[2]}`,
      ],
      [
        'deeply nested JSON-form input',
        () => {
          let deep: Record<string, unknown> = {};
          const root = { issuer: issuer.did, proof: { type: 'JwtProof2020', jwt: valid }, evidence: deep };
          for (let i = 0; i < 10_000; i++) {
            const next = {};
            deep.x = next;
            deep = next;
          }
          return root;
        },
      ],
      [
        'cyclic JSON-form input',
        () => {
          const root: Record<string, unknown> = {
            issuer: issuer.did,
            proof: { type: 'JwtProof2020', jwt: valid },
          };
          root.self = root;
          return root;
        },
      ],
      [
        'iss not a DID',
        () =>
          signEs256k(
            issuer.privateKey,
            { alg: 'ES256K' },
            { ...licencePayload(fixture, { issuer, subject: holder.did }), iss: 'https://evil.example' },
          ),
      ],
      [
        'sub differs from credentialSubject.id',
        () => {
          const payload = licencePayload(fixture, { issuer, subject: holder.did });
          (payload.vc as { credentialSubject: Record<string, unknown> }).credentialSubject.id = issuer.did;
          return signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload);
        },
      ],
      [
        'nbf not a number',
        () =>
          signEs256k(
            issuer.privateKey,
            { alg: 'ES256K' },
            { ...licencePayload(fixture, { issuer, subject: holder.did }), nbf: 'yesterday' },
          ),
      ],
      [
        'no issuance date at all',
        () => {
          const payload = licencePayload(fixture, { issuer, subject: holder.did });
          delete payload.nbf;
          return signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload);
        },
      ],
      [
        'credentialSubject an array',
        () => {
          const payload = licencePayload(fixture, { issuer, subject: holder.did });
          (payload.vc as Record<string, unknown>).credentialSubject = [{ name: 'x' }];
          return signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload);
        },
      ],
      [
        'type without VerifiableCredential',
        () => {
          const payload = licencePayload(fixture, { issuer, subject: holder.did });
          (payload.vc as Record<string, unknown>).type = ['MedicalLicenseCredential'];
          return signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload);
        },
      ],
      [
        'crit header',
        () =>
          signEs256k(
            issuer.privateKey,
            { alg: 'ES256K', crit: ['exp'] },
            licencePayload(fixture, { issuer, subject: holder.did }),
          ),
      ],
    ];
    for (const [name, make] of cases) {
      it(name, async () => expectRefused(make(), 'format', ErrorCodes.FORMAT_INVALID));
    }
  });

  describe('algorithms → ALG_NOT_ALLOWED', () => {
    it('alg none with an empty signature', async () => {
      const [, payload] = segments();
      await expectRefused(
        `${b64json({ alg: 'none', typ: 'JWT' })}.${payload}.`,
        'signature',
        ErrorCodes.ALG_NOT_ALLOWED,
      );
    });
    it('alg none keeping the original signature', async () => {
      const [, payload, signature] = segments();
      await expectRefused(
        `${b64json({ alg: 'none' })}.${payload}.${signature}`,
        'signature',
        ErrorCodes.ALG_NOT_ALLOWED,
      );
    });
    for (const alg of ['HS256', 'RS256', 'ES256', 'es256k', 'NONE', '', 'EdDSA ']) {
      it(`alg ${JSON.stringify(alg)}`, async () =>
        expectRefused(
          signEs256k(issuer.privateKey, { alg }, licencePayload(fixture, { issuer, subject: holder.did })),
          'signature',
          ErrorCodes.ALG_NOT_ALLOWED,
        ));
    }
    it('no alg at all', async () =>
      expectRefused(
        signEs256k(
          issuer.privateKey,
          { typ: 'JWT' },
          licencePayload(fixture, { issuer, subject: holder.did }),
        ),
        'signature',
        ErrorCodes.ALG_NOT_ALLOWED,
      ));
  });

  describe('signatures → SIGNATURE_INVALID', () => {
    it('signed by another key', async () => {
      const other = await ethrIdentity(fixture);
      await expectRefused(
        issueLicence(fixture, issuer, { subject: holder.did }, other.privateKey),
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
    it('payload altered after signing', async () => {
      const [header, , signature] = segments();
      const payload = JSON.parse(Buffer.from(segments()[1], 'base64url').toString()) as Record<
        string,
        unknown
      >;
      (payload.vc as { credentialSubject: Record<string, unknown> }).credentialSubject.licenseNumber =
        '99999';
      await expectRefused(
        `${header}.${b64json(payload)}.${signature}`,
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
    it('header swapped for another (still allowed) header', async () => {
      const [, payload, signature] = segments();
      await expectRefused(
        `${b64json({ alg: 'ES256K', typ: 'JWT', kid: `${issuer.did}#controller` })}.${payload}.${signature}`,
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
    it('EdDSA header on an ES256K signature', async () => {
      const [, payload, signature] = segments();
      await expectRefused(
        `${b64json({ alg: 'EdDSA' })}.${payload}.${signature}`,
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
    it('signature of the wrong length', async () => {
      const [header, payload, signature] = segments();
      const short = Buffer.from(signature, 'base64url').subarray(0, 63).toString('base64url');
      await expectRefused(`${header}.${payload}.${short}`, 'signature', ErrorCodes.SIGNATURE_INVALID);
    });
    it('signature of zeros', async () => {
      const [header, payload] = segments();
      await expectRefused(
        `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`,
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
    it('signature of another credential', async () => {
      const [header, payload] = segments();
      const other = issueLicence(fixture, issuer, { subject: holder.did, index: 3 });
      await expectRefused(
        `${header}.${payload}.${other.split('.')[2]}`,
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
    it('kid naming a key of another DID', async () => {
      await expectRefused(
        signEs256k(
          issuer.privateKey,
          { alg: 'ES256K', kid: `${holder.did}#controller` },
          licencePayload(fixture, { issuer, subject: holder.did }),
        ),
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
    it('kid naming a method the issuer does not have', async () => {
      await expectRefused(
        signEs256k(
          issuer.privateKey,
          { alg: 'ES256K', kid: `${issuer.did}#delegate-9` },
          licencePayload(fixture, { issuer, subject: holder.did }),
        ),
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
    it('a high-S signature by the right key is refused (low-s only; see hostile-malleability)', async () => {
      const [header, payload] = segments();
      const der = nodeSign('sha256', Buffer.from(`${header}.${payload}`), {
        key: nodePrivateKey(issuer.privateKey),
        dsaEncoding: 'ieee-p1363',
      });
      const n = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
      const s = BigInt(`0x${der.subarray(32).toString('hex')}`);
      const high = s > n / 2n ? s : n - s;
      const sig = Buffer.concat([
        der.subarray(0, 32),
        Buffer.from(high.toString(16).padStart(64, '0'), 'hex'),
      ]);
      await expectRefused(
        `${header}.${payload}.${sig.toString('base64url')}`,
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
      );
    });
  });

  describe('issuers', () => {
    it('iss differs from the JSON issuer → CREDENTIAL_JSON_MISMATCH', async () => {
      await expectRefused(
        { issuer: { id: holder.did }, proof: { type: 'JwtProof2020', jwt: valid } },
        'format',
        ErrorCodes.CREDENTIAL_JSON_MISMATCH,
      );
    });
    it('vc.issuer differs from iss → ISSUER_MISMATCH', async () => {
      const payload = licencePayload(fixture, { issuer, subject: holder.did });
      (payload.vc as Record<string, unknown>).issuer = holder.did;
      await expectRefused(
        signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload),
        'signature',
        ErrorCodes.ISSUER_MISMATCH,
      );
    });
    it('unknown DID method → DID_METHOD_UNSUPPORTED', async () => {
      const payload = {
        ...licencePayload(fixture, { issuer, subject: holder.did }),
        iss: 'did:example:123456',
      };
      await expectRefused(
        signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload),
        'did-resolution',
        ErrorCodes.DID_METHOD_UNSUPPORTED,
      );
    });
    it('did:ethr on a network the verifier does not know → DID_UNRESOLVABLE (error)', async () => {
      const payload = {
        ...licencePayload(fixture, { issuer, subject: holder.did }),
        iss: `did:ethr:goerli:${issuer.address}`,
      };
      const jwt = signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload);
      await expectRefused(jwt, 'did-resolution', ErrorCodes.DID_UNRESOLVABLE);
      assert.equal(check((await verifier.verifyCredential(jwt)).checks, 'did-resolution').status, 'error');
    });
    it('did:web that does not resolve → DID_UNRESOLVABLE', async () => {
      const payload = {
        ...licencePayload(fixture, { issuer, subject: holder.did }),
        iss: 'did:web:127.0.0.1%3A1',
      };
      await expectRefused(
        signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload),
        'did-resolution',
        ErrorCodes.DID_UNRESOLVABLE,
      );
    });
    it('a did:key that is not a key → DID_UNRESOLVABLE', async () => {
      const payload = {
        ...licencePayload(fixture, { issuer, subject: holder.did }),
        iss: 'did:key:z6MkNOTAKEY',
      };
      await expectRefused(
        signEs256k(issuer.privateKey, { alg: 'ES256K' }, payload),
        'did-resolution',
        ErrorCodes.DID_UNRESOLVABLE,
      );
    });
    it('a did:key credential signed by another Ed25519 key → SIGNATURE_INVALID', async () => {
      const patient = ed25519DidKey();
      const mallory = ed25519DidKey();
      const payload = {
        ...licencePayload(fixture, { issuer, subject: holder.did, status: null }),
        iss: patient.did,
      };
      await expectRefused(mallory.sign({ alg: 'EdDSA' }, payload), 'signature', ErrorCodes.SIGNATURE_INVALID);
    });
  });

  it('never throws, even for inputs with throwing getters', async () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    for (const input of [trap, { proof: trap }, Object.create(null)]) {
      const report = await verifier.verify(input);
      assert.equal(report.verified, false);
      const presentationReport = await verifier.verifyPresentation(input);
      assert.equal(presentationReport.verified, false);
      assert.equal(check(presentationReport.checks, 'format').code, ErrorCodes.FORMAT_INVALID);
    }
  });

  it('refuses malformed presentations with FORMAT_INVALID and the full presentation check list', async () => {
    for (const input of ['', 'a.b.c', valid, 17, { verifiableCredential: [] }, presentation(holder, [])]) {
      const report = await verifier.verifyPresentation(input);
      assert.equal(report.verified, false);
      assert.deepEqual(
        report.checks.map((c) => c.check),
        ['format', 'signature', 'did-resolution', 'validity', 'challenge', 'domain'],
      );
      assert.equal(check(report.checks, 'format').code, ErrorCodes.FORMAT_INVALID);
      assert.deepEqual(report.credentials, []);
    }
  });

  it('throws only for bad options (INVALID_ARGUMENT), never for bad input', async () => {
    for (const options of [
      5,
      { challenge: 3 },
      { domain: '' },
      { asOf: { time: 'yesterday' } },
      { asOf: { blockNumber: -1n } },
      { requireChallenge: 'yes' },
    ]) {
      await assert.rejects(
        verifier.verify(valid, options as never),
        (e: unknown) => (e as { code?: string }).code === ErrorCodes.INVALID_ARGUMENT,
      );
    }
  });
});
