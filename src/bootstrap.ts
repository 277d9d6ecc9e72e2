import type { AppDeps } from './app/context.ts';
import type { Database } from './app/ports/store.ts';
import { DirectoryCache } from './app/directory-cache.ts';
import { Policies } from './app/policies.ts';
import { WorkingCalendar } from './app/working-calendar.ts';
import { argon2Passwords } from './auth/local/passwords.ts';
import { nodeSecrets, systemClock, uuidV7Ids } from './auth/secrets.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { createDiskFileStore } from './files/disk-file-store.ts';
import { createSharpImageProcessor } from './files/images.ts';
import { createMemoryFileStore } from './files/memory-file-store.ts';
import type { Clock } from './app/ports/runtime.ts';
import { workerSearchIndexer } from './text/indexer.ts';

/** Opens the database named by the configuration, migrates it and wires the use cases' dependencies. */
export async function bootstrap(config: Config, overrides: { clock?: Clock; db?: Database } = {}): Promise<AppDeps> {
  const db =
    overrides.db ??
    (await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { sqlitePath: config.sqlitePath }));
  await db.migrate();
  return depsFor(db, config, overrides.clock ?? systemClock);
}

export function depsFor(
  db: Database,
  config: Pick<Config, 'timeZone' | 'endOfDay' | 'sessionTtlMs'> & Partial<Pick<Config, 'uploadDir' | 'searchThreads'>>,
  clock: Clock = systemClock,
): AppDeps {
  return {
    db,
    clock,
    ids: uuidV7Ids,
    passwords: argon2Passwords,
    secrets: nodeSecrets,
    calendar: new WorkingCalendar(db, { timeZone: config.timeZone, endOfDay: config.endOfDay }, clock),
    policies: new Policies(db, clock),
    directory: new DirectoryCache(db, clock),
    settings: { timeZone: config.timeZone, sessionTtlMs: config.sessionTtlMs },
    // Without an upload folder (tests, tools) photos stay in memory; `serve` always passes one.
    files: config.uploadDir ? createDiskFileStore(config.uploadDir) : createMemoryFileStore(),
    images: createSharpImageProcessor(),
    // One worker thread unless configured otherwise (SEARCH_THREADS; 0 segments inline).
    // On PostgreSQL the worker also builds the tsvector literal the store writes.
    search: workerSearchIndexer(config.searchThreads ?? 1, { tsvector: db.dialect === 'postgres' }),
  };
}
