/**
 * `@medtrust/schemas`: JSON Schemas (2020-12) of the medtrust credential types, a validator for them and the
 * TypeScript types generated from them.
 */
export {
  COMMON_DEFINITIONS_ID,
  CREDENTIAL_TYPES,
  PUBLISHED_SCHEMA_VERSIONS,
  SCHEMA_BASE_URL,
  SCHEMA_REGISTRY,
  isKnownCredentialType,
  latestSchemaEntry,
  schemaEntryById,
  schemaIdFor,
  type CredentialTypeName,
  type SchemaRegistryEntry,
} from './registry.ts';
export {
  COMMON_DEFINITIONS_DOCUMENT,
  CREDENTIAL_SCHEMA_DOCUMENTS,
  type JsonSchemaDocument,
} from './schema-documents.ts';
export { credentialRuleErrors, subjectRuleErrors, type AlreadyInvalid } from './cross-field-rules.ts';
export {
  createSchemaValidator,
  type SchemaValidationError,
  type SchemaValidationResult,
  type SchemaValidator,
} from './validator.ts';
export type {
  KnownCredential,
  Issuer,
  IssuerObject,
  MedtrustStatusRegistryEntry,
  MedicalLicenseCredential,
  MedicalLicenseCredentialSubject,
  HospitalAccreditationCredential,
  HospitalAccreditationCredentialSubject,
  SupplierAccreditationCredential,
  SupplierAccreditationCredentialSubject,
  DrugBatchCredential,
  DrugBatchCredentialSubject,
  CustodyTransferCredential,
  CustodyTransferCredentialSubject,
  TreatmentCredential,
  TreatmentCredentialSubject,
  ReviewCredential,
  ReviewCredentialSubject,
} from './types.generated.ts';
