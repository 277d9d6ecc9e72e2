import { createI18n } from 'vue-i18n';
import { setApiLanguage } from '../api/client';
import enUS from './en-US';
import zhCN from './zh-CN';

export type Locale = 'zh-CN' | 'en-US';
const STORAGE_KEY = 'nlt.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh-CN' || saved === 'en-US') return saved;
  return 'zh-CN';
}

/**
 * One i18n instance per app: the shared vocabulary (states, actions, errors) merged with the
 * app's own messages. zh-CN is the default; en-US is complete.
 */
export function makeI18n(own: { 'zh-CN': Record<string, unknown>; 'en-US': Record<string, unknown> }) {
  const locale = initialLocale();
  setApiLanguage(locale);
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': { ...zhCN, ...own['zh-CN'] }, 'en-US': { ...enUS, ...own['en-US'] } },
  });
}

export function switchLocale(i18n: ReturnType<typeof makeI18n>, locale: Locale) {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  setApiLanguage(locale);
  document.documentElement.lang = locale;
}
