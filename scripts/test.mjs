#!/usr/bin/env node
// Runs the whole suite once and ends with the plain line "N passed, N failed[, N skipped]".
// Without TEST_DATABASE_URL the PostgreSQL suites are skipped, and this says so.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const out = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
if (existsSync(out)) rmSync(out);
const pg = process.env.TEST_DATABASE_URL;
console.log(
  pg
    ? `PostgreSQL suites: on (${pg.replace(/\/\/[^@]*@/, '//***@')})`
    : 'PostgreSQL suites: SKIPPED (set TEST_DATABASE_URL=postgres://… to run them)',
);
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
  ...process.argv.slice(2),
];
const r = spawnSync('npx', args, { stdio: 'inherit', env: process.env });
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests ?? 0;
  failed =
    (j.numFailedTests ?? 0) +
    (j.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
} else {
  failed = 1;
}
if (!pg) console.log('PostgreSQL was skipped: only the SQLite suites ran.');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
