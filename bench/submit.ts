/**
 * `npm run bench:submit`: ticket submissions over HTTP, on SQLite and on PostgreSQL
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test: a fresh database is
 * created for the run and dropped after; skipped with a note when the server is unreachable).
 *
 * For each engine: the real server (`node bin/nonglintong.js serve`, compiled first to
 * dist/server as `npm start` does, with the node flags of package.json's start script; no demo seed, no sweeper,
 * submit rate limit out of the way) in a child process; an admin and a student made with
 * `user add`; a unit and a category made through the admin API; an API token for the student
 * (POST /api/tokens). Then autocannon, 32 connections: a warm-up, then a fixed number of
 * POST /api/tickets with a ~300-character Chinese body and `Authorization: Bearer`.
 * The baseline is bench/baseline-server.ts (a bare Fastify route inserting one row of the same
 * size into the same engine), compiled the same way, under the same load, in the same run.
 *
 * Figures (last lines of stdout), per engine:
 *   submit_<engine>            req/s against the baseline's req/s        (target ratio >= 0.5)
 *   submit_<engine>_p99        p99 latency in ms against the baseline's  (target < 50 ms)
 *   submit_<engine>_rss        peak RSS of the server in MB against the baseline server's (target < 200 MB)
 *   submit_<engine>_stored     tickets in the database against the 201 answers (must be equal)
 *
 * Environment: BENCH_REQUESTS (default 10000), BENCH_WARMUP (default 1000),
 * BENCH_CONNECTIONS (default 32), BENCH_DATABASE_URL, BENCH_SKIP_PG=1, BENCH_SKIP_SQLITE=1,
 * BENCH_SERVER_NODE_FLAGS (extra node flags for the application server, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it), BENCH_SERVER_ENTRY (the script
 * started with `serve` instead of dist/server/nonglintong.mjs).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  type Child,
  cpuMs,
  cpuMsOfCommand,
  createPgDatabase,
  type Figure,
  figure,
  freePort,
  note,
  onAbort,
  printFigures,
  reachablePostgres,
  runNode,
  sampleRss,
  spawnNode,
  TICKET_BODY,
  TICKET_TITLE,
  waitForHttp,
} from './lib.ts';
import { buildServer, SERVER_BUNDLE } from '../scripts/server-bundle.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;
const TARGET_RSS_MB = 200;
const PASSWORD = 'bench-Passw0rd-农林';

interface Load {
  /** 2xx answers per second over the measured run. */
  rps: number;
  p99: number;
  p50: number;
  ok: number;
  created: number;
  other: Record<string, number>;
  errors: number;
  timeouts: number;
  durationS: number;
}

interface Measured {
  load: Load;
  warmupCreated: number;
  peakRssMb: number;
}

const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** Warm-up then the measured run against one server, sampling its RSS throughout. */
async function hammer(
  label: string,
  pid: number,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Measured> {
  const rss = sampleRss(pid);
  const run = async (amount: number): Promise<Load> => {
    // autocannon's own duration counts whole ticks of its 1 s timer (10,000 answers took
    // "3.01 s" whether they took 2.2 or 2.9): the run is timed here instead, from the start
    // to the last answer.
    const started = performance.now();
    let lastAnswer = started;
    const instance = autocannon({ url, method: 'POST', connections: CONNECTIONS, amount, headers, body, timeout: 30 });
    instance.on('response', () => {
      lastAnswer = performance.now();
    });
    const r = await instance;
    const durationS = (lastAnswer - started) / 1000;
    const codes: Record<string, number> = {};
    for (const [code, s] of Object.entries(r.statusCodeStats ?? {}))
      codes[code] = Number((s as { count: number | string }).count);
    const created = codes['201'] ?? 0;
    const ok = Object.entries(codes)
      .filter(([c]) => c.startsWith('2'))
      .reduce((a, [, n]) => a + n, 0);
    const other = Object.fromEntries(Object.entries(codes).filter(([c]) => !c.startsWith('2')));
    return {
      rps: durationS > 0 ? ok / durationS : 0,
      p99: r.latency.p99,
      p50: r.latency.p50,
      ok,
      created,
      other,
      errors: r.errors,
      timeouts: r.timeouts,
      durationS: Math.round(durationS * 100) / 100,
    };
  };
  const warm = await run(WARMUP);
  note(`${label}: warm-up ${warm.ok}/${WARMUP} ok in ${warm.durationS} s; load average ${loadAverage()}`);
  const cpuBefore = cpuMs(pid);
  const pgBefore = cpuMsOfCommand('postgres');
  const selfBefore = process.cpuUsage();
  const load = await run(REQUESTS);
  const self = process.cpuUsage(selfBefore);
  const pgMs = cpuMsOfCommand('postgres') - pgBefore;
  const cpuAfter = cpuMs(pid);
  const peakRssMb = rss.stop();
  const cpuPerRequest =
    cpuBefore !== null && cpuAfter !== null && load.ok > 0
      ? `${((cpuAfter - cpuBefore) / load.ok).toFixed(2)} ms`
      : '?';
  note(
    `${label}: ${load.ok}/${REQUESTS} ok in ${load.durationS} s = ${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ` +
      `server CPU ${cpuPerRequest} per request, ` +
      (label.startsWith('postgres') && load.ok > 0 ? `PostgreSQL CPU ${(pgMs / load.ok).toFixed(2)} ms, ` : '') +
      (load.ok > 0 ? `load generator ${((self.user + self.system) / 1000 / load.ok).toFixed(2)} ms, ` : '') +
      `peak RSS ${peakRssMb.toFixed(1)} MB${load.errors || load.timeouts ? `, ${load.errors} errors, ${load.timeouts} timeouts` : ''}` +
      `${Object.keys(load.other).length ? `, other answers ${JSON.stringify(load.other)}` : ''}`,
  );
  return { load, warmupCreated: warm.created, peakRssMb };
}

/** The baseline server on one engine. */
async function baseline(label: string, env: Record<string, string>): Promise<Measured> {
  const port = await freePort();
  const child = spawnNode([BASELINE_BUNDLE], { ...env, PORT: String(port) });
  const forget = onAbort(() => child.stop());
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child);
    return await hammer(
      `${label} baseline`,
      child.pid,
      `http://127.0.0.1:${port}/rows`,
      { 'content-type': 'application/json' },
      JSON.stringify({ title: TICKET_TITLE, body: TICKET_BODY }),
    );
  } finally {
    forget();
    await child.stop();
  }
}

