// The rules JSON Schema cannot express (dateOrder, batchId): reported by validate() with the schema's errors, and
// the same from the browser-safe `subjectRuleErrors` the issuer console uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSchemaValidator, subjectRuleErrors } from '../src/index.ts';

const validator = createSchemaValidator();
const read = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const licence = () => read('MedicalLicenseCredential/v1/examples/valid/portuguese-plastic-surgeon.json');
const batch = () => read('DrugBatchCredential/v1/examples/valid/botulinum-toxin-batch.json');
const subjectOf = (c: Record<string, unknown>) => c.credentialSubject as Record<string, unknown>;
const keywords = (c: unknown) => {
  const result = validator.validate(c);
  return result.valid ? [] : result.errors.map((e) => `${e.instancePath} ${e.keyword}`);
};

for (const type of [
  'MedicalLicenseCredential',
  'HospitalAccreditationCredential',
  'SupplierAccreditationCredential',
]) {
  test(`${type}: validUntil before validFrom is dateOrder at /credentialSubject/validUntil`, () => {
    const credential = read(`${type}/v1/examples/invalid/valid-until-before-valid-from.json`);
    assert.deepEqual(keywords(credential), ['/credentialSubject/validUntil dateOrder']);
    assert.deepEqual(
      subjectRuleErrors(type, subjectOf(credential)).map((e) => e.keyword),
      ['dateOrder'],
    );
  });
}

test('a one-day licence (validUntil = validFrom) is in order', () => {
  const credential = licence();
  subjectOf(credential).validUntil = subjectOf(credential).validFrom;
  assert.deepEqual(validator.validate(credential), { valid: true });
  assert.deepEqual(subjectRuleErrors('MedicalLicenseCredential', subjectOf(credential)), []);
});

test('dateOrder is reported beside the schema errors of other fields, not of the dates themselves', () => {
  const credential = licence();
  Object.assign(subjectOf(credential), {
    validFrom: '2025-02-01',
    validUntil: '2025-01-31',
    licenseNumber: '',
  });
  assert.ok(keywords(credential).includes('/credentialSubject/validUntil dateOrder'));
  Object.assign(subjectOf(credential), { validUntil: '31/01/2025' });
  assert.ok(!keywords(credential).some((k) => k.endsWith('dateOrder')));
});

test('a DrugBatchCredential whose id disagrees with its gtin or lot is batchId at /credentialSubject/id', () => {
  const credential = batch();
  assert.deepEqual(validator.validate(credential), { valid: true });
  const subject = subjectOf(credential);
  subject.lot = `${String(subject.lot)}X`;
  assert.deepEqual(keywords(credential), ['/credentialSubject/id batchId']);
  assert.deepEqual(
    subjectRuleErrors('DrugBatchCredential', subject).map((e) => e.instancePath),
    ['/credentialSubject/id'],
  );
  // the rule is the batch's only: another type's subject with the same members is not judged by it
  assert.deepEqual(subjectRuleErrors('MedicalLicenseCredential', subject), []);
});

test('the rules never throw for hostile subjects', () => {
  for (const subject of [null, undefined, 'x', 42, [], { validFrom: 1, validUntil: {} }]) {
    assert.deepEqual(subjectRuleErrors('DrugBatchCredential', subject), []);
  }
});
