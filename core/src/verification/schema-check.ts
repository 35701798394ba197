/**
 * The `schema` check: the credential (as VCDM 1.1 JSON) against the JSON Schema of its type, including the rules the
 * schemas cannot express (`dateOrder`: `credentialSubject.validFrom` not after `validUntil`; `batchId`: a
 * `DrugBatchCredential` id that agrees with its `gtin` and `lot`), which `@medtrust/schemas`' validator applies for
 * the issuer and the verifier alike. Results are cached per parsed credential.
 * @see https://www.w3.org/TR/vc-data-model/#data-schemas
 * @see ../../../schemas/src/cross-field-rules.ts
 */
import type { SchemaValidator } from '@medtrust/schemas';
import { ErrorCodes } from '../errors/codes.ts';
import type { CheckList } from './check-list.ts';
import type { ParsedCredential } from './parsed-credential.ts';

/** Outcome cached per credential: passed, or the detail of the first violation. */
type SchemaOutcome = { valid: true } | { valid: false; detail: string };

const outcomes = new WeakMap<SchemaValidator, WeakMap<ParsedCredential, SchemaOutcome>>();

/**
 * Records `schema` (`SCHEMA_INVALID`, with the JSON pointer and keyword of the first violation in `detail`, e.g.
 * `/credentialSubject/validUntil: must not be before validFrom [dateOrder]`).
 * @param list - the report's checks.
 * @param credential - the parsed credential.
 * @param validator - the schema validator.
 */
export function checkSchema(list: CheckList, credential: ParsedCredential, validator: SchemaValidator): void {
  let byCredential = outcomes.get(validator);
  if (byCredential === undefined) {
    byCredential = new WeakMap();
    outcomes.set(validator, byCredential);
  }
  let outcome = byCredential.get(credential);
  if (outcome === undefined) {
    outcome = evaluate(credential, validator);
    byCredential.set(credential, outcome);
  }
  if (outcome.valid) list.pass('schema');
  else list.fail('schema', ErrorCodes.SCHEMA_INVALID, outcome.detail);
}

function evaluate(credential: ParsedCredential, validator: SchemaValidator): SchemaOutcome {
  const result = validator.validate(credential.normalized);
  if (result.valid) return { valid: true };
  const [first] = result.errors;
  const more = result.errors.length > 1 ? ` (+${result.errors.length - 1} more)` : '';
  return {
    valid: false,
    detail: first
      ? `${first.instancePath === '' ? '(root)' : first.instancePath}: ${first.message} [${first.keyword}]${more}`
      : '(root): invalid',
  };
}
