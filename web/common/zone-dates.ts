/**
 * Dates of the institution's time zone (TIME_ZONE, told by GET /api/me) in the browser, whatever
 * the browser's own zone.
 */

/**
 * The date an instant falls on in a zone whose UTC offset is `offsetMinutes` (minutes east of
 * UTC), as a local midnight Date: date pickers read only its year, month and day. Uses no Intl
 * (the phone app avoids its first-use cost); a zone with daylight saving time is right within
 * the season of the offset given.
 */
export function dateInZone(ms: number, offsetMinutes: number): Date {
  const shifted = new Date(ms + offsetMinutes * 60_000);
  return new Date(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate());
}

/** Minutes east of UTC of `timeZone` at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The instant a date (YYYY-MM-DD) begins in `timeZone`, as ISO. Two passes, so that a day on
 * which the zone changes its offset begins at its real midnight.
 */
export function startOfDayInZone(date: string, timeZone: string): string {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const first = utcMidnight - offsetAt(utcMidnight, timeZone) * 60_000;
  return new Date(utcMidnight - offsetAt(first, timeZone) * 60_000).toISOString();
}

/** The instant the day after `date` begins in `timeZone`, as ISO (the end of a date range). */
export function startOfNextDayInZone(date: string, timeZone: string): string {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return startOfDayInZone(next, timeZone);
}
