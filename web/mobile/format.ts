import { computed } from 'vue';
import { useI18n } from './i18n';

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
    return { text: t('common.workingDaysLeft', { n }), type: n <= 1 ? 'warning' : 'success' };
  }

  return { name, date, dateTime, timeLeft, zh };
}
