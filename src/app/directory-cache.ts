import type { Clock } from './ports/runtime.ts';
import type { Category, Database, Unit } from './ports/store.ts';

/** What the cache holds. */
export interface Directory {
  units: Map<string, Unit>;
  categories: Map<string, Category>;
  /** Units with a leader in charge (an active user holding the leader role for them). */
  leaderUnitIds: Set<string>;
}

/**
 * Units and categories by id, for naming them in every ticket view, and which units have a
 * leader in charge (whether a supervisor can take a ticket to one). They change rarely (an
 * admin edits them), so they are read once and kept: invalidated by the admin use cases here,
 * and re-read at most `ttlMs` after a change made through another instance.
 */
export class DirectoryCache {
  private cached: Directory | null = null;
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  async get(): Promise<Directory> {
    if (this.cached === null || this.clock.now() - this.loadedAt > this.ttlMs) {
      const [units, categories, leaders] = await Promise.all([
        this.db.stores.units.list(true),
        this.db.stores.categories.list(true),
        this.db.stores.users.unitsWithRole('leader'),
      ]);
      this.cached = {
        units: new Map(units.map((u) => [u.id, u])),
        categories: new Map(categories.map((c) => [c.id, c])),
        leaderUnitIds: new Set(leaders),
      };
      this.loadedAt = this.clock.now();
    }
    return this.cached;
  }

  invalidate(): void {
    this.cached = null;
  }
}
