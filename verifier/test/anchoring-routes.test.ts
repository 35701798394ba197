// The `anchoring` check through the verify routes, on a real local chain: proofs given in `options.anchorProofs`,
// signed into a presentation, or fetched from the issuer's proof endpoint (HttpAnchorProofSource end to end);
// missing, tampered, pending and late anchors; malformed options refused with 400.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnchorProof } from '@medtrust/core';
import { licenceSubject, type IssuedCredential } from './fixture.ts';
import { failedCodes, startTestbed, type Testbed } from './testbed.ts';

interface Report {
  verified: boolean;
  checks: Array<{ check: string; status: string; code?: string }>;
  credentials: Array<{
    checks: Array<{ check: string; status: string; code?: string }>;
    credential?: { anchor?: { blockNumber: string; anchoredAt: string; transactionHash: string } };
  }>;
}

/** The distinct failed codes (a credential report repeats its checks at the top). */
function codes(body: Record<string, unknown>): string[] {
  return [...new Set(failedCodes(body))];
}

function anchoringOf(body: Record<string, unknown>) {
  return (body as unknown as Report).credentials[0]!.checks.find((c) => c.check === 'anchoring');
}

describe('anchoring through the verify routes, without a proof source', () => {
  let bed: Testbed;
  // anchored on-chain, but its proof is served nowhere: only the caller has it
  let licence: IssuedCredential;
  let proof: AnchorProof;

  before(async () => {
    bed = await startTestbed({}, { ANCHOR_PROOF_URLS: '' });
    const { medicalBoard, doctor } = bed.parties;
    licence = await bed.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor), {
      serve: false,
    });
    proof = licence.proof!;
  });
  after(() => bed?.stop());

  it('a licence without its proof: 200 verified:false ANCHOR_MISSING (400 with the report on the VC-API route)', async () => {
    const own = await bed.post('/verify', { verifiableCredential: licence.jwt });
    assert.equal(own.status, 200);
    assert.equal(own.body.verified, false);
    assert.deepEqual(codes(own.body), ['ANCHOR_MISSING']);
    assert.equal(anchoringOf(own.body)?.status, 'failed');
    const vcApi = await bed.post('/credentials/verify', { verifiableCredential: licence.jwt });
    assert.equal(vcApi.status, 400);
    assert.deepEqual(codes(vcApi.body), ['ANCHOR_MISSING']);
  });

  it('with its proof in options.anchorProofs: verified, and the report names the anchor block', async () => {
    for (const path of ['/verify', '/credentials/verify']) {
      const { status, body } = await bed.post(path, {
        verifiableCredential: licence.jwt,
        options: { anchorProofs: [proof] },
      });
      assert.equal(status, 200, path);
      assert.equal(body.verified, true, JSON.stringify(failedCodes(body)));
      assert.equal(anchoringOf(body)?.status, 'passed');
      const anchor = (body as unknown as Report).credentials[0]!.credential!.anchor!;
      assert.equal(anchor.blockNumber, proof.blockNumber);
      assert.equal(anchor.transactionHash, proof.transactionHash);
      assert.ok(!Number.isNaN(Date.parse(anchor.anchoredAt)));
    }
  });

  it('a tampered proof: ANCHOR_INVALID (wrong root, path, block, transaction, issuer or registry)', async () => {
    const other = '0x' + 'ee'.repeat(32);
    const tampered: Array<Record<string, unknown>> = [
      { ...proof, root: other },
      { ...proof, proof: [other] },
      { ...proof, blockNumber: String(BigInt(proof.blockNumber) - 1n) },
      { ...proof, transactionHash: other },
      { ...proof, issuer: bed.parties.rogue.address.toLowerCase() },
      { ...proof, anchorRegistry: bed.config.statusRegistry.toLowerCase() },
      { ...proof, type: 'SomethingElse' },
    ];
    for (const bad of tampered) {
      const { status, body } = await bed.post('/verify', {
        verifiableCredential: licence.jwt,
        options: { anchorProofs: [bad] },
      });
      assert.equal(status, 200);
      assert.equal(body.verified, false);
      assert.deepEqual(codes(body), ['ANCHOR_INVALID'], JSON.stringify(bad));
    }
  });

  it('malformed options.anchorProofs: 400 INVALID_ARGUMENT on every verify route', async () => {
    const malformed: unknown[] = [
      'not a list',
      { ...proof },
      ['a string'],
      [null],
      [[proof]],
      Array.from({ length: 65 }, () => proof),
    ];
    for (const anchorProofs of malformed) {
      for (const [path, member] of [
        ['/verify', 'verifiableCredential'],
        ['/credentials/verify', 'verifiableCredential'],
        ['/presentations/verify', 'verifiablePresentation'],
      ] as const) {
        const { status, body } = await bed.post(path, { [member]: licence.jwt, options: { anchorProofs } });
        assert.equal(status, 400, `${path} ${JSON.stringify(anchorProofs).slice(0, 60)}`);
        assert.equal(body.code, 'INVALID_ARGUMENT');
        assert.equal(typeof body.detail, 'string');
      }
    }
  });

  it('a presentation carrying the holder-signed anchorProofs verifies; without them ANCHOR_MISSING', async () => {
    const { doctor } = bed.parties;
    const challenge = ((await bed.post('/challenges', {})).body as { challenge: string }).challenge;
    const vp = await bed.present(doctor, [licence.jwt], { challenge, anchorProofs: [proof] });
    const ok = await bed.post('/presentations/verify', {
      verifiablePresentation: vp,
      options: { challenge },
    });
    assert.equal(ok.status, 200, JSON.stringify(failedCodes(ok.body)));
    assert.equal(ok.body.verified, true);

    const again = ((await bed.post('/challenges', {})).body as { challenge: string }).challenge;
    const bare = await bed.present(doctor, [licence.jwt], { challenge: again });
    const missing = await bed.post('/presentations/verify', {
      verifiablePresentation: bare,
      options: { challenge: again },
    });
    assert.equal(missing.status, 400);
    assert.deepEqual(codes(missing.body), ['ANCHOR_MISSING']);
  });

  it('anchored more than ANCHOR_MAX_LAG_SECONDS after its nbf: ANCHOR_LAG_EXCEEDED (chain time moved by anvil)', async () => {
    const { medicalBoard, doctor } = bed.parties;
    const late = await bed.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor), {
      anchor: false,
    });
    await bed.increaseTime(2 * 86_400);
    const [lateProof] = await bed.anchor(medicalBoard, [late.jwt]);
    // keep the service's clock with the chain's, so the lag (not the validity window) is what is judged
    bed.advanceClock(2 * 86_400);
    const { status, body } = await bed.post('/verify', {
      verifiableCredential: late.jwt,
      options: { anchorProofs: [lateProof] },
    });
    assert.equal(status, 200);
    assert.deepEqual(codes(body), ['ANCHOR_LAG_EXCEEDED']);
  });
});

