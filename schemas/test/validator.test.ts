import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSchemaValidator, schemaIdFor } from '../src/index.ts';

const validator = createSchemaValidator();
const example = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(
      new URL(
        '../MedicalLicenseCredential/v1/examples/valid/portuguese-plastic-surgeon.json',
        import.meta.url,
      ),
      'utf8',
    ),
  ) as Record<string, unknown>;

test('non-object inputs give valid:false and never throw', () => {
  for (const input of [
    null,
    undefined,
    [],
    [example()],
    'MedicalLicenseCredential',
    '',
    42,
    true,
    Symbol('x'),
  ]) {
    const detected = validator.validate(input);
    assert.equal(detected.valid, false, `detected: ${String(input)}`);
    const given = validator.validate(input, 'MedicalLicenseCredential');
    assert.equal(given.valid, false, `given: ${String(input)}`);
    if (!given.valid) assert.ok(given.errors.some((e) => e.instancePath === '' && e.keyword === 'type'));
  }
});

test('a credential whose type names no known type gives unknownType at /type', () => {
  const credential = { ...example(), type: ['VerifiableCredential', 'PassportCredential'] };
  const result = validator.validate(credential);
  assert.equal(result.valid, false);
  if (!result.valid) {
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]?.instancePath, '/type');
    assert.equal(result.errors[0]?.keyword, 'unknownType');
    assert.equal(typeof result.errors[0]?.message, 'string');
  }
});

test('a credential without type, or with a non-array type, gives unknownType', () => {
  const { type: _type, ...untyped } = example();
  for (const credential of [untyped, { ...untyped, type: 42 }, { ...untyped, type: [null, {}] }, {}]) {
    const result = validator.validate(credential);
    assert.equal(result.valid, false);
    if (!result.valid) assert.equal(result.errors[0]?.keyword, 'unknownType');
  }
});

test('an explicitly given unknown type gives unknownType', () => {
  const result = validator.validate(example(), 'PassportCredential');
  assert.equal(result.valid, false);
  if (!result.valid)
    assert.deepEqual(
      result.errors.map((e) => [e.instancePath, e.keyword]),
      [['/type', 'unknownType']],
    );
});

test('a credential naming two medtrust types gives ambiguousType', () => {
  const credential = {
    ...example(),
    type: ['VerifiableCredential', 'MedicalLicenseCredential', 'ReviewCredential'],
  };
  const result = validator.validate(credential);
  assert.equal(result.valid, false);
  if (!result.valid) assert.equal(result.errors[0]?.keyword, 'ambiguousType');
});

test('validating against a type the credential does not declare fails at /type', () => {
  const result = validator.validate(example(), 'HospitalAccreditationCredential');
  assert.equal(result.valid, false);
  if (!result.valid) assert.ok(result.errors.some((e) => e.instancePath === '/type'));
});

test('errors carry instancePath, keyword and message only; additionalProperties names the property', () => {
  const credential = example();
  (credential.credentialSubject as Record<string, unknown>).diagnosis = 'x';
  const result = validator.validate(credential);
  assert.equal(result.valid, false);
  if (!result.valid) {
    for (const error of result.errors)
      assert.deepEqual(Object.keys(error).sort(), ['instancePath', 'keyword', 'message']);
    assert.match(result.errors[0]?.message ?? '', /"diagnosis"/);
  }
});

test('allErrors: every broken rule is reported', () => {
  const credential = example();
  const subject = credential.credentialSubject as Record<string, unknown>;
  subject.jurisdiction = 'Portugal';
  subject.validFrom = 'yesterday';
  delete subject.licenseNumber;
  const result = validator.validate(credential);
  assert.equal(result.valid, false);
  if (!result.valid) {
    const paths = result.errors.map((e) => e.instancePath).sort();
    assert.deepEqual(paths, [
      '/credentialSubject',
      '/credentialSubject/jurisdiction',
      '/credentialSubject/validFrom',
    ]);
  }
});

test('hostile input (throwing getter) gives valid:false instead of throwing', () => {
  const credential = example();
  Object.defineProperty(credential, 'issuer', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
  const result = validator.validate(credential);
  assert.equal(result.valid, false);
});

test('the credentialSchema.id of a valid credential is the registry id of its type', () => {
  const credential = example();
  assert.deepEqual(credential.credentialSchema, {
    id: schemaIdFor('MedicalLicenseCredential'),
    type: 'JsonSchema',
  });
});
