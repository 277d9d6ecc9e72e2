/**
 * Official yearly schedules as admins load them, and the assembly of a {@link WorkCalendar}
 * from the statutory schedule plus the institution's own days. Pure: text in, values out.
 *
 * Two formats are accepted, decided by the first line that is not blank or a comment:
 *
 *     # 2026 国务院办公厅通知                     (text: "date kind [note]")
 *     2026-01-01..2026-01-03 off 元旦
 *     2026-01-04 on 元旦调休
 *
 *     date,kind,note                              (CSV, optional header, RFC 4180 quoting)
 *     2026-01-01..2026-01-03,off,元旦
 *
 * `kind` is `off` (a day off) or `on` (a working day); `休` and `班` are accepted too. Dates may
 * be written 2026-1-4 or 2026/1/4. Lines whose first non-blank character is `#` are comments
 * (a `#` later in a line belongs to the note).
 */
import type { DayKind, WorkCalendar } from './types.ts';
import {
  addCalendarDays,
  DEFAULT_END_OF_DAY,
  DEFAULT_TIME_ZONE,
  dayOfWeek,
  isValidDate,
  isValidEndOfDay,
  isValidTimeZone,
} from './working-days.ts';

/** One day of a schedule: a local date "YYYY-MM-DD", its kind and a free note ('' if none). */
export interface ScheduleEntry {
  date: string;
  kind: DayKind;
  note: string;
}

/** Stable codes of schedule problems; callers translate them (the message is for logs). */
export type ScheduleErrorCode =
  | 'CALENDAR_BAD_DATE'
  | 'CALENDAR_BAD_KIND'
  | 'CALENDAR_BAD_RANGE'
  | 'CALENDAR_BAD_LINE'
  | 'CALENDAR_DUPLICATE_DATE';

/** A problem on one line of a schedule file. */
export interface ScheduleError {
  /** 1-based line number in the file. */
  line: number;
  code: ScheduleErrorCode;
  /** English, for logs and developers; users see the translation of `code` with `params`. */
  message: string;
  /** Values for the translated message: the offending text, the first line of a duplicate … */
  params?: Record<string, string | number>;
}

export type ScheduleParseResult = { ok: true; entries: ScheduleEntry[] } | { ok: false; errors: ScheduleError[] };

/** Longest range one line may span, so a typo like 2026-01-01..2062-01-01 is caught. */
export const MAX_RANGE_DAYS = 366;
/** Parsing stops collecting after this many errors (a wrong file would otherwise list all). */
export const MAX_SCHEDULE_ERRORS = 100;

const KINDS: Readonly<Record<string, DayKind>> = { off: 'off', on: 'on', 休: 'off', 班: 'on' };
const LOOSE_DATE_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const CSV_FIRST_FIELD_RE = /^\s*(?:"[^"]*"|[^\s,"]*)\s*,/;
const TEXT_LINE_RE = /^(\S+)(?:\s+(\S+)(?:\s+(.*))?)?$/;

function normalizeDate(text: string): string | null {
  const m = LOOSE_DATE_RE.exec(text);
  if (m === null) return null;
  const date = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  return isValidDate(date) ? date : null;
}

/**
 * Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). Unquoted fields are
 * trimmed. Returns null on an unterminated quote or text after a closing quote.
 */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    let j = i;
    while (j < n && (line[j] === ' ' || line[j] === '\t')) j++;
    if (line[j] === '"') {
      let field = '';
      j++;
      for (;;) {
        if (j >= n) return null;
        const c = line[j];
        if (c === '"') {
          if (line[j + 1] === '"') {
            field += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        field += c;
        j++;
      }
      while (j < n && (line[j] === ' ' || line[j] === '\t')) j++;
      if (j < n && line[j] !== ',') return null;
      fields.push(field);
    } else {
      const comma = line.indexOf(',', i);
      j = comma === -1 ? n : comma;
      fields.push(line.slice(i, j).trim());
    }
    if (j >= n) return fields;
    i = j + 1;
  }
}

