import { computed } from 'vue';
import { useI18n } from './i18n';

const DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date or date and time in the current language, from the patterns and names of the message
 * catalogs (format.*): no Intl.DateTimeFormat, whose first use in a language loads that
 * language's calendar data — tens of milliseconds on a slow phone before the list could show.
 */
function formatDate(t: (key: string, params?: Record<string, unknown>) => string, pattern: 'date' | 'dateTime', ms: number) {
  const at = new Date(ms);
  const names = (key: string, i: number) => t(`format.${key}`).split(',')[i] ?? '';
  const hour = at.getHours();
  return t(`format.${pattern}`, {
    M: at.getMonth() + 1,
    MMM: names('months', at.getMonth()),
    d: at.getDate(),
    EEE: names('weekdays', at.getDay()),
    HH: pad(hour),
    hh: pad(hour % 12 || 12),
    mm: pad(at.getMinutes()),
    a: names('dayPeriods', hour < 12 ? 0 : 1),
  });
}

/** Locale-aware names and dates for the pages. */
export function useFormat() {
  const { locale, t } = useI18n();
  const zh = computed(() => locale.value === 'zh-CN');

  const name = (r: { nameZh: string; nameEn: string } | null | undefined): string =>
    r ? (zh.value ? r.nameZh : r.nameEn || r.nameZh) : '';
  const date = (ms: number | null | undefined): string =>
    ms == null ? t('list.noDeadline') : formatDate(t, 'date', ms);
  const dateTime = (ms: number): string => formatDate(t, 'dateTime', ms);

  /**
   * Rough time left in working days: calendar days to the deadline minus weekends (statutory
   * holidays are not known here; the deadline date shown next to it is exact).
   */
  function workingDaysLeft(due: number, now = Date.now()): number {
    let n = 0;
    const end = new Date(due);
    end.setHours(0, 0, 0, 0);
    const d = new Date(now);
    d.setHours(0, 0, 0, 0);
    while (d < end) {
      d.setTime(d.getTime() + DAY);
      const wd = d.getDay();
      if (wd !== 0 && wd !== 6) n++;
    }
    return n;
  }

  function timeLeft(due: number | null, overdue: boolean): { text: string; type: 'danger' | 'warning' | 'success' } | null {
    if (due == null) return null;
    if (overdue || due < Date.now()) return { text: t('common.overdue'), type: 'danger' };
    const n = workingDaysLeft(due);
    if (n === 0) return { text: t('common.dueToday'), type: 'warning' };
    return { text: t('common.workingDaysLeft', { n }), type: n <= 1 ? 'warning' : 'success' };
  }

  return { name, date, dateTime, timeLeft, zh };
}
