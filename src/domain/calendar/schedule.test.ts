import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, formatSchedule, parseSchedule, type ScheduleEntry, yearsOf } from './schedule.ts';
import { addCalendarDays, isWorkingDay } from './working-days.ts';

const entries = (text: string): ScheduleEntry[] => {
  const result = parseSchedule(text);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.entries;
};
const errors = (text: string) => {
  const result = parseSchedule(text);
  if (result.ok) throw new Error('expected errors');
  return result.errors.map(({ line, code }) => ({ line, code }));
};

describe('parseSchedule: text format', () => {
  it('reads single days, ranges, notes, comments and blank lines', () => {
    const text = [
      '# 国务院办公厅关于2026年部分节假日安排的通知',
      '',
      '2026-01-01..2026-01-03 off 元旦',
      '2026-01-04 on   元旦 调休  ',
      '   # indented comment',
      '2026/2/14 班',
      '2026-02-16 休 春节 #1',
    ].join('\n');
    expect(entries(text)).toEqual([
      { date: '2026-01-01', kind: 'off', note: '元旦' },
      { date: '2026-01-02', kind: 'off', note: '元旦' },
      { date: '2026-01-03', kind: 'off', note: '元旦' },
      { date: '2026-01-04', kind: 'on', note: '元旦 调休' },
      { date: '2026-02-14', kind: 'on', note: '' },
      { date: '2026-02-16', kind: 'off', note: '春节 #1' },
    ]);
  });

  it('accepts CRLF line ends, a byte-order mark, OFF/On in any case, and sorts by date', () => {
    expect(entries('\uFEFF2026-10-02 OFF\r\n2026-10-01 Off 国庆节\r\n2026-09-27 On\r\n')).toEqual([
      { date: '2026-09-27', kind: 'on', note: '' },
      { date: '2026-10-01', kind: 'off', note: '国庆节' },
      { date: '2026-10-02', kind: 'off', note: '' },
    ]);
  });

  it('an empty file or one with only comments has no entries', () => {
    expect(entries('')).toEqual([]);
    expect(entries('# nothing yet\n\n')).toEqual([]);
  });

  it('reports every problem with its line and code', () => {
    const text = [
      '# header', // 1
      '2026-02-30 off', // 2 impossible date
      '2026-03-01 holiday', // 3 unknown kind
      '2026-03-02', // 4 missing kind
      '2026-03-05..2026-03-03 off', // 5 reversed range
      '2026-01-01..2027-06-01 off', // 6 range too long
      'tomorrow off', // 7 not a date
      '2026-04-04..2026-04-06 off 清明', // 8 fine
      '2026-04-06 on', // 9 duplicate of line 8
      '2026-04-07..2026-04-08..2026-04-09 off', // 10 malformed range
    ].join('\n');
    expect(errors(text)).toEqual([
      { line: 2, code: 'CALENDAR_BAD_DATE' },
      { line: 3, code: 'CALENDAR_BAD_KIND' },
      { line: 4, code: 'CALENDAR_BAD_KIND' },
      { line: 5, code: 'CALENDAR_BAD_RANGE' },
      { line: 6, code: 'CALENDAR_BAD_RANGE' },
      { line: 7, code: 'CALENDAR_BAD_DATE' },
      { line: 9, code: 'CALENDAR_DUPLICATE_DATE' },
      { line: 10, code: 'CALENDAR_BAD_DATE' },
    ]);
  });

  it('gives translation parameters, not only prose', () => {
    const result = parseSchedule('2026-04-04 off\n2026-04-04 on');
    expect(result).toMatchObject({
      ok: false,
      errors: [{ line: 2, code: 'CALENDAR_DUPLICATE_DATE', params: { date: '2026-04-04', firstLine: 1 } }],
    });
  });

  it('stops collecting after 100 errors', () => {
    const result = parseSchedule('garbage\n'.repeat(500));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(100);
  });
});

describe('parseSchedule: CSV', () => {
  it('reads a header, quoted notes with commas and quotes, ranges and empty notes', () => {
    const text = [
      'date,kind,note',
      '2026-10-01..2026-10-03,off,"国庆节, 中秋节"',
      '2026-10-10,on,"say ""hi"""',
      '2026-10-04 , off ,',
      '2026-10-05,off',
      '2026-10-06,off,国庆,中秋',
    ].join('\n');
    expect(entries(text)).toEqual([
      { date: '2026-10-01', kind: 'off', note: '国庆节, 中秋节' },
      { date: '2026-10-02', kind: 'off', note: '国庆节, 中秋节' },
      { date: '2026-10-03', kind: 'off', note: '国庆节, 中秋节' },
      { date: '2026-10-04', kind: 'off', note: '' },
      { date: '2026-10-05', kind: 'off', note: '' },
      { date: '2026-10-06', kind: 'off', note: '国庆,中秋' },
      { date: '2026-10-10', kind: 'on', note: 'say "hi"' },
    ]);
  });

  it('works without a header and with a Chinese one', () => {
    expect(entries('2026-10-01,off,国庆节')).toEqual([{ date: '2026-10-01', kind: 'off', note: '国庆节' }]);
    expect(entries('日期,类型,备注\n2026-10-01,休,国庆节')).toEqual([
      { date: '2026-10-01', kind: 'off', note: '国庆节' },
    ]);
  });

  it('reports CSV problems by line', () => {
    expect(errors('date,kind,note\n2026-10-01,off,"unterminated\n2026-10-02,maybe\n2026-13-01,off')).toEqual([
      { line: 2, code: 'CALENDAR_BAD_LINE' },
      { line: 3, code: 'CALENDAR_BAD_KIND' },
      { line: 4, code: 'CALENDAR_BAD_DATE' },
    ]);
  });
});

