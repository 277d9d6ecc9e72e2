import type { DecideContext } from '../domain/ticket/decide.ts';
import type { DirectoryCache } from './directory-cache.ts';
import type { Policies } from './policies.ts';
import type { FileStore, ImageProcessor } from './ports/files.ts';
import type { Clock, Ids, PasswordHasher, Secrets } from './ports/runtime.ts';
import type { Database } from './ports/store.ts';
import type { SearchIndexer } from './ports/text.ts';
import type { WorkingCalendar } from './working-calendar.ts';

/** Everything a use case may touch, built once by the composition root. */
export interface AppDeps {
  db: Database;
  clock: Clock;
  ids: Ids;
  passwords: PasswordHasher;
  secrets: Secrets;
  calendar: WorkingCalendar;
  policies: Policies;
  directory: DirectoryCache;
  settings: AppSettings;
  /** Uploaded photos' bytes. */
  files: FileStore;
  /** Sniffs and re-encodes uploaded images. */
  images: ImageProcessor;
  /** Computes tickets' search columns. */
  search: SearchIndexer;
}

export interface AppSettings {
  timeZone: string;
  sessionTtlMs: number;
}

/** The pure decision context at this instant. */
export async function decideContext(deps: AppDeps, now = deps.clock.now()): Promise<DecideContext> {
  const [calendar, policyFor, { leaderUnitIds }] = await Promise.all([
    deps.calendar.get(),
    deps.policies.resolver(),
    deps.directory.get(),
  ]);
  return { now, calendar, policyFor, hasLeaderInCharge: (unitId) => leaderUnitIds.has(unitId) };
}
