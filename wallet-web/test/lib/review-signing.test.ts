// The wallet's review and reply signatures, checked by the verifier's own code (@medtrust/core): the treatment hash
// is the one the verifier computes, a reply signed in the browser verifies with verifyReviewReply (a did:key
// resolved by key-did-resolver, as the verifier does), and drafts a verifier would refuse are refused before signing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Resolver } from 'did-resolver';
import { getResolver as getKeyResolver } from 'key-did-resolver';
import { credentialJwtHash as coreHash, ErrorCodes, verifyReviewReply } from '@medtrust/core';
import { generateHolderSecret, holderKeyFromSecret, type HolderKey } from '../../src/lib/holder-key.ts';
import { decodeJwt, signJwt } from '../../src/lib/jws.ts';
import {
  credentialJwtHash,
  REVIEW_SCHEMA_ID,
  ReviewDraftError,
  signReviewCredential,
  signReviewReply,
  treatmentFactsOf,
} from '../../src/lib/review-signing.ts';

const DOCTOR = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const HOSPITAL = 'did:ethr:0x7a69:0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

function treatmentFor(patient: string): string {
  return signJwt(
    { alg: 'ES256K', typ: 'JWT' },
    {
      iss: HOSPITAL,
      sub: patient,
      nbf: 1_760_000_000,
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'TreatmentCredential'],
        credentialSubject: {
          id: patient,
          doctor: DOCTOR,
          hospital: HOSPITAL,
          procedureCategory: 'AES-RHINO',
          treatmentDate: '2026-11-30',
        },
      },
    },
    () => new Uint8Array(64).fill(7),
  );
}

const key = (): HolderKey => holderKeyFromSecret(generateHolderSecret());

describe('review signing in the wallet', () => {
  it('hashes a treatment exactly as the verifier does', () => {
    const jwt = treatmentFor(key().did);
    assert.equal(credentialJwtHash(jwt), coreHash(jwt));
    assert.equal(credentialJwtHash(` ${jwt}\n`), coreHash(jwt));
    assert.notEqual(credentialJwtHash(`${jwt}x`), coreHash(jwt));
  });

  it('reads a treatment’s facts, and nothing from another credential', () => {
    const patient = key().did;
    assert.deepEqual(treatmentFactsOf(treatmentFor(patient)), {
      patient,
      doctor: DOCTOR,
      hospital: HOSPITAL,
      procedureCategory: 'AES-RHINO',
      treatmentDate: '2026-11-30',
      issuer: HOSPITAL,
    });
    const licence = treatmentFor(patient).split('.');
    assert.equal(treatmentFactsOf('not.a.jwt'), undefined);
    assert.equal(treatmentFactsOf(licence.slice(0, 2).join('.')), undefined);
  });

  it('signs a ReviewCredential by the treated visit DID, about the doctor or the hospital, bound to the treatment', () => {
    const visit = key();
    const treatment = treatmentFor(visit.did);
    const now = new Date('2026-12-07T10:00:00Z');
    for (const [about, did] of [
      ['doctor', DOCTOR],
      ['hospital', HOSPITAL],
    ] as const) {
      const review = signReviewCredential(
        visit,
        { treatmentJwt: treatment, about, rating: 4, text: ' Good ' },
        now,
      );
      assert.equal(review.about, did);
      const decoded = decodeJwt(review.jwt)!;
      assert.deepEqual([decoded.header.alg, decoded.header.kid], ['EdDSA', visit.kid]);
      assert.equal(decoded.payload.iss, visit.did);
      assert.equal(decoded.payload.sub, did);
      const vc = decoded.payload.vc as {
        type: string[];
        credentialSchema: { id: string };
        credentialSubject: Record<string, unknown>;
      };
      assert.deepEqual(vc.type, ['VerifiableCredential', 'ReviewCredential']);
      assert.equal(vc.credentialSchema.id, REVIEW_SCHEMA_ID);
      assert.deepEqual(vc.credentialSubject, {
        id: did,
        author: visit.did,
        rating: 4,
        text: 'Good',
        treatmentCredentialHash: coreHash(treatment),
        reviewDate: '2026-12-07',
      });
    }
  });

  it('refuses drafts the directory would refuse: another DID’s treatment, no rating, too long a text', () => {
    const visit = key();
    const treatment = treatmentFor(visit.did);
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        assert.ok(error instanceof ReviewDraftError);
        return error.field;
      }
      return 'signed';
    };
    assert.equal(
      field(() =>
        signReviewCredential(key(), { treatmentJwt: treatment, about: 'doctor', rating: 5, text: '' }),
      ),
      'author',
    );
    for (const rating of [0, 6, 2.5, Number.NaN]) {
      assert.equal(
        field(() =>
          signReviewCredential(visit, { treatmentJwt: treatment, about: 'doctor', rating, text: '' }),
        ),
        'rating',
      );
    }
    assert.equal(
      field(() =>
        signReviewCredential(visit, {
          treatmentJwt: treatment,
          about: 'doctor',
          rating: 3,
          text: 'x'.repeat(5001),
        }),
      ),
      'text',
    );
    assert.equal(
      field(() =>
        signReviewCredential(visit, { treatmentJwt: 'nope', about: 'doctor', rating: 3, text: '' }),
      ),
      'treatmentJwt',
    );
  });

  it('signs a doctor’s reply that verifyReviewReply accepts for that review and doctor only', async () => {
    const doctor = key();
    const resolver = new Resolver(getKeyResolver());
    const reviewHash = coreHash('header.payload.signature');
    const reply = signReviewReply(doctor, reviewHash.toUpperCase().replace('0X', '0x'), '  Thank you.  ');
    const ok = await verifyReviewReply(reply, { resolver, review: { reviewHash, doctor: doctor.did } });
    assert.equal(ok.verified, true, JSON.stringify(ok.checks));
    assert.equal(ok.reply?.text, 'Thank you.');

    const otherDoctor = await verifyReviewReply(reply, {
      resolver,
      review: { reviewHash, doctor: key().did },
    });
    assert.equal(otherDoctor.verified, false);
    assert.ok(otherDoctor.checks.some((c) => c.code === ErrorCodes.REPLY_NOT_BY_TREATING_DOCTOR));
    const otherReview = await verifyReviewReply(reply, {
      resolver,
      review: { reviewHash: coreHash('another'), doctor: doctor.did },
    });
    assert.ok(otherReview.checks.some((c) => c.code === ErrorCodes.REPLY_REVIEW_MISMATCH));

    assert.throws(() => signReviewReply(doctor, reviewHash, '   '), ReviewDraftError);
    assert.throws(() => signReviewReply(doctor, 'abc', 'hello'), ReviewDraftError);
  });
});
