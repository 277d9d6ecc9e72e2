import { ApiError } from '@common/api/client';
import { useI18n } from 'vue-i18n';
import { useSession } from '../stores/session';

export interface Named {
  nameZh: string;
  nameEn: string;
}

/** Locale-aware formatting for the console: names of units/categories, instants, errors. */
export function useFormat() {
  const { locale, t } = useI18n();
  // Instants in the institution's time zone (from GET /api/me), not the browser's.
  const session = useSession();
  const name = (n: Named | null | undefined) =>
    n ? (locale.value === 'en-US' ? n.nameEn || n.nameZh : n.nameZh || n.nameEn) : '—';
  const dateTime = (ms: number | null | undefined) =>
    ms == null
      ? '—'
      : new Intl.DateTimeFormat(locale.value, {
          timeZone: session.timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hour12: false,
        }).format(ms);
  const date = (ms: number | null | undefined) =>
    ms == null
      ? '—'
      : new Intl.DateTimeFormat(locale.value, {
          timeZone: session.timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        }).format(ms);
  const errorText = (e: unknown) => {
    if (e instanceof ApiError) return e.problem?.detail ?? e.problem?.title ?? `${t('common.error')} (${e.status})`;
    if (e instanceof TypeError) return t('common.networkError');
    return e instanceof Error ? e.message : String(e);
  };
  return { name, dateTime, date, errorText, locale, t };
}
