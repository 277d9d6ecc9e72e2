// Writes the OpenAPI document of the API and the TypeScript types the web apps' client uses:
// web/common/api/openapi.json and web/common/api/schema.d.ts. Run: npm run gen:api
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { depsFor } from '../src/bootstrap.ts';
import { openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';

const dir = mkdtempSync(join(tmpdir(), 'nlt-openapi-'));
const db = await openDatabase({ sqlitePath: join(dir, 'x.db') });
await db.migrate();
const app = await buildApp(depsFor(db, { timeZone: 'Asia/Shanghai', endOfDay: '23:59:59', sessionTtlMs: 1 }));
await app.ready();
const spec = app.swagger();
writeFileSync('web/common/api/openapi.json', `${JSON.stringify(spec, null, 2)}\n`);
await app.close();
await db.close();
rmSync(dir, { recursive: true, force: true });
execFileSync('npx', ['openapi-typescript', 'web/common/api/openapi.json', '-o', 'web/common/api/schema.d.ts'], { stdio: 'inherit' });
