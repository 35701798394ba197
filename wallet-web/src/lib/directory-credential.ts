/**
 * A listed licence or accreditation drawn for people: its title, then the fields that matter abroad — number,
 * specialty or role, jurisdiction (country named), validity — in that order, and who issued it.
 */
import { claimLabel, credentialTitle, formatClaim, viewCredential } from './credential-view.ts';
import type { DirectoryKind, ProfileCredential } from './directory-types.ts';

/** One labelled line of a card. */
export interface CardField {
  label: string;
  value: string;
}

/** A listed credential, ready to draw. */
export interface ListedCredentialCard {
  /** e.g. "Medical licence". */
  title: string;
  name?: string;
  fields: CardField[];
  /** The issuer's name when the credential names it, else its DID. */
  issuer: string;
}

const KIND_LABELS: Record<DirectoryKind, { one: string; many: string }> = {
  doctor: { one: 'Doctor', many: 'Doctors' },
  hospital: { one: 'Hospital', many: 'Hospitals' },
  supplier: { one: 'Supplier', many: 'Suppliers' },
};

/**
 * The name of a kind of party.
 * @param kind - doctor, hospital or supplier.
 * @param plural - "Doctors" rather than "Doctor".
 * @returns the label.
 */
export function kindLabel(kind: DirectoryKind, plural = false): string {
  return plural ? KIND_LABELS[kind].many : KIND_LABELS[kind].one;
}

/**
 * A jurisdiction with its country named.
 * @param code - ISO 3166-1 (`PT`) or 3166-2 (`PT-11`).
 * @returns e.g. "Portugal (PT)", "Portugal, region PT-11"; the code alone when the country is unknown.
 */
export function jurisdictionLabel(code: string): string {
  const country = code.slice(0, 2).toUpperCase();
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(country);
  } catch {
    name = undefined;
  }
  if (name === undefined || name === country || name === 'Unknown Region') return code;
  return code.length > 2 ? `${name}, region ${code}` : `${name} (${code})`;
}

/** Subject claims shown, in order, per credential type (the rest are left to the technical view). */
const SHOWN: Record<string, string[]> = {
  MedicalLicenseCredential: ['licenseNumber', 'specialty', 'scopeOfPractice'],
  HospitalAccreditationCredential: ['registrationNumber', 'accreditedServices'],
  SupplierAccreditationCredential: ['registrationNumber', 'role', 'authorizedActivities'],
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Prepares a listed credential for its card.
 * @param credential - a credential of a profile.
 * @returns title, name, fields and issuer.
 */
export function listedCredentialCard(credential: ProfileCredential): ListedCredentialCard {
  const { claims } = credential;
  const fields: CardField[] = [];
  for (const key of SHOWN[credential.type] ?? []) {
    const value = claims[key];
    if (value === undefined || value === null || value === '') continue;
    fields.push({ label: claimLabel(key), value: formatClaim(value) });
  }
  const jurisdiction = credential.jurisdiction ?? text(claims.jurisdiction);
  if (jurisdiction !== undefined)
    fields.push({ label: 'Jurisdiction', value: jurisdictionLabel(jurisdiction) });
  const from = text(claims.validFrom);
  const until = text(claims.validUntil);
  if (from !== undefined || until !== undefined) {
    const value =
      from !== undefined && until !== undefined
        ? `${formatClaim(from)} to ${formatClaim(until)}`
        : from !== undefined
          ? `from ${formatClaim(from)}`
          : `until ${formatClaim(until)}`;
    fields.push({ label: 'Valid', value: `${value} (UTC)` });
  }
  const view = viewCredential(credential.jwt);
  if (view?.expiresAt !== undefined) {
    fields.push({
      label: 'Credential expires',
      value: view.expiresAt.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
    });
  }
  const card: ListedCredentialCard = {
    title: credentialTitle(credential.type),
    fields,
    issuer: view?.issuerName ?? credential.issuer,
  };
  const name = credential.name ?? text(claims.name);
  if (name !== undefined) card.name = name;
  return card;
}
