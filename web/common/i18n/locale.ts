/**
 * The chosen language, kept in localStorage. Free of vue-i18n so the phone app (which has its
 * own small translator, web/mobile/i18n.ts) can use it without loading vue-i18n.
 */
export type Locale = 'zh-CN' | 'en-US';
export const LOCALE_STORAGE_KEY = 'nlt.locale';

/** The saved language, else zh-CN (the default). */
export function savedLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch {
    // storage blocked (private mode in some in-app browsers): the default
  }
  return 'zh-CN';
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // not persisted; the switch still applies to this page
  }
}
