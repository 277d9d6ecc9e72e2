// Gzipped JavaScript a phone downloads to show the submit page: the phone app's entry chunk,
// the SubmitPage chunk, and every chunk they import statically (transitively).
// Run after `npm run build:web`: node web/mobile/scripts/submit-bundle-size.mjs
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../../../dist/web');
const assets = path.join(dist, 'assets');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const entry = /<script[^>]+src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
const page = readdirSync(assets).find((f) => /^SubmitPage-.*\.js$/.test(f));
if (!entry || !page) throw new Error('build first: npm run build:web');

const seen = new Set();
const visit = (file) => {
  if (seen.has(file)) return;
  seen.add(file);
  const src = readFileSync(path.join(assets, file), 'utf8');
  // static imports only: `import … from "./x.js"` and `import "./x.js"` (dynamic imports are other pages)
  for (const m of src.matchAll(/(?:^|[;}\s])import\s*(?:[^"'();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(m[1]);
};
visit(entry);
visit(page);

let total = 0;
for (const f of seen) {
  const gz = gzipSync(readFileSync(path.join(assets, f))).length;
  total += gz;
  console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB  ${f}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB  total gzipped JS for the submit page (limit 150 KB)`);
process.exitCode = total > 150 * 1024 ? 1 : 0;
