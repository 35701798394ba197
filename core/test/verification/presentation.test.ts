// Presentations on a real local chain: holder binding, single-use expiring challenges, audience, JSON forms, and a
// presentation carrying a bad credential.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifiablePresentationJwt, normalizeCredential, normalizePresentation } from 'did-jwt-vc';
import { ES256KSigner } from 'did-jwt';
import {
  ErrorCodes,
  InMemoryNonceStore,
  Verifier,
  type ChainVerifierSources,
  type VerificationReport,
} from '@medtrust/core';
import {
  accreditedIssuer,
  chainVerifier,
  check,
  codesOf,
  ethrIdentity,
  fixtureProofSource,
  issueLicence,
  presentation,
  schemas,
  signEs256k,
  startChain,
  syncHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

const DOMAIN = 'https://verifier.medtrust.example';

describe('verifyPresentation', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let issuer: EthrIdentity;
  let holder: EthrIdentity;
  let licence: string;
  let second: string;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture));
    issuer = await accreditedIssuer(fixture);
    holder = await ethrIdentity(fixture);
    await syncHead(fixture, sources);
    licence = issueLicence(fixture, issuer, { subject: holder.did, index: 0 });
    second = issueLicence(fixture, issuer, { subject: holder.did, index: 1 });
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  function allPassed(report: VerificationReport) {
    assert.equal(report.verified, true, JSON.stringify(report, null, 1));
  }

  it('verifies a holder-signed presentation of two credentials with an issued nonce and the domain', async () => {
    const nonce = await nonces.issue(300);
    const vp = presentation(holder, [licence, second], { nonce, aud: DOMAIN });
    const report = await verifier.verifyPresentation(vp, { domain: DOMAIN });
    allPassed(report);
    assert.equal(report.holder, holder.did);
    assert.deepEqual(
      report.checks.map((c) => [c.check, c.status]),
      [
        ['format', 'passed'],
        ['signature', 'passed'],
        ['did-resolution', 'passed'],
        ['validity', 'skipped'],
        ['challenge', 'passed'],
        ['domain', 'passed'],
      ],
    );
    assert.equal(report.credentials.length, 2);
    for (const credential of report.credentials) {
      assert.equal(check(credential.checks, 'holder-binding').status, 'passed');
      assert.equal(credential.checks.length, 9);
    }
    // verify() detects the presentation
    const nonce2 = await nonces.issue(300);
    allPassed(
      await verifier.verify(presentation(holder, [licence], { nonce: nonce2, aud: [DOMAIN, 'other'] }), {
        domain: DOMAIN,
      }),
    );
  });

  it('refuses a replayed nonce (CHALLENGE_REPLAYED), an unknown one and a missing one (CHALLENGE_INVALID)', async () => {
    const nonce = await nonces.issue(300);
    const vp = presentation(holder, [licence], { nonce, aud: DOMAIN });
    allPassed(await verifier.verifyPresentation(vp, { domain: DOMAIN }));
    const replay = await verifier.verifyPresentation(vp, { domain: DOMAIN });
    assert.equal(replay.verified, false);
    assert.equal(check(replay.checks, 'challenge').code, ErrorCodes.CHALLENGE_REPLAYED);

    const unknown = await verifier.verifyPresentation(
      presentation(holder, [licence], { nonce: 'made-up', aud: DOMAIN }),
      { domain: DOMAIN },
    );
    assert.equal(check(unknown.checks, 'challenge').code, ErrorCodes.CHALLENGE_INVALID);

    const missing = await verifier.verifyPresentation(presentation(holder, [licence], { aud: DOMAIN }), {
      domain: DOMAIN,
    });
    assert.equal(check(missing.checks, 'challenge').code, ErrorCodes.CHALLENGE_INVALID);
    assert.deepEqual(codesOf(missing), [ErrorCodes.CHALLENGE_INVALID]);

    const other = await nonces.issue(300);
    const mismatch = await verifier.verifyPresentation(presentation(holder, [licence], { nonce: other }), {
      challenge: 'expected-one',
    });
    assert.equal(check(mismatch.checks, 'challenge').code, ErrorCodes.CHALLENGE_INVALID);
    // the mismatching presentation did not burn the nonce
    allPassed(await verifier.verifyPresentation(presentation(holder, [licence], { nonce: other })));
  });

  it('refuses an expired nonce', async () => {
    let now = Date.now();
    const clock = () => new Date(now);
    const store = new InMemoryNonceStore(clock);
    const timed = new Verifier({ ...sourcesDeps(), schemas: schemas(), clock, nonces: store });
    const nonce = await store.issue(60);
    now += 61_000;
    const report = await timed.verifyPresentation(presentation(holder, [licence], { nonce }));
    assert.equal(check(report.checks, 'challenge').code, ErrorCodes.CHALLENGE_INVALID);
  });

  it('does not consume the nonce of a presentation whose signature fails', async () => {
    const nonce = await nonces.issue(300);
    const mallory = await ethrIdentity(fixture);
    const forged = presentation(holder, [licence], { nonce }, mallory.privateKey);
    const report = await verifier.verifyPresentation(forged);
    assert.equal(check(report.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
    assert.equal(check(report.checks, 'challenge').status, 'skipped');
    assert.equal(report.verified, false);
    for (const credential of report.credentials)
      assert.equal(check(credential.checks, 'holder-binding').status, 'skipped');
    allPassed(await verifier.verifyPresentation(presentation(holder, [licence], { nonce })));
  });

  it('refuses a wrong or missing audience (DOMAIN_MISMATCH)', async () => {
    const wrong = await verifier.verifyPresentation(
      presentation(holder, [licence], { nonce: await nonces.issue(300), aud: 'https://evil.example' }),
      { domain: DOMAIN },
    );
    assert.equal(check(wrong.checks, 'domain').code, ErrorCodes.DOMAIN_MISMATCH);
    assert.equal(wrong.verified, false);
    const none = await verifier.verifyPresentation(
      presentation(holder, [licence], { nonce: await nonces.issue(300) }),
      {
        domain: DOMAIN,
      },
    );
    assert.equal(check(none.checks, 'domain').code, ErrorCodes.DOMAIN_MISMATCH);
  });

  it('refuses a presentation by someone who is not the subject (HOLDER_MISMATCH)', async () => {
    const stranger = await ethrIdentity(fixture);
    const report = await verifier.verifyPresentation(
      presentation(stranger, [licence], { nonce: await nonces.issue(300) }),
    );
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'signature').status, 'passed');
    assert.equal(check(report.credentials[0]!.checks, 'holder-binding').code, ErrorCodes.HOLDER_MISMATCH);
    assert.deepEqual(codesOf(report), [ErrorCodes.HOLDER_MISMATCH]);
  });

  it('accepts the subject presenting under another name of the same identity (a key the subject controls)', async () => {
    const alias = { ...holder, did: `did:ethr:0x${fixture.config.chainId.toString(16)}:${holder.address}` };
    const report = await verifier.verifyPresentation(
      presentation(alias, [licence], { nonce: await nonces.issue(300) }),
    );
    allPassed(report);
    assert.match(check(report.credentials[0]!.checks, 'holder-binding').detail!, /key of the subject/);
  });

  it('refuses the holder named in the JSON form differing from the signer (PRESENTATION_JSON_MISMATCH)', async () => {
    const stranger = await ethrIdentity(fixture);
    const jwt = presentation(holder, [licence], { nonce: await nonces.issue(300) });
    const json = { ...normalizePresentation(jwt), holder: stranger.did };
    const report = await verifier.verify(json);
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'format').code, ErrorCodes.PRESENTATION_JSON_MISMATCH);
  });

  it('verifies did-jwt-vc presentations (compact and JSON form, with a JSON-form credential inside)', async () => {
    const nonce = await nonces.issue(300);
    const jwt = await createVerifiablePresentationJwt(
      {
        vp: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiablePresentation'],
          verifiableCredential: [licence],
        },
      } as never,
      {
        did: holder.did,
        signer: ES256KSigner(Buffer.from(holder.privateKey.slice(2), 'hex')),
        alg: 'ES256K',
      },
      { challenge: nonce, domain: DOMAIN },
    );
    allPassed(await verifier.verifyPresentation(jwt, { domain: DOMAIN }));
    const nonce2 = await nonces.issue(300);
    const withJsonCredential = presentation(holder, [normalizeCredential(second)], { nonce: nonce2 });
    const json = normalizePresentation(withJsonCredential);
    allPassed(await verifier.verify(json));
  });

  it('verifies a VCDM 2.0 presentation of enveloped credentials', async () => {
    const nonce = await nonces.issue(300);
    const vp = signEs256k(
      holder.privateKey,
      { alg: 'ES256K', typ: 'vp+jwt' },
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        holder: holder.did,
        verifiableCredential: [
          {
            '@context': ['https://www.w3.org/ns/credentials/v2'],
            type: 'EnvelopedVerifiableCredential',
            id: `data:application/vc+jwt,${licence}`,
          },
        ],
        nonce,
        aud: DOMAIN,
      },
    );
    allPassed(await verifier.verify(vp, { domain: DOMAIN }));
    const enveloped = await verifier.verify(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: 'EnvelopedVerifiablePresentation',
        id: `data:application/vp+jwt,${vp}`,
      },
      { domain: DOMAIN },
    );
    assert.equal(check(enveloped.checks, 'challenge').code, ErrorCodes.CHALLENGE_REPLAYED);
  });

  it('reports a forged credential inside an otherwise valid presentation', async () => {
    const forged = issueLicence(fixture, issuer, { subject: holder.did, index: 2 }, holder.privateKey);
    const report = await verifier.verifyPresentation(
      presentation(holder, [licence, forged], { nonce: await nonces.issue(300) }),
    );
    assert.equal(report.verified, false);
    assert.equal(check(report.checks, 'signature').status, 'passed');
    assert.equal(report.credentials[0]!.verified, true);
    assert.equal(report.credentials[1]!.verified, false);
    assert.equal(check(report.credentials[1]!.checks, 'signature').code, ErrorCodes.SIGNATURE_INVALID);
    assert.equal(check(report.credentials[1]!.checks, 'status').status, 'skipped');
  });

  it('checks the challenge without a nonce store against options.challenge, and the presentation exp', async () => {
    const storeless = new Verifier({ ...sourcesDeps(), schemas: schemas(), clock: () => new Date() });
    allPassed(
      await storeless.verifyPresentation(presentation(holder, [licence], { nonce: 'abc' }), {
        challenge: 'abc',
      }),
    );
    allPassed(await storeless.verifyPresentation(presentation(holder, [licence])));
    const expired = await storeless.verifyPresentation(
      presentation(holder, [licence], { exp: Math.floor(Date.now() / 1000) - 600 }),
    );
    assert.equal(check(expired.checks, 'validity').code, ErrorCodes.CREDENTIAL_EXPIRED);
    await assert.rejects(
      storeless.verifyPresentation(presentation(holder, [licence]), { requireChallenge: true }),
      (e: unknown) => (e as { code?: string }).code === ErrorCodes.INVALID_ARGUMENT,
    );
    const required = await storeless.verifyPresentation(presentation(holder, [licence]), {
      requireChallenge: true,
      challenge: 'abc',
    });
    assert.equal(check(required.checks, 'challenge').code, ErrorCodes.CHALLENGE_INVALID);
  });

  function sourcesDeps() {
    return {
      resolver: sources.resolver,
      status: sources.status,
      accreditation: sources.accreditation,
      anchors: sources.anchors,
      anchorProofs: fixtureProofSource(fixture),
    };
  }
});
