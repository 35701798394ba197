import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  COMMON_DEFINITIONS_DOCUMENT,
  COMMON_DEFINITIONS_ID,
  CREDENTIAL_SCHEMA_DOCUMENTS,
  CREDENTIAL_TYPES,
  SCHEMA_REGISTRY,
  isKnownCredentialType,
  latestSchemaEntry,
  schemaEntryById,
  schemaIdFor,
} from '../src/index.ts';

const schemasRoot = fileURLToPath(new URL('..', import.meta.url));

test('schemaIdFor gives the published $id, version 1 by default', () => {
  assert.equal(
    schemaIdFor('MedicalLicenseCredential'),
    'https://schemas.medtrust.dev/MedicalLicenseCredential/v1/schema.json',
  );
  assert.equal(
    schemaIdFor('ReviewCredential', 1),
    'https://schemas.medtrust.dev/ReviewCredential/v1/schema.json',
  );
  assert.throws(() => schemaIdFor('ReviewCredential', 99), RangeError);
  assert.throws(() => schemaIdFor('NopeCredential' as never), RangeError);
});

test('every registered type has a schema document whose $id, title and folder match', () => {
  assert.deepEqual([...new Set(SCHEMA_REGISTRY.map((e) => e.type))].sort(), [...CREDENTIAL_TYPES].sort());
  for (const { type, version, id } of SCHEMA_REGISTRY) {
    const document = CREDENTIAL_SCHEMA_DOCUMENTS[id];
    assert.ok(document, `no document for ${id}`);
    assert.equal(document.$id, id);
    assert.equal(document.title, type);
    assert.equal(document.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(id, `https://schemas.medtrust.dev/${type}/v${version}/schema.json`);
    assert.ok(existsSync(`${schemasRoot}/${type}/v${version}/schema.json`));
    assert.equal(schemaEntryById(id)?.type, type);
  }
  assert.equal(Object.keys(CREDENTIAL_SCHEMA_DOCUMENTS).length, SCHEMA_REGISTRY.length);
  assert.equal(COMMON_DEFINITIONS_DOCUMENT.$id, COMMON_DEFINITIONS_ID);
});

test('every schema folder on disk is registered', () => {
  const folders = readdirSync(schemasRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /Credential$/.test(d.name))
    .flatMap((d) => readdirSync(`${schemasRoot}/${d.name}`).map((v) => `${d.name}/${v}`));
  const registered = SCHEMA_REGISTRY.map((e) => `${e.type}/v${e.version}`);
  assert.deepEqual(folders.sort(), registered.sort());
});

test('every property in every schema has a description', () => {
  const missing: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${path}/${i}`));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const [name, property] of Object.entries(value)) {
          if (typeof (property as { description?: unknown }).description !== 'string')
            missing.push(`${path}/properties/${name}`);
        }
      }
      visit(value, `${path}/${key}`);
    }
  };
  for (const file of [
    'common/v1/definitions.json',
    ...SCHEMA_REGISTRY.map((e) => `${e.type}/v${e.version}/schema.json`),
  ]) {
    visit(JSON.parse(readFileSync(`${schemasRoot}/${file}`, 'utf8')), file);
  }
  assert.deepEqual(missing, []);
});

test('isKnownCredentialType and latestSchemaEntry', () => {
  assert.equal(isKnownCredentialType('TreatmentCredential'), true);
  assert.equal(isKnownCredentialType('VerifiableCredential'), false);
  assert.equal(isKnownCredentialType(null), false);
  assert.equal(latestSchemaEntry('TreatmentCredential').version, 1);
});
