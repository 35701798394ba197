import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GENERATED_TYPES_PATH, generateTypesSource } from '../scripts/generate-types.ts';

test('src/types.generated.ts is up to date with the schemas (run: npx tsx schemas/scripts/generate-types.ts)', async () => {
  const committed = readFileSync(GENERATED_TYPES_PATH, 'utf8');
  const regenerated = await generateTypesSource();
  assert.equal(committed, regenerated);
});

test('the generated types declare a type per credential and per credential subject', () => {
  const source = readFileSync(GENERATED_TYPES_PATH, 'utf8');
  assert.match(source, /^\/\* eslint-disable \*\/\n\/\*\*\n \* GENERATED FILE/);
  for (const type of [
    'MedicalLicenseCredential',
    'HospitalAccreditationCredential',
    'SupplierAccreditationCredential',
    'DrugBatchCredential',
    'CustodyTransferCredential',
    'TreatmentCredential',
    'ReviewCredential',
  ]) {
    assert.match(source, new RegExp(`^export interface ${type} \\{`, 'm'));
    assert.match(source, new RegExp(`^export interface ${type}Subject \\{`, 'm'));
  }
});
