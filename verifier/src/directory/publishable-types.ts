/**
 * What a public directory lists: the credential types issuers may publish, and the kinds of party they describe.
 * Treatments and reviews carry patient data and are never taken from a feed (patients publish reviews themselves,
 * through `POST /directory/reviews`, where only a public view is kept).
 */

/** Credential types a directory ingests from issuers' feeds (the issuer service publishes exactly these). */
export const PUBLISHABLE_TYPES = [
  'MedicalLicenseCredential',
  'HospitalAccreditationCredential',
  'SupplierAccreditationCredential',
  'DrugBatchCredential',
  'CustodyTransferCredential',
] as const;

/** One publishable credential type. */
export type PublishableType = (typeof PUBLISHABLE_TYPES)[number];

/** Kinds of party the directory can be searched for. */
export const DIRECTORY_KINDS = ['doctor', 'hospital', 'supplier'] as const;

/** One searchable kind of party. */
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

/** The credential type that makes a party a doctor, hospital or supplier. */
export const TYPE_OF_KIND: Readonly<Record<DirectoryKind, PublishableType>> = Object.freeze({
  doctor: 'MedicalLicenseCredential',
  hospital: 'HospitalAccreditationCredential',
  supplier: 'SupplierAccreditationCredential',
});

/** Types never listed even when a feed sends them: they carry patient data. */
const PATIENT_TYPES: readonly string[] = ['TreatmentCredential', 'ReviewCredential'];

/**
 * The kind of party a credential type describes.
 * @param type - a publishable type.
 * @returns `doctor`, `hospital` or `supplier`; `undefined` for batches and transfers.
 */
export function kindOfType(type: PublishableType): DirectoryKind | undefined {
  return (Object.keys(TYPE_OF_KIND) as DirectoryKind[]).find((kind) => TYPE_OF_KIND[kind] === type);
}

/**
 * The one publishable type of a credential's `type` list (as the pipeline parsed it from the signed JWT).
 * @param types - the credential's types.
 * @returns the type, or `undefined` when it has none, several, or also carries a patient-data type.
 */
export function publishableTypeOf(types: readonly string[]): PublishableType | undefined {
  if (types.some((t) => PATIENT_TYPES.includes(t))) return undefined;
  const found = PUBLISHABLE_TYPES.filter((t) => types.includes(t));
  return found.length === 1 ? found[0] : undefined;
}
