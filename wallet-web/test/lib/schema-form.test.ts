// The browser-side schema check agrees with the issuer's (Ajv) on every published example, and the generated form
// turns typed text into the JSON the schemas expect.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMMON_DEFINITIONS_DOCUMENT, CREDENTIAL_SCHEMA_DOCUMENTS, schemaIdFor } from '@medtrust/schemas';
import { subjectRuleErrors } from '@medtrust/schemas/rules';
import { validateAgainst, type SchemaNode } from '../../src/lib/json-schema.ts';
import { formOfSchema, subjectOfValues, validateSubject } from '../../src/lib/schema-form.ts';

const SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));
const defs = COMMON_DEFINITIONS_DOCUMENT.$defs as Record<string, unknown>;

function examples(kind: 'valid' | 'invalid'): Array<{ type: string; file: string; credential: SchemaNode }> {
  return Object.values(CREDENTIAL_SCHEMA_DOCUMENTS).flatMap((schema) => {
    const dir = join(SCHEMAS_DIR, schema.title, 'v1', 'examples', kind);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))
      .map((file) => ({
        type: schema.title,
        file,
        credential: JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaNode,
      }));
  });
}

function subjectSchema(type: string): SchemaNode {
  const schema = CREDENTIAL_SCHEMA_DOCUMENTS[schemaIdFor(type as never)]!;
  return (schema.properties as Record<string, SchemaNode>).credentialSubject!;
}

describe('browser-side schema validation', () => {
  for (const example of examples('valid')) {
    it(`accepts the subject of ${example.type} ${example.file}`, () => {
      assert.deepEqual(
        validateAgainst(subjectSchema(example.type), example.credential.credentialSubject, defs),
        [],
      );
    });
  }

  it('finds the broken subject field of every invalid example that breaks a subject rule', () => {
    let checked = 0;
    for (const example of examples('invalid')) {
      const expectFile = join(
        SCHEMAS_DIR,
        example.type,
        'v1',
        'examples',
        'invalid',
        example.file.replace(/\.json$/, '.expect.json'),
      );
      const expected = JSON.parse(readFileSync(expectFile, 'utf8')) as { instancePath: string };
      if (!expected.instancePath.startsWith('/credentialSubject')) continue;
      const problems = [
        ...validateAgainst(
          subjectSchema(example.type),
          example.credential.credentialSubject,
          defs,
          '/credentialSubject',
        ),
        // the rules JSON Schema cannot express, as the console applies them (validateSubject)
        ...subjectRuleErrors(example.type, example.credential.credentialSubject).map((e) => ({
          pointer: e.instancePath,
          message: e.message,
        })),
      ];
      assert.ok(
        problems.some((p) => p.pointer.startsWith(expected.instancePath)),
        `${example.type} ${example.file}: expected a problem at ${expected.instancePath}, got ${JSON.stringify(problems)}`,
      );
      checked++;
    }
    assert.ok(checked >= 15, `only ${checked} invalid examples were about the subject`);
  });
});

describe('schema-generated issuing form', () => {
  const licence = formOfSchema(
    CREDENTIAL_SCHEMA_DOCUMENTS[schemaIdFor('MedicalLicenseCredential')]!,
    COMMON_DEFINITIONS_DOCUMENT,
  );
  const batch = formOfSchema(
    CREDENTIAL_SCHEMA_DOCUMENTS[schemaIdFor('DrugBatchCredential')]!,
    COMMON_DEFINITIONS_DOCUMENT,
  );

  it('has one labelled field per subject property, with the input kind the schema implies', () => {
    const kinds = Object.fromEntries(licence.fields.map((f) => [f.name, f.kind]));
    assert.deepEqual(kinds, {
      id: 'text',
      name: 'text',
      licenseNumber: 'text',
      jurisdiction: 'text',
      specialty: 'text',
      scopeOfPractice: 'list',
      validFrom: 'date',
      validUntil: 'date',
    });
    assert.equal(licence.fields.find((f) => f.name === 'licenseNumber')?.label, 'Licence number');
    assert.ok(licence.fields.every((f) => f.required && f.description));
    assert.equal(batch.fields.find((f) => f.name === 'quantity')?.kind, 'integer');
  });

  it('turns typed text into subject JSON: lists by line, numbers, empty fields left out', () => {
    const subject = subjectOfValues(batch, {
      id: 'urn:gtin:05601234567891:lot:BTX2025-117',
      quantity: '1200',
      product: '  Botulinum toxin  ',
      gtin: '',
    });
    assert.deepEqual(subject, {
      id: 'urn:gtin:05601234567891:lot:BTX2025-117',
      quantity: 1200,
      product: 'Botulinum toxin',
    });
    assert.deepEqual(
      subjectOfValues(licence, { scopeOfPractice: 'Aesthetic surgery\n\n Fillers \n' }).scopeOfPractice,
      ['Aesthetic surgery', 'Fillers'],
    );
  });

  it('reports problems per field, in words', () => {
    const errors = validateSubject(
      licence,
      subjectOfValues(licence, {
        id: 'did:key:z6Mk',
        name: 'Dr. A',
        licenseNumber: '54 873!',
        jurisdiction: 'Portugal',
        specialty: 'Surgery',
        validFrom: '2024-01-15',
        validUntil: '2029-02-30x',
      }),
    );
    assert.deepEqual(Object.keys(errors).sort(), [
      'jurisdiction',
      'licenseNumber',
      'scopeOfPractice',
      'validUntil',
    ]);
    assert.match(errors.licenseNumber!, /^Invalid format: expected an identifier assigned by a register/);
    assert.equal(errors.scopeOfPractice, 'Required');
    assert.equal(errors.validUntil, 'Must be a date (YYYY-MM-DD)');
  });

  it('applies the issuer’s and verifier’s cross-field rules: validUntil before validFrom, a batch id', () => {
    const values = {
      id: 'did:key:z6Mk',
      name: 'Dr. A',
      licenseNumber: '54873',
      jurisdiction: 'PT',
      specialty: 'Surgery',
      scopeOfPractice: 'Aesthetic surgery',
      validFrom: '2026-02-01',
    };
    const backwards = validateSubject(
      licence,
      subjectOfValues(licence, { ...values, validUntil: '2026-01-31' }),
    );
    assert.deepEqual(Object.keys(backwards), ['validUntil']);
    assert.equal(backwards.validUntil, 'Must not be before the “valid from” date');
    // the same day is a one-day licence, not an error
    assert.deepEqual(
      validateSubject(licence, subjectOfValues(licence, { ...values, validUntil: '2026-02-01' })),
      {},
    );
    const batchValues = {
      id: 'urn:gtin:05601234567891:lot:BTX2025-117',
      product: 'Botulinum toxin',
      gtin: '05601234567891',
      lot: 'BTX2025-118',
    };
    const wrongId = validateSubject(batch, subjectOfValues(batch, batchValues));
    assert.match(wrongId.id ?? '', /^Must be urn:gtin:/);
  });
});
