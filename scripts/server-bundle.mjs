#!/usr/bin/env node
// The server and CLI (src/, TypeScript) compiled into one ES module, dist/server/nonglintong.mjs,
// which bin/nonglintong.js runs when it is up to date. Running plain JavaScript instead of
// registering tsx's loader at start-up saves ~45 MB of memory and the start-up transform.
// Dependencies stay in node_modules (not bundled): native addons and their data load as usual.
//
//   node scripts/server-bundle.mjs build    always build (npm run build:server)
//   node scripts/server-bundle.mjs ensure   build when missing or older than the sources (npm start)
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestUnder } from './newest-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = join(root, 'dist/server/nonglintong.mjs');


/** True when the bundle exists and is newer than every file under src/ and package.json. */
export function bundleIsCurrent() {
  if (!existsSync(SERVER_BUNDLE)) return false;
  const built = statSync(SERVER_BUNDLE).mtimeMs;
  return built >= newestUnder(join(root, 'src')) && built >= statSync(join(root, 'package.json')).mtimeMs;
}

/**
 * JSON files of packages (chinese-days' holiday table) are copied into the bundle: esbuild
 * drops the `with { type: 'json' }` attribute of an external import, without which Node
 * refuses to load it.
 */
const inlinePackageJson = {
  name: 'inline-package-json',
  setup(b) {
    b.onResolve({ filter: /^[^./].*\.json$/ }, (args) => ({
      path: createRequire(join(args.resolveDir, 'index.js')).resolve(args.path),
    }));
  },
};

export async function buildServer() {
  // Loaded here only: bin/nonglintong.js imports this module on every start.
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    // The search indexer's worker thread loads its own entry from the same folder.
    entryPoints: { nonglintong: 'src/cli/main.ts', 'search-worker': 'src/text/search-worker.ts' },
    outdir: dirname(SERVER_BUNDLE),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    // Stack traces and logs keep the source's function and class names.
    keepNames: true,
    logLevel: 'warning',
    plugins: [inlinePackageJson],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'build' || (command === 'ensure' && !bundleIsCurrent())) {
    if (command === 'ensure') console.log('Compiling the server (dist/server)…');
    await buildServer();
  } else if (command !== 'ensure') {
    console.error('usage: node scripts/server-bundle.mjs build|ensure');
    process.exitCode = 1;
  }
}
