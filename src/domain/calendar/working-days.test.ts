import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { DayKind, WorkCalendar } from './types.ts';
import {
  addCalendarDays,
  addWorkingDays,
  calendarCoverage,
  dayOfWeek,
  dueAt,
  endOfLocalDay,
  formatInstant,
  isValidDate,
  isValidEndOfDay,
  isValidTimeZone,
  isWorkingDay,
  localDate,
  shiftForPause,
  utcOffsetMinutes,
  workingDaysBetween,
  workingDaysLeft,
} from './working-days.ts';

/**
 * A fixed week around the 2025 Dragon Boat holiday, hand-made:
 *   Fri 30 May  work | Sat 31 May rest | Sun 1 Jun rest | Mon 2 Jun HOLIDAY (off)
 *   Tue 3 – Fri 6 Jun work | Sat 7 Jun ADJUSTED WORKING DAY (on) | Sun 8 Jun rest | Mon 9 Jun work
 */
const fixed: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  endOfDay: '23:59:59',
  days: new Map<string, DayKind>([
    ['2025-06-02', 'off'],
    ['2025-06-07', 'on'],
  ]),
  knownUntilYear: 2025,
};

const at = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad test instant ${iso}`);
  return t;
};
const fmt = (cal: WorkCalendar, t: number) => formatInstant(cal, t);
const withZone = (timeZone: string, endOfDay = '23:59:59', days = new Map<string, DayKind>()): WorkCalendar => ({
  timeZone,
  endOfDay,
  days,
  knownUntilYear: 2025,
});

describe('isWorkingDay (fixed calendar)', () => {
  it.each([
    ['2025-05-30', true, 'Friday'],
    ['2025-05-31', false, 'Saturday'],
    ['2025-06-01', false, 'Sunday'],
    ['2025-06-02', false, 'Monday, holiday'],
    ['2025-06-03', true, 'Tuesday'],
    ['2025-06-07', true, 'Saturday, adjusted working day'],
    ['2025-06-08', false, 'Sunday'],
    ['2025-06-09', true, 'Monday'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(fixed, date)).toBe(expected);
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2025-6-3', '2025-02-29', '2025-13-01', '20250603', '', '2025-06-03T00:00']) {
      expect(() => isWorkingDay(fixed, bad), bad).toThrow(RangeError);
    }
  });
});

describe('dueAt (fixed calendar)', () => {
  it.each([
    ['2025-05-30T10:00:00+08:00', 0, '2025-05-30T23:59:59+08:00', 'N=0 ends the starting day'],
    ['2025-05-30T10:00:00+08:00', 1, '2025-06-03T23:59:59+08:00', 'weekend and holiday skipped'],
    ['2025-05-30T10:00:00+08:00', 3, '2025-06-05T23:59:59+08:00', ''],
    ['2025-06-05T09:00:00+08:00', 1, '2025-06-06T23:59:59+08:00', ''],
    ['2025-06-05T09:00:00+08:00', 2, '2025-06-07T23:59:59+08:00', 'adjusted Saturday counts'],
    ['2025-06-05T09:00:00+08:00', 3, '2025-06-09T23:59:59+08:00', ''],
    ['2025-06-07T15:00:00+08:00', 0, '2025-06-07T23:59:59+08:00', ''],
    ['2025-06-07T15:00:00+08:00', 1, '2025-06-09T23:59:59+08:00', 'starting working day not counted'],
    ['2025-05-31T10:00:00+08:00', 1, '2025-06-03T23:59:59+08:00', 'start on a day off'],
    ['2025-06-02T12:00:00+08:00', 1, '2025-06-03T23:59:59+08:00', 'start on the holiday'],
    ['2025-05-30T23:30:00+08:00', 1, '2025-06-03T23:59:59+08:00', 'late on Friday'],
    ['2025-05-30T16:30:00Z', 1, '2025-06-03T23:59:59+08:00', '00:30 Saturday local'],
    ['2025-05-29T16:00:00Z', 1, '2025-06-03T23:59:59+08:00', 'exactly local midnight Friday'],
    ['2025-05-29T15:59:59.999Z', 1, '2025-05-30T23:59:59+08:00', 'last millisecond of Thursday'],
    ['2025-05-30T10:00:00+08:00', 7, '2025-06-10T23:59:59+08:00', ''],
  ])('%s + %i → %s %s', (from, days, expected) => {
    expect(fmt(fixed, dueAt(fixed, at(from), days))).toBe(expected);
  });

  it('uses the configured end of day', () => {
    const cal = { ...fixed, endOfDay: '17:30' };
    expect(fmt(cal, dueAt(cal, at('2025-05-30T10:00:00+08:00'), 1))).toBe('2025-06-03T17:30:00+08:00');
  });

  it('rejects negative, fractional and non-number day counts and bad instants', () => {
    const from = at('2025-05-30T10:00:00+08:00');
    for (const days of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => dueAt(fixed, from, days), String(days)).toThrow(RangeError);
    }
    expect(() => dueAt(fixed, Number.NaN, 1)).toThrow(RangeError);
  });

  it('stops instead of looping on a calendar with no working days ahead', () => {
    const days = new Map<string, DayKind>();
    for (let d = '2025-01-01'; d < '2040-01-01'; d = addCalendarDays(d, 1)) days.set(d, 'off');
    const cal = withZone('Asia/Shanghai', '23:59:59', days);
    expect(() => dueAt(cal, at('2025-06-01T00:00:00Z'), 1)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2025-05-30', 0, '2025-05-30'],
    ['2025-05-30', 1, '2025-06-03'],
    ['2025-06-06', 1, '2025-06-07'],
    ['2025-06-07', 1, '2025-06-09'],
  ])('%s + %i → %s', (date, n, expected) => {
    expect(addWorkingDays(fixed, date, n)).toBe(expected);
  });
});

describe('workingDaysBetween (fixed calendar)', () => {
  it.each([
    ['2025-05-30T10:00:00+08:00', '2025-06-03T09:00:00+08:00', 1],
    ['2025-05-30T10:00:00+08:00', '2025-05-30T22:00:00+08:00', 0],
    ['2025-06-03T10:00:00+08:00', '2025-05-30T10:00:00+08:00', 0],
    ['2025-05-30T10:00:00+08:00', '2025-05-30T10:00:00+08:00', 0],
    ['2025-05-29T10:00:00+08:00', '2025-06-09T10:00:00+08:00', 7],
    ['2025-05-30T18:00:00+08:00', '2025-06-02T09:00:00+08:00', 0],
    // 261 weekdays in 2025, minus 1 January itself; the holiday and the adjusted Saturday cancel out.
    ['2025-01-01T00:00:00+08:00', '2025-12-31T12:00:00+08:00', 260],
  ])('%s → %s = %i', (from, to, expected) => {
    expect(workingDaysBetween(fixed, at(from), at(to))).toBe(expected);
  });
});

describe('workingDaysLeft (fixed calendar)', () => {
  it.each([
    // Friday morning, due Tuesday night: the weekend and the Monday holiday are not counted.
    ['2025-05-30T10:00:00+08:00', '2025-06-03T23:59:59+08:00', 1, 'holiday skipped'],
    ['2025-05-30T10:00:00+08:00', '2025-05-30T23:59:59+08:00', 0, 'due tonight'],
    ['2025-06-05T09:00:00+08:00', '2025-06-09T23:59:59+08:00', 3, 'adjusted Saturday counts'],
    ['2025-06-02T09:00:00+08:00', '2025-06-03T23:59:59+08:00', 1, 'looked at on the holiday'],
    ['2025-05-31T09:00:00+08:00', '2025-05-30T23:59:59+08:00', 0, 'passed, no working day since'],
    ['2025-06-04T09:00:00+08:00', '2025-05-30T23:59:59+08:00', -2, 'passed two working days ago'],
    ['2025-05-30T23:59:59.500+08:00', '2025-05-30T23:59:59+08:00', 0, 'passed earlier today'],
  ])('now %s, due %s → %i (%s)', (now, due, expected) => {
    expect(workingDaysLeft(fixed, at(now), at(due))).toBe(expected);
  });

  it('counts down to the n of dueAt, whatever n and start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 365 * 86_400 }), (n, s) => {
        const from = at('2025-01-01T00:00:00+08:00') + s * 1000;
        expect(workingDaysLeft(fixed, from, dueAt(fixed, from, n))).toBe(n);
      }),
    );
  });
});

describe('shiftForPause (fixed calendar)', () => {
  it.each([
    // Pause Fri 10:00 → Tue 09:00 consumes only Tuesday: the deadline moves by one working day.
    [
      '2025-06-05T23:59:59+08:00',
      '2025-05-30T10:00:00+08:00',
      '2025-06-03T09:00:00+08:00',
      '2025-06-06T23:59:59+08:00',
    ],
    // Within the holiday: nothing consumed.
    [
      '2025-06-05T23:59:59+08:00',
      '2025-06-02T09:00:00+08:00',
      '2025-06-02T18:00:00+08:00',
      '2025-06-05T23:59:59+08:00',
    ],
    // Friday evening to the holiday Monday: only days off consumed.
    [
      '2025-06-05T23:59:59+08:00',
      '2025-05-30T18:00:00+08:00',
      '2025-06-02T09:00:00+08:00',
      '2025-06-05T23:59:59+08:00',
    ],
    // Thu → Mon consumes Fri, the adjusted Sat and Mon: three working days after Tue 10 June.
    [
      '2025-06-10T23:59:59+08:00',
      '2025-06-05T10:00:00+08:00',
      '2025-06-09T10:00:00+08:00',
      '2025-06-13T23:59:59+08:00',
    ],
    // Resumed before paused (bad input) changes nothing.
    [
      '2025-06-10T23:59:59+08:00',
      '2025-06-09T10:00:00+08:00',
      '2025-06-05T10:00:00+08:00',
      '2025-06-10T23:59:59+08:00',
    ],
  ])('deadline %s, paused %s → %s', (deadline, paused, resumed, expected) => {
    expect(fmt(fixed, shiftForPause(fixed, at(deadline), at(paused), at(resumed)))).toBe(expected);
  });
});

describe('localDate, endOfLocalDay, formatInstant', () => {
  it('local date follows the calendar zone, not UTC', () => {
    expect(localDate(fixed, at('2025-05-30T15:59:59.999Z'))).toBe('2025-05-30');
    expect(localDate(fixed, at('2025-05-30T16:00:00Z'))).toBe('2025-05-31');
    expect(localDate(withZone('America/New_York'), at('2025-05-31T03:00:00Z'))).toBe('2025-05-30');
  });

  it('end of local day', () => {
    expect(endOfLocalDay(fixed, '2025-10-11')).toBe(at('2025-10-11T23:59:59+08:00'));
    expect(endOfLocalDay({ ...fixed, endOfDay: '00:00:00' }, '2025-10-11')).toBe(at('2025-10-11T00:00:00+08:00'));
  });

  it.each([
    ['Asia/Shanghai', '2025-10-11T15:59:59.999Z', '2025-10-11T23:59:59+08:00'],
    ['UTC', '2025-10-11T15:59:59.999Z', '2025-10-11T15:59:59+00:00'],
    ['America/New_York', '2025-07-01T12:00:00Z', '2025-07-01T08:00:00-04:00'],
    ['America/New_York', '2025-12-01T12:00:00Z', '2025-12-01T07:00:00-05:00'],
    ['Asia/Kathmandu', '2025-07-01T00:00:00Z', '2025-07-01T05:45:00+05:45'],
    ['UTC', '1969-12-31T23:59:59.500Z', '1969-12-31T23:59:59+00:00'],
    // Lord Howe moves by 30 minutes at 15:30 UTC, in the middle of a UTC hour.
    ['Australia/Lord_Howe', '2025-10-04T15:10:00Z', '2025-10-05T01:40:00+10:30'],
    ['Australia/Lord_Howe', '2025-10-04T15:40:00Z', '2025-10-05T02:40:00+11:00'],
  ])('formatInstant in %s: %s → %s', (zone, iso, expected) => {
    expect(formatInstant(withZone(zone), at(iso))).toBe(expected);
  });

  it('rejects unknown zones and bad ends of day', () => {
    expect(() => localDate(withZone('Mars/Olympus'), 0)).toThrow(RangeError);
    expect(() => endOfLocalDay(withZone('UTC', '24:00:00'), '2025-01-01')).toThrow(RangeError);
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidEndOfDay('23:59:59')).toBe(true);
    expect(isValidEndOfDay('17:30')).toBe(true);
    expect(isValidEndOfDay('24:00:00')).toBe(false);
    expect(isValidEndOfDay('9:00')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2100-02-29')).toBe(false);
    expect(dayOfWeek('2025-10-11')).toBe(6);
  });
});

describe('DST zones', () => {
  const berlin = withZone('Europe/Berlin');

  it('end of day before and after the spring and autumn changes in Berlin', () => {
    expect(fmt(berlin, endOfLocalDay(berlin, '2025-03-29'))).toBe('2025-03-29T23:59:59+01:00');
    expect(endOfLocalDay(berlin, '2025-03-30')).toBe(at('2025-03-30T21:59:59Z'));
    expect(fmt(berlin, endOfLocalDay(berlin, '2025-10-25'))).toBe('2025-10-25T23:59:59+02:00');
    expect(fmt(berlin, endOfLocalDay(berlin, '2025-10-26'))).toBe('2025-10-26T23:59:59+01:00');
  });

  it('a limit across the spring change ends at local 23:59:59 in summer time', () => {
    expect(fmt(berlin, dueAt(berlin, at('2025-03-28T12:00:00+01:00'), 1))).toBe('2025-03-31T23:59:59+02:00');
    expect(fmt(berlin, dueAt(berlin, at('2025-10-24T12:00:00+02:00'), 1))).toBe('2025-10-27T23:59:59+01:00');
    expect(workingDaysBetween(berlin, at('2025-03-28T12:00:00+01:00'), at('2025-03-31T12:00:00+02:00'))).toBe(1);
  });

  it('local dates around the changes', () => {
    expect(localDate(berlin, at('2025-03-30T21:59:59Z'))).toBe('2025-03-30');
    expect(localDate(berlin, at('2025-03-30T22:00:00Z'))).toBe('2025-03-31');
    expect(localDate(berlin, at('2025-10-26T22:59:59Z'))).toBe('2025-10-26');
    expect(localDate(berlin, at('2025-10-26T23:00:00Z'))).toBe('2025-10-27');
    expect(fmt(berlin, at('2025-10-26T00:30:00Z'))).toBe('2025-10-26T02:30:00+02:00');
    expect(fmt(berlin, at('2025-10-26T01:30:00Z'))).toBe('2025-10-26T02:30:00+01:00');
  });

  it('an end of day inside the gap moves forward; a repeated one takes the later instant', () => {
    const early = withZone('Europe/Berlin', '02:30:00');
    expect(fmt(early, endOfLocalDay(early, '2025-03-30'))).toBe('2025-03-30T03:30:00+02:00');
    expect(fmt(early, endOfLocalDay(early, '2025-10-26'))).toBe('2025-10-26T02:30:00+01:00');
    const ny = withZone('America/New_York', '01:30:00');
    expect(fmt(ny, endOfLocalDay(ny, '2025-11-02'))).toBe('2025-11-02T01:30:00-05:00');
    expect(fmt(ny, endOfLocalDay(ny, '2025-03-09'))).toBe('2025-03-09T01:30:00-05:00');
  });
});

describe('calendarCoverage', () => {
  const cal = { ...fixed, knownUntilYear: 2026 };
  it.each([
    ['2026-11-01T12:00:00+08:00', 60, false],
    ['2026-11-02T00:00:00+08:00', 59, true],
    ['2026-12-31T23:59:59+08:00', 0, true],
    ['2026-12-31T16:30:00Z', -1, true], // already 1 January 2027 in Shanghai
    ['2025-06-01T00:00:00+08:00', 578, false],
  ])('at %s: %i days left, warn %s', (now, daysLeft, warn) => {
    expect(calendarCoverage(cal, at(now))).toEqual({ knownUntilYear: 2026, daysLeft, warn });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random calendars.

const ZONES = [
  'Asia/Shanghai',
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/Sao_Paulo', // DST changes at local midnight until 2019
  'Australia/Lord_Howe', // 30-minute DST
  'Asia/Kathmandu', // +05:45
];
const ENDS = ['23:59:59', '18:00:00', '17:30:00', '12:00:00', '02:30:00', '00:00:00'];
const BASE = '2024-12-01';
const SPAN_DAYS = 800;
const LO = Date.UTC(2024, 10, 25);
const HI = Date.UTC(2027, 1, 1);

const calendarArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    endOfDay: fc.constantFrom(...ENDS),
    exceptions: fc.uniqueArray(
      fc.record({ offset: fc.integer({ min: 0, max: SPAN_DAYS }), kind: fc.constantFrom<DayKind>('off', 'on') }),
      { selector: (e) => e.offset, maxLength: 250 },
    ),
  })
  .map(
    ({ timeZone, endOfDay, exceptions }): WorkCalendar => ({
      timeZone,
      endOfDay,
      days: new Map(exceptions.map((e) => [addCalendarDays(BASE, e.offset), e.kind] as const)),
      knownUntilYear: 2026,
    }),
  );
const instantArb = fc.integer({ min: LO, max: HI });
const daysArb = fc.integer({ min: 0, max: 40 });

/** Reference implementation: walk the local dates one by one. */
function naiveBetween(cal: WorkCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  let count = 0;
  const last = localDate(cal, to);
  for (let d = addCalendarDays(localDate(cal, from), 1); d <= last; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(cal, d)) count++;
  }
  return count;
}

describe('properties', () => {
  it('dueAt ends at endOfDay of a working day after the starting day (N ≥ 1), or of the starting day (N = 0)', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, daysArb, (cal, from, n) => {
        const due = dueAt(cal, from, n);
        const day = localDate(cal, due);
        expect(due).toBe(endOfLocalDay(cal, day));
        if (n === 0) expect(day).toBe(localDate(cal, from));
        else {
          expect(isWorkingDay(cal, day)).toBe(true);
          expect(day > localDate(cal, from)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('dueAt is monotonic in from', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, daysArb, (cal, a, b, n) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(dueAt(cal, lo, n)).toBeLessThanOrEqual(dueAt(cal, hi, n));
      }),
      { numRuns: 300 },
    );
  });

  it('dueAt is strictly increasing in days', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, daysArb, daysArb, (cal, from, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(dueAt(cal, from, lo)).toBeLessThan(dueAt(cal, from, hi));
      }),
      { numRuns: 300 },
    );
  });

  it('workingDaysBetween(from, dueAt(from, n)) === n', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, daysArb, (cal, from, n) => {
        expect(workingDaysBetween(cal, from, dueAt(cal, from, n))).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('workingDaysBetween agrees with a day-by-day walk, short and long spans', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, (cal, a, b) => {
        expect(workingDaysBetween(cal, a, b)).toBe(naiveBetween(cal, a, b));
      }),
      { numRuns: 200 },
    );
  });

  it('shiftForPause with an empty or same-day pause is the identity', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        instantArb,
        fc.integer({ min: 0, max: 86_399_999 }),
        (cal, deadline, p, len) => {
          expect(shiftForPause(cal, deadline, p, p)).toBe(deadline);
          const r = p + len;
          if (localDate(cal, r) === localDate(cal, p)) expect(shiftForPause(cal, deadline, p, r)).toBe(deadline);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shiftForPause moves the deadline by exactly the working days the pause consumed', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, instantArb, (cal, deadline, a, b) => {
        const consumed = workingDaysBetween(cal, a, b);
        const shifted = shiftForPause(cal, deadline, a, b);
        expect(shifted).toBeGreaterThanOrEqual(deadline);
        if (consumed > 0) expect(workingDaysBetween(cal, deadline, shifted)).toBe(consumed);
      }),
      { numRuns: 200 },
    );
  });

  it('localDate and formatInstant agree with luxon; formatInstant round-trips through Date.parse', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, t) => {
          const cal = withZone(zone);
          const dt = DateTime.fromMillis(t, { zone });
          expect(localDate(cal, t)).toBe(dt.toISODate());
          expect(formatInstant(cal, t)).toBe(dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
          expect(Date.parse(formatInstant(cal, t))).toBe(Math.floor(t / 1000) * 1000);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('endOfLocalDay lies on its date and reads endOfDay on the wall clock', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 365 * 40 }), (zone, offset) => {
        const cal = withZone(zone);
        const date = addCalendarDays('1995-01-01', offset);
        const end = endOfLocalDay(cal, date);
        expect(localDate(cal, end)).toBe(date);
        expect(formatInstant(cal, end).startsWith(`${date}T23:59:59`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('utcOffsetMinutes', () => {
  it('is minutes east of UTC at the instant, following daylight saving', () => {
    expect(utcOffsetMinutes('Asia/Shanghai', Date.parse('2025-09-01T00:00:00Z'))).toBe(480);
    expect(utcOffsetMinutes('America/New_York', Date.parse('2025-07-01T00:00:00Z'))).toBe(-240);
    expect(utcOffsetMinutes('America/New_York', Date.parse('2025-12-01T00:00:00Z'))).toBe(-300);
    expect(utcOffsetMinutes('Asia/Kathmandu', Date.parse('2025-09-01T00:00:00Z'))).toBe(345);
    expect(utcOffsetMinutes('UTC', 0)).toBe(0);
  });
  it('throws on an unknown zone or a non-finite instant', () => {
    expect(() => utcOffsetMinutes('Mars/Olympus', 0)).toThrow(RangeError);
    expect(() => utcOffsetMinutes('Asia/Shanghai', Number.NaN)).toThrow(RangeError);
  });
});
