/**
 * The small part of JSON Schema 2020-12 the medtrust credential schemas use, to build forms and check them in the
 * browser before the issuer does: `$ref` into the shared definitions, `type`, `anyOf`, `enum`, `const`, `pattern`,
 * `minLength` / `maxLength`, `minimum` / `maximum`, `format` (date, date-time, uri), `minItems`, `uniqueItems`,
 * `items`, `required`, `additionalProperties: false`. The issuer validates with the full Ajv schema anyway.
 */

/** A schema node. */
export type SchemaNode = Record<string, unknown>;

/** One problem, located by JSON pointer. */
export interface SchemaProblem {
  pointer: string;
  message: string;
}

function isObject(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Follows `$ref`s into the shared definitions (`…/definitions.json#/$defs/X` or `#/$defs/X`).
 * @param node - a schema node.
 * @param defs - the `$defs` of the shared definitions document.
 * @returns the node, with its own keywords (e.g. `description`) over the referenced ones.
 */
export function resolveRef(node: SchemaNode, defs: Record<string, unknown>): SchemaNode {
  let current = node;
  for (let depth = 0; depth < 8; depth++) {
    const ref = current.$ref;
    if (typeof ref !== 'string') return current;
    const name = /#\/\$defs\/([^/]+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : defs[name];
    if (!isObject(target)) return current;
    const { $ref: _ref, ...own } = current;
    // the referencing node's own keywords (e.g. its description) win; the definition's description is kept as a hint
    current = { ...target, ...own, _defDescription: target.description ?? current._defDescription };
  }
  return current;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A real calendar date (no 30 February). */
function isCalendarDate(text: string): boolean {
  if (!DATE.test(text.slice(0, 10))) return false;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function hint(node: SchemaNode): string {
  const d = node._defDescription ?? node.description;
  if (typeof d !== 'string') return '';
  return `: expected ${d.replace(/\.$/, '').replace(/^(A|An|The) /, (a) => a.toLowerCase())}`;
}

function typeOk(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

/**
 * Validates a value against a schema node.
 * @param schema - the node.
 * @param value - the value.
 * @param defs - shared `$defs`.
 * @param pointer - where the value is (for the problems).
 * @returns the problems (empty when valid).
 */
export function validateAgainst(
  schema: SchemaNode,
  value: unknown,
  defs: Record<string, unknown>,
  pointer = '',
): SchemaProblem[] {
  const node = resolveRef(schema, defs);
  const problems: SchemaProblem[] = [];
  const problem = (message: string) => problems.push({ pointer, message });

  if (Array.isArray(node.anyOf)) {
    const branches = node.anyOf.filter(isObject).map((b) => validateAgainst(b, value, defs, pointer));
    if (branches.some((b) => b.length === 0)) return [];
    return branches.sort((a, b) => a.length - b.length)[0] ?? [];
  }
  if ('const' in node && JSON.stringify(node.const) !== JSON.stringify(value)) {
    problem(`Must be ${JSON.stringify(node.const)}`);
    return problems;
  }
  if (Array.isArray(node.enum) && !node.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    problem(`Must be one of: ${node.enum.join(', ')}`);
    return problems;
  }
  const types =
    typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? (node.type as string[]) : [];
  if (types.length > 0 && !types.some((t) => typeOk(t, value))) {
    const expected = types.map((t) =>
      t === 'integer' ? 'a whole number' : t === 'array' ? 'a list' : `a ${t}`,
    );
    problem(`Must be ${expected.join(' or ')}`);
    return problems;
  }
  if (typeof value === 'string') {
    if (typeof node.minLength === 'number' && value.length < node.minLength) {
      problem(node.minLength === 1 ? 'Must not be empty' : `Must have at least ${node.minLength} characters`);
    } else if (typeof node.maxLength === 'number' && value.length > node.maxLength) {
      problem(`Must have at most ${node.maxLength} characters`);
    } else if (typeof node.pattern === 'string' && !new RegExp(node.pattern, 'u').test(value)) {
      problem(`Invalid format${hint(node)}`);
    } else if (node.format === 'date' && !(value.length === 10 && isCalendarDate(value))) {
      problem('Must be a date (YYYY-MM-DD)');
    } else if (node.format === 'date-time' && !(DATE_TIME.test(value) && isCalendarDate(value))) {
      problem('Must be a date and time with time zone');
    } else if (node.format === 'uri' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) problem('Must be a URI');
  }
  if (typeof value === 'number') {
    if (typeof node.minimum === 'number' && value < node.minimum) problem(`Must be at least ${node.minimum}`);
    if (typeof node.maximum === 'number' && value > node.maximum) problem(`Must be at most ${node.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof node.minItems === 'number' && value.length < node.minItems) {
      problem(node.minItems === 1 ? 'List at least one entry' : `List at least ${node.minItems} entries`);
    }
    if (node.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      problem('Do not list the same entry twice');
    }
    if (isObject(node.items)) {
      value.forEach((item, i) =>
        problems.push(...validateAgainst(node.items as SchemaNode, item, defs, `${pointer}/${i}`)),
      );
    }
  }
  if (isObject(value)) {
    const properties = isObject(node.properties) ? node.properties : {};
    for (const name of Array.isArray(node.required) ? (node.required as string[]) : []) {
      if (!(name in value)) problems.push({ pointer: `${pointer}/${name}`, message: 'Required' });
    }
    for (const [name, member] of Object.entries(value)) {
      const sub = properties[name];
      if (isObject(sub)) problems.push(...validateAgainst(sub, member, defs, `${pointer}/${name}`));
      else if (node.additionalProperties === false) {
        problems.push({ pointer: `${pointer}/${name}`, message: 'Not an allowed field' });
      }
    }
  }
  return problems;
}
