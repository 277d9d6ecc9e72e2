/**
 * China's statutory schedule (holidays and adjusted working days, 调休) as schedule entries,
 * taken from the chinese-days data package. Years after its last covered year must be loaded by
 * an admin (see src/domain/calendar/schedule.ts); calendarCoverage warns before that.
 */
import cd from 'chinese-days';
// The package's own published data, used only when its functions misread dates (see below).
import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { DayKind } from '../../domain/calendar/types.ts';
import type { ScheduleEntry } from '../../domain/calendar/schedule.ts';
import { addCalendarDays, dayOfWeek } from '../../domain/calendar/working-days.ts';

/**
 * Fewer official days off than this in a year's schedule means it is partial: the law grants
 * 11 public holidays a year (13 from 2025), and every official schedule the package holds
 * (2020-2026) lists 18 or 19 days off once the bridging days are counted.
 */
export const MIN_OFFICIAL_DAYS_OFF = 11;

const { isWorkday, getDayDetail } = cd;

/** First year taken from the package: older years are of no use to a new platform. */
export const STATUTORY_FIRST_YEAR = 2020;
/** Coverage probing stops here; chinese-days 1.5.7 ends with 2026. */
const PROBE_LAST_YEAR = 2100;

/** How one date is classified by the package: is it a working day, and the holiday's name. */
interface Classifier {
  isWorkday(date: string): boolean;
  name(date: string): string;
}

/**
 * chinese-days builds its tables and reads dates with the process's local-time Date methods.
 * Where the process zone is west of UTC (TZ=America/New_York …) every table key lands one day
 * early, so isWorkday('2025-10-01') answers for 30 September. Its bundled JSON holds the same
 * tables with correct keys; we use it when the functions fail a known-answer check.
 */
function packageFunctionsAreSane(): boolean {
  try {
    return (
      getDayDetail('2025-10-01').date === '2025-10-01' &&
      isWorkday('2025-10-01') === false && // Wednesday, National Day
      isWorkday('2025-10-11') === true && // Saturday, adjusted working day
      isWorkday('2025-09-30') === true // Tuesday, ordinary
    );
  } catch {
    // A thrown error here means the same as a wrong answer: do not trust the functions.
    return false;
  }
}

/** The holiday's Chinese name from the package's "English,中文,n" description. */
function chineseName(description: string | undefined): string {
  if (description === undefined) return '';
  const parts = description.split(',');
  return (parts[1] ?? parts[0] ?? '').trim();
}

const fromFunctions: Classifier = {
  isWorkday: (date) => isWorkday(date),
  name: (date) => chineseName(getDayDetail(date).name),
};

const tables = packageData as { holidays: Record<string, string>; workdays: Record<string, string> };
const fromTables: Classifier = {
  // Same rule as the package's isWorkday: listed workdays work; other weekdays work unless listed as holidays.
  isWorkday: (date) => {
    if (tables.workdays[date] !== undefined) return true;
    const w = dayOfWeek(date);
    return w !== 0 && w !== 6 && tables.holidays[date] === undefined;
  },
  name: (date) => chineseName(tables.workdays[date] ?? tables.holidays[date]),
};

/** Exceptions to the weekend rule in one year: weekdays off and weekend days on. */
function yearEntries(classify: Classifier, year: number): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [];
  const end = `${year}-12-31`;
  for (let date = `${year}-01-01`; ; date = addCalendarDays(date, 1)) {
    const w = dayOfWeek(date);
    const weekend = w === 0 || w === 6;
    const works = classify.isWorkday(date);
    if (weekend === works) {
      const kind: DayKind = works ? 'on' : 'off';
      entries.push({ date, kind, note: classify.name(date) });
    }
    if (date === end) break;
  }
  return entries;
}

/** The package's statutory entries from {@link STATUTORY_FIRST_YEAR} and its last covered year. */
export interface StatutoryEntries {
  entries: readonly ScheduleEntry[];
  knownUntilYear: number;
}

let cached: StatutoryEntries | undefined;

/**
 * Computes the entries with the given source of truth; exported for tests only. A year counts
 * as covered when it has at least one weekday off (every official year has several: National
 * Day alone always includes weekdays); coverage ends at the first year without one.
 */
export function computeStatutoryEntries(source: 'functions' | 'tables'): StatutoryEntries {
  const classify = source === 'functions' ? fromFunctions : fromTables;
  const entries: ScheduleEntry[] = [];
  let knownUntilYear = STATUTORY_FIRST_YEAR - 1;
  for (let year = STATUTORY_FIRST_YEAR; year <= PROBE_LAST_YEAR; year++) {
    const list = yearEntries(classify, year);
    if (!list.some((e) => e.kind === 'off')) break;
    entries.push(...list);
    knownUntilYear = year;
  }
  return { entries: Object.freeze(entries), knownUntilYear };
}

/**
 * China's statutory days off (weekdays) and adjusted working days (weekend days) from 2020
 * through the last year the chinese-days package covers, with the holiday's Chinese name as the
 * note. Computed once per process and cached.
 */
export function chinaStatutoryEntries(): StatutoryEntries {
  cached ??= computeStatutoryEntries(packageFunctionsAreSane() ? 'functions' : 'tables');
  return cached;
}
