// Dispute evidence on a real local chain: a bundle exported for a reviewed treatment, the doctor's licence revoked
// afterwards, and the bundle re-checked — valid on the treatment day, revoked since (with tx hash and block) — by the
// library and by the `recheck-evidence` CLI (exit 1 on that bundle, 0 on an unchanged one).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ErrorCodes,
  buildEvidenceBundle,
  describeRecheck,
  parseEvidenceBundle,
  recheckEvidenceBundle,
  type AccreditationFact,
  type ChainVerifierSources,
  type CredentialStatusFact,
  type EvidenceBundle,
  type EvidenceChainAccess,
  type InMemoryNonceStore,
  type Verifier,
} from '@medtrust/core';
import { chainVerifier, startChain, syncHead, type ChainFixture } from '../verification/fixture.ts';
import { changeStatus, didKeyPatient, nowSeconds } from '../provenance/issuing.ts';
import { runRecheckEvidence } from '../../../verifier/src/cli/recheck-evidence-command.ts';
import {
  afterSecond,
  clinic,
  doctor,
  presentWithNonce,
  review,
  treat,
  type Clinic,
  type Doctor,
} from '../reviews/clinic.ts';

const root = new URL('../../../', import.meta.url).pathname;
const cli = join(root, 'verifier/src/cli/recheck-evidence.ts');

