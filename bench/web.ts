/**
 * `npm run bench:web`: the phone app's speed, against issue 3's targets.
 *
 * 1. Builds dist/web when stale (scripts/ensure-web.mjs, as `npm start` does).
 * 2. submit_page_js_gzip: the JavaScript the submit page needs, gzipped (node:zlib, level 9),
 *    in KB (1 KB = 1024 bytes), against 150 KB. Read from dist/web/.vite/manifest.json: the entry
 *    chunk of web/index.html with its static imports, plus the SubmitPage chunk with everything
 *    it imports, statically or dynamically (transitively), each file counted once.
 * 3. lighthouse_submit, lighthouse_list: Lighthouse 12.2.3 performance score (0–100, default
 *    mobile form factor and throttling) against 90, on /#/submit and /#/mine of the real server
 *    (`nonglintong serve` on a free port, a temporary DATA_DIR, the demo seed), signed in as the
 *    demo student: the session cookie from POST /api/auth/login goes in Lighthouse's extraHeaders.
 *    Chromium: /usr/bin/chromium (CHROMIUM overrides) via chrome-launcher, fresh profile. One
 *    warm-up run per page comes first and is not recorded (a fresh server and a fresh profile
 *    are slower on their first page load than on any later one).
 *
 * Notes go first; the figures are the last lines of stdout, one JSON object per line. The metrics
 * of each page and the audits Lighthouse blames most are listed among the notes, with the
 * machine's load average before and after each page (Lighthouse's simulated timings scale the CPU
 * time the page really took, so a busy machine lowers the scores).
 * BENCH_LH_RUNS (default 1): Lighthouse runs per page; the median score is the figure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  type Figure,
  figure,
  freePort,
  note,
  onAbort,
  printFigures,
  runNode,
  spawnNode,
  waitForHttp,
} from './lib.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist/web');
const RUNS = Math.max(1, Number(process.env.BENCH_LH_RUNS ?? 1));

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** Gzipped bytes of the submit page's JavaScript, with the per-file breakdown. */
function submitPageJs(): { bytes: number; files: { file: string; gz: number }[] } {
  const manifestFile = path.join(DIST, '.vite/manifest.json');
  if (!existsSync(manifestFile))
    throw new Error(`${manifestFile} is missing: build.manifest must be on in web/vite.config.ts`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const entry = manifest['index.html'];
  if (!entry) throw new Error('no index.html entry in the Vite manifest');
  const submitKey = Object.keys(manifest).find((k) => /(^|\/)mobile\/pages\/SubmitPage\.vue$/.test(k));
  if (!submitKey) throw new Error('no mobile/pages/SubmitPage.vue chunk in the Vite manifest');

  const keys = new Set<string>();
  const walk = (key: string, dynamic: boolean) => {
    if (keys.has(key)) return;
    const c = manifest[key];
    if (!c) throw new Error(`manifest: no chunk ${key}`);
    keys.add(key);
    for (const k of c.imports ?? []) walk(k, dynamic);
    if (dynamic) for (const k of c.dynamicImports ?? []) walk(k, dynamic);
  };
  walk('index.html', false); // the entry and what it loads up front (its dynamic imports are the other routes)
  walk(submitKey, true); // the route's chunk and everything it may load
  const files = [...keys]
    .map((k) => (manifest[k] as ManifestChunk).file)
    .filter((f) => f.endsWith('.js'))
    .map((file) => ({ file, gz: gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length }))
    .sort((a, b) => b.gz - a.gz);
  return { bytes: files.reduce((s, f) => s + f.gz, 0), files };
}

interface Lhr {
  categories: { performance?: { score: number | null } };
  audits: Record<
    string,
    {
      id: string;
      title: string;
      score: number | null;
      scoreDisplayMode: string;
      displayValue?: string;
      numericValue?: number;
      metricSavings?: Record<string, number>;
      details?: { overallSavingsMs?: number; overallSavingsBytes?: number };
    }
  >;
  finalDisplayedUrl?: string;
  runtimeError?: { code: string; message: string };
  runWarnings?: string[];
}

/** One run's metrics in a line: FCP, LCP, TBT, SI, CLS and JavaScript boot-up time. */
function metricsLine(lhr: Lhr): string {
  const a = lhr.audits;
  const ms = (id: string) => `${Math.round(a[id]?.numericValue ?? Number.NaN)} ms`;
  return [
    `FCP ${ms('first-contentful-paint')}`,
    `LCP ${ms('largest-contentful-paint')}`,
    `TBT ${ms('total-blocking-time')}`,
    `SI ${ms('speed-index')}`,
    `CLS ${(a['cumulative-layout-shift']?.numericValue ?? Number.NaN).toFixed(3)}`,
    `JS boot-up ${ms('bootup-time')}`,
  ].join(', ');
}

/** The metrics and the audits that cost most, for the notes. */
function blame(lhr: Lhr): string[] {
  const a = lhr.audits;
  const metrics = [
    'first-contentful-paint',
    'largest-contentful-paint',
    'total-blocking-time',
    'cumulative-layout-shift',
    'speed-index',
  ]
    .map((id) => a[id])
    .filter((m) => m)
    .map((m) => `${m?.title} ${m?.displayValue ?? ''} (score ${m?.score})`);
  const costly = Object.values(a)
    .filter(
      (x) =>
        x.score !== null && x.score < 0.9 && !['informative', 'notApplicable', 'manual'].includes(x.scoreDisplayMode),
    )
    .filter((x) => !metrics.some((m) => m.startsWith(x.title)))
    .map((x) => {
      const ms = Math.max(x.details?.overallSavingsMs ?? 0, ...Object.values(x.metricSavings ?? {}));
      return { x, ms, bytes: x.details?.overallSavingsBytes ?? 0 };
    })
    .sort((p, q) => q.ms - p.ms || q.bytes - p.bytes)
    .slice(0, 8)
    .map(
      ({ x, ms, bytes }) =>
        `${x.id}: ${x.title}${x.displayValue ? ` — ${x.displayValue}` : ''}${ms ? ` (saves ~${Math.round(ms)} ms)` : ''}${bytes ? ` (~${Math.round(bytes / 1024)} KiB)` : ''}`,
    );
  return [...metrics.map((m) => `  metric ${m}`), ...costly.map((c) => `  audit ${c}`)];
}

async function main(): Promise<void> {
  const figures: Figure[] = [];

  note('Building the web app when stale (scripts/ensure-web.mjs)…');
  await runNode(['scripts/ensure-web.mjs'], {}, 300_000);

  const js = submitPageJs();
  note(`Submit page JavaScript, gzipped (level 9): ${(js.bytes / 1024).toFixed(1)} KB in ${js.files.length} files`);
  for (const f of js.files) note(`  ${(f.gz / 1024).toFixed(1).padStart(7)} KB  ${f.file}`);
  figures.push(figure('submit_page_js_gzip', js.bytes / 1024, 'KB', 150));

  if (!existsSync(CHROMIUM)) {
    note(`Lighthouse SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)`);
    printFigures(figures);
    return;
  }

  const dataDir = mkdtempSync(path.join(tmpdir(), 'nlt-bench-web-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    SWEEP_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
  };
  note(`Seeding the demo university into ${dataDir}…`);
  const seedOut = await runNode(['bin/nonglintong.js', 'seed'], env, 180_000);
  const m = /^\s+student\s+(\S{8,})\s+submitter/m.exec(seedOut);
  if (!m) throw new Error(`no password for student in the seed output:\n${seedOut}`);
  const password = m[1] as string;

  const server = spawnNode(['bin/nonglintong.js', 'serve'], env);
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  const cleanup = async () => {
    await chrome?.kill();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const unregister = onAbort(cleanup);
  try {
    await waitForHttp(`${base}/`, server, 60_000);
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'student', password }),
    });
    if (!res.ok) throw new Error(`sign-in as student failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    if (!cookie) throw new Error('sign-in answered no session cookie');

    chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent' });
    const pages = [
      { name: 'lighthouse_submit', url: `${base}/#/submit` },
      { name: 'lighthouse_list', url: `${base}/#/mine` },
    ];
    /**
     * One Lighthouse run of a page. Lighthouse asks to be run again when its trace came out broken
     * (NO_NAVSTART, NO_FCP on a loaded machine): so do we, once.
     */
    const audit = async (url: string, attempt = 1): Promise<Lhr> => {
      const result = await lighthouse(url, {
        port: chrome?.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        extraHeaders: { Cookie: cookie },
      });
      const lhr = result?.lhr as unknown as Lhr | undefined;
      if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
      if (lhr.runtimeError) {
        if (attempt === 1 && /^NO_(NAVSTART|FCP)$/.test(lhr.runtimeError.code)) {
          note(`  Lighthouse on ${url}: ${lhr.runtimeError.code}, run again`);
          return audit(url, 2);
        }
        throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      }
      // The router sends a visitor without a session to #/login: then the wrong page was measured.
      if (lhr.finalDisplayedUrl?.includes('#/login'))
        throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}: the session cookie was not accepted`);
      return lhr;
    };
    // Warm-up, not recorded: the first load of a freshly started server (its JIT, its caches) and
    // the first navigation of a fresh Chromium profile are slower than any later one, and would
    // weigh on the first page's first run only.
    note('Warm-up run (not recorded)…');
    for (const p of pages) await audit(p.url);

    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
    for (const p of pages) {
      const loadBefore = load();
      const runs: { score: number; lhr: Lhr }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const lhr = await audit(p.url);
        for (const w of lhr.runWarnings ?? []) note(`  Lighthouse warning (${p.url}): ${w}`);
        const score = Math.round((lhr.categories.performance?.score ?? 0) * 100);
        runs.push({ score, lhr });
        note(`  run ${i + 1}: ${score} — ${metricsLine(lhr)}`);
      }
      runs.sort((a, b) => a.score - b.score);
      const mid = runs[Math.floor(runs.length / 2)] as { score: number; lhr: Lhr };
      const median = mid.score;
      note(
        `Lighthouse performance, ${p.url}: ${median} (runs: ${runs.map((r) => r.score).join(', ')}; ended on ${mid.lhr.finalDisplayedUrl}; load average ${loadBefore} before, ${load()} after)`,
      );
      note('  the median run:');
      for (const line of blame(mid.lhr)) note(line);
      figures.push(figure(p.name, median, 'count', 90));
    }
  } finally {
    await cleanup();
    unregister();
  }
  printFigures(figures);
}

await main();
