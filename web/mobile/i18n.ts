import { dropPrefetched, setApiLanguage } from '@common/api/client';
import { type Locale, rememberLocale, savedLocale } from '@common/i18n/locale';
import commonZhCN from '@common/i18n/zh-CN';
import { Locale as VantLocale } from 'vant';
import vantZhCN from 'vant/es/locale/lang/zh-CN';
import { computed, shallowRef } from 'vue';
import ownZhCN from './messages/zh-CN';

/**
 * The phone app's translator: the shared vocabulary (web/common/i18n) merged with the app's own
 * texts (./messages), zh-CN by default, en-US complete. It does what the app's texts need — keys
 * with dots, `{name}` placeholders, fallback to zh-CN — in a few lines instead of vue-i18n and
 * its message compiler (≈ 55 KB of JavaScript the phone had to download and run before the
 * first page). The messages are plain strings, so they are written in vue-i18n's syntax subset
 * and the console (which uses vue-i18n) shares the vocabulary unchanged.
 *
 * zh-CN is in the app's first chunk; en-US (the app's and Vant's texts) is a chunk of its own,
 * loaded when that language is chosen (web/index.html preloads it for a saved en-US).
 */
type Tree = { readonly [key: string]: unknown };

const zhCN: Tree = { ...commonZhCN, ...ownZhCN };
const catalogs: Partial<Record<Locale, Tree>> = { 'zh-CN': zhCN };
const vantCatalogs: Partial<Record<Locale, Record<string, unknown>>> = { 'zh-CN': vantZhCN };
const current = shallowRef<Locale>('zh-CN');

/** Resolved strings per catalog: the pages ask for the same keys on every render. */
const resolved = new WeakMap<Tree, Map<string, string | null>>();
function lookup(tree: Tree | undefined, key: string): string | null {
  if (!tree) return null;
  let cache = resolved.get(tree);
  if (!cache) resolved.set(tree, (cache = new Map()));
  let hit = cache.get(key);
  if (hit === undefined) {
    let node: unknown = tree;
    for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Tree)[part] : undefined;
    hit = typeof node === 'string' ? node : null;
    cache.set(key, hit);
  }
  return hit;
}

/** The text for `key` in the current language (else zh-CN, else the key), `{name}` filled from params. */
export function t(key: string, params?: Record<string, unknown>): string {
  const text = lookup(catalogs[current.value], key) ?? lookup(zhCN, key);
  if (text === null) return key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Whether the current language has a text for `key`. */
export function te(key: string): boolean {
  return lookup(catalogs[current.value], key) !== null;
}

const locale = computed(() => current.value);

/** The subset of vue-i18n's useI18n() the pages use; reading `locale` makes a render follow switches. */
export function useI18n() {
  return { t, te, locale };
}

/** Loads a language when needed, then switches the app, the API's problem texts and Vant's own texts. */
export async function setLocale(next: Locale): Promise<void> {
  if (!catalogs[next] || !vantCatalogs[next]) {
    const [own, vant] = await Promise.all([import('./messages/en-US'), import('vant/es/locale/lang/en-US')]);
    catalogs[next] = own.default;
    vantCatalogs[next] = vant.default;
  }
  current.value = next;
  VantLocale.use(next, vantCatalogs[next]);
  rememberLocale(next);
  setApiLanguage(next);
  dropPrefetched(); // fetched early in the other language
  document.documentElement.lang = next;
  document.title = t('app.name');
}

/** The saved language at start: nothing to wait for in zh-CN; en-US loads its chunk first. */
export function startLocale(): Promise<void> | null {
  const saved = savedLocale();
  return saved === 'zh-CN' ? null : setLocale(saved).catch(() => undefined);
}
