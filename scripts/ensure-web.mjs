#!/usr/bin/env node
// Builds the phone app and the console (dist/web) before `npm start` when the build is
// missing or older than its sources; a fresh checkout thus serves the web app on first start.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'dist/web/index.html';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(OUT) || newest('web') > statSync(OUT).mtimeMs) {
  console.log('Building the web app (phone app at /, console at /console/)…');
  execFileSync('node', ['scripts/build-web.mjs'], { stdio: 'inherit' });
}
