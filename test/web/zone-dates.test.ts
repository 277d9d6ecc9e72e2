import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateInZone, startOfDayInZone, startOfNextDayInZone } from '../../web/common/zone-dates.ts';

// The browser side of "times in the institution's zone" (web/common/zone-dates.ts). This suite
// runs with TZ=UTC (vitest.config.ts); dateInZone's result is read with local getters, as a
// date picker does.
const ymd = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

describe('dates of the institution’s zone in the browser', () => {
  it('puts an instant on the date it has in the zone', () => {
    // 23:59:59 in Shanghai on 1 December is 15:59:59 UTC: still the 1st there.
    expect(ymd(dateInZone(Date.parse('2026-12-01T15:59:59Z'), 480))).toBe('2026-12-01');
    // 16:00 UTC is already the 2nd in Shanghai, still the 1st in New York.
    expect(ymd(dateInZone(Date.parse('2026-12-01T16:00:00Z'), 480))).toBe('2026-12-02');
    expect(ymd(dateInZone(Date.parse('2026-12-02T03:00:00Z'), -300))).toBe('2026-12-01');
  });

  it('agrees with Intl for any instant and fixed-offset zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2100-01-01') }), (ms) => {
        const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(ms);
        expect(ymd(dateInZone(ms, 480))).toBe(intl);
      }),
    );
  });

  it('finds where a date begins in the zone, also on days the zone changes its offset', () => {
    expect(startOfDayInZone('2026-12-01', 'Asia/Shanghai')).toBe('2026-11-30T16:00:00.000Z');
    expect(startOfNextDayInZone('2026-12-01', 'Asia/Shanghai')).toBe('2026-12-01T16:00:00.000Z');
    expect(startOfDayInZone('2026-07-01', 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
    // New York moves its clocks forward at 02:00 on 8 March 2026, back at 02:00 on 1 November.
    expect(startOfDayInZone('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfNextDayInZone('2026-03-08', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDayInZone('2026-11-01', 'America/New_York')).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfNextDayInZone('2026-11-01', 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
    expect(startOfDayInZone('2026-12-01', 'Asia/Kathmandu')).toBe('2026-11-30T18:15:00.000Z');
  });
});
