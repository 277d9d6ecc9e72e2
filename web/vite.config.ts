import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import enUS from './mobile/messages/en-US.ts';
import zhCN from './mobile/messages/zh-CN.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Vant's icon stylesheet carries its font inline (a 25 KB woff2 as base64, 34 KB of CSS), so every
 * page downloaded the font before its first paint, whether it showed an icon or not. This writes
 * the font out as a file of its own (a hashed asset: the browser fetches it when an icon is drawn,
 * after the first paint) and keeps only that woff2 source (the other source is a CDN URL).
 */
function vantIconFontFile(): Plugin {
  const ICON_CSS = /[\\/]vant[\\/]es[\\/]icon[\\/]index\.css(\?.*)?$/;
  const FONT = /src:url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)[^;}]*/;
  const fontFile = here('../node_modules/.cache/nonglintong-web/vant-icon.woff2');
  return {
    name: 'nlt-vant-icon-font-file',
    enforce: 'pre',
    load: {
      filter: { id: ICON_CSS },
      handler(id) {
        const file = id.split('?')[0] as string;
        const css = readFileSync(file, 'utf8');
        const m = FONT.exec(css);
        if (!m) {
          this.warn('vant/es/icon/index.css: no inline woff2 font found; the icon font stays as Vant ships it');
          return null;
        }
        mkdirSync(path.dirname(fontFile), { recursive: true });
        writeFileSync(fontFile, Buffer.from(m[1] as string, 'base64'));
        const rel = path.relative(path.dirname(file), fontFile).split(path.sep).join('/');
        return css.replace(FONT, `src:url("${rel}") format("woff2")`).replace('font-display:auto', 'font-display:block');
      },
    },
  };
}

/**
 * What the inline boot script of web/index.html needs, written where it says NLT_BOOT:
 * - assets: the chunks of each phone page (and of the en-US texts), which it preloads for the
 *   page being opened while the app's own chunk downloads, instead of after that has run. Keys
 *   are the names the boot script uses; the files are those the entry does not load already,
 *   their CSS included.
 * - later: what a page loads on first use only (the submit page's pickers), fetched at low
 *   priority into the cache (rel=prefetch: not run, not competing with the page's own requests).
 * - texts: the page titles its app shell shows before the app runs, from the app's catalogs.
 */
function bootTable(base: string): Plugin {
  const MARKER = '/*NLT_BOOT*/{}';
  const SOURCES: Record<string, string[]> = {
    home: ['/mobile/pages/HomePage.vue'],
    login: ['/mobile/pages/LoginPage.vue'],
    submit: ['/mobile/pages/SubmitPage.vue'],
    list: ['/mobile/pages/ListPage.vue'],
    ticket: ['/mobile/pages/TicketPage.vue'],
    'en-US': ['/mobile/messages/en-US.ts', '/vant/es/locale/lang/en-US.mjs'],
  };
  const LATER: Record<string, string[]> = {
    submit: ['/mobile/components/OptionPicker.ts'],
  };
  const shellTexts = (m: typeof zhCN) => ({
    app: m.app.name,
    back: m.nav.back,
    submit: m.submit.title,
    mine: m.list.title,
    inbox: m.list.unitTitle,
    ticket: m.detail.title,
  });
  const texts = { 'zh-CN': shellTexts(zhCN), 'en-US': shellTexts(enUS) };
  return {
    name: 'nlt-boot-table',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!html.includes(MARKER)) return html;
        const assets: Record<string, string[]> = {};
        const later: Record<string, string[]> = {};
        // In development (no bundle) nothing is preloaded.
        if (ctx.bundle && ctx.chunk) {
          const chunks = new Map<string, Rollup.OutputChunk>();
          for (const o of Object.values(ctx.bundle)) if (o.type === 'chunk') chunks.set(o.fileName, o);
          const closure = (file: string, out = new Set<string>()) => {
            if (out.has(file)) return out;
            out.add(file);
            for (const f of chunks.get(file)?.imports ?? []) closure(f, out);
            return out;
          };
          const cssOf = (files: Iterable<string>) =>
            new Set([...files].flatMap((f) => [...(chunks.get(f)?.viteMetadata?.importedCss ?? [])]));
          const loaded = closure(ctx.chunk.fileName);
          const loadedCss = cssOf(loaded);
          const chunkOf = (src: string) => {
            const chunk = [...chunks.values()].find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(src));
            if (!chunk) throw new Error(`bootTable: no chunk for ${src} (is it still part of the phone app?)`);
            return chunk.fileName;
          };
          /** The files of these modules' chunks (CSS included) that are not in `except`. */
          const filesOf = (sources: string[], except: Set<string>, exceptCss: Set<string>) => {
            const js = new Set<string>();
            for (const src of sources) closure(chunkOf(src), js);
            const files = [...js].filter((f) => !except.has(f));
            const css = [...cssOf(files)].filter((f) => !exceptCss.has(f));
            return [...files, ...css];
          };
          for (const [name, sources] of Object.entries(SOURCES))
            assets[name] = filesOf(sources, loaded, loadedCss).map((f) => base + f);
          for (const [name, sources] of Object.entries(LATER)) {
            const own = filesOf(SOURCES[name] ?? [], loaded, loadedCss);
            later[name] = filesOf(sources, new Set([...loaded, ...own]), new Set([...loadedCss, ...own]))
              .map((f) => base + f);
          }
        }
        return html.replace(MARKER, JSON.stringify({ assets, later, texts }));
      },
    },
  };
}

