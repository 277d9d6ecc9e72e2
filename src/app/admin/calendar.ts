import type { DayKind } from '../../domain/calendar/types.ts';
import { parseSchedule, yearsOf } from '../../domain/calendar/schedule.ts';
import {
  calendarCoverage,
  dueAt,
  formatInstant,
  isValidDate,
  isWorkingDay,
  localDate,
  type CalendarCoverage,
} from '../../domain/calendar/working-days.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { chinaStatutoryEntries, MIN_OFFICIAL_DAYS_OFF } from '../calendar/statutory.ts';
import type { CalendarDay } from '../ports/store.ts';

export const MAX_DUE_DAYS = 365;

/** The due instant of a limit of `days` working days from `from`, with the configured calendar. */
export async function computeDue(deps: AppDeps, from: number, days: number): Promise<{ due: number; iso: string }> {
  if (!Number.isFinite(from)) throw new AppError('VALIDATION', 'from');
  if (!Number.isInteger(days) || days < 0 || days > MAX_DUE_DAYS)
    throw new AppError('VALIDATION', 'days', { max: MAX_DUE_DAYS });
  const cal = await deps.calendar.get();
  const due = dueAt(cal, from, days);
  return { due, iso: formatInstant(cal, due) };
}

/**
 * Whether the official schedule is about to run out, and which loaded years look partial
 * (they apply, but do not count as known); admins see both as warnings.
 */
export async function calendarStatus(
  deps: AppDeps,
): Promise<CalendarCoverage & { today: string; timeZone: string; incompleteYears: number[] }> {
  const cal = await deps.calendar.get();
  const now = deps.clock.now();
  const loaded = (await deps.db.stores.calendar.list()).filter((d) => d.source === 'statutory');
  return {
    ...calendarCoverage(cal, now),
    today: localDate(cal, now),
    timeZone: cal.timeZone,
    incompleteYears: incompleteYears(loaded),
  };
}

export interface MonthDay {
  date: string;
  working: boolean;
  /** Where the day's status comes from, when it is not the plain weekend rule. */
  source: 'statutory' | 'institution' | null;
  note: string | null;
}

/** How far apart `from` and `to` of a range of days may be (a year's view and some). */
export const MAX_RANGE_DAYS = 400;

/** The days of a range with their working status and origin (the console's month view). */
export async function calendarDays(deps: AppDeps, fromDate: string, toDate: string): Promise<MonthDay[]> {
  if (!isValidDate(fromDate)) throw new AppError('VALIDATION', 'from');
  if (!isValidDate(toDate)) throw new AppError('VALIDATION', 'to');
  if (toDate < fromDate) throw new AppError('VALIDATION', 'to', { rule: 'before_from', from: fromDate, to: toDate });
  const start = Date.parse(`${fromDate}T00:00:00Z`);
  const end = Date.parse(`${toDate}T00:00:00Z`);
  const apart = (end - start) / 86_400_000;
  if (apart > MAX_RANGE_DAYS) {
    throw new AppError('VALIDATION', 'to', {
      rule: 'range_too_long',
      max: MAX_RANGE_DAYS,
      days: apart,
      from: fromDate,
      to: toDate,
    });
  }
  const cal = await deps.calendar.get();
  const stored = await deps.db.stores.calendar.list(fromDate, toDate);
  const byDate = new Map<string, CalendarDay>();
  for (const d of stored) if (!byDate.has(d.date) || d.source === 'institution') byDate.set(d.date, d);
  const out: MonthDay[] = [];
  for (let t = start; t <= end; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const entry = byDate.get(date);
    const statutory = cal.days.get(date);
    out.push({
      date,
      working: isWorkingDay(cal, date),
      source: entry?.source ?? (statutory ? 'statutory' : null),
      note: entry?.note ?? null,
    });
  }
  return out;
}

/** Years an institution day may fall in: those calendar/due accepts an instant in. */
export const CALENDAR_YEARS = { min: 1970, max: 2100 } as const;

/** Adds or changes one of the institution's own days off or on. */
export async function setInstitutionDay(
  deps: AppDeps,
  date: string,
  kind: DayKind,
  note: string | null,
): Promise<void> {
  if (!isValidDate(date)) throw new AppError('VALIDATION', 'date');
  const year = Number(date.slice(0, 4));
  if (year < CALENDAR_YEARS.min || year > CALENDAR_YEARS.max) {
    throw new AppError('VALIDATION', 'date', { rule: 'year_range', ...CALENDAR_YEARS });
  }
  if (kind !== 'off' && kind !== 'on') throw new AppError('VALIDATION', 'kind');
  await deps.db.stores.calendar.upsert({ date, kind, source: 'institution', note: note?.trim() || null });
  deps.calendar.invalidate();
}

