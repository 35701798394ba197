import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';

/** An issuer organisation (regulator, medical board, hospital, supplier) hosted by this service. */
export interface Organisation {
  id: string;
  /** URL-safe unique name, e.g. `medical-board`. */
  slug: string;
  name: string;
  /** e.g. `regulator`, `medical-board`, `hospital`, `supplier`. */
  kind: string;
  /** ISO 3166 code, e.g. `PT`. */
  jurisdiction: string;
  /** `did:ethr:…` once its key exists. */
  did: string | null;
  /** Its Ethereum address (the DID's identity) once its key exists. */
  address: string | null;
  createdAt: string;
}

/** What {@link createOrganisation} needs; `id` and `createdAt` default to a new UUID and now. */
export interface NewOrganisation {
  id?: string;
  slug: string;
  name: string;
  kind: string;
  jurisdiction: string;
  did?: string | null;
  address?: string | null;
  createdAt?: string;
}

const COLUMNS = `id, slug, name, kind, jurisdiction, did, address, created_at AS "createdAt"`;

/**
 * Inserts an organisation.
 *
 * @param db - database or transaction.
 * @param input - the organisation.
 * @returns the stored organisation.
 * @throws StoreError `STORE_CONFLICT` when the id or slug is taken.
 */
export async function createOrganisation(db: Database, input: NewOrganisation): Promise<Organisation> {
  const rows = await db.query<Organisation>(
    `INSERT INTO organisations (id, slug, name, kind, jurisdiction, did, address, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [
      input.id ?? randomUUID(),
      input.slug,
      input.name,
      input.kind,
      input.jurisdiction,
      input.did ?? null,
      input.address ?? null,
      input.createdAt ?? new Date().toISOString(),
    ],
  );
  return rows[0]!;
}

/**
 * @param db - database or transaction.
 * @param id - organisation id.
 * @returns the organisation, or undefined.
 * @throws StoreError on database failure.
 */
export async function getOrganisation(db: Database, id: string): Promise<Organisation | undefined> {
  return (await db.query<Organisation>(`SELECT ${COLUMNS} FROM organisations WHERE id = $1`, [id]))[0];
}

/**
 * @param db - database or transaction.
 * @param slug - organisation slug.
 * @returns the organisation, or undefined.
 * @throws StoreError on database failure.
 */
export async function getOrganisationBySlug(db: Database, slug: string): Promise<Organisation | undefined> {
  return (await db.query<Organisation>(`SELECT ${COLUMNS} FROM organisations WHERE slug = $1`, [slug]))[0];
}

/**
 * @param db - database or transaction.
 * @param did - the organisation's DID.
 * @returns the organisation, or undefined.
 * @throws StoreError on database failure.
 */
export async function getOrganisationByDid(db: Database, did: string): Promise<Organisation | undefined> {
  return (await db.query<Organisation>(`SELECT ${COLUMNS} FROM organisations WHERE did = $1`, [did]))[0];
}

/**
 * @param db - database or transaction.
 * @returns every organisation, by slug.
 * @throws StoreError on database failure.
 */
export async function listOrganisations(db: Database): Promise<Organisation[]> {
  return db.query<Organisation>(`SELECT ${COLUMNS} FROM organisations ORDER BY slug`);
}

/**
 * Records an organisation's DID and address (once its key is created, or after an identity change).
 *
 * @param db - database or transaction.
 * @param id - organisation id.
 * @param identity - the DID and its Ethereum address.
 * @returns whether the organisation exists (and was updated).
 * @throws StoreError on database failure.
 */
export async function setOrganisationIdentity(
  db: Database,
  id: string,
  identity: { did: string; address: string },
): Promise<boolean> {
  const { changes } = await db.execute('UPDATE organisations SET did = $2, address = $3 WHERE id = $1', [
    id,
    identity.did,
    identity.address,
  ]);
  return changes > 0;
}