/** See the mobile-ui chunk below. */
const MOBILE_CORE = new RegExp(
  [
    String.raw`[\\/]node_modules[\\/]@vant[\\/]use[\\/]`,
    String.raw`[\\/]node_modules[\\/]vant[\\/]es[\\/]((utils|composables|style|config-provider|icon|badge|loading|button|cell|cell-group|field|form|nav-bar|popup|overlay|toast|empty|tag|tabbar|tabbar-item)[\\/]|locale[\\/](index|lang[\\/]zh-CN)\.mjs$)`,
    String.raw`[\\/]web[\\/]mobile[\\/]((composables|stores)[\\/]\w+\.ts|messages[\\/]zh-CN\.ts|(format|status|i18n)\.ts|components[\\/](TitleBar|LanguageSwitch)\.vue)$`,
  ].join('|'),
);

/**
 * Two front ends in one build: the phone app at / (web/index.html) and the console at
 * /console/ (web/console/index.html). Output: dist/web, served by the Fastify server.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [vue(), vantIconFontFile(), bootTable('/')],
  resolve: { alias: { '@common': here('./common') } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: bench/web.ts reads the chunk graph from it (not served).
    manifest: true,
    // Every browser the app supports has <link rel="modulepreload">: no polyfill (it was a chunk).
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { mobile: here('./index.html'), console: here('./console/index.html') },
      output: {
        codeSplitting: {
          groups: [
            {
              // What both apps load first: Vue, its router, the API client, the shared zh-CN
              // vocabulary and the bundler's helpers, one chunk (the helpers were chunks of a few
              // bytes each, a request each).
              name: 'vendor',
              test: (id) =>
                /[\\/]node_modules[\\/](@vue|vue|vue-router|openapi-fetch)[\\/]/.test(id) ||
                /[\\/]web[\\/]common[\\/](api[\\/]client|i18n[\\/](locale|zh-CN))\.ts$/.test(id) ||
                /plugin-vue:export-helper|vite\/preload-helper|rolldown\/runtime/.test(id),
            },
            {
              // Vant's core (what most pages use) and the phone app's small shared helpers: one
              // chunk (and one stylesheet) instead of a dozen small shared ones, each another
              // request and round trip before a page can show (on HTTP/1.1 six at a time). Widgets
              // of one page (pickers, lists, the uploader and its image preview) stay with it.
              name: 'mobile-ui',
              test: MOBILE_CORE,
            },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
