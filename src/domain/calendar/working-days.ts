/**
 * Working-day arithmetic over a {@link WorkCalendar}. Pure: every input (instants, the calendar)
 * comes in as an argument. Local dates are "YYYY-MM-DD" strings in the calendar's time zone;
 * instants are epoch milliseconds.
 *
 * Internally a local date is a day number (days since 1970-01-01) so that walking days is plain
 * integer arithmetic; the time zone is only consulted at the two ends (instant → local day,
 * local day + end of day → instant).
 */
import { IANAZone } from 'luxon';
import type { DayKind, WorkCalendar } from './types.ts';

/** Default IANA zone of a calendar (PRODUCT: "Time zone Asia/Shanghai by default"). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** Default local end of a working day. */
export const DEFAULT_END_OF_DAY = '23:59:59';
/** {@link calendarCoverage} warns when fewer days than this remain in the known schedule. */
export const COVERAGE_WARN_DAYS = 60;
/**
 * Upper bound on the calendar days any single computation walks (about ten years). It only
 * stops runaway loops on a broken calendar (e.g. every day marked off); real limits are weeks.
 */
export const MAX_SCAN_DAYS = 3660;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Civil-date arithmetic (proleptic Gregorian, day 0 = 1970-01-01), after H. Hinnant's
// days_from_civil / civil_from_days: no Date objects, so walking days costs almost nothing.

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad4(n: number): string {
  return n >= 1000 ? `${n}` : `${n}`.padStart(4, '0');
}

