/**
 * One listed credential: what the pipeline verified, indexed for search and lookup.
 */
import { credentialJwtHash, type CredentialSummary } from '@medtrust/core';
import { kindOfType, type DirectoryKind, type PublishableType } from './publishable-types.ts';
import { searchTokensOf } from './search-text.ts';

/** A credential the directory lists (from the signed JWT as verified at ingestion, never from the feed's JSON). */
export interface DirectoryEntry {
  /** The feed it came from. */
  feed: string;
  /** The feed's id of the publication (withdrawals name it). */
  itemId: string;
  /** The credential's own id (`jti`), when it has one. */
  credentialId?: string;
  type: PublishableType;
  /** Doctor, hospital or supplier; absent for batches and transfers. */
  kind?: DirectoryKind;
  /** Issuer DID. */
  issuer: string;
  /** `credentialSubject.id`: the doctor's, hospital's or supplier's DID, the batch URN, or the transfer URN. */
  subject: string;
  /** The party's name, or the batch's product. */
  name?: string;
  /** Licence or registration number, or the batch's lot. */
  number?: string;
  jurisdiction?: string;
  /** Batches and transfers: the batch URN (`urn:gtin:<gtin>:lot:<lot>`). */
  batchId?: string;
  gtin?: string;
  lot?: string;
  /** The verified claims (`credentialSubject`). */
  claims: Readonly<Record<string, unknown>>;
  /** The compact JWT. */
  jwt: string;
  /** SHA-256 of the JWT (`credentialJwtHash`): the same credential from two feeds is listed once. */
  jwtHash: string;
  /** When the issuer published it (as its feed says). */
  publishedAt: string;
  /** When this directory listed it. */
  listedAt: string;
  /** The `MedtrustAnchorProof` its feed published (untrusted: checked against the chain at each verification). */
  anchorProof?: Readonly<Record<string, unknown>>;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Where a publication came from. */
export interface PublicationOrigin {
  feed: string;
  itemId: string;
  publishedAt: string;
}

/**
 * Builds the entry of a verified credential.
 * @param summary - the pipeline's summary of the signed JWT.
 * @param type - its publishable type.
 * @param origin - feed, item id, publication time.
 * @param listedAt - now.
 * @returns the entry, or `undefined` when the credential names no subject.
 */
export function entryOf(
  summary: CredentialSummary,
  type: PublishableType,
  origin: PublicationOrigin,
  listedAt: Date,
): DirectoryEntry | undefined {
  const claims = summary.credentialSubject;
  const subject = text(claims.id) ?? summary.subject;
  if (subject === undefined) return undefined;
  const entry: DirectoryEntry = {
    feed: origin.feed,
    itemId: origin.itemId,
    type,
    issuer: summary.issuer,
    subject,
    claims,
    jwt: summary.jwt,
    jwtHash: credentialJwtHash(summary.jwt),
    publishedAt: origin.publishedAt,
    listedAt: listedAt.toISOString(),
  };
  if (summary.id !== undefined) entry.credentialId = summary.id;
  const kind = kindOfType(type);
  if (kind !== undefined) entry.kind = kind;
  const set = (key: 'name' | 'number' | 'jurisdiction' | 'batchId' | 'gtin' | 'lot', value: unknown) => {
    const v = text(value);
    if (v !== undefined) entry[key] = v;
  };
  switch (type) {
    case 'MedicalLicenseCredential':
      set('name', claims.name);
      set('number', claims.licenseNumber);
      set('jurisdiction', claims.jurisdiction);
      break;
    case 'HospitalAccreditationCredential':
    case 'SupplierAccreditationCredential':
      set('name', claims.name);
      set('number', claims.registrationNumber);
      set('jurisdiction', claims.jurisdiction);
      break;
    case 'DrugBatchCredential':
      set('name', claims.product);
      set('number', claims.lot);
      set('batchId', claims.id);
      set('gtin', claims.gtin);
      set('lot', claims.lot);
      break;
    case 'CustodyTransferCredential':
      set('batchId', claims.batch);
      break;
  }
  return entry;
}

/**
 * The tokens a search matches: name, number, jurisdiction, the subject DID's last segment (its address or key: a
 * whole DID is looked up by subject instead, and `did`, `ethr` would match everyone), GTIN, lot and (for licences)
 * specialty.
 * @param entry - the entry.
 * @returns the tokens separated by single spaces (see `searchTokensOf`).
 */
export function searchTextOf(entry: DirectoryEntry): string {
  const subjectId = entry.subject.slice(entry.subject.lastIndexOf(':') + 1);
  const parts = [entry.name, entry.number, entry.jurisdiction, subjectId, entry.gtin, entry.lot];
  if (typeof entry.claims.specialty === 'string') parts.push(entry.claims.specialty);
  return searchTokensOf(parts.filter((p): p is string => p !== undefined).join(' ')).join(' ');
}

/**
 * @param entry - a listed credential.
 * @returns the pipeline options giving its stored anchor proof, if it has one.
 */
export function anchorOptionsOf(entry: DirectoryEntry): { anchorProofs: unknown[] } | undefined {
  return entry.anchorProof === undefined ? undefined : { anchorProofs: [entry.anchorProof] };
}
