// A supply chain on the local chain: a drug regulator, a manufacturer and distributors accredited in the trust
// registry and holding SupplierAccreditationCredentials, a clinic, and factories for batches and transfers.
import type { ChainFixture } from '../verification/fixture.ts';
import { credentialJwtHash } from '@medtrust/core';
import {
  DAY,
  chainTime,
  isoDay,
  issue,
  nowSeconds,
  organisation,
  type Issued,
  type Organisation,
} from './issuing.ts';

export const GTIN = '05601234567890';

/** The parties of the supply chain. */
export interface SupplyChain {
  regulator: Organisation;
  manufacturer: Organisation;
  d1: Organisation;
  d2: Organisation;
  /** Holds a SupplierAccreditationCredential but no on-chain accreditation. */
  rogue: Organisation;
  clinic: Organisation;
  /** SupplierAccreditationCredential JWTs by party DID. */
  accreditations: Map<string, Issued>;
}

/** Claims of a SupplierAccreditationCredential (without id). */
export function supplierClaims(role: string, name: string): Record<string, unknown> {
  return {
    name,
    registrationNumber: `PT-${Math.floor(Math.random() * 1e6)}`,
    jurisdiction: 'PT',
    role,
    authorizedActivities: ['wholesale distribution of medicinal products'],
    validFrom: isoDay(nowSeconds() - 30 * DAY),
    validUntil: isoDay(nowSeconds() + 365 * DAY),
  };
}

/** A supplier accredited on-chain for the given types and holding a SupplierAccreditationCredential. */
export async function supplier(
  fixture: ChainFixture,
  regulator: Organisation,
  chain: Pick<SupplyChain, 'accreditations'>,
  role: string,
  types: readonly string[],
): Promise<Organisation> {
  const party = await organisation(
    fixture,
    types.map((type) => ({ type })),
  );
  chain.accreditations.set(
    party.did,
    await issue(
      fixture,
      regulator,
      'SupplierAccreditationCredential',
      party.did,
      supplierClaims(role, `${role} ${party.address.slice(0, 8)}`),
    ),
  );
  return party;
}

/** Sets up the parties. */
export async function supplyChain(fixture: ChainFixture): Promise<SupplyChain> {
  const regulator = await organisation(fixture, [{ type: 'SupplierAccreditationCredential' }]);
  const accreditations = new Map<string, Issued>();
  const holder = { accreditations };
  const manufacturer = await supplier(fixture, regulator, holder, 'manufacturer', [
    'DrugBatchCredential',
    'CustodyTransferCredential',
  ]);
  const d1 = await supplier(fixture, regulator, holder, 'distributor', ['CustodyTransferCredential']);
  const d2 = await supplier(fixture, regulator, holder, 'wholesaler', ['CustodyTransferCredential']);
  const rogue = await supplier(fixture, regulator, holder, 'distributor', []);
  const clinic = await organisation(fixture);
  return { regulator, manufacturer, d1, d2, rogue, clinic, accreditations };
}

/** A batch credential and what transfers must name. */
export interface Batch {
  issued: Issued;
  id: string;
  hash: `0x${string}`;
  quantity: number;
}

let lots = 0;

/** The manufacturer issues a batch. */
export async function newBatch(
  fixture: ChainFixture,
  manufacturer: Organisation,
  options: { quantity?: number; expiryDate?: string } = {},
): Promise<Batch> {
  const lot = `L${Date.now() % 1e6}-${++lots}`;
  const id = `urn:gtin:${GTIN}:lot:${lot}`;
  const quantity = options.quantity ?? 100;
  const issued = await issue(fixture, manufacturer, 'DrugBatchCredential', id, {
    product: 'Botulinum toxin type A 100 U powder for injection',
    gtin: GTIN,
    lot,
    expiryDate: options.expiryDate ?? isoDay(nowSeconds() + 365 * DAY),
    quantity,
    unit: 'vial',
    manufacturingSite: 'Farmacêutica Atlântico, Setúbal',
    manufacturer: manufacturer.did,
    certificateOfAnalysisHash: `0x${'cd'.repeat(32)}`,
  });
  return { issued, id, hash: credentialJwtHash(issued.jwt), quantity };
}

/** One hand-off. */
export interface Transfer {
  issued: Issued;
  transferId: string;
}

let clockOffset = 0;

/** A transfer date one second after the previous one handed out (never before the latest block). */
export async function nextTransferDate(fixture: ChainFixture): Promise<string> {
  const base = Math.max(await chainTime(fixture), nowSeconds());
  clockOffset = Math.max(clockOffset + 1, base);
  return new Date(clockOffset * 1000).toISOString();
}

/** `sender` hands `quantity` of `batch` to `receiver`. */
export async function transfer(
  fixture: ChainFixture,
  batch: Batch,
  sender: Organisation,
  receiver: { did: string },
  quantity: number,
  previous: Transfer | null,
  overrides: Record<string, unknown> = {},
): Promise<Transfer> {
  const transferId = `urn:uuid:${crypto.randomUUID()}`;
  const issued = await issue(fixture, sender, 'CustodyTransferCredential', transferId, {
    batch: batch.id,
    batchCredentialHash: batch.hash,
    quantity,
    sender: sender.did,
    receiver: receiver.did,
    previousTransfer: previous?.transferId ?? null,
    transferDate: await nextTransferDate(fixture),
    ...overrides,
  });
  return { issued, transferId };
}

/** manufacturer → d1 (100) → d2 (60) → clinic (20). */
export async function standardChain(
  fixture: ChainFixture,
  parties: SupplyChain,
  batchOptions: { quantity?: number; expiryDate?: string } = {},
): Promise<{ batch: Batch; t1: Transfer; t2: Transfer; t3: Transfer }> {
  const batch = await newBatch(fixture, parties.manufacturer, batchOptions);
  const t1 = await transfer(fixture, batch, parties.manufacturer, parties.d1, 100, null);
  const t2 = await transfer(fixture, batch, parties.d1, parties.d2, 60, t1);
  const t3 = await transfer(fixture, batch, parties.d2, parties.clinic, 20, t2);
  return { batch, t1, t2, t3 };
}
