import {
  COMMON_DEFINITIONS_DOCUMENT,
  CREDENTIAL_SCHEMA_DOCUMENTS,
  isKnownCredentialType,
  schemaIdFor,
} from '@medtrust/schemas';

/** How a flat text cell (CSV) becomes a `credentialSubject` value. */
export type SubjectFieldKind = 'string' | 'array' | 'integer' | 'number' | 'boolean';

type SchemaNode = Record<string, unknown>;

function isObject(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a `$ref` into the common definitions (the only documents credential schemas reference). */
function resolve(node: SchemaNode, depth = 0): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== 'string' || depth > 8) return node;
  const name = /#\/\$defs\/([^/]+)$/.exec(ref)?.[1];
  const defs = COMMON_DEFINITIONS_DOCUMENT.$defs;
  const target = name !== undefined && isObject(defs) ? defs[name] : undefined;
  return isObject(target) ? resolve(target, depth + 1) : node;
}

/** The kinds a property may take (a union for `anyOf` / `oneOf` / type lists). */
function kindsOf(node: SchemaNode): Set<string> {
  const resolved = resolve(node);
  const kinds = new Set<string>();
  const type = resolved.type;
  if (typeof type === 'string') kinds.add(type);
  if (Array.isArray(type)) for (const t of type) if (typeof t === 'string') kinds.add(t);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = resolved[keyword];
    if (Array.isArray(options)) {
      for (const option of options) if (isObject(option)) for (const k of kindsOf(option)) kinds.add(k);
    }
  }
  return kinds;
}

/**
 * How each top-level `credentialSubject` property of a credential type's schema (newest version) is written in a
 * CSV cell: `array` for list properties (cells split on `;`), `integer` / `number` / `boolean` for those scalar
 * types, `string` otherwise. Properties that also accept a string stay `string`.
 *
 * @param credentialType - a credential type name.
 * @returns the kind of each declared subject property; empty for an unknown type.
 */
export function subjectFieldKinds(credentialType: string): Map<string, SubjectFieldKind> {
  const result = new Map<string, SubjectFieldKind>();
  if (!isKnownCredentialType(credentialType)) return result;
  const schema = CREDENTIAL_SCHEMA_DOCUMENTS[schemaIdFor(credentialType)];
  const subject = isObject(schema?.properties) ? schema.properties.credentialSubject : undefined;
  const properties = isObject(subject) ? resolve(subject).properties : undefined;
  if (!isObject(properties)) return result;
  for (const [name, node] of Object.entries(properties)) {
    if (!isObject(node)) continue;
    const kinds = kindsOf(node);
    let kind: SubjectFieldKind = 'string';
    if (kinds.has('string')) kind = 'string';
    else if (kinds.has('array')) kind = 'array';
    else if (kinds.has('integer')) kind = 'integer';
    else if (kinds.has('number')) kind = 'number';
    else if (kinds.has('boolean')) kind = 'boolean';
    result.set(name, kind);
  }
  return result;
}
