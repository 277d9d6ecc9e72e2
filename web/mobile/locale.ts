import { switchLocale, type Locale, type makeI18n } from '@common/i18n';
import { Locale as VantLocale } from 'vant';
import enUS from 'vant/es/locale/lang/en-US';
import zhCN from 'vant/es/locale/lang/zh-CN';

/** Switches the app, the API's problem texts and Vant's own texts (pickers, dialogs) together. */
export function applyLocale(i18n: ReturnType<typeof makeI18n>, locale: Locale) {
  switchLocale(i18n, locale);
  VantLocale.use(locale, locale === 'en-US' ? enUS : zhCN);
  document.title = locale === 'en-US' ? 'Nonglintong' : '农林通';
}
