// Hostile corpus, lapsed standing: genuine, signed, accredited, unrevoked credentials whose SUBJECT's own validity
// window (a licence's or an accreditation's validFrom / validUntil) does not cover the moment judged. Each must be
// verified:false with the exact code on the `validity` check; the boundary day and `asOf` inside the window verify.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ErrorCodes,
  SUBJECT_VALIDITY_FIELDS,
  type ChainVerifierSources,
  type ErrorCode,
  type VerificationReport,
  type Verifier,
} from '@medtrust/core';
import {
  accreditedIssuer,
  chainVerifier,
  check,
  ethrIdentity,
  issueLicence,
  licenceClaims,
  startChain,
  syncHead,
  type ChainFixture,
  type EthrIdentity,
} from './fixture.ts';

const DAY = 86_400_000;
const SKEW = 60_000; // DEFAULT_CLOCK_SKEW_SECONDS

/** A subject of a valid example of `type` (schemas/<type>/v1/examples/valid), without its id. */
function exampleClaims(type: string, file: string): Record<string, unknown> {
  const url = new URL(`../../../schemas/${type}/v1/examples/valid/${file}`, import.meta.url);
  const { credentialSubject } = JSON.parse(readFileSync(url, 'utf8')) as {
    credentialSubject: Record<string, unknown>;
  };
  const { id: _id, ...claims } = credentialSubject;
  return claims;
}

/** `YYYY-MM-DD` of an epoch ms, in UTC. */
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** 00:00:00Z of a `YYYY-MM-DD`. */
const midnight = (day: string) => Date.parse(`${day}T00:00:00Z`);

