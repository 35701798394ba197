#!/usr/bin/env node
// Runs every workspace's tests with node's test runner in one invocation and closes with the line
// `N passed, N failed` summed over every suite. Usage: node scripts/run-tests.mjs [path-filter ...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const filters = process.argv.slice(2);

function testFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = [...workspaces, '.']
  .flatMap((ws) => testFiles(join(root, ws, 'test')))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const countsFile = join(mkdtempSync(join(tmpdir(), 'medtrust-tests-')), 'counts.json');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-timeout',
    process.env.TEST_TIMEOUT_MS ?? '300000',
    '--test-reporter',
    'spec',
    '--test-reporter-destination',
    'stdout',
    '--test-reporter',
    './scripts/count-reporter.mjs',
    '--test-reporter-destination',
    countsFile,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: process.env },
);

let counts = { passed: 0, failed: 0, skipped: 0 };
try {
  counts = JSON.parse(readFileSync(countsFile, 'utf8'));
} catch {
  counts.failed = Math.max(1, counts.failed); // the runner died before reporting: never report green
}
if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
console.log(
  `\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`,
);
process.exit(counts.failed > 0 || result.status !== 0 ? 1 : 0);
