/**
 * Builders of Presentation Exchange constraint fields for medtrust credentials. Every path is given twice: `$.x`
 * for a credential in W3C JSON form and `$.vc.x` for the payload of a JWT credential, so one definition matches both
 * encodings.
 */

/**
 * One PEX v2 constraint field (the subset medtrust policies use). No field `id`s: PEX requires them unique across the
 * whole definition, and medtrust matches on paths.
 */
export interface ConstraintField {
  id?: string;
  path: string[];
  purpose?: string;
  optional?: boolean;
  filter?: Record<string, unknown>;
}

function paths(path: string): string[] {
  return [`$.${path}`, `$.vc.${path}`];
}

/**
 * A field that requires the credential's `type` to contain `credentialType`.
 * @param credentialType - e.g. `MedicalLicenseCredential`.
 */
export function typeField(credentialType: string): ConstraintField {
  return {
    path: paths('type'),
    purpose: `Must be a ${credentialType}.`,
    filter: { type: 'array', contains: { const: credentialType } },
  };
}

/**
 * A field that requires a non-empty string claim of the credential subject.
 * @param claim - the `credentialSubject` member, e.g. `licenseNumber`.
 * @param purpose - why the verifier needs it.
 */
export function subjectStringField(claim: string, purpose: string): ConstraintField {
  return {
    path: paths(`credentialSubject.${claim}`),
    purpose,
    filter: { type: 'string', minLength: 1 },
  };
}

/**
 * A field that requires a list in the credential subject holding at least one non-empty string (`contains`: the
 * filter dialect PEX validates has no `minItems`).
 * @param claim - the `credentialSubject` member, e.g. `accreditedServices`.
 * @param purpose - why the verifier needs it.
 */
export function subjectListField(claim: string, purpose: string): ConstraintField {
  return {
    path: paths(`credentialSubject.${claim}`),
    purpose,
    filter: { type: 'array', contains: { type: 'string', minLength: 1 } },
  };
}

/**
 * A field that requires a subject claim to be one of `values`.
 * @param claim - the `credentialSubject` member.
 * @param values - the accepted values.
 * @param purpose - why the verifier needs it.
 */
export function subjectEnumField(claim: string, values: readonly string[], purpose: string): ConstraintField {
  return {
    path: paths(`credentialSubject.${claim}`),
    purpose,
    filter: { type: 'string', enum: [...values] },
  };
}
