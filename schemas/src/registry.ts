/**
 * The credential types medtrust knows, the versions of their JSON Schemas and the `$id` of each version.
 * Schemas live at `schemas/<Type>/v<version>/schema.json` and are published under {@link SCHEMA_BASE_URL}.
 */

/** Base URL under which every medtrust JSON Schema is published; a schema's `$id` starts with it. */
export const SCHEMA_BASE_URL = 'https://schemas.medtrust.dev';

/** `$id` of the shared definitions (`schemas/common/v1/definitions.json`) that credential schemas `$ref`. */
export const COMMON_DEFINITIONS_ID = `${SCHEMA_BASE_URL}/common/v1/definitions.json`;

/** Names of the credential types medtrust issues and verifies (the type name that appears in a credential's `type`). */
export const CREDENTIAL_TYPES = [
  'MedicalLicenseCredential',
  'HospitalAccreditationCredential',
  'SupplierAccreditationCredential',
  'DrugBatchCredential',
  'CustodyTransferCredential',
  'TreatmentCredential',
  'ReviewCredential',
] as const;

/** One of {@link CREDENTIAL_TYPES}. */
export type CredentialTypeName = (typeof CREDENTIAL_TYPES)[number];

/** One published version of the JSON Schema of a credential type. */
export interface SchemaRegistryEntry {
  /** The credential type the schema describes. */
  readonly type: CredentialTypeName;
  /** Schema version (the `v<version>` folder), starting at 1. */
  readonly version: number;
  /** The schema's `$id`, which credentials carry as `credentialSchema.id`. */
  readonly id: string;
}

function entry(type: CredentialTypeName, version: number): SchemaRegistryEntry {
  return Object.freeze({ type, version, id: `${SCHEMA_BASE_URL}/${type}/v${version}/schema.json` });
}

/** Published schema versions of each credential type, ascending. Published versions are never changed. */
export const PUBLISHED_SCHEMA_VERSIONS: Readonly<Record<CredentialTypeName, readonly number[]>> =
  Object.freeze({
    MedicalLicenseCredential: [1],
    HospitalAccreditationCredential: [1],
    SupplierAccreditationCredential: [1],
    DrugBatchCredential: [1],
    CustodyTransferCredential: [1],
    TreatmentCredential: [1],
    ReviewCredential: [1],
  });

/** Every published schema version, grouped by type in {@link CREDENTIAL_TYPES} order, versions ascending. */
export const SCHEMA_REGISTRY: readonly SchemaRegistryEntry[] = Object.freeze(
  CREDENTIAL_TYPES.flatMap((type) => PUBLISHED_SCHEMA_VERSIONS[type].map((version) => entry(type, version))),
);

/**
 * Tells whether a value is the name of a known credential type.
 * @param value - anything, e.g. one entry of a credential's `type` array
 */
export function isKnownCredentialType(value: unknown): value is CredentialTypeName {
  return typeof value === 'string' && (CREDENTIAL_TYPES as readonly string[]).includes(value);
}

/**
 * The registry entry of a schema `$id`, or `undefined` when no known schema has that `$id`.
 * @param id - a schema `$id`, e.g. a credential's `credentialSchema.id`
 */
export function schemaEntryById(id: unknown): SchemaRegistryEntry | undefined {
  return SCHEMA_REGISTRY.find((e) => e.id === id);
}

/**
 * The newest schema version of a credential type.
 * @param type - a known credential type
 * @throws RangeError when the type is not known
 */
export function latestSchemaEntry(type: CredentialTypeName): SchemaRegistryEntry {
  const entries = SCHEMA_REGISTRY.filter((e) => e.type === type);
  const latest = entries.reduce<SchemaRegistryEntry | undefined>(
    (best, e) => (best === undefined || e.version > best.version ? e : best),
    undefined,
  );
  if (latest === undefined) throw new RangeError(`unknown credential type "${String(type)}"`);
  return latest;
}

/**
 * The `$id` of a credential type's schema, to put in a credential's `credentialSchema.id`.
 * @param type - a known credential type
 * @param version - schema version, 1 unless given
 * @returns e.g. `https://schemas.medtrust.dev/MedicalLicenseCredential/v1/schema.json`
 * @throws RangeError when the type or that version of it is not known
 */
export function schemaIdFor(type: CredentialTypeName, version = 1): string {
  const found = SCHEMA_REGISTRY.find((e) => e.type === type && e.version === version);
  if (found === undefined)
    throw new RangeError(`no schema for credential type "${String(type)}" version ${version}`);
  return found.id;
}
