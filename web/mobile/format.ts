import { computed } from 'vue';
import { useI18n } from './i18n';
import { useSessionStore } from './stores/session';

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant's wall-clock fields in one zone. */
interface Fields {
  year: number;
  /** 0–11 */
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
}

function deviceFields(at: Date): Fields {
  return {
    year: at.getFullYear(),
    month: at.getMonth(),
    day: at.getDate(),
    weekday: at.getDay(),
    hour: at.getHours(),
    minute: at.getMinutes(),
  };
}

/** The one formatter for a zone other than the device's; created on first need only. */
let zoned: { timeZone: string; format: Intl.DateTimeFormat } | null = null;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function zonedFields(timeZone: string, ms: number): Fields {
  if (zoned?.timeZone !== timeZone) {
    // Language-independent numbers and English weekday names: only the fields are used; the
    // text comes from the catalogs, like on the fast path.
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    zoned = { timeZone, format };
  }
  const f: Record<string, string> = {};
  for (const p of zoned.format.formatToParts(ms)) f[p.type] = p.value;
  return {
    year: Number(f.year),
    month: Number(f.month) - 1,
    day: Number(f.day),
    weekday: WEEKDAYS.indexOf(f.weekday ?? ''),
    hour: Number(f.hour) % 24,
    minute: Number(f.minute),
  };
}

/**
 * An instant's fields in the institution's zone. The device's own clock (Date's local getters,
 * no Intl) when its offset, now and at that instant, is the institution's offset now — the
 * usual case in China; otherwise Intl in the institution's zone (a device abroad or set to
 * another zone).
 */
function fieldsOf(zone: { timeZone: string; utcOffsetMinutes: number }, ms: number): Fields {
  const at = new Date(ms);
  const offset = zone.utcOffsetMinutes;
  if (-at.getTimezoneOffset() === offset && -new Date().getTimezoneOffset() === offset) return deviceFields(at);
  return zonedFields(zone.timeZone, ms);
}

/**
 * A date or date and time in the current language, from the patterns and names of the message
 * catalogs (format.*): no Intl.DateTimeFormat on the usual path, whose first use in a language
 * loads that language's calendar data — tens of milliseconds on a slow phone before the list
 * could show. Shown in the institution's time zone; with the year when it is not this year's.
 */
function formatDate(
  t: (key: string, params?: Record<string, unknown>) => string,
  zone: { timeZone: string; utcOffsetMinutes: number },
  pattern: 'date' | 'dateTime',
  ms: number,
) {
  const at = fieldsOf(zone, ms);
  const names = (key: string, i: number) => t(`format.${key}`).split(',')[i] ?? '';
  const hour = at.hour;
  const thisYear = fieldsOf(zone, Date.now()).year;
  return t(`format.${pattern}${at.year === thisYear ? '' : 'Year'}`, {
    y: at.year,
    M: at.month + 1,
    MMM: names('months', at.month),
    d: at.day,
    EEE: names('weekdays', at.weekday),
    HH: pad(hour),
    hh: pad(hour % 12 || 12),
    mm: pad(at.minute),
    a: names('dayPeriods', hour < 12 ? 0 : 1),
  });
}

/** Locale-aware names and dates for the pages. */
export function useFormat() {
  const { locale, t } = useI18n();
  const session = useSessionStore();
  const zh = computed(() => locale.value === 'zh-CN');

  const name = (r: { nameZh: string; nameEn: string } | null | undefined): string =>
    r ? (zh.value ? r.nameZh : r.nameEn || r.nameZh) : '';
  const date = (ms: number | null | undefined): string =>
    ms == null ? t('list.noDeadline') : formatDate(t, session, 'date', ms);
  const dateTime = (ms: number): string => formatDate(t, session, 'dateTime', ms);

  /**
   * The time-left tag of a request: the working days left as the server counts them with the
   * calendar in force (holidays, adjusted working days, the institution's own days); none when
   * no clock runs (closed, waiting on the submitter).
   */
  function timeLeft(ticket: {
    workingDaysLeft: number | null;
    overdue: boolean;
  }): { text: string; type: 'danger' | 'warning' | 'success' } | null {
    const n = ticket.workingDaysLeft;
    if (n === null) return null;
    if (ticket.overdue || n < 0) return { text: t('common.overdue'), type: 'danger' };
    if (n === 0) return { text: t('common.dueToday'), type: 'warning' };
    return { text: n === 1 ? t('common.workingDayLeft') : t('common.workingDaysLeft', { n }), type: n <= 1 ? 'warning' : 'success' };
  }

  return { name, date, dateTime, timeLeft, zh };
}