/**
 * Parses a schedule file (text or CSV, see the module comment). Ranges `A..B` expand to one
 * entry per day. The result lists entries sorted by date, or every problem found (up to
 * {@link MAX_SCHEDULE_ERRORS}) with its line number and code: CALENDAR_BAD_DATE,
 * CALENDAR_BAD_KIND, CALENDAR_BAD_RANGE (end before start, or longer than
 * {@link MAX_RANGE_DAYS} days), CALENDAR_BAD_LINE (broken CSV quoting),
 * CALENDAR_DUPLICATE_DATE (a date listed twice, e.g. overlapping ranges).
 */
export function parseSchedule(text: string): ScheduleParseResult {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const entries: ScheduleEntry[] = [];
  const errors: ScheduleError[] = [];
  const seen = new Map<string, number>();
  let csv: boolean | undefined;

  const fail = (line: number, code: ScheduleErrorCode, message: string, params?: ScheduleError['params']) => {
    if (errors.length < MAX_SCHEDULE_ERRORS)
      errors.push(params ? { line, code, message, params } : { line, code, message });
  };

  for (let index = 0; index < lines.length && errors.length < MAX_SCHEDULE_ERRORS; index++) {
    const lineNo = index + 1;
    const raw = lines[index] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;

    let dateSpec: string;
    let kindText: string;
    let note: string;
    if (csv === undefined) {
      csv = CSV_FIRST_FIELD_RE.test(trimmed);
      if (csv) {
        const header = splitCsvLine(trimmed)?.[0]?.trim().toLowerCase();
        if (header === 'date' || header === '日期') continue;
      }
    }
    if (csv) {
      const fields = splitCsvLine(trimmed);
      if (fields === null) {
        fail(lineNo, 'CALENDAR_BAD_LINE', `line ${lineNo}: unbalanced quotes`, { value: trimmed });
        continue;
      }
      dateSpec = (fields[0] ?? '').trim();
      kindText = (fields[1] ?? '').trim();
      // An unquoted note with commas arrives as several fields: put it back together.
      note = fields.slice(2).join(',').trim();
    } else {
      const m = TEXT_LINE_RE.exec(trimmed);
      dateSpec = m?.[1] ?? '';
      kindText = m?.[2] ?? '';
      note = (m?.[3] ?? '').trim();
    }

    const [fromText, toText, ...extra] = dateSpec.split('..');
    const from = normalizeDate((fromText ?? '').trim());
    const to = toText === undefined ? from : normalizeDate(toText.trim());
    if (from === null || to === null || extra.length > 0) {
      fail(lineNo, 'CALENDAR_BAD_DATE', `line ${lineNo}: not a date or range "YYYY-MM-DD[..YYYY-MM-DD]": ${dateSpec}`, {
        value: dateSpec,
      });
      continue;
    }
    const kind = KINDS[kindText.toLowerCase()];
    if (kind === undefined) {
      fail(lineNo, 'CALENDAR_BAD_KIND', `line ${lineNo}: kind must be "off" or "on", got ${JSON.stringify(kindText)}`, {
        value: kindText,
      });
      continue;
    }
    if (to < from) {
      fail(lineNo, 'CALENDAR_BAD_RANGE', `line ${lineNo}: range ends before it starts: ${dateSpec}`, { from, to });
      continue;
    }
    const days: string[] = [from];
    for (let d = from; d < to; ) {
      d = addCalendarDays(d, 1);
      days.push(d);
      if (days.length > MAX_RANGE_DAYS) break;
    }
    if (days.length > MAX_RANGE_DAYS) {
      fail(lineNo, 'CALENDAR_BAD_RANGE', `line ${lineNo}: range longer than ${MAX_RANGE_DAYS} days: ${dateSpec}`, {
        from,
        to,
        max: MAX_RANGE_DAYS,
      });
      continue;
    }
    for (const date of days) {
      const first = seen.get(date);
      if (first !== undefined) {
        fail(lineNo, 'CALENDAR_DUPLICATE_DATE', `line ${lineNo}: ${date} already listed on line ${first}`, {
          date,
          firstLine: first,
        });
        continue;
      }
      seen.set(date, lineNo);
      entries.push({ date, kind, note });
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ok: true, entries };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Writes entries in the format {@link parseSchedule} reads (text by default, or CSV with a
 * header), one line per run of consecutive dates sharing kind and note, so that
 * parseSchedule(formatSchedule(entries)) gives back the entries sorted by date. Line breaks in
 * notes become spaces and notes are trimmed (the parser could not return them otherwise).
 */
export function formatSchedule(entries: readonly ScheduleEntry[], format: 'text' | 'csv' = 'text'): string {
  const sorted = [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const lines: string[] = [format === 'csv' ? 'date,kind,note' : '# date[..date] off|on [note]'];
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i] as ScheduleEntry;
    const note = first.note.replace(/[\r\n]+/g, ' ').trim();
    let last = first;
    let j = i + 1;
    for (; j < sorted.length; j++) {
      const next = sorted[j] as ScheduleEntry;
      if (next.kind !== first.kind || next.note !== first.note || next.date !== addCalendarDays(last.date, 1)) break;
      last = next;
    }
    const span = last === first ? first.date : `${first.date}..${last.date}`;
    if (format === 'csv') lines.push(`${span},${first.kind},${csvField(note)}`);
    else lines.push(note === '' ? `${span} ${first.kind}` : `${span} ${first.kind} ${note}`);
    i = j;
  }
  return `${lines.join('\n')}\n`;
}

/** The distinct years that entries cover, ascending (e.g. to show which schedules are loaded). */
export function yearsOf(entries: readonly Pick<ScheduleEntry, 'date'>[]): number[] {
  const years = new Set<number>();
  for (const e of entries) years.add(Number(e.date.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}

/** Input of {@link buildCalendar}. */
export interface BuildCalendarInput {
  /** IANA zone; default {@link DEFAULT_TIME_ZONE}. */
  timeZone?: string;
  /** Local end of a working day "HH:mm:ss"; default {@link DEFAULT_END_OF_DAY}. */
  endOfDay?: string;
  /** China's statutory holidays and adjusted working days. */
  statutory: readonly Pick<ScheduleEntry, 'date' | 'kind'>[];
  /** The institution's own days off and on; they win over statutory entries for the same date. */
  institution?: readonly Pick<ScheduleEntry, 'date' | 'kind'>[];
  /** The last year whose official schedule is known. */
  knownUntilYear: number;
}

/**
 * Assembles a {@link WorkCalendar}: statutory entries, then institution entries overriding them
 * date by date. Entries that restate the weekend rule (an 'off' on a Saturday or Sunday, an
 * 'on' on a weekday) are dropped after merging, so an institution can cancel a statutory
 * adjusted working Saturday with an 'off' on it, or work through a holiday with an 'on'.
 * @throws RangeError on an unknown time zone, a bad end of day, a bad entry date or kind, or a
 * non-integer knownUntilYear (inputs are validated before they get here).
 */
export function buildCalendar(input: BuildCalendarInput): WorkCalendar {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const endOfDay = input.endOfDay ?? DEFAULT_END_OF_DAY;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`buildCalendar: unknown time zone ${JSON.stringify(timeZone)}`);
  if (!isValidEndOfDay(endOfDay))
    throw new RangeError(`buildCalendar: endOfDay must be "HH:mm:ss", got ${JSON.stringify(endOfDay)}`);
  if (!Number.isInteger(input.knownUntilYear)) {
    throw new RangeError(`buildCalendar: knownUntilYear must be an integer, got ${input.knownUntilYear}`);
  }

  const merged = new Map<string, DayKind>();
  for (const list of [input.statutory, input.institution ?? []]) {
    for (const e of list) {
      if (!isValidDate(e.date)) throw new RangeError(`buildCalendar: bad date ${JSON.stringify(e.date)}`);
      if (e.kind !== 'off' && e.kind !== 'on')
        throw new RangeError(`buildCalendar: bad kind ${JSON.stringify(e.kind)}`);
      merged.set(e.date, e.kind);
    }
  }
  const days = new Map<string, DayKind>();
  for (const date of [...merged.keys()].sort()) {
    const kind = merged.get(date) as DayKind;
    const w = dayOfWeek(date);
    const weekend = w === 0 || w === 6;
    if (weekend === (kind === 'off')) continue;
    days.set(date, kind);
  }
  return Object.freeze({ timeZone, endOfDay, days, knownUntilYear: input.knownUntilYear });
}
