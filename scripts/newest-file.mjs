// The latest modification time (ms) of any file under a folder: used to tell whether a build
// (dist/web, dist/server) is older than its sources.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function newestUnder(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs);
  }
  return t;
}
