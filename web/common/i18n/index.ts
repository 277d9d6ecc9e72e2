import { createI18n } from 'vue-i18n';
import { setApiLanguage } from '../api/client';
import enUS from './en-US';
import { type Locale, rememberLocale, savedLocale } from './locale';
import zhCN from './zh-CN';

export type { Locale };

/**
 * One i18n instance per app: the shared vocabulary (states, actions, errors) merged with the
 * app's own messages. zh-CN is the default; en-US is complete. (The console uses this; the phone
 * app has its own lighter translator over the same vocabulary, web/mobile/i18n.ts.)
 */
export function makeI18n(own: { 'zh-CN': Record<string, unknown>; 'en-US': Record<string, unknown> }) {
  const locale = savedLocale();
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
  rememberLocale(locale);
  setApiLanguage(locale);
  document.documentElement.lang = locale;
}
