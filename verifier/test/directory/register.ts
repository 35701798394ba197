// The parties of the directory suites: a national regulator accrediting a medical board one delegated level down,
// a health authority, a drug regulator, a hospital, doctors, and a supply chain (manufacturer, two distributors, a
// clinic), with the credentials they publish.
import { credentialJwtHash } from '@medtrust/core';
import { DAY, isoDay, nowSeconds, type Issued, type Org, type World } from './world.ts';

/** The medical side. */
export interface MedicalRegister {
  /** Governance accredits it, delegable, for MedicalLicenseCredential in PT. */
  regulator: Org;
  /** Accredited by the regulator (delegated) for MedicalLicenseCredential in PT. */
  board: Org;
  /** Accredited by governance for HospitalAccreditationCredential in PT-11. */
  authority: Org;
  hospital: Org;
  hospitalAccreditation: Issued;
}

/** A doctor with a licence. */
export interface Doctor extends Org {
  licence: Issued;
  licenseNumber: string;
}

/** Sets up the regulator, the board, the authority and an accredited hospital. */
export async function medicalRegister(world: World): Promise<MedicalRegister> {
  const regulator = await world.org();
  await world.accredit(regulator, 'MedicalLicenseCredential', 'PT', true);
  const board = await world.org();
  await world.accreditDelegated(regulator, board, 'MedicalLicenseCredential', 'PT');
  const authority = await world.org();
  await world.accredit(authority, 'HospitalAccreditationCredential', 'PT-11');
  const hospital = await world.org();
  const hospitalAccreditation = await world.issue(
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
  return { regulator, board, authority, hospital, hospitalAccreditation };
}

/** A doctor licensed by the board. */
export async function licensedDoctor(
  world: World,
  register: MedicalRegister,
  name: string,
  licenseNumber: string,
  specialty = 'Plastic, Reconstructive and Aesthetic Surgery',
): Promise<Doctor> {
  const doctor = await world.org();
  const licence = await world.issue(register.board, 'MedicalLicenseCredential', doctor.did, {
    name,
    licenseNumber,
    jurisdiction: 'PT',
    specialty,
    scopeOfPractice: ['Aesthetic surgery'],
    validFrom: isoDay(nowSeconds() - 365 * DAY),
    validUntil: isoDay(nowSeconds() + 3 * 365 * DAY),
  });
  return { ...doctor, licence, licenseNumber };
}

/** The supply side. */
export interface SupplyChain {
  drugRegulator: Org;
  manufacturer: Org;
  d1: Org;
  d2: Org;
  clinic: Org;
  /** SupplierAccreditationCredentials of the manufacturer and the distributors. */
  accreditations: Issued[];
}

async function supplier(
  world: World,
  drugRegulator: Org,
  role: string,
  name: string,
  registrationNumber: string,
  types: readonly string[],
): Promise<{ org: Org; accreditation: Issued }> {
  const org = await world.org();
  for (const type of types) await world.accredit(org, type, 'PT');
  const accreditation = await world.issue(drugRegulator, 'SupplierAccreditationCredential', org.did, {
    name,
    registrationNumber,
    jurisdiction: 'PT',
    role,
    authorizedActivities: ['Wholesale distribution of medicinal products'],
    validFrom: isoDay(nowSeconds() - 30 * DAY),
    validUntil: isoDay(nowSeconds() + 365 * DAY),
  });
  return { org, accreditation };
}

/** Sets up the drug regulator, a manufacturer, two distributors and a clinic. */
export async function supplyChain(world: World): Promise<SupplyChain> {
  const drugRegulator = await world.org();
  await world.accredit(drugRegulator, 'SupplierAccreditationCredential', 'PT');
  const m = await supplier(
    world,
    drugRegulator,
    'manufacturer',
    'Farmacêutica Atlântico, S.A.',
    'INF-MAN-0042',
    ['DrugBatchCredential', 'CustodyTransferCredential'],
  );
  const d1 = await supplier(
    world,
    drugRegulator,
    'distributor',
    'Distribuidora Tejo Farma, Lda.',
    'INF-DIST-1189',
    ['CustodyTransferCredential'],
  );
  const d2 = await supplier(world, drugRegulator, 'wholesaler', 'Grossista Douro, Lda.', 'INF-DIST-2044', [
    'CustodyTransferCredential',
  ]);
  const clinic = await world.org();
  return {
    drugRegulator,
    manufacturer: m.org,
    d1: d1.org,
    d2: d2.org,
    clinic,
    accreditations: [m.accreditation, d1.accreditation, d2.accreditation],
  };
}

/** A batch and what transfers name. */
export interface Batch {
  issued: Issued;
  id: string;
  gtin: string;
  lot: string;
  hash: `0x${string}`;
}

let lots = 0;

/** The manufacturer issues a batch of `quantity` vials. */
export async function newBatch(world: World, manufacturer: Org, quantity = 100): Promise<Batch> {
  const gtin = '05601234567891';
  const lot = `BTX${Date.now() % 1e6}-${++lots}`;
  const id = `urn:gtin:${gtin}:lot:${lot}`;
  const issued = await world.issue(manufacturer, 'DrugBatchCredential', id, {
    product: 'Botulinum toxin type A 100 U powder for solution for injection',
    gtin,
    lot,
    expiryDate: isoDay(nowSeconds() + 365 * DAY),
    quantity,
    unit: 'vial',
    manufacturingSite: 'Farmacêutica Atlântico, Setúbal plant',
    manufacturer: manufacturer.did,
    certificateOfAnalysisHash: `0x${'cd'.repeat(32)}`,
  });
  return { issued, id, gtin, lot, hash: credentialJwtHash(issued.jwt) };
}

/** One hand-off. */
export interface Transfer {
  issued: Issued;
  transferId: string;
}

let lastTransferSecond = 0;

/** `sender` hands `quantity` of `batch` to `receiver`, after `previous`. */
export async function transfer(
  world: World,
  batch: Batch,
  sender: Org,
  receiver: { did: string },
  quantity: number,
  previous: Transfer | null,
): Promise<Transfer> {
  lastTransferSecond = Math.max(lastTransferSecond + 1, await world.chainTime(), nowSeconds());
  const transferId = `urn:uuid:${crypto.randomUUID()}`;
  const issued = await world.issue(sender, 'CustodyTransferCredential', transferId, {
    batch: batch.id,
    batchCredentialHash: batch.hash,
    quantity,
    sender: sender.did,
    receiver: receiver.did,
    previousTransfer: previous?.transferId ?? null,
    transferDate: new Date(lastTransferSecond * 1000).toISOString(),
  });
  return { issued, transferId };
}
