#!/usr/bin/env node
// Builds the phone app and the console (dist/web) before `npm start` when the build is
// missing or older than its sources; a fresh checkout thus serves the web app on first start.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { newestUnder } from './newest-file.mjs';

const OUT = 'dist/web/index.html';

if (!existsSync(OUT) || newestUnder('web') > statSync(OUT).mtimeMs) {
  console.log('Building the web app (phone app at /, console at /console/)…');
  execFileSync('node', ['scripts/build-web.mjs'], { stdio: 'inherit' });
}