// ---------------------------------------------------------------------------------------
// The application

async function api<T>(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { json: (text ? JSON.parse(text) : null) as T, res };
}

async function signIn(base: string, username: string): Promise<Record<string, string>> {
  const { json, res } = await api<{ csrfToken: string }>(base, 'POST', '/api/auth/login', {
    body: { username, password: PASSWORD },
  });
  const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie') ?? ''])
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, 'x-csrf-token': json.csrfToken };
}

/** Units, category and a token through the real API; returns the student's Bearer header and the body to submit. */
async function prepare(base: string): Promise<{ headers: Record<string, string>; body: string }> {
  const admin = await signIn(base, 'bench-admin');
  const unit = await api<{ id: string }>(base, 'POST', '/api/units', {
    headers: admin,
    body: { code: 'HQBZC', nameZh: '后勤保障处', nameEn: 'Logistics Office', kind: 'department' },
  });
  await api(base, 'POST', '/api/categories', {
    headers: admin,
    body: { code: 'SSWX', nameZh: '设施维修', nameEn: 'Facility repairs', defaultUnitId: unit.json.id },
  });
  const student = await signIn(base, 'bench-student');
  const { json: token } = await api<{ token: string }>(base, 'POST', '/api/tokens', {
    headers: student,
    body: { name: 'bench:submit' },
  });
  const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' };
  const { json: categories } = await api<{ id: string; code: string }[]>(base, 'GET', '/api/categories', { headers });
  const category = categories.find((c) => c.code === 'SSWX');
  if (!category) throw new Error('the category just created is not listed');
  // One trial submission, to fail fast with the server's own message if something is off.
  const payload = { categoryId: category.id, title: TICKET_TITLE, body: TICKET_BODY, place: '第三教学楼东侧小路' };
  await api(base, 'POST', '/api/tickets', { headers, body: payload });
  return { headers, body: JSON.stringify(payload) };
}

async function application(
  label: string,
  dataDir: string,
  databaseUrl: string,
  countTickets: () => Promise<number>,
): Promise<Measured & { stored: number; acknowledged: number }> {
  const port = await freePort();
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    SUBMIT_RATE_LIMIT: '1000000', // the configuration's maximum (per user and minute)
    LOG_LEVEL: 'silent',
    SWEEP_INTERVAL_SECONDS: '0',
    SEED_DEMO: 'false',
  };
  await runNode(
    [
      '--enable-source-maps',
      SERVER_BUNDLE,
      'user',
      'add',
      'bench-admin',
      '--name',
      '基准管理员',
      '--password',
      PASSWORD,
      '--role',
      'admin',
    ],
    env,
  );
  await runNode(
    [
      '--enable-source-maps',
      SERVER_BUNDLE,
      'user',
      'add',
      'bench-student',
      '--name',
      '基准学生',
      '--password',
      PASSWORD,
      '--kind',
      'student',
    ],
    env,
  );
  const nodeFlags = [...startFlags(), ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
  // What bin/nonglintong.js runs once `npm start` has compiled the sources (named directly:
  // a source file edited during the run would send bin/ back to the sources).
  const entry = process.env.BENCH_SERVER_ENTRY || SERVER_BUNDLE;
  let server: Child | null = spawnNode(['--enable-source-maps', ...nodeFlags, entry, 'serve'], env);
  const forget = onAbort(() => server?.stop());
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, server);
    const { headers, body } = await prepare(base);
    const m = await hammer(label, server.pid, `${base}/api/tickets`, headers, body);
    await server.stop(15_000);
    server = null;
    // The trial submission of prepare() was acknowledged with a 201 too.
    const acknowledged = 1 + m.warmupCreated + m.load.created;
    const stored = await countTickets();
    note(`${label}: ${stored} tickets stored, ${acknowledged} acknowledged with 201`);
    return { ...m, stored, acknowledged };
  } finally {
    forget();
    await server?.stop();
  }
}

