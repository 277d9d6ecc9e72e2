#!/usr/bin/env node
// Runs every suite once and ends with the plain line "N passed, N failed[, N skipped]".
// Without TEST_DATABASE_URL the PostgreSQL suites are skipped, and this says so; without
// Chromium the browser suites are skipped, and this says so too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const pg = process.env.TEST_DATABASE_URL;
console.log(
  pg
    ? `PostgreSQL suites: on (${pg.replace(/\/\/[^@]*@/, '//***@')})`
    : 'PostgreSQL suites: SKIPPED (set TEST_DATABASE_URL=postgres://… to run them)',
);
const hasChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const runs = [{ name: 'domain, storage, API and CLI', config: 'vitest.config.ts', out: 'test-results/vitest.json' }];
if (hasChromium) {
  runs.push({ name: 'browser end-to-end', config: 'test/e2e/vitest.e2e.config.ts', out: 'test-results/vitest-e2e.json' });
} else {
  console.log('Browser end-to-end suites: SKIPPED (no /usr/bin/chromium: apt-get install chromium)');
}

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;
for (const run of runs) {
  if (existsSync(run.out)) rmSync(run.out);
  console.log(`\n== ${run.name} (${run.config})`);
  const args = ['vitest', 'run', '--config', run.config, '--reporter=default', '--reporter=json', `--outputFile.json=${run.out}`];
  const r = spawnSync('npx', [...args, ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) ok = false;
  if (!existsSync(run.out)) {
    failed += 1;
    continue;
  }
  const j = JSON.parse(readFileSync(run.out, 'utf8'));
  passed += j.numPassedTests ?? 0;
  // A file that failed to load has no test results but counts as a failure.
  failed += (j.numFailedTests ?? 0) + (j.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}
if (!pg) console.log('PostgreSQL was skipped: only the SQLite suites ran.');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
