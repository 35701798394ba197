/**
 * Generates `schemas/src/types.generated.ts` from the JSON Schemas with json-schema-to-typescript.
 *
 * Run from the repository root: `npx tsx schemas/scripts/generate-types.ts` (or `npm run generate:types -w schemas`).
 * The test suite regenerates the source in memory and fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import {
  COMMON_DEFINITIONS_ID,
  SCHEMA_REGISTRY,
  latestSchemaEntry,
  CREDENTIAL_TYPES,
} from '../src/registry.ts';
import {
  COMMON_DEFINITIONS_DOCUMENT,
  CREDENTIAL_SCHEMA_DOCUMENTS,
  type JsonSchemaDocument,
} from '../src/schema-documents.ts';

/** Where the generated types are written. */
export const GENERATED_TYPES_PATH = fileURLToPath(new URL('../src/types.generated.ts', import.meta.url));

const BANNER = `/* eslint-disable */
/**
 * GENERATED FILE - DO NOT EDIT.
 * TypeScript types of the medtrust credentials, generated from the JSON Schemas in schemas/<Type>/v<N>/schema.json
 * (newest version of each type) by json-schema-to-typescript. Regenerate with:
 *   npx tsx schemas/scripts/generate-types.ts
 */`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A common definition becomes a named type when it is an object or a union; other (leaf) ones are inlined. */
function isNamedDefinition(definition: JsonObject): boolean {
  return definition.type === 'object' || Array.isArray(definition.anyOf) || Array.isArray(definition.oneOf);
}

/**
 * Bundles the newest schema of every credential type, and the common definitions they use, into one schema whose
 * root is the union `KnownCredential`, with every `$ref` made local. Leaf definitions (DIDs, dates, hashes, …) are
 * inlined so that each property keeps its own description; `$ref`s to named definitions lose their sibling keywords
 * so that json-schema-to-typescript declares each named type once.
 */
function bundle(): JSONSchema {
  const documents = new Map<string, JsonObject>([
    [COMMON_DEFINITIONS_ID, COMMON_DEFINITIONS_DOCUMENT as unknown as JsonObject],
    ...Object.entries(CREDENTIAL_SCHEMA_DOCUMENTS).map(
      ([id, document]: [string, JsonSchemaDocument]) => [id, document as unknown as JsonObject] as const,
    ),
  ]);
  const commonDefs = (documents.get(COMMON_DEFINITIONS_ID)?.$defs ?? {}) as JsonObject;
  const bundledDefs: JsonObject = {};

  function transform(node: Json, baseId: string): Json {
    if (Array.isArray(node)) return node.map((item) => transform(item, baseId));
    if (!isObject(node)) return node;
    const { $ref, ...rest } = node;
    if (typeof $ref === 'string') {
      const target = new URL($ref, baseId);
      const documentId = `${target.origin}${target.pathname}`;
      const match = /^#\/\$defs\/([^/]+)$/.exec(target.hash);
      if (documentId !== COMMON_DEFINITIONS_ID || match === null) throw new Error(`unsupported $ref ${$ref}`);
      const name = decodeURIComponent(match[1]!);
      const definition = commonDefs[name];
      if (!isObject(definition)) throw new Error(`dangling $ref ${$ref}`);
      if (isNamedDefinition(definition)) {
        if (!(name in bundledDefs)) {
          bundledDefs[name] = {}; // placeholder: stops recursion on self-references
          bundledDefs[name] = transform(definition, COMMON_DEFINITIONS_ID);
        }
        return { $ref: `#/$defs/${name}` };
      }
      const { title: _title, ...inlined } = transform(definition, COMMON_DEFINITIONS_ID) as JsonObject;
      return { ...inlined, ...(transform(rest, baseId) as JsonObject) };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, transform(value, baseId)]));
  }

  const credentialNames = CREDENTIAL_TYPES.map((type) => {
    const { id } = latestSchemaEntry(type);
    const { $schema: _schema, $id: _id, ...schema } = documents.get(id) ?? {};
    bundledDefs[type] = transform(schema, id);
    return type;
  });
  if (SCHEMA_REGISTRY.some(({ id }) => !documents.has(id)))
    throw new Error('a registered schema is not bundled');

  return {
    title: 'KnownCredential',
    description: 'Any medtrust credential (newest schema version of each type).',
    anyOf: credentialNames.map((name) => ({ $ref: `#/$defs/${name}` })),
    $defs: bundledDefs,
  } as JSONSchema;
}

/**
 * Generates the source text of `types.generated.ts`.
 * @returns the TypeScript source, formatted with the repository's Prettier style
 */
export async function generateTypesSource(): Promise<string> {
  return compile(bundle(), 'KnownCredential', {
    bannerComment: BANNER,
    additionalProperties: true,
    declareExternallyReferenced: true,
    ignoreMinAndMaxItems: true,
    strictIndexSignatures: false,
    unknownAny: true,
    unreachableDefinitions: false,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED_TYPES_PATH, await generateTypesSource());
  console.log(`wrote ${GENERATED_TYPES_PATH}`);
}
