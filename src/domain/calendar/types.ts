/**
 * A working-day calendar is a plain value: built at the edge from China's statutory schedule
 * (the chinese-days package plus years loaded by admins) and the institution's own days,
 * then passed into the pure functions of this folder.
 */
export type DayKind = 'off' | 'on';

export interface WorkCalendar {
  /** IANA time zone, default Asia/Shanghai. */
  timeZone: string;
  /** Local end of a working day, "HH:mm:ss", default "23:59:59". */
  endOfDay: string;
  /**
   * Exceptions to the weekend rule, keyed by local date "YYYY-MM-DD": 'off' for a weekday
   * that is a day off (statutory holiday or the institution's own), 'on' for a weekend day
   * that is a working day (调休 or the institution's own). Institution entries win over
   * statutory ones when the calendar is built.
   */
  days: ReadonlyMap<string, DayKind>;
  /** The last year whose official schedule is known; later years fall back to weekends only. */
  knownUntilYear: number;
}