/** Day number → "YYYY-MM-DD". */
function dayString(n: number): string {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" → day number, or NaN when the string is not a real calendar date. */
function tryParseDate(date: string): number {
  const m = DATE_RE.exec(date);
  if (m === null) return Number.NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

function parseDate(date: string, fn: string): number {
  const n = tryParseDate(date);
  if (Number.isNaN(n)) throw new RangeError(`${fn}: not a date "YYYY-MM-DD": ${JSON.stringify(date)}`);
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isWeekend(n: number): boolean {
  const w = weekday(n);
  return w === 0 || w === 6;
}

/** Weekdays (Mon–Fri) among day numbers [-3, k - 3): day -3 (1969-12-29) is a Monday. */
function weekdaysBefore(k: number): number {
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
}

// ---------------------------------------------------------------------------------------------
// Time zones. Asking ICU for an offset costs a few microseconds, which dominated dueAt. Offsets
// change at most a few times a year, so the offset of each whole UTC hour is memoized once both
// ends of the hour agree (no zone has ever changed and changed back within one hour). The memo
// is invisible to callers: the functions stay pure.

interface ZoneMemo {
  zone: IANAZone;
  hours: Map<number, number>;
}

const MAX_MEMO_HOURS = 100_000;
const zones = new Map<string, ZoneMemo>();

function zoneMemo(timeZone: string): ZoneMemo {
  let memo = zones.get(timeZone);
  if (memo === undefined) {
    if (!IANAZone.isValidZone(timeZone))
      throw new RangeError(`calendar: unknown IANA time zone ${JSON.stringify(timeZone)}`);
    memo = { zone: IANAZone.create(timeZone), hours: new Map() };
    zones.set(timeZone, memo);
  }
  return memo;
}

function rawOffsetMs(zone: IANAZone, t: number): number {
  const minutes = zone.offset(t);
  if (!Number.isFinite(minutes)) throw new RangeError(`calendar: instant out of range: ${t}`);
  // Offsets before standard time (local mean time) have seconds; keep them exact to the second.
  return Math.round(minutes * 60) * 1000;
}

/** UTC offset in milliseconds of `timeZone` at instant `t`. */
function offsetMs(timeZone: string, t: number): number {
  const memo = zoneMemo(timeZone);
  const hour = Math.floor(t / HOUR_MS);
  const hit = memo.hours.get(hour);
  if (hit !== undefined) return hit;
  const start = rawOffsetMs(memo.zone, hour * HOUR_MS);
  const end = rawOffsetMs(memo.zone, hour * HOUR_MS + HOUR_MS - 1);
  if (start !== end) return rawOffsetMs(memo.zone, t);
  if (memo.hours.size >= MAX_MEMO_HOURS) memo.hours.clear();
  memo.hours.set(hour, start);
  return start;
}

function checkInstant(t: number, fn: string): void {
  if (!Number.isFinite(t)) throw new RangeError(`${fn}: not a finite instant: ${t}`);
}

/** Local day number of an instant. */
function localDay(timeZone: string, t: number): number {
  return Math.floor((t + offsetMs(timeZone, t)) / DAY_MS);
}

/**
 * The instant at which a zone's wall clock reads `localMs` (local time expressed as if it were
 * UTC). A wall time skipped by a forward change resolves forward by the length of the gap (like
 * luxon and Temporal); a wall time that occurs twice resolves to the later instant, because a
 * deadline must not pass before the stated time has passed in both readings.
 */
function instantOfLocal(timeZone: string, localMs: number): number {
  const before = offsetMs(timeZone, localMs - DAY_MS);
  const after = offsetMs(timeZone, localMs + DAY_MS);
  if (before === after) {
    const t = localMs - before;
    if (offsetMs(timeZone, t) === before) return t;
  }
  const t1 = localMs - before;
  const t2 = localMs - after;
  const ok1 = offsetMs(timeZone, t1) === before;
  const ok2 = offsetMs(timeZone, t2) === after;
  if (ok1 && ok2) return Math.max(t1, t2);
  if (ok1) return t1;
  if (ok2) return t2;
  return localMs - before;
}

const END_OF_DAY_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** "HH:mm[:ss]" → milliseconds after local midnight, or NaN. */
function tryParseEndOfDay(endOfDay: string): number {
  const m = END_OF_DAY_RE.exec(endOfDay);
  if (m === null) return Number.NaN;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000;
}

function endOfDayMs(cal: WorkCalendar): number {
  const ms = tryParseEndOfDay(cal.endOfDay);
  if (Number.isNaN(ms))
    throw new RangeError(`calendar: endOfDay must be "HH:mm:ss", got ${JSON.stringify(cal.endOfDay)}`);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Calendar index. Looking each walked day up in `cal.days` by its string costs a string build and
// a hash per day; instead each calendar's exceptions are turned once into sorted day numbers with
// prefix sums of how far each one moves the plain weekday count. Walking is then integer work and
// counting is two binary searches. The index is memoized per `cal.days` map: a calendar is an
// immutable value (ReadonlyMap), so the memo cannot go stale; a changed size is still detected.

interface DayIndex {
  size: number;
  /** Day numbers of the exceptions, ascending. */
  dayNumbers: Float64Array;
  /** 1 where the exception is a working day ('on'), 0 where it is a day off. */
  on: Uint8Array;
  /** prefix[i]: working days gained (+) or lost (−) against the weekday rule by exceptions [0, i). */
  prefix: Int32Array;
}

const indexes = new WeakMap<ReadonlyMap<string, DayKind>, DayIndex>();

function dayIndex(cal: WorkCalendar): DayIndex {
  const days = cal.days;
  let index = indexes.get(days);
  if (index !== undefined && index.size === days.size) return index;
  const list: Array<[number, boolean]> = [];
  for (const [date, kind] of days) {
    const n = tryParseDate(date);
    // A key that is not a date can never be looked up (dates are validated on the way in).
    if (!Number.isNaN(n)) list.push([n, kind === 'on']);
  }
  list.sort((x, y) => x[0] - y[0]);
  const dayNumbers = new Float64Array(list.length);
  const on = new Uint8Array(list.length);
  const prefix = new Int32Array(list.length + 1);
  list.forEach(([n, works], i) => {
    dayNumbers[i] = n;
    on[i] = works ? 1 : 0;
    const correction = works === isWeekend(n) ? (works ? 1 : -1) : 0;
    prefix[i + 1] = (prefix[i] ?? 0) + correction;
  });
  index = { size: days.size, dayNumbers, on, prefix };
  indexes.set(days, index);
  return index;
}

/** First i with dayNumbers[i] ≥ n. */
function lowerBound(dayNumbers: Float64Array, n: number): number {
  let lo = 0;
  let hi = dayNumbers.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dayNumbers[mid] as number) < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function endOfDayNumber(cal: WorkCalendar, n: number): number {
  return instantOfLocal(cal.timeZone, n * DAY_MS + endOfDayMs(cal));
}

/** The `count`-th working day after day `start` (count ≥ 0; 0 → start itself). */
function addWorkingDayNumbers(cal: WorkCalendar, start: number, count: number, fn: string): number {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`${fn}: days must be a non-negative integer, got ${count}`);
  }
  if (count === 0) return start;
  const { dayNumbers, on } = dayIndex(cal);
  let next = lowerBound(dayNumbers, start + 1);
  let day = start;
  let w = weekday(start);
  let left = count;
  while (left > 0) {
    if (day - start >= MAX_SCAN_DAYS) {
      throw new RangeError(`${fn}: ${count} working days lie more than ${MAX_SCAN_DAYS} days ahead`);
    }
    day += 1;
    w = w === 6 ? 0 : w + 1;
    let works: boolean;
    if (dayNumbers[next] === day) {
      works = on[next] === 1;
      next += 1;
    } else {
      works = w !== 0 && w !== 6;
    }
    if (works) left -= 1;
  }
  return day;
}

/** Working days d with a < d ≤ b (day numbers, a < b): weekdays, corrected by the exceptions. */
function countWorkingDays(cal: WorkCalendar, a: number, b: number): number {
  const { dayNumbers, prefix } = dayIndex(cal);
  const corrections =
    (prefix[lowerBound(dayNumbers, b + 1)] as number) - (prefix[lowerBound(dayNumbers, a + 1)] as number);
  return weekdaysBefore(b + 4) - weekdaysBefore(a + 4) + corrections;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** True when `date` is a real calendar date written "YYYY-MM-DD". */
export function isValidDate(date: string): boolean {
  return !Number.isNaN(tryParseDate(date));
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

/** True when `endOfDay` is a local time "HH:mm:ss" (or "HH:mm") between 00:00:00 and 23:59:59. */
export function isValidEndOfDay(endOfDay: string): boolean {
  return !Number.isNaN(tryParseEndOfDay(endOfDay));
}

/** Day of the week of a local date, 0 = Sunday … 6 = Saturday. Throws RangeError on a bad date. */
export function dayOfWeek(date: string): number {
  return weekday(parseDate(date, 'dayOfWeek'));
}

/** The local date after `date` by `delta` calendar days (negative goes back). */
export function addCalendarDays(date: string, delta: number): string {
  if (!Number.isInteger(delta)) throw new RangeError(`addCalendarDays: delta must be an integer, got ${delta}`);
  return dayString(parseDate(date, 'addCalendarDays') + delta);
}

/**
 * The local date ("YYYY-MM-DD") of an instant in the calendar's time zone.
 * @throws RangeError on a non-finite instant or an unknown time zone.
 */
export function localDate(cal: WorkCalendar, instant: number): string {
  checkInstant(instant, 'localDate');
  return dayString(localDay(cal.timeZone, instant));
}

/**
 * Whether a local date is a working day: an exception in `cal.days` decides ('on' works, 'off'
 * rests); otherwise Monday–Friday work and Saturday–Sunday rest. Years after
 * `cal.knownUntilYear` simply have no exceptions, i.e. weekends only.
 * @throws RangeError when `date` is not "YYYY-MM-DD".
 */
export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  const n = parseDate(date, 'isWorkingDay');
  const kind = cal.days.get(date);
  return kind === undefined ? !isWeekend(n) : kind === 'on';
}

/**
 * The instant at which `date` reaches `cal.endOfDay` in the calendar's zone. Across a DST change
 * a skipped wall time resolves forward and a repeated one to its later occurrence.
 * @throws RangeError on a bad date, end of day or time zone.
 */
export function endOfLocalDay(cal: WorkCalendar, date: string): number {
  return endOfDayNumber(cal, parseDate(date, 'endOfLocalDay'));
}

/**
 * The local date of the `days`-th working day after `date` (the date itself is not counted;
 * 0 returns `date`).
 * @throws RangeError when `days` is negative or not an integer, or the answer lies more than
 * {@link MAX_SCAN_DAYS} calendar days ahead.
 */
export function addWorkingDays(cal: WorkCalendar, date: string, days: number): string {
  const start = parseDate(date, 'addWorkingDays');
  return dayString(addWorkingDayNumbers(cal, start, days, 'addWorkingDays'));
}

/**
 * The deadline of a limit of `days` working days starting at instant `from` (PRODUCT "Working
 * days"): the end (`cal.endOfDay`) of the `days`-th working day after the local day of `from`.
 * The starting day is never counted, even when it is a working day; `days` = 0 gives the end
 * of the starting day itself. Example: 2025-09-30T10:00+08:00 plus 3 working days, with 1–8
 * October off and Saturday 11 October an adjusted working day, is 2025-10-11T23:59:59+08:00.
 * @throws RangeError when `days` is negative or not an integer (callers validate first), when
 * `from` is not finite, or when the deadline lies more than {@link MAX_SCAN_DAYS} days ahead.
 */
export function dueAt(cal: WorkCalendar, from: number, days: number): number {
  checkInstant(from, 'dueAt');
  const last = addWorkingDayNumbers(cal, localDay(cal.timeZone, from), days, 'dueAt');
  return endOfDayNumber(cal, last);
}

/**
 * The number of working days d with localDate(from) < d ≤ localDate(to); 0 when `to` ≤ `from`.
 * It is the inverse of {@link dueAt}: workingDaysBetween(cal, t, dueAt(cal, t, n)) === n.
 * @throws RangeError on a non-finite instant.
 */
export function workingDaysBetween(cal: WorkCalendar, from: number, to: number): number {
  checkInstant(from, 'workingDaysBetween');
  checkInstant(to, 'workingDaysBetween');
  if (to <= from) return 0;
  const a = localDay(cal.timeZone, from);
  const b = localDay(cal.timeZone, to);
  return b > a ? countWorkingDays(cal, a, b) : 0;
}

/**
 * Working days left until a deadline, as people count them on the day they look: the working
 * days d with localDate(now) < d ≤ localDate(due) while the deadline is ahead (0 = due by the end
 * of today), and minus the working days after the deadline's day up to today once it has passed
 * (0 when it passed earlier today: callers show "overdue" from the instants, not from this number).
 * Example (1–8 Oct 2025 off, Sat 11 Oct on): now 2025-09-30T10:00+08:00, due
 * 2025-10-11T23:59:59+08:00 → 3.
 * @throws RangeError on a non-finite instant.
 */
export function workingDaysLeft(cal: WorkCalendar, now: number, due: number): number {
  // `0 -` rather than unary minus: never -0 (it would serialize as 0 but compare oddly).
  return due >= now ? workingDaysBetween(cal, now, due) : 0 - workingDaysBetween(cal, due, now);
}

/**
 * A deadline after a pause waiting on the submitter (PRODUCT: that time does not count): it
 * moves later by the working days the pause consumed, n = workingDaysBetween(pausedAt,
 * resumedAt), i.e. dueAt(cal, deadline, n) when n > 0. A pause that consumes no working day
 * (same day, or only days off) leaves the deadline unchanged.
 * @throws RangeError on a non-finite instant.
 */
export function shiftForPause(cal: WorkCalendar, deadline: number, pausedAt: number, resumedAt: number): number {
  checkInstant(deadline, 'shiftForPause');
  const n = workingDaysBetween(cal, pausedAt, resumedAt);
  return n > 0 ? dueAt(cal, deadline, n) : deadline;
}

/**
 * An instant as ISO 8601 in the calendar's zone, to the second (milliseconds are truncated),
 * with a numeric offset: "2025-10-11T23:59:59+08:00" (UTC is written "+00:00").
 * @throws RangeError on a non-finite instant or an unknown time zone.
 */
export function formatInstant(cal: WorkCalendar, instant: number): string {
  checkInstant(instant, 'formatInstant');
  const t = Math.floor(instant / 1000) * 1000;
  const off = offsetMs(cal.timeZone, t);
  const local = t + off;
  const day = Math.floor(local / DAY_MS);
  const secs = (local - day * DAY_MS) / 1000;
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  const ss = secs % 60;
  const abs = Math.abs(off) / 1000;
  const offH = Math.floor(abs / 3600);
  const offM = Math.floor((abs % 3600) / 60);
  const offS = abs % 60;
  // Offsets with seconds exist only before standard time (local mean time); write them in
  // full rather than round and misstate the instant.
  const offset = `${off < 0 ? '-' : '+'}${pad2(offH)}:${pad2(offM)}${offS === 0 ? '' : `:${pad2(offS)}`}`;
  return `${dayString(day)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}${offset}`;
}

/**
 * UTC offset of `timeZone` at `instant`, in whole minutes east of UTC (Asia/Shanghai: 480), as
 * clients compare it with their own clock's offset (the sign of Date#getTimezoneOffset reversed).
 * @throws RangeError on a non-finite instant or an unknown time zone.
 */
export function utcOffsetMinutes(timeZone: string, instant: number): number {
  checkInstant(instant, 'utcOffsetMinutes');
  return Math.round(offsetMs(timeZone, instant) / 60_000);
}

/** How far the official schedule behind a calendar reaches; see {@link calendarCoverage}. */
export interface CalendarCoverage {
  /** The last year whose official schedule is known (`cal.knownUntilYear`). */
  knownUntilYear: number;
  /**
   * Days from today's local date to 31 December of `knownUntilYear`: 0 on that day, negative
   * once it is past.
   */
  daysLeft: number;
  /** True when `daysLeft` < {@link COVERAGE_WARN_DAYS}: an admin should load next year's schedule. */
  warn: boolean;
}

/**
 * Whether the calendar's official schedule is about to run out at instant `now` (the
 * chinese-days data ends with a year; the next year's schedule is usually published in
 * November and must be loaded by an admin).
 * @throws RangeError on a non-finite instant or an unknown time zone.
 */
export function calendarCoverage(cal: WorkCalendar, now: number): CalendarCoverage {
  checkInstant(now, 'calendarCoverage');
  const today = localDay(cal.timeZone, now);
  const daysLeft = daysFromCivil(cal.knownUntilYear, 12, 31) - today;
  return { knownUntilYear: cal.knownUntilYear, daysLeft, warn: daysLeft < COVERAGE_WARN_DAYS };
}