function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      { cwd: root, env: { ...process.env, RPC_URL: '', DEPLOYMENT_FILE: '' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('evidence bundles', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  let nonces: InMemoryNonceStore;
  let theClinic: Clinic;
  let surgeon: Doctor;
  let access: EvidenceChainAccess;
  let dir: string;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources, nonces } = chainVerifier(fixture));
    theClinic = await clinic(fixture);
    surgeon = await doctor(fixture, theClinic);
    access = {
      client: fixture.publicClient,
      chain: {
        chainId: fixture.config.chainId,
        didRegistry: fixture.config.didRegistry,
        statusRegistry: fixture.config.statusRegistry,
        trustRegistry: fixture.config.trustRegistry,
        // recorded in the bundle, so the recheck-evidence CLI reads the anchors from it without a deployment file
        anchorRegistry: fixture.config.anchorRegistry,
        didNetworkName: 'medtrust',
      },
    };
    dir = mkdtempSync(join(tmpdir(), 'medtrust-evidence-'));
    await syncHead(fixture, sources);
  });
  after(async () => {
    sources?.close();
    await fixture?.stop();
  });

  async function reviewedCase(treating: Doctor) {
    const patient = didKeyPatient();
    const treatment = await treat(fixture, theClinic, patient, treating);
    const written = await review(fixture, patient, treating, treatment);
    const { vp, nonce } = await presentWithNonce(nonces, patient, [treatment.jwt, written.jwt]);
    const bundle = await buildEvidenceBundle(
      verifier,
      {
        presentation: vp,
        licences: [treating.licence.jwt],
        hospitalAccreditations: [theClinic.hospitalAccreditation.jwt],
      },
      { challenge: nonce, chain: access },
    );
    return { patient, treatment, written, bundle, issuedAt: nowSeconds() };
  }

  function write(name: string, bundle: EvidenceBundle): string {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(bundle, null, 2));
    return file;
  }

  it('exports the credentials, the reports and every on-chain fact with its transaction and block', async () => {
    const { bundle, treatment } = await reviewedCase(surgeon);
    assert.equal(bundle.report.verified, true, JSON.stringify(bundle.report.checks));
    assert.equal(bundle.case.kind, 'review');
    assert.equal(bundle.presentations.length, 1);
    assert.deepEqual(bundle.credentials.map((c) => c.role).sort(), [
      'hospital-accreditation',
      'licence',
      'review',
      'treatment',
    ]);
    assert.deepEqual(parseEvidenceBundle(JSON.parse(JSON.stringify(bundle))), bundle);
    const readAt = bundle.readAt.blockNumber;

    const statuses = bundle.facts.filter((f): f is CredentialStatusFact => f.kind === 'credential-status');
    // the review (a patient's credential) has no status list
    assert.deepEqual(statuses.map((f) => f.credential.role).sort(), [
      'hospital-accreditation',
      'licence',
      'treatment',
    ]);
    for (const fact of statuses) {
      assert.deepEqual(fact.current, { revoked: false, suspended: false, blockNumber: readAt });
      assert.deepEqual(fact.events, []);
      assert.equal(fact.asOfTreatment?.revoked, false);
    }
    assert.equal(statuses.find((f) => f.credential.role === 'treatment')!.credential.id, treatment.id);

    const accreditations = bundle.facts.filter((f): f is AccreditationFact => f.kind === 'accreditation');
    const board = accreditations.find((f) => f.credentialType === 'MedicalLicenseCredential')!;
    assert.equal(board.issuer, theClinic.board.did);
    assert.equal(board.jurisdiction, 'PT');
    assert.equal(board.accreditedAt, true);
    assert.equal(board.current.accredited, true);
    assert.equal(board.events.length, 1);
    assert.equal(board.events[0]!.event, 'Accredited');
    assert.match(board.events[0]!.txHash, /^0x[0-9a-f]{64}$/);
    const receipt = await fixture.publicClient.getTransactionReceipt({ hash: board.events[0]!.txHash });
    assert.equal(receipt.blockNumber.toString(), board.events[0]!.blockNumber);
    const authority = accreditations.find((f) => f.credentialType === 'HospitalAccreditationCredential')!;
    assert.equal(authority.jurisdiction, 'PT-11');
    assert.equal(authority.accreditedAt, true);
    // the hospital issued the treatment; this demo hospital holds no on-chain TreatmentCredential accreditation
    const hospital = accreditations.find((f) => f.credentialType === 'TreatmentCredential')!;
    assert.equal(hospital.accreditedAt, false);
    assert.deepEqual(hospital.events, []);
    assert.equal(hospital.current.blockNumber, readAt);
  });

  it('re-checks: the licence revoked after the treatment shows as revoked since (tx, block), valid on the day', async () => {
    const treating = await doctor(fixture, theClinic);
    await syncHead(fixture, sources);
    const { bundle, issuedAt } = await reviewedCase(treating);
    assert.equal(bundle.report.verified, true);
    const unchanged = await recheckEvidenceBundle(bundle, { verifier, chain: access });
    assert.equal(unchanged.changed, false, describeRecheck(unchanged));
    assert.match(describeRecheck(unchanged), /No change/);

    await afterSecond(issuedAt);
    const revocation = await changeStatus(fixture, 'revoke', theClinic.board, treating.licence);
    await syncHead(fixture, sources);
    const result = await recheckEvidenceBundle(bundle, { verifier, chain: access });
    assert.equal(result.changed, true);
    assert.equal(result.verifiedThen, true);
    assert.equal(
      result.verifiedNow,
      true,
      'as of the treatment the licence was valid: the review still verifies',
    );
    assert.equal(result.changes.length, 1, describeRecheck(result));
    const [change] = result.changes;
    assert.equal(change!.kind, 'credential-status');
    assert.equal(change!.credential?.role, 'licence');
    assert.equal(change!.credential?.id, treating.licence.id);
    assert.deepEqual(
      change!.events?.map((e) => [e.txHash, e.blockNumber]),
      [[revocation.transactionHash, revocation.blockNumber.toString()]],
    );
    const now = change!.now as {
      current: { revoked: boolean };
      asOfTreatment: { revoked: boolean; suspended: boolean };
    };
    assert.equal(now.current.revoked, true);
    assert.equal(now.asOfTreatment.revoked, false);
    assert.equal(now.asOfTreatment.suspended, false);
    const text = describeRecheck(result);
    assert.ok(text.includes(revocation.transactionHash), text);
    assert.ok(text.includes(`block ${revocation.blockNumber}`), text);
    assert.match(text, /is now revoked/);
    assert.match(text, /as of the treatment \([^)]+\) it was valid/);
  });

  it('reports a treatment revoked since as a verification change', async () => {
    const { bundle, treatment, issuedAt } = await reviewedCase(surgeon);
    await afterSecond(issuedAt);
    await changeStatus(fixture, 'revoke', theClinic.hospital, treatment);
    await syncHead(fixture, sources);
    const result = await recheckEvidenceBundle(bundle, { verifier, chain: access });
    assert.equal(result.verifiedNow, false);
    const kinds = result.changes.map((c) => c.kind).sort();
    assert.deepEqual(kinds, ['credential-status', 'verification', 'verification']);
    assert.ok(
      result.changes.some(
        (c) =>
          c.kind === 'verification' && (c.now as { code?: string }).code === ErrorCodes.TREATMENT_REVOKED,
      ),
    );
  });

  it('refuses malformed bundles and bundles of another chain', async () => {
    await assert.rejects(() => recheckEvidenceBundle({ format: 'x' }, { verifier, chain: access }), {
      code: ErrorCodes.EVIDENCE_BUNDLE_INVALID,
    });
    const { bundle } = await reviewedCase(surgeon);
    const elsewhere = { ...bundle, chain: { ...bundle.chain, chainId: 1 } };
    await assert.rejects(() => recheckEvidenceBundle(elsewhere, { verifier, chain: access }), {
      code: ErrorCodes.EVIDENCE_BUNDLE_INVALID,
    });
  });

  it('the CLI exits 0 on an unchanged bundle, 1 once the licence is revoked, 2 on a usage error', async () => {
    const treating = await doctor(fixture, theClinic);
    await syncHead(fixture, sources);
    const { bundle, issuedAt } = await reviewedCase(treating);
    const file = write('case.json', bundle);
    const rpc = fixture.local.rpcUrl;

    const unchanged = await runCli([file, '--rpc-url', rpc]);
    assert.equal(unchanged.code, 0, unchanged.stderr + unchanged.stdout);
    assert.match(unchanged.stdout, /No change/);

    await afterSecond(issuedAt);
    const revocation = await changeStatus(fixture, 'revoke', theClinic.board, treating.licence);
    const changed = await runCli([file, '--rpc-url', rpc]);
    assert.equal(changed.code, 1, changed.stderr + changed.stdout);
    assert.ok(changed.stdout.includes(revocation.transactionHash), changed.stdout);
    assert.match(changed.stdout, /CHANGED \(credential-status\)/);

    const usage = await runCli([]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Usage:/);
  });

  it('the recheck-evidence command: deployment files, JSON output, and every usage and chain error', async () => {
    const treating = await doctor(fixture, theClinic);
    await syncHead(fixture, sources);
    const { bundle, issuedAt } = await reviewedCase(treating);
    const file = write('command.json', bundle);
    const rpc = fixture.local.rpcUrl;
    const run = async (argv: string[], env: Record<string, string> = {}) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runRecheckEvidence(argv, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    const deployment = join(dir, 'deployment.json');
    writeFileSync(deployment, JSON.stringify({ ...fixture.deployment, rpcUrl: rpc }));
    assert.equal((await run([file], { DEPLOYMENT_FILE: deployment })).code, 0);
    assert.equal((await run([file], { RPC_URL: rpc })).code, 0);

    await afterSecond(issuedAt);
    const revocation = await changeStatus(fixture, 'revoke', theClinic.board, treating.licence);
    const json = await run([file, '--deployment', deployment, '--json']);
    assert.equal(json.code, 1, json.stderr);
    const result = JSON.parse(json.stdout) as {
      changed: boolean;
      changes: Array<{ events?: Array<{ txHash: string }> }>;
    };
    assert.equal(result.changed, true);
    assert.equal(result.changes[0]!.events![0]!.txHash, revocation.transactionHash);
    assert.match((await run(['--help'])).stdout, /Exit status/);

    writeFileSync(join(dir, 'not-a-bundle.json'), '{"format":"something else"}');
    const otherDeployment = join(dir, 'other.json');
    writeFileSync(otherDeployment, JSON.stringify({ ...fixture.deployment, chainId: 5 }));
    const cases: Array<[string[], number]> = [
      [[], 2],
      [[file, '--bogus'], 2],
      [[file, '--rpc-url'], 2],
      [[join(dir, 'missing.json'), '--rpc-url', rpc], 2],
      [[join(dir, 'not-a-bundle.json'), '--rpc-url', rpc], 2],
      [[file], 2], // no RPC URL
      [[file, '--deployment', otherDeployment, '--rpc-url', rpc], 2], // another chain's registries
      [[file, '--rpc-url', 'http://127.0.0.1:9'], 3], // chain unreachable
    ];
    for (const [argv, expected] of cases) {
      const outcome = await run(argv);
      assert.equal(outcome.code, expected, `${argv.join(' ')}: ${outcome.stderr}`);
      assert.ok(outcome.stderr.length > 0);
    }
  });
});
