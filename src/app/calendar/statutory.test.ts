import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../domain/calendar/schedule.ts';
import {
  calendarCoverage,
  dayOfWeek,
  dueAt,
  formatInstant,
  isWorkingDay,
  workingDaysBetween,
} from '../../domain/calendar/working-days.ts';
import {
  chinaStatutoryEntries,
  computeStatutoryEntries,
  MIN_OFFICIAL_DAYS_OFF,
  STATUTORY_FIRST_YEAR,
} from './statutory.ts';

const statutory = chinaStatutoryEntries();
const cal = buildCalendar({ statutory: statutory.entries, knownUntilYear: statutory.knownUntilYear });

describe('chinaStatutoryEntries', () => {
  it('covers 2020 through the last year of the chinese-days data (2026 in 1.5.7)', () => {
    // When this fails after upgrading chinese-days, check the new year's data and update it.
    expect(statutory.knownUntilYear).toBe(2026);
    expect(STATUTORY_FIRST_YEAR).toBe(2020);
    const years = new Set(statutory.entries.map((e) => Number(e.date.slice(0, 4))));
    expect([...years]).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('lists at least MIN_OFFICIAL_DAYS_OFF days off in every year, so no real schedule counts as partial', () => {
    for (let y = STATUTORY_FIRST_YEAR; y <= statutory.knownUntilYear; y++) {
      const off = statutory.entries.filter((e) => e.kind === 'off' && e.date.startsWith(`${y}-`)).length;
      expect(off, String(y)).toBeGreaterThanOrEqual(MIN_OFFICIAL_DAYS_OFF);
    }
  });

  it('holds only exceptions to the weekend rule, sorted and unique', () => {
    const dates = statutory.entries.map((e) => e.date);
    expect(dates).toEqual([...new Set(dates)].sort());
    for (const e of statutory.entries) {
      const weekend = dayOfWeek(e.date) === 0 || dayOfWeek(e.date) === 6;
      expect(weekend, e.date).toBe(e.kind === 'on');
    }
  });

  it('has the 2025 National Day schedule', () => {
    const october = statutory.entries.filter((e) => e.date >= '2025-09-28' && e.date <= '2025-10-12');
    expect(october.map(({ date, kind }) => [date, kind])).toEqual([
      ['2025-09-28', 'on'],
      ['2025-10-01', 'off'],
      ['2025-10-02', 'off'],
      ['2025-10-03', 'off'],
      ['2025-10-06', 'off'],
      ['2025-10-07', 'off'],
      ['2025-10-08', 'off'],
      ['2025-10-11', 'on'],
    ]);
    expect(october.find((e) => e.date === '2025-10-01')?.note).toBe('国庆节');
  });

  it('is computed once', () => {
    expect(chinaStatutoryEntries()).toBe(statutory);
  });

  it("the package's functions and its bundled tables agree in this process", () => {
    expect(computeStatutoryEntries('functions')).toEqual(computeStatutoryEntries('tables'));
  });

  it('gives the same entries when the process runs west of UTC (chinese-days misreads dates there)', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const script = `
      const { chinaStatutoryEntries } = await import(${JSON.stringify(new URL('./statutory.ts', import.meta.url).href)});
      process.stdout.write(JSON.stringify(chinaStatutoryEntries()));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, TZ: 'America/New_York' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(statutory)));
  }, 70_000);
});

describe('working days on the real statutory calendar', () => {
  it('2025-09-30T10:00 Asia/Shanghai + 3 working days = 2025-10-11T23:59:59+08:00', () => {
    const from = Date.parse('2025-09-30T10:00:00+08:00');
    const due = dueAt(cal, from, 3);
    expect(formatInstant(cal, due)).toBe('2025-10-11T23:59:59+08:00');
    expect(workingDaysBetween(cal, from, due)).toBe(3);
  });

  it.each([
    ['2025-09-28', true], // Sunday, adjusted working day
    ['2025-10-01', false],
    ['2025-10-04', false], // Saturday inside the holiday
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2025-10-11', true], // Saturday, adjusted working day
    ['2026-02-14', true], // Saturday before the Spring Festival
    ['2026-02-16', false],
  ])('%s working: %s', (date, expected) => {
    expect(isWorkingDay(cal, date)).toBe(expected);
  });

  it('warns when the known schedule runs out within 60 days', () => {
    expect(calendarCoverage(cal, Date.parse('2026-06-01T00:00:00+08:00')).warn).toBe(false);
    expect(calendarCoverage(cal, Date.parse('2026-11-15T00:00:00+08:00'))).toEqual({
      knownUntilYear: 2026,
      daysLeft: 46,
      warn: true,
    });
  });
});
