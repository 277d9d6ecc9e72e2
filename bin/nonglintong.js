#!/usr/bin/env node
// Entry point of the `nonglintong` command. Runs the compiled bundle (dist/server, made by
// `npm run build:server` and by `npm start`) when it is newer than every source file;
// otherwise the TypeScript sources through tsx, so a checkout always runs what it holds.
// NONGLINTONG_FROM_SOURCE=1 forces the sources.
import { pathToFileURL } from 'node:url';
import { bundleIsCurrent, SERVER_BUNDLE } from '../scripts/server-bundle.mjs';

if (process.env.NONGLINTONG_FROM_SOURCE !== '1' && bundleIsCurrent()) {
  // NONGLINTONG_SOURCE_MAPS=1: stack traces point into src/ through the bundle's source map.
  // Off by default: Node then parses and keeps the source maps of the bundle and of every
  // package that ships one (their sources included), 13 MB more memory for a server at rest
  // (VmRSS 157-160 against 144-147 MB), against the 200 MB the server is meant to stay under.
  if (process.env.NONGLINTONG_SOURCE_MAPS === '1') process.setSourceMapsEnabled(true);
  await import(pathToFileURL(SERVER_BUNDLE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
