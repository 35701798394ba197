/**
 * The rules of the medtrust credential types that JSON Schema cannot express, in ONE place: the validator
 * (`createSchemaValidator().validate`) reports them with the schema's own errors, so the issuer (single and batch
 * issuance), the verifier's `schema` check and the issuer console (which imports this module alone, without Ajv, as
 * `@medtrust/schemas/rules`) apply the very same rules.
 *
 * | keyword     | pointer                         | rule                                                               |
 * | ----------- | ------------------------------- | ------------------------------------------------------------------ |
 * | `dateOrder` | `/credentialSubject/validUntil` | a subject's `validUntil` is not before its `validFrom` (same day ok) |
 * | `batchId`   | `/credentialSubject/id`         | a `DrugBatchCredential`'s id is `urn:gtin:<gtin>:lot:<lot>`          |
 *
 * Each rule applies only when the values it compares are of the schema's form (dates `YYYY-MM-DD`, `gtin` and `lot`
 * strings) and, when the caller says which values already failed the schema, none of them did: the schema's own
 * error then says what is wrong, and an example breaking one rule gives one error. Never throws for plain JSON.
 */
import type { SchemaValidationError } from './validation-error.ts';

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

/**
 * Whether a value already failed the schema.
 * @param pointer - a JSON pointer, e.g. `/credentialSubject/gtin`.
 */
export type AlreadyInvalid = (pointer: string) => boolean;

/**
 * The cross-field rules on a credential subject.
 * @param type - the credential type, e.g. `MedicalLicenseCredential`.
 * @param subject - the `credentialSubject` (untrusted).
 * @param alreadyInvalid - which values failed the schema already (their rules are skipped); none by default.
 * @returns the violations, with pointers under `/credentialSubject` (empty when none).
 */
export function subjectRuleErrors(
  type: string,
  subject: unknown,
  alreadyInvalid: AlreadyInvalid = () => false,
): SchemaValidationError[] {
  if (!isPlainObject(subject)) return [];
  const errors: SchemaValidationError[] = [];
  const sound = (...names: string[]) => names.every((n) => !alreadyInvalid(`/credentialSubject/${n}`));
  const validFrom = own(subject, 'validFrom');
  const validUntil = own(subject, 'validUntil');
  if (
    typeof validFrom === 'string' &&
    typeof validUntil === 'string' &&
    FULL_DATE.test(validFrom) &&
    FULL_DATE.test(validUntil) &&
    sound('validFrom', 'validUntil') &&
    validUntil < validFrom
  ) {
    errors.push({
      instancePath: '/credentialSubject/validUntil',
      keyword: 'dateOrder',
      message: 'must not be before validFrom',
    });
  }
  if (type === 'DrugBatchCredential') {
    const gtin = own(subject, 'gtin');
    const lot = own(subject, 'lot');
    const id = own(subject, 'id');
    if (
      typeof id === 'string' &&
      typeof gtin === 'string' &&
      typeof lot === 'string' &&
      sound('gtin', 'lot', 'id') &&
      id !== `urn:gtin:${gtin}:lot:${lot}`
    ) {
      errors.push({
        instancePath: '/credentialSubject/id',
        keyword: 'batchId',
        message: 'must be urn:gtin:<gtin>:lot:<lot> with the gtin and lot of the subject',
      });
    }
  }
  return errors;
}

/**
 * The cross-field rules on a whole credential.
 * @param credential - the credential JSON (untrusted).
 * @param type - its medtrust type (as the validator resolved it).
 * @param alreadyInvalid - which values failed the schema already; none by default.
 * @returns the violations (empty when none).
 */
export function credentialRuleErrors(
  credential: unknown,
  type: string,
  alreadyInvalid: AlreadyInvalid = () => false,
): SchemaValidationError[] {
  return isPlainObject(credential)
    ? subjectRuleErrors(type, own(credential, 'credentialSubject'), alreadyInvalid)
    : [];
}
