/**
 * The JSON Schema documents themselves, loaded once at module load through static JSON imports
 * (no file-system access at run time).
 */
import commonDefinitions from '../common/v1/definitions.json' with { type: 'json' };
import medicalLicenseV1 from '../MedicalLicenseCredential/v1/schema.json' with { type: 'json' };
import hospitalAccreditationV1 from '../HospitalAccreditationCredential/v1/schema.json' with { type: 'json' };
import supplierAccreditationV1 from '../SupplierAccreditationCredential/v1/schema.json' with { type: 'json' };
import drugBatchV1 from '../DrugBatchCredential/v1/schema.json' with { type: 'json' };
import custodyTransferV1 from '../CustodyTransferCredential/v1/schema.json' with { type: 'json' };
import treatmentV1 from '../TreatmentCredential/v1/schema.json' with { type: 'json' };
import reviewV1 from '../ReviewCredential/v1/schema.json' with { type: 'json' };

/** A JSON Schema 2020-12 document with its `$id` and `title`. */
export interface JsonSchemaDocument {
  /** Canonical URL of the schema. */
  readonly $id: string;
  /** Name of the schema; for a credential schema, the credential type. */
  readonly title: string;
  /** Any other keyword. */
  readonly [keyword: string]: unknown;
}

/** The shared definitions document (`common/v1/definitions.json`) that credential schemas reference. */
export const COMMON_DEFINITIONS_DOCUMENT: JsonSchemaDocument = commonDefinitions;

/** Every credential schema document, keyed by `$id`; one per entry of `SCHEMA_REGISTRY`. */
export const CREDENTIAL_SCHEMA_DOCUMENTS: Readonly<Record<string, JsonSchemaDocument>> = Object.freeze(
  Object.fromEntries(
    [
      medicalLicenseV1,
      hospitalAccreditationV1,
      supplierAccreditationV1,
      drugBatchV1,
      custodyTransferV1,
      treatmentV1,
      reviewV1,
    ].map((doc: JsonSchemaDocument) => [doc.$id, doc]),
  ),
);
