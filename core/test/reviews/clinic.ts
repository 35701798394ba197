// A cross-border clinic on the local chain: a medical board and a health authority accredited in the trust registry,
// a hospital issuing treatment credentials, doctors with licences, patients with did:key identifiers writing reviews.
import type { ChainFixture } from '../verification/fixture.ts';
import { ethrIdentity, type EthrIdentity } from '../verification/fixture.ts';
import { treatmentCredentialHash } from '@medtrust/core';
import {
  DAY,
  isoDay,
  issue,
  nowSeconds,
  organisation,
  present,
  type Holder,
  type Issued,
  type Organisation,
} from '../provenance/issuing.ts';

/** The institutions. */
export interface Clinic {
  board: Organisation;
  authority: Organisation;
  hospital: Organisation;
  hospitalAccreditation: Issued;
}

/** A doctor with a licence. */
export interface Doctor extends EthrIdentity {
  licence: Issued;
}

/** Sets up the board, the authority and an accredited hospital. */
export async function clinic(fixture: ChainFixture): Promise<Clinic> {
  const board = await organisation(fixture, [{ type: 'MedicalLicenseCredential' }]);
  // a regional health authority (Lisbon): accredited for PT-11, the hospital's region
  const authority = await organisation(fixture, [
    { type: 'HospitalAccreditationCredential', jurisdiction: 'PT-11' },
  ]);
  const hospital = await organisation(fixture);
  const hospitalAccreditation = await issue(
    fixture,
    authority,
    'HospitalAccreditationCredential',
    hospital.did,
    {
      name: 'Hospital Clínico de Lisboa',
      registrationNumber: 'ERS-12345',
      jurisdiction: 'PT-11',
      accreditedServices: ['Aesthetic surgery', 'Rhinoplasty'],
      validFrom: isoDay(nowSeconds() - 365 * DAY),
      validUntil: isoDay(nowSeconds() + 3 * 365 * DAY),
    },
  );
  return { board, authority, hospital, hospitalAccreditation };
}

/** A doctor licensed by the board in Portugal. */
export async function doctor(fixture: ChainFixture, theClinic: Clinic, jurisdiction = 'PT'): Promise<Doctor> {
  const identity = await ethrIdentity(fixture);
  const licence = await issue(fixture, theClinic.board, 'MedicalLicenseCredential', identity.did, {
    name: 'Inês Carvalho Ferreira',
    licenseNumber: `${Math.floor(Math.random() * 1e6)}`,
    jurisdiction,
    specialty: 'Plastic, Reconstructive and Aesthetic Surgery',
    scopeOfPractice: ['Aesthetic surgery'],
    validFrom: isoDay(nowSeconds() - 365 * DAY),
    validUntil: isoDay(nowSeconds() + 3 * 365 * DAY),
  });
  return { ...identity, licence };
}

/** The hospital issues the patient a treatment credential (today, by `doctor`). */
export function treat(
  fixture: ChainFixture,
  theClinic: Clinic,
  patient: Holder,
  treating: { did: string },
  overrides: Record<string, unknown> = {},
  issuer: Organisation = theClinic.hospital,
): Promise<Issued> {
  const nbf = nowSeconds();
  return issue(
    fixture,
    issuer,
    'TreatmentCredential',
    patient.did,
    {
      doctor: treating.did,
      hospital: theClinic.hospital.did,
      procedureCategory: 'AES-RHINO',
      treatmentDate: isoDay(nbf),
      ...overrides,
    },
    { nbf },
  );
}

/** The author writes a review of `reviewed` bound to `treatment`. */
export function review(
  fixture: ChainFixture,
  author: Holder,
  reviewed: { did: string },
  treatment: Issued | string,
  overrides: Record<string, unknown> = {},
): Promise<Issued> {
  const jwt = typeof treatment === 'string' ? treatment : treatment.jwt;
  return issue(
    fixture,
    author,
    'ReviewCredential',
    reviewed.did,
    {
      author: author.did,
      rating: 5,
      text: 'Excellent care, clear explanations, and the result is exactly what we discussed.',
      treatmentCredentialHash: treatmentCredentialHash(jwt),
      reviewDate: isoDay(nowSeconds()),
      ...overrides,
    },
    { status: false },
  );
}

/** A presentation of `credentials` signed by `holder` with a fresh nonce from `nonces`. */
export async function presentWithNonce(
  nonces: { issue(ttl: number): Promise<string> },
  holder: Holder,
  credentials: readonly string[],
): Promise<{ vp: string; nonce: string }> {
  const nonce = await nonces.issue(300);
  return { vp: await present(holder, credentials, { nonce }), nonce };
}

/** Waits until the wall clock (and so the next block's timestamp) is in a later second than `seconds`. */
export async function afterSecond(seconds: number): Promise<void> {
  const wait = (seconds + 1) * 1000 - Date.now() + 50;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
