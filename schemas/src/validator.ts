/**
 * Validation of whole credentials (W3C VCDM 1.1 JSON, e.g. the `vc` of a JWT-VC) against their medtrust JSON Schema
 * and the rules the schemas cannot express (`cross-field-rules.ts`: `dateOrder`, `batchId`).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  SCHEMA_REGISTRY,
  isKnownCredentialType,
  latestSchemaEntry,
  schemaEntryById,
  type CredentialTypeName,
  type SchemaRegistryEntry,
} from './registry.ts';
import { credentialRuleErrors } from './cross-field-rules.ts';
import { COMMON_DEFINITIONS_DOCUMENT, CREDENTIAL_SCHEMA_DOCUMENTS } from './schema-documents.ts';
import type { SchemaValidationError } from './validation-error.ts';

export type { SchemaValidationError } from './validation-error.ts';

/** Outcome of {@link SchemaValidator.validate}. */
export type SchemaValidationResult =
  { readonly valid: true } | { readonly valid: false; readonly errors: readonly SchemaValidationError[] };

/** Validates credentials against the medtrust schemas; made by {@link createSchemaValidator}. */
export interface SchemaValidator {
  /**
   * Checks a credential against the schema of its type, then against the cross-field rules (`dateOrder`,
   * `batchId`; reported after the schema's own errors). Never throws: any input, including `null`, arrays and
   * strings, gives a result.
   * @param credential - the credential JSON (parsed)
   * @param type - the credential type to check against; when omitted it is detected from `credential.type`.
   *   The schema version is the one named by `credential.credentialSchema.id` when that is a known version of the
   *   type, otherwise the newest version.
   */
  validate(credential: unknown, type?: string): SchemaValidationResult;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(instancePath: string, keyword: string, message: string): SchemaValidationResult {
  return { valid: false, errors: [{ instancePath, keyword, message }] };
}

function toValidationError(error: ErrorObject): SchemaValidationError {
  let message = error.message ?? 'is invalid';
  const extra = (error.params as { additionalProperty?: unknown }).additionalProperty;
  if (error.keyword === 'additionalProperties' && typeof extra === 'string') message += ` ("${extra}")`;
  return { instancePath: error.instancePath, keyword: error.keyword, message };
}

/** Picks the schema version: the one the credential names, if it is a version of `type`, else the newest. */
function schemaEntryFor(credential: unknown, type: CredentialTypeName): SchemaRegistryEntry {
  const named =
    isPlainObject(credential) && isPlainObject(credential.credentialSchema)
      ? schemaEntryById(credential.credentialSchema.id)
      : undefined;
  return named !== undefined && named.type === type ? named : latestSchemaEntry(type);
}

/** Detects the credential type from `credential.type`, or explains why it cannot. */
function detectType(credential: unknown): CredentialTypeName | SchemaValidationResult {
  if (!isPlainObject(credential)) return invalid('', 'type', 'must be object');
  const declared: unknown[] = Array.isArray(credential.type) ? credential.type : [credential.type];
  const known = [...new Set(declared.filter(isKnownCredentialType))];
  const [first, ...rest] = known;
  if (first === undefined) {
    return invalid('/type', 'unknownType', 'must name a known medtrust credential type');
  }
  if (rest.length > 0) {
    return invalid(
      '/type',
      'ambiguousType',
      `must name only one medtrust credential type, found ${known.join(', ')}`,
    );
  }
  return first;
}

/**
 * Builds a validator holding one Ajv (JSON Schema 2020-12, strict mode, all errors, formats) instance with every
 * medtrust schema added and compiled once. Build it once and reuse it.
 * @throws Error only if the bundled schemas themselves are broken (a programming error, caught by the tests)
 */
export function createSchemaValidator(): SchemaValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  ajv.addSchema(COMMON_DEFINITIONS_DOCUMENT);
  for (const document of Object.values(CREDENTIAL_SCHEMA_DOCUMENTS)) ajv.addSchema(document);

  const compiled = new Map<string, ValidateFunction>();
  for (const { id } of SCHEMA_REGISTRY) {
    const validateFunction = ajv.getSchema(id);
    if (validateFunction === undefined) throw new Error(`schema ${id} is registered but not bundled`);
    compiled.set(id, validateFunction);
  }

  return {
    validate(credential: unknown, type?: string): SchemaValidationResult {
      try {
        let typeName: CredentialTypeName;
        if (type === undefined) {
          const detected = detectType(credential);
          if (typeof detected !== 'string') return detected;
          typeName = detected;
        } else if (isKnownCredentialType(type)) {
          typeName = type;
        } else {
          return invalid('/type', 'unknownType', `"${String(type)}" is not a known medtrust credential type`);
        }
        const validateFunction = compiled.get(schemaEntryFor(credential, typeName).id);
        if (validateFunction === undefined)
          return invalid('/type', 'unknownType', `no schema for ${typeName}`);
        const errors: SchemaValidationError[] = validateFunction(credential)
          ? []
          : (validateFunction.errors ?? []).map(toValidationError);
        const failed = new Set(errors.map((e) => e.instancePath));
        errors.push(...credentialRuleErrors(credential, typeName, (pointer) => failed.has(pointer)));
        return errors.length === 0 ? { valid: true } : { valid: false, errors };
      } catch (error) {
        // Only hostile inputs (throwing getters, proxies) get here: report, never throw.
        return invalid(
          '',
          'exception',
          `could not be validated: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