/** The node flags of `npm start` (package.json), so that the server runs as it does there. */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const [, ...words] = pkg.scripts.start.split(/\s+/); // node <flags> bin/nonglintong.js serve
  const flags: string[] = [];
  for (const word of words) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}

// ---------------------------------------------------------------------------------------

const figures: Figure[] = [];
const failures: string[] = [];

function record(engine: string, app: Awaited<ReturnType<typeof application>>, base: Measured): void {
  figures.push(figure(`submit_${engine}`, app.load.rps, 'req/s', base.load.rps));
  figures.push(figure(`submit_${engine}_p99`, app.load.p99, 'ms', base.load.p99));
  figures.push(figure(`submit_${engine}_rss`, app.peakRssMb, 'MB', base.peakRssMb));
  figures.push(figure(`submit_${engine}_stored`, app.stored, 'count', app.acknowledged));
  const ratio = base.load.rps > 0 ? app.load.rps / base.load.rps : 0;
  if (ratio < TARGET_RATIO)
    failures.push(
      `${engine}: ${app.load.rps.toFixed(0)} req/s is ${(ratio * 100).toFixed(0)} % of the baseline (target >= ${TARGET_RATIO * 100} %)`,
    );
  if (app.load.p99 >= TARGET_P99_MS) failures.push(`${engine}: p99 ${app.load.p99} ms (target < ${TARGET_P99_MS} ms)`);
  if (app.peakRssMb >= TARGET_RSS_MB)
    failures.push(`${engine}: peak RSS ${app.peakRssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB)`);
  if (app.stored !== app.acknowledged)
    failures.push(`${engine}: ${app.stored} tickets stored but ${app.acknowledged} acknowledged`);
  for (const [who, l] of [
    ['application', app.load],
    ['baseline', base.load],
  ] as const) {
    const bad = Object.values(l.other).reduce((a, n) => a + n, 0) + l.errors + l.timeouts;
    if (bad > 0) failures.push(`${engine} ${who}: ${bad} requests failed or were not 2xx`);
  }
}

// Both servers run as plain JavaScript, as `npm start` runs the application.
const BASELINE_BUNDLE = 'dist/bench/baseline-server.mjs';
await buildServer();
await build({
  entryPoints: ['bench/baseline-server.ts'],
  outfile: BASELINE_BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

note(
  `submit benchmark: ${CONNECTIONS} connections, ${WARMUP} warm-up + ${REQUESTS} measured requests per server; ` +
    `load average ${loadAverage()} on this machine before the run (other work on it skews every figure)`,
);

// SQLite
if (process.env.BENCH_SKIP_SQLITE === '1') {
  note('sqlite: skipped (BENCH_SKIP_SQLITE=1)');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'nlt-bench-submit-'));
  const forget = onAbort(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const base = await baseline('sqlite', { BASELINE_DB: join(dir, 'baseline.db') });
    const app = await application('sqlite', dir, '', async () => {
      const db = new SqliteDatabase(join(dir, 'nonglintong.db'), { readonly: true });
      try {
        return Number((db.prepare('select count(*) as n from tickets').get() as { n: number }).n);
      } finally {
        db.close();
      }
    });
    record('sqlite', app, base);
  } catch (e) {
    failures.push(`sqlite: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    forget();
    rmSync(dir, { recursive: true, force: true });
  }
}

// PostgreSQL
if (process.env.BENCH_SKIP_PG === '1') {
  note('postgres: skipped (BENCH_SKIP_PG=1)');
} else {
  const server = await reachablePostgres();
  if (server.url === null) {
    note(`postgres: skipped, server unreachable (${server.reason})`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'nlt-bench-submit-'));
    const baseDb = await createPgDatabase(server.url, 'nlt_bench_baseline');
    const appDb = await createPgDatabase(server.url, 'nlt_bench_submit');
    const forget = onAbort(async () => {
      await baseDb.drop();
      await appDb.drop();
      rmSync(dir, { recursive: true, force: true });
    });
    note(`postgres: databases ${baseDb.name} (baseline) and ${appDb.name} (application)`);
    try {
      const base = await baseline('postgres', { BASELINE_DATABASE_URL: baseDb.url });
      const app = await application('postgres', dir, appDb.url, async () => {
        const client = new pg.Client({ connectionString: appDb.url });
        await client.connect();
        try {
          return Number((await client.query('select count(*) as n from tickets')).rows[0].n);
        } finally {
          await client.end();
        }
      });
      record('postgres', app, base);
    } catch (e) {
      failures.push(`postgres: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      forget();
      await baseDb.drop();
      await appDb.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

for (const f of failures) note(`FAIL ${f}`);
printFigures(figures);
process.exitCode = failures.length ? 1 : 0;
