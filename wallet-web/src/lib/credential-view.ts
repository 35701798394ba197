/**
 * What a person sees of a JWT credential: its kind, a title, and its claims as labelled, formatted fields. Read
 * from the signed JWT payload only.
 */
import { decodeJwt, type JsonObject } from './jws.ts';

/** How a credential is drawn: a licence like a licence, a batch like a label. */
export type CredentialKind =
  'licence' | 'accreditation' | 'batch' | 'transfer' | 'treatment' | 'review' | 'generic';

/** One labelled claim. */
export interface CredentialField {
  /** The `credentialSubject` member. */
  key: string;
  label: string;
  /** Formatted for reading (dates in words, lists joined). */
  value: string;
}

/** A credential prepared for display. */
export interface CredentialView {
  /** `jti`, when present. */
  id?: string;
  /** The medtrust type, e.g. `MedicalLicenseCredential` (or the last type). */
  type: string;
  kind: CredentialKind;
  /** e.g. `Medical licence`. */
  title: string;
  issuer: string;
  /** The issuer's name, when the credential names it (`issuer: {id, name}`). */
  issuerName?: string;
  subject?: string;
  issuedAt?: Date;
  expiresAt?: Date;
  /** Every subject claim except `id`, in schema order where known. */
  fields: CredentialField[];
  /** Raw subject claims. */
  claims: JsonObject;
}

const TYPES: Record<string, { title: string; kind: CredentialKind }> = {
  MedicalLicenseCredential: { title: 'Medical licence', kind: 'licence' },
  HospitalAccreditationCredential: { title: 'Hospital accreditation', kind: 'accreditation' },
  SupplierAccreditationCredential: { title: 'Supplier accreditation', kind: 'accreditation' },
  DrugBatchCredential: { title: 'Drug batch', kind: 'batch' },
  CustodyTransferCredential: { title: 'Custody transfer', kind: 'transfer' },
  TreatmentCredential: { title: 'Treatment record', kind: 'treatment' },
  ReviewCredential: { title: 'Review', kind: 'review' },
};

/** Labels of the subject claims of the medtrust types. */
export const CLAIM_LABELS: Record<string, string> = {
  id: 'Subject',
  name: 'Name',
  licenseNumber: 'Licence number',
  jurisdiction: 'Jurisdiction',
  specialty: 'Specialty',
  scopeOfPractice: 'Scope of practice',
  validFrom: 'Valid from',
  validUntil: 'Valid until',
  registrationNumber: 'Registration number',
  accreditedServices: 'Accredited services',
  role: 'Role',
  authorizedActivities: 'Authorised activities',
  product: 'Product',
  gtin: 'GTIN',
  lot: 'Lot',
  expiryDate: 'Expiry date',
  quantity: 'Quantity',
  unit: 'Unit',
  manufacturingSite: 'Manufacturing site',
  manufacturer: 'Manufacturer',
  certificateOfAnalysisHash: 'Certificate of analysis (SHA-256)',
  batch: 'Batch',
  batchCredentialHash: 'Batch credential hash',
  sender: 'Sender',
  receiver: 'Receiver',
  previousTransfer: 'Previous transfer',
  transferDate: 'Transfer date',
  doctor: 'Doctor',
  hospital: 'Hospital',
  procedureCategory: 'Procedure category',
  treatmentDate: 'Treatment date',
  author: 'Author',
  rating: 'Rating',
  text: 'Review',
  treatmentCredentialHash: 'Treatment credential hash',
  reviewDate: 'Review date',
};

/**
 * A label for a claim name: the known label, or the camelCase name split into words.
 * @param key - the claim name.
 * @returns the label.
 */
export function claimLabel(key: string): string {
  return CLAIM_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/**
 * A display title for a credential type.
 * @param type - e.g. `MedicalLicenseCredential`.
 * @returns e.g. `Medical licence`.
 */
export function credentialTitle(type: string): string {
  return TYPES[type]?.title ?? type.replace(/Credential$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Formats a claim value for reading.
 * @param value - any JSON value.
 * @returns text.
 */
export function formatClaim(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(formatClaim).join('; ');
  if (typeof value === 'string') {
    if (DATE.test(value)) {
      const d = new Date(`${value}T00:00:00Z`);
      if (!Number.isNaN(d.getTime()))
        return d.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
    }
    if (DATE_TIME.test(value)) {
      const d = new Date(value);
      if (!Number.isNaN(d.getTime()))
        return `${d.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
    }
    return value;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Prepares a JWT-VC for display.
 * @param jwt - the credential.
 * @returns the view, or undefined when it is not a readable JWT-VC.
 */
export function viewCredential(jwt: string): CredentialView | undefined {
  const payload = decodeJwt(jwt)?.payload;
  if (!payload) return undefined;
  const vc = isObject(payload.vc) ? payload.vc : payload;
  const types = Array.isArray(vc.type) ? vc.type.filter((t): t is string => typeof t === 'string') : [];
  const type =
    types.find((t) => TYPES[t]) ?? types.filter((t) => t !== 'VerifiableCredential').pop() ?? 'Credential';
  const claims = isObject(vc.credentialSubject) ? vc.credentialSubject : {};
  const issuerValue = payload.iss ?? (isObject(vc.issuer) ? vc.issuer.id : vc.issuer);
  const issuerName = isObject(vc.issuer) && typeof vc.issuer.name === 'string' ? vc.issuer.name : undefined;
  const subject =
    typeof payload.sub === 'string' ? payload.sub : typeof claims.id === 'string' ? claims.id : undefined;
  const seconds = (v: unknown) => (typeof v === 'number' ? new Date(v * 1000) : undefined);
  const issuedAt = seconds(payload.nbf) ?? seconds(payload.iat);
  const expiresAt = seconds(payload.exp);
  const id = typeof payload.jti === 'string' ? payload.jti : typeof vc.id === 'string' ? vc.id : undefined;
  return {
    ...(id ? { id } : {}),
    type,
    kind: TYPES[type]?.kind ?? 'generic',
    title: credentialTitle(type),
    issuer: typeof issuerValue === 'string' ? issuerValue : 'unknown issuer',
    ...(issuerName ? { issuerName } : {}),
    ...(subject ? { subject } : {}),
    ...(issuedAt ? { issuedAt } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    fields: Object.entries(claims)
      .filter(([key]) => key !== 'id')
      .map(([key, value]) => ({ key, label: claimLabel(key), value: formatClaim(value) })),
    claims,
  };
}

/**
 * A short form of a DID for display (`did:ethr:0x7a69:0x1234…abcd`).
 * @param did - the DID.
 * @returns the shortened DID.
 */
export function shortDid(did: string): string {
  return did.length > 40 ? `${did.slice(0, 24)}…${did.slice(-8)}` : did;
}
