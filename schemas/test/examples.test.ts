// Every example under schemas/<Type>/v<N>/examples/ is checked: valid/*.json must validate; invalid/<rule>.json must
// fail with an error at the JSON pointer (and keyword, if given) of its sibling <rule>.expect.json. New example files
// are picked up automatically.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_REGISTRY, createSchemaValidator } from '../src/index.ts';

const schemasRoot = fileURLToPath(new URL('..', import.meta.url));
const validator = createSchemaValidator();

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const jsonFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))
        .sort()
    : [];

interface Expectation {
  instancePath: string;
  keyword?: string;
}

for (const { type, version } of SCHEMA_REGISTRY) {
  const examplesDir = join(schemasRoot, type, `v${version}`, 'examples');

  describe(`${type} v${version} examples`, () => {
    const validFiles = jsonFiles(join(examplesDir, 'valid'));
    const invalidFiles = jsonFiles(join(examplesDir, 'invalid'));

    test('has at least 2 valid and 3 invalid examples', () => {
      assert.ok(validFiles.length >= 2, `${validFiles.length} valid examples`);
      assert.ok(invalidFiles.length >= 3, `${invalidFiles.length} invalid examples`);
    });

    for (const file of validFiles) {
      test(`valid/${file} validates, with its type detected and given`, () => {
        const credential = readJson(join(examplesDir, 'valid', file));
        assert.deepEqual(validator.validate(credential), { valid: true });
        assert.deepEqual(validator.validate(credential, type), { valid: true });
      });
    }

    for (const file of invalidFiles) {
      test(`invalid/${file} fails at the expected instancePath`, () => {
        const credential = readJson(join(examplesDir, 'invalid', file));
        const expectPath = join(examplesDir, 'invalid', file.replace(/\.json$/, '.expect.json'));
        assert.ok(existsSync(expectPath), `missing ${expectPath}`);
        const expected = readJson(expectPath) as Expectation;
        assert.equal(typeof expected.instancePath, 'string', 'expect file needs an instancePath');

        const result = validator.validate(credential, type);
        assert.equal(result.valid, false, 'must not validate');
        if (result.valid) return;
        const at = result.errors.filter((e) => e.instancePath === expected.instancePath);
        assert.ok(at.length > 0, `no error at ${expected.instancePath}: ${JSON.stringify(result.errors)}`);
        if (expected.keyword !== undefined) {
          assert.ok(
            at.some((e) => e.keyword === expected.keyword),
            `no ${expected.keyword} error at ${expected.instancePath}: ${JSON.stringify(result.errors)}`,
          );
        }
        // Each invalid example breaks exactly one rule: every error lies at or below the expected path.
        for (const error of result.errors) {
          const inside =
            error.instancePath === expected.instancePath ||
            error.instancePath.startsWith(`${expected.instancePath}/`);
          assert.ok(inside, `unexpected error elsewhere: ${JSON.stringify(error)}`);
        }
        // Detection from credential.type gives the same verdict.
        assert.equal(validator.validate(credential).valid, false);
      });
    }
  });
}
