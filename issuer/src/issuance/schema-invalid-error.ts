import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { SchemaValidationError } from '@medtrust/schemas';

/**
 * A credential to issue violates its JSON Schema (code `SCHEMA_INVALID`). Carries the JSON pointer of the first
 * failing value (`pointer`, e.g. `/credentialSubject/licenseNumber`) and every validation error. Messages name
 * schema rules and pointers only, never the offending values (they may be health data).
 */
export class SchemaInvalidError extends MedtrustError {
  /** JSON pointer of the first failing value; `''` for the credential itself. */
  readonly pointer: string;
  /** Every reason the credential does not match its schema, as the validator reported them. */
  readonly errors: readonly SchemaValidationError[];

  /**
   * @param errors - the validator's errors (at least one).
   */
  constructor(errors: readonly SchemaValidationError[]) {
    const first = errors[0] ?? { instancePath: '', keyword: 'unknown', message: 'is invalid' };
    super(ErrorCodes.SCHEMA_INVALID, `credential ${first.instancePath || '(root)'} ${first.message}`);
    this.name = 'SchemaInvalidError';
    this.pointer = first.instancePath;
    this.errors = errors.length > 0 ? [...errors] : [first];
  }
}

/**
 * Tells whether a value is a {@link SchemaInvalidError}.
 *
 * @param error - any thrown value.
 * @returns true for a SchemaInvalidError.
 */
export function isSchemaInvalidError(error: unknown): error is SchemaInvalidError {
  return error instanceof SchemaInvalidError;
}
