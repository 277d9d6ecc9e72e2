import type { WorkCalendar } from '../domain/calendar/types.ts';
import { buildCalendar } from '../domain/calendar/schedule.ts';
import type { CalendarDay, Database } from './ports/store.ts';
import type { Clock } from './ports/runtime.ts';
import { chinaStatutoryEntries, MIN_OFFICIAL_DAYS_OFF } from './calendar/statutory.ts';

export interface CalendarSettings {
  timeZone: string;
  endOfDay: string;
}

/**
 * Holds the working calendar in force: China's statutory schedule from the data package,
 * years loaded by admins, and the institution's own days. Rebuilt after every change here and
 * at most `ttlMs` after a change made by another instance.
 */
export class WorkingCalendar {
  private current: WorkCalendar | null = null;
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly settings: CalendarSettings,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  async get(): Promise<WorkCalendar> {
    if (this.current === null || this.clock.now() - this.loadedAt > this.ttlMs) await this.reload();
    return this.current as WorkCalendar;
  }

  invalidate(): void {
    this.current = null;
  }

  async reload(): Promise<WorkCalendar> {
    const stored = await this.db.stores.calendar.list();
    this.current = buildFrom(this.settings, stored);
    this.loadedAt = this.clock.now();
    return this.current;
  }
}

/** Combines the package's statutory days, statutory years loaded into the database and institution days. */
export function buildFrom(settings: CalendarSettings, stored: CalendarDay[]): WorkCalendar {
  const pkg = chinaStatutoryEntries();
  const loadedStatutory = stored.filter((d) => d.source === 'statutory');
  const loadedYears = new Set(loadedStatutory.map((d) => Number(d.date.slice(0, 4))));
  // A year counts as known (no warning) once its schedule lists as many days off as an
  // official one has; a partial one (a single holiday typed in) applies but keeps the warning.
  const offDays = new Map<number, number>();
  for (const d of loadedStatutory) {
    const y = Number(d.date.slice(0, 4));
    if (d.kind === 'off') offDays.set(y, (offDays.get(y) ?? 0) + 1);
  }
  const knownYears = [...loadedYears].filter((y) => (offDays.get(y) ?? 0) >= MIN_OFFICIAL_DAYS_OFF);
  // A year loaded by an admin replaces the package's entries for that year.
  const statutory = [
    ...pkg.entries.filter((e) => !loadedYears.has(Number(e.date.slice(0, 4)))),
    ...loadedStatutory.map((d) => ({ date: d.date, kind: d.kind, note: d.note ?? '' })),
  ];
  const institution = stored
    .filter((d) => d.source === 'institution')
    .map((d) => ({ date: d.date, kind: d.kind, note: d.note ?? '' }));
  return buildCalendar({
    timeZone: settings.timeZone,
    endOfDay: settings.endOfDay,
    statutory,
    institution,
    knownUntilYear: Math.max(pkg.knownUntilYear, ...knownYears),
  });
}
