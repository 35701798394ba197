/**
 * A form generated from a credential type's JSON Schema: one field per `credentialSubject` property, with the input
 * kind, label, hint and constraints taken from the schema, and the conversion of what was typed to JSON values.
 */
import { claimLabel } from './credential-view.ts';
import { subjectRuleErrors } from '@medtrust/schemas/rules';
import { resolveRef, validateAgainst, type SchemaNode, type SchemaProblem } from './json-schema.ts';

/** How a field is typed in. */
export type FieldKind = 'text' | 'textarea' | 'date' | 'datetime' | 'integer' | 'list' | 'select';

/** One form field. */
export interface FormField {
  /** The subject member. */
  name: string;
  label: string;
  /** The schema's description. */
  description?: string;
  required: boolean;
  kind: FieldKind;
  /** Also accepts null (sent when left empty). */
  nullable: boolean;
  options?: string[];
  min?: number;
  max?: number;
  maxLength?: number;
}

/** A credential type's form: its fields and the schema pieces to validate against. */
export interface SchemaForm {
  type: string;
  title: string;
  description?: string;
  fields: FormField[];
  subjectSchema: SchemaNode;
  defs: Record<string, unknown>;
}

function isObject(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldOf(name: string, raw: SchemaNode, required: boolean, defs: Record<string, unknown>): FormField {
  let node = resolveRef(raw, defs);
  let nullable = false;
  if (Array.isArray(node.anyOf)) {
    const branches = node.anyOf.filter(isObject).map((b) => resolveRef(b, defs));
    nullable = branches.some((b) => b.type === 'null');
    node = { ...(branches.find((b) => b.type !== 'null') ?? {}), description: raw.description };
  }
  const description = typeof raw.description === 'string' ? raw.description : undefined;
  let kind: FieldKind = 'text';
  if (node.type === 'array') kind = 'list';
  else if (node.type === 'integer' || node.type === 'number') kind = 'integer';
  else if (Array.isArray(node.enum)) kind = 'select';
  else if (node.format === 'date') kind = 'date';
  else if (node.format === 'date-time') kind = 'datetime';
  else if (typeof node.maxLength === 'number' && node.maxLength > 1000) kind = 'textarea';
  return {
    name,
    label: claimLabel(name),
    ...(description ? { description } : {}),
    required,
    kind,
    nullable,
    ...(Array.isArray(node.enum) ? { options: node.enum.map(String) } : {}),
    ...(typeof node.minimum === 'number' ? { min: node.minimum } : {}),
    ...(typeof node.maximum === 'number' ? { max: node.maximum } : {}),
    ...(typeof node.maxLength === 'number' ? { maxLength: node.maxLength } : {}),
  };
}

/**
 * Builds the form of a credential schema.
 * @param schema - the credential schema document.
 * @param definitions - the shared definitions document.
 * @returns the form.
 * @throws TypeError when the schema has no `credentialSubject` object.
 */
export function formOfSchema(schema: SchemaNode, definitions: SchemaNode): SchemaForm {
  const defs = isObject(definitions.$defs) ? definitions.$defs : {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const subject = properties.credentialSubject;
  if (!isObject(subject) || !isObject(subject.properties))
    throw new TypeError('the schema has no credentialSubject');
  const required = new Set(Array.isArray(subject.required) ? (subject.required as string[]) : []);
  return {
    type: typeof schema.title === 'string' ? schema.title : 'Credential',
    title: typeof schema.title === 'string' ? schema.title : 'Credential',
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    fields: Object.entries(subject.properties)
      .filter((entry): entry is [string, SchemaNode] => isObject(entry[1]))
      .map(([name, node]) => fieldOf(name, node, required.has(name), defs)),
    subjectSchema: subject,
    defs,
  };
}

/** What was typed in, per field. */
export type FormValues = Record<string, string>;

/**
 * Converts typed-in values to the `credentialSubject` JSON (lists one entry per line, whole numbers, date-times
 * in UTC; empty fields left out, or null where the schema allows null).
 * @param form - the form.
 * @param values - the typed values.
 * @returns the subject.
 */
export function subjectOfValues(form: SchemaForm, values: FormValues): Record<string, unknown> {
  const subject: Record<string, unknown> = {};
  for (const field of form.fields) {
    const text = (values[field.name] ?? '').trim();
    if (text === '') {
      // empty: null where allowed, otherwise left out (a required field is then reported as required)
      if (field.nullable) subject[field.name] = null;
      continue;
    }
    switch (field.kind) {
      case 'list':
        subject[field.name] = text
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter((s) => s !== '');
        break;
      case 'integer':
        subject[field.name] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
        break;
      case 'datetime': {
        const date = new Date(text);
        subject[field.name] = Number.isNaN(date.getTime())
          ? text
          : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
        break;
      }
      default:
        subject[field.name] = text;
    }
  }
  return subject;
}

/**
 * Validates a subject against the form's schema, then against the rules the schema cannot express — the very
 * rules the issuer and the verifier apply (`@medtrust/schemas/rules`: `dateOrder`, `batchId`), skipped for fields
 * that already have a problem.
 * @param form - the form.
 * @param subject - from {@link subjectOfValues}.
 * @returns problems keyed by field name (the first problem of each field).
 */
export function validateSubject(form: SchemaForm, subject: Record<string, unknown>): Record<string, string> {
  const problems = validateAgainst(form.subjectSchema, subject, form.defs);
  const failed = new Set(problems.map((p) => `/credentialSubject${p.pointer}`));
  const rules = subjectRuleErrors(form.type, subject, (pointer) => failed.has(pointer)).map((e) => ({
    pointer: e.instancePath,
    message: RULE_MESSAGES[e.keyword] ?? e.message,
  }));
  return problemsByField([...problems, ...rules]);
}

/** The cross-field rules in the form's words. */
const RULE_MESSAGES: Record<string, string> = {
  dateOrder: 'Must not be before the “valid from” date',
  batchId: 'Must be urn:gtin:<GTIN>:lot:<lot>, with this batch’s GTIN and lot',
};

/**
 * Groups problems by the top-level subject field their pointer names (`/name`, `/credentialSubject/name/0`).
 * @param problems - located problems.
 * @returns the first message per field (`''` key for problems of the whole subject).
 */
export function problemsByField(problems: readonly SchemaProblem[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const p of problems) {
    const name = p.pointer.replace(/^\/credentialSubject/, '').split('/')[1] ?? '';
    byField[name] ??= p.message;
  }
  return byField;
}