describe('anchoring through the verify routes, with the issuer proof endpoint (ANCHOR_PROOF_URLS)', () => {
  let bed: Testbed;

  before(async () => {
    bed = await startTestbed();
  });
  after(() => bed?.stop());

  it('fetches the proof of a credential presented without one from the configured issuer URL', async () => {
    const { medicalBoard, doctor } = bed.parties;
    const licence = await bed.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor));
    const { status, body } = await bed.post('/credentials/verify', { verifiableCredential: licence.jwt });
    assert.equal(status, 200, JSON.stringify(failedCodes(body)));
    assert.equal(anchoringOf(body)?.status, 'passed');
    assert.ok(bed.proofServer.requests.includes(licence.hash), 'asked the proof endpoint');
  });

  it('pending at the issuer (202): ANCHOR_PENDING; never anchored (404): ANCHOR_MISSING; endpoint down: ANCHOR_UNAVAILABLE', async () => {
    const { medicalBoard, doctor } = bed.parties;
    const waiting = await bed.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor), {
      anchor: false,
    });
    bed.proofServer.pending.add(waiting.hash);
    const pending = await bed.post('/verify', { verifiableCredential: waiting.jwt });
    assert.deepEqual(codes(pending.body), ['ANCHOR_PENDING']);

    const never = await bed.issue(medicalBoard, 'MedicalLicenseCredential', licenceSubject(doctor), {
      anchor: false,
    });
    const missing = await bed.post('/verify', { verifiableCredential: never.jwt });
    assert.deepEqual(codes(missing.body), ['ANCHOR_MISSING']);

    const unreachable = await startTestbed({}, { ANCHOR_PROOF_URLS: 'http://127.0.0.1:9' });
    try {
      const issued = await unreachable.issue(
        unreachable.parties.medicalBoard,
        'MedicalLicenseCredential',
        licenceSubject(unreachable.parties.doctor),
      );
      const down = await unreachable.post('/verify', { verifiableCredential: issued.jwt });
      assert.equal(down.status, 200);
      assert.equal(down.body.verified, false);
      assert.deepEqual(codes(down.body), ['ANCHOR_UNAVAILABLE']);
      assert.equal(anchoringOf(down.body)?.status, 'error');
    } finally {
      await unreachable.stop();
    }
  });
});