describe('formatSchedule', () => {
  const sample: ScheduleEntry[] = [
    { date: '2026-10-03', kind: 'off', note: '国庆节' },
    { date: '2026-10-01', kind: 'off', note: '国庆节' },
    { date: '2026-10-02', kind: 'off', note: '国庆节' },
    { date: '2026-10-05', kind: 'off', note: '国庆节' },
    { date: '2026-10-10', kind: 'on', note: 'a, "b"' },
  ];

  it('writes runs of days as ranges', () => {
    expect(formatSchedule(sample)).toBe(
      '# date[..date] off|on [note]\n2026-10-01..2026-10-03 off 国庆节\n2026-10-05 off 国庆节\n2026-10-10 on a, "b"\n',
    );
    expect(formatSchedule(sample, 'csv')).toBe(
      'date,kind,note\n2026-10-01..2026-10-03,off,国庆节\n2026-10-05,off,国庆节\n2026-10-10,on,"a, ""b"""\n',
    );
  });

  it('a parsed file written back parses to the same entries', () => {
    const text = '2026-01-01..2026-01-03 off 元旦\n2026-01-04 on\n2026-02-15..2026-02-23 off 春节\n';
    const parsed = entries(text);
    expect(entries(formatSchedule(parsed))).toEqual(parsed);
    expect(entries(formatSchedule(parsed, 'csv'))).toEqual(parsed);
  });

  it('round-trips any entries (property)', () => {
    const noteArb = fc
      .string({
        unit: fc.constantFrom('a', 'Z', ' ', '\t', ',', '"', '#', '.', '春', '节', '调', '休', '班', '0', '-'),
        maxLength: 12,
      })
      .map((s) => s.trim());
    const entriesArb = fc
      .uniqueArray(
        fc.record({
          offset: fc.integer({ min: 0, max: 900 }),
          kind: fc.constantFrom('off' as const, 'on' as const),
          note: fc.oneof(fc.constant(''), fc.constant('国庆节'), noteArb),
        }),
        { selector: (e) => e.offset, maxLength: 60 },
      )
      .map((list) =>
        list.map(({ offset, kind, note }) => ({ date: addCalendarDays('2025-11-20', offset), kind, note })),
      );
    fc.assert(
      fc.property(entriesArb, fc.constantFrom('text' as const, 'csv' as const), (list, format) => {
        const sorted = [...list].sort((a, b) => (a.date < b.date ? -1 : 1));
        expect(entries(formatSchedule(list, format))).toEqual(sorted);
      }),
      { numRuns: 300 },
    );
  });
});

describe('yearsOf', () => {
  it('lists distinct years ascending', () => {
    expect(yearsOf([{ date: '2027-01-01' }, { date: '2026-12-31' }, { date: '2026-10-01' }])).toEqual([2026, 2027]);
    expect(yearsOf([])).toEqual([]);
  });
});

describe('buildCalendar', () => {
  // 2025-10-11 is a Saturday, 2025-10-12 a Sunday, 2025-10-01 a Wednesday.
  const statutory: ScheduleEntry[] = [
    { date: '2025-10-01', kind: 'off', note: '国庆节' },
    { date: '2025-10-02', kind: 'off', note: '国庆节' },
    { date: '2025-10-04', kind: 'off', note: '国庆节 (Saturday: restates the weekend)' },
    { date: '2025-10-11', kind: 'on', note: '调休' },
  ];

  it('keeps statutory exceptions and drops entries that restate the weekend rule', () => {
    const cal = buildCalendar({ statutory, knownUntilYear: 2025 });
    expect(cal.timeZone).toBe('Asia/Shanghai');
    expect(cal.endOfDay).toBe('23:59:59');
    expect(cal.knownUntilYear).toBe(2025);
    expect([...cal.days]).toEqual([
      ['2025-10-01', 'off'],
      ['2025-10-02', 'off'],
      ['2025-10-11', 'on'],
    ]);
  });

  it('institution entries override statutory ones, before no-ops are dropped', () => {
    const cal = buildCalendar({
      timeZone: 'Asia/Shanghai',
      endOfDay: '18:00:00',
      statutory,
      institution: [
        { date: '2025-10-11', kind: 'off' }, // the campus does not work the adjusted Saturday
        { date: '2025-10-02', kind: 'on' }, // the campus works through a holiday
        { date: '2025-10-13', kind: 'off' }, // its own day off (Monday)
        { date: '2025-10-18', kind: 'on' }, // its own working Saturday
        { date: '2025-10-19', kind: 'off' }, // a Sunday: restates the weekend
      ],
      knownUntilYear: 2025,
    });
    expect([...cal.days]).toEqual([
      ['2025-10-01', 'off'],
      ['2025-10-13', 'off'],
      ['2025-10-18', 'on'],
    ]);
    expect(isWorkingDay(cal, '2025-10-11')).toBe(false);
    expect(isWorkingDay(cal, '2025-10-02')).toBe(true);
    expect(cal.endOfDay).toBe('18:00:00');
  });

  it('rejects bad settings and entries', () => {
    expect(() => buildCalendar({ timeZone: 'Nowhere/City', statutory: [], knownUntilYear: 2025 })).toThrow(RangeError);
    expect(() => buildCalendar({ endOfDay: '25:00', statutory: [], knownUntilYear: 2025 })).toThrow(RangeError);
    expect(() => buildCalendar({ statutory: [{ date: '2025-02-30', kind: 'off' }], knownUntilYear: 2025 })).toThrow(
      RangeError,
    );
    expect(() => buildCalendar({ statutory: [], knownUntilYear: 2025.5 })).toThrow(RangeError);
  });
});
