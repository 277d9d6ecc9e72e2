#!/usr/bin/env node
// Builds the phone app and the console into dist/web, then writes Brotli and gzip twins of
// every text asset, which the server sends to browsers that accept them (preCompressed).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });

const TEXT = /\.(js|mjs|css|html|json|svg|txt)$/;
function compressAll(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) compressAll(p);
    else if (TEXT.test(e.name) && statSync(p).size > 1024) {
      const bytes = readFileSync(p);
      writeFileSync(`${p}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${p}.gz`, gzipSync(bytes, { level: 9 }));
    }
  }
}
compressAll('dist/web');