export async function removeInstitutionDay(deps: AppDeps, date: string): Promise<boolean> {
  if (!isValidDate(date)) throw new AppError('VALIDATION', 'date');
  const removed = await deps.db.stores.calendar.delete(date, 'institution');
  deps.calendar.invalidate();
  return removed;
}

/**
 * The years of these official days that list fewer days off than any official schedule has
 * (see MIN_OFFICIAL_DAYS_OFF): they apply, but do not count as known (the warning stays).
 */
function incompleteYears(entries: readonly { date: string; kind: string }[]): number[] {
  return yearsOf(entries).filter((y) => daysOffIn(entries, y) < MIN_OFFICIAL_DAYS_OFF);
}

/** Days off in one year of official days. */
function daysOffIn(entries: readonly { date: string; kind: string }[], year: number): number {
  return entries.filter((e) => e.kind === 'off' && e.date.startsWith(`${year}-`)).length;
}

/**
 * Loads a year's official schedule (days off and adjusted working days) from the simple text
 * or CSV format of src/domain/calendar/schedule.ts. Each year in the file replaces what was
 * stored for it; a file with any bad line changes nothing. A file that would leave a year
 * partial (fewer than MIN_OFFICIAL_DAYS_OFF days off) while that year is complete now, from
 * the data package or an earlier load, is refused (a one-line file would wipe the year's
 * holidays) unless `replaceIncomplete` says the caller means it.
 */
export async function loadStatutorySchedule(
  deps: AppDeps,
  text: string,
  { replaceIncomplete = false }: { replaceIncomplete?: boolean } = {},
): Promise<{ years: number[]; days: number; incompleteYears: number[] }> {
  const parsed = parseSchedule(text);
  if (!parsed.ok) {
    throw new AppError(
      'CALENDAR_FILE_INVALID',
      'file',
      { count: parsed.errors.length },
      parsed.errors.map((e) => ({
        code: e.code,
        field: `line ${e.line}`,
        params: { line: e.line, ...(e.params ?? {}) },
      })),
    );
  }
  if (parsed.entries.length === 0) throw new AppError('CALENDAR_FILE_EMPTY', 'file');
  const years = yearsOf(parsed.entries);
  const partial = incompleteYears(parsed.entries);
  await deps.db.transaction(async (s) => {
    if (!replaceIncomplete && partial.length > 0) {
      const pkg = chinaStatutoryEntries().entries;
      const wouldBreak: number[] = [];
      for (const y of partial) {
        const loaded = (await s.calendar.list(`${y}-01-01`, `${y}-12-31`)).filter((d) => d.source === 'statutory');
        const offNow = loaded.length > 0 ? daysOffIn(loaded, y) : daysOffIn(pkg, y);
        if (offNow >= MIN_OFFICIAL_DAYS_OFF) wouldBreak.push(y);
      }
      if (wouldBreak.length > 0) {
        throw new AppError(
          'CALENDAR_YEAR_INCOMPLETE',
          'file',
          { years: wouldBreak.join(', '), min: MIN_OFFICIAL_DAYS_OFF },
          wouldBreak.map((y) => {
            const inYear = parsed.entries.filter((e) => e.date.startsWith(`${y}-`));
            return {
              code: 'CALENDAR_YEAR_WOULD_BE_PARTIAL',
              field: `year ${y}`,
              params: {
                year: y,
                off: daysOffIn(inYear, y),
                on: inYear.length - daysOffIn(inYear, y),
                min: MIN_OFFICIAL_DAYS_OFF,
              },
            };
          }),
        );
      }
    }
    for (const y of years) {
      const days = parsed.entries
        .filter((e) => e.date.startsWith(`${y}-`))
        .map((e) => ({ date: e.date, kind: e.kind, source: 'statutory' as const, note: e.note || null }));
      await s.calendar.replaceRange('statutory', `${y}-01-01`, `${y}-12-31`, days);
    }
  });
  deps.calendar.invalidate();
  return { years, days: parsed.entries.length, incompleteYears: incompleteYears(parsed.entries) };
}