describe('hostile input: lapsed or future licences and accreditations', () => {
  let fixture: ChainFixture;
  let verifier: Verifier;
  let sources: ChainVerifierSources;
  const others: ChainVerifierSources[] = [];
  let board: EthrIdentity;
  let hospitalAuthority: EthrIdentity;
  let drugRegulator: EthrIdentity;
  let subject: EthrIdentity;
  let index = 0;

  before(async () => {
    fixture = await startChain();
    ({ verifier, sources } = chainVerifier(fixture));
    board = await accreditedIssuer(fixture);
    hospitalAuthority = await accreditedIssuer(fixture, {
      type: 'HospitalAccreditationCredential',
      jurisdiction: 'PT-11',
    });
    drugRegulator = await accreditedIssuer(fixture, {
      type: 'SupplierAccreditationCredential',
      jurisdiction: 'PT-11',
    });
    subject = await ethrIdentity(fixture);
    await syncHead(fixture, sources);
  });
  after(async () => {
    sources?.close();
    for (const s of others) s.close();
    await fixture?.stop();
  });

  /** A verifier whose clock reads `at` (epoch ms). */
  function verifierAt(at: number): Verifier {
    const made = chainVerifier(fixture, { clock: () => new Date(at) });
    others.push(made.sources);
    return made.verifier;
  }

  const licence = (claims: Record<string, unknown>) =>
    issueLicence(fixture, board, { subject: subject.did, index: index++, claims: licenceClaims(claims) });
  const hospitalAccreditation = (dates: Record<string, unknown>) =>
    issueLicence(fixture, hospitalAuthority, {
      subject: subject.did,
      index: index++,
      type: 'HospitalAccreditationCredential',
      claims: { ...exampleClaims('HospitalAccreditationCredential', 'lisbon-hospital.json'), ...dates },
    });
  const supplierAccreditation = (dates: Record<string, unknown>) =>
    issueLicence(fixture, drugRegulator, {
      subject: subject.did,
      index: index++,
      type: 'SupplierAccreditationCredential',
      claims: { ...exampleClaims('SupplierAccreditationCredential', 'lisbon-wholesaler.json'), ...dates },
    });

  /** The report is not verified and its `validity` check failed with `code`; every other check passed. */
  function assertLapsed(report: VerificationReport, code: ErrorCode): void {
    assert.equal(report.verified, false);
    const credential = report.credentials[0]!;
    assert.equal(credential.verified, false);
    const validity = check(credential.checks, 'validity');
    assert.equal(validity.status, 'failed', JSON.stringify(credential.checks));
    assert.equal(validity.code, code, JSON.stringify(credential.checks));
    // nothing else is wrong with it: the subject's window alone refuses it
    for (const c of credential.checks.filter((x) => x.check !== 'validity')) {
      assert.equal(c.status, 'passed', JSON.stringify(c));
    }
  }

  function assertVerified(report: VerificationReport): void {
    assert.equal(report.verified, true, JSON.stringify(report.credentials[0]?.checks));
    assert.equal(check(report.credentials[0]!.checks, 'validity').status, 'passed');
  }

  it('lists the three licensing types, and only them, as carrying a subject window', () => {
    assert.deepEqual(Object.keys(SUBJECT_VALIDITY_FIELDS).sort(), [
      'HospitalAccreditationCredential',
      'MedicalLicenseCredential',
      'SupplierAccreditationCredential',
    ]);
  });

  it('a lapsed licence → SUBJECT_VALIDITY_ENDED (its credential envelope still runs a year)', async () => {
    const jwt = licence({ validFrom: '2020-01-01', validUntil: '2025-12-31' });
    assertLapsed(await verifier.verifyCredential(jwt), ErrorCodes.SUBJECT_VALIDITY_ENDED);
    assertLapsed(await verifier.verify(jwt), ErrorCodes.SUBJECT_VALIDITY_ENDED);
  });

  it('a licence valid only from next month → SUBJECT_VALIDITY_NOT_STARTED', async () => {
    const from = dayOf(Date.now() + 30 * DAY);
    const jwt = licence({ validFrom: from, validUntil: dayOf(Date.now() + 400 * DAY) });
    assertLapsed(await verifier.verifyCredential(jwt), ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED);
  });

  it('a lapsed hospital accreditation → SUBJECT_VALIDITY_ENDED', async () => {
    const jwt = hospitalAccreditation({ validFrom: '2020-01-01', validUntil: '2026-01-31' });
    assertLapsed(await verifier.verifyCredential(jwt), ErrorCodes.SUBJECT_VALIDITY_ENDED);
  });

  it('a lapsed supplier accreditation → SUBJECT_VALIDITY_ENDED', async () => {
    const jwt = supplierAccreditation({ validFrom: '2020-01-01', validUntil: '2026-01-31' });
    assertLapsed(await verifier.verifyCredential(jwt), ErrorCodes.SUBJECT_VALIDITY_ENDED);
  });

  it('a future hospital or supplier accreditation → SUBJECT_VALIDITY_NOT_STARTED', async () => {
    const dates = { validFrom: dayOf(Date.now() + 30 * DAY), validUntil: dayOf(Date.now() + 400 * DAY) };
    assertLapsed(
      await verifier.verifyCredential(hospitalAccreditation(dates)),
      ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED,
    );
    assertLapsed(
      await verifier.verifyCredential(supplierAccreditation(dates)),
      ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED,
    );
  });

  it('the boundary day: validUntil is valid through its whole UTC day, then the clock skew, then lapsed', async () => {
    const last = dayOf(Date.now());
    const end = midnight(last) + DAY; // the next day's 00:00:00Z
    const jwt = licence({ validFrom: '2024-01-15', validUntil: last });
    assertVerified(await verifierAt(end - 1).verifyCredential(jwt)); // 23:59:59.999Z of the last day
    assertVerified(await verifierAt(end + SKEW - 1).verifyCredential(jwt)); // within the skew
    assertLapsed(await verifierAt(end + SKEW).verifyCredential(jwt), ErrorCodes.SUBJECT_VALIDITY_ENDED);
    assertLapsed(await verifierAt(end + DAY).verifyCredential(jwt), ErrorCodes.SUBJECT_VALIDITY_ENDED);
  });

  it('the first day: validFrom is valid from its 00:00:00Z, less the clock skew', async () => {
    const first = dayOf(Date.now() + 2 * DAY);
    const start = midnight(first);
    const jwt = licence({ validFrom: first, validUntil: dayOf(Date.now() + 400 * DAY) });
    assertLapsed(
      await verifierAt(start - SKEW - 1).verifyCredential(jwt),
      ErrorCodes.SUBJECT_VALIDITY_NOT_STARTED,
    );
    assertVerified(await verifierAt(start - SKEW).verifyCredential(jwt));
    assertVerified(await verifierAt(start).verifyCredential(jwt));
  });

  it('a one-day licence (validFrom = validUntil) is valid on that day only', async () => {
    const day = dayOf(Date.now() + 3 * DAY);
    const jwt = licence({ validFrom: day, validUntil: day });
    assertVerified(await verifierAt(midnight(day) + 12 * 3_600_000).verifyCredential(jwt));
    assertLapsed(
      await verifierAt(midnight(day) + 2 * DAY).verifyCredential(jwt),
      ErrorCodes.SUBJECT_VALIDITY_ENDED,
    );
  });

  it('asOf inside the window → verified, although the licence has lapsed by now', async () => {
    const last = dayOf(Date.now());
    const jwt = licence({ validFrom: '2024-01-15', validUntil: last });
    const weekLater = verifierAt(midnight(last) + 7 * DAY);
    assertLapsed(await weekLater.verifyCredential(jwt), ErrorCodes.SUBJECT_VALIDITY_ENDED);
    await syncHead(fixture, sources);
    const asOf = { time: new Date() };
    assertVerified(await weekLater.verifyCredential(jwt, { asOf }));
    // and asOf after the window is judged at that moment too
    assertLapsed(
      await weekLater.verifyCredential(jwt, { asOf: { time: new Date(midnight(last) + 2 * DAY) } }),
      ErrorCodes.SUBJECT_VALIDITY_ENDED,
    );
  });

  it('validUntil before validFrom fails schema with SCHEMA_INVALID at /credentialSubject/validUntil (dateOrder)', async () => {
    const jwt = licence({ validFrom: '2026-02-01', validUntil: '2026-01-31' });
    const report = await verifier.verifyCredential(jwt);
    assert.equal(report.verified, false);
    const schema = check(report.credentials[0]!.checks, 'schema');
    assert.equal(schema.code, ErrorCodes.SCHEMA_INVALID);
    assert.ok(schema.detail?.startsWith('/credentialSubject/validUntil:'), schema.detail);
  });

  it('the credential’s own expiry is reported first when both windows are over', async () => {
    const jwt = issueLicence(fixture, board, {
      subject: subject.did,
      index: index++,
      nbf: Math.floor(Date.now() / 1000) - 7_200,
      exp: Math.floor(Date.now() / 1000) - 3_600,
      claims: licenceClaims({ validFrom: '2020-01-01', validUntil: '2025-12-31' }),
    });
    const report = await verifier.verifyCredential(jwt);
    assert.equal(report.verified, false);
    assert.equal(check(report.credentials[0]!.checks, 'validity').code, ErrorCodes.CREDENTIAL_EXPIRED);
  });
});
