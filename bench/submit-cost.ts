/**
 * bench:submit-cost — what one submission costs PostgreSQL's backends, through the use case
 * (no HTTP, no load generator), with the submission's statements as named prepared
 * statements (src/db/dialects/prepared.ts) against the same statements unnamed (parsed and
 * planned at every execution: the baseline). Rounds alternate between the two, each on a
 * fresh database, and the medians are compared, because this 2-vCPU VM's speed drifts by
 * tens of percent within minutes.
 *
 *   submit_cost_pg_backend   backend CPU (ms) per submission, named vs unnamed
 *   submit_cost_pg_node      this process's CPU (ms) per submission, named vs unnamed
 *   submit_cost_pg_rate      submissions per second at 8 in flight, named vs unnamed
 *
 * BENCH_COST_SUBMISSIONS (default 3000) per round, BENCH_COST_ROUNDS (default 3) per variant.
 */
import pg from 'pg';
import { createCategory, createUnit, createUser } from '../src/app/admin/directory.ts';
import { submitTicket } from '../src/app/tickets/submit-ticket.ts';
import { depsFor } from '../src/bootstrap.ts';
import { openDatabase } from '../src/db/database.ts';
import { namePreparedStatements } from '../src/db/dialects/prepared.ts';
import {
  cpuMs,
  createPgDatabase,
  type Figure,
  figure,
  note,
  onAbort,
  printFigures,
  reachablePostgres,
  TICKET_BODY,
  TICKET_TITLE,
} from './lib.ts';

const SUBMISSIONS = Number(process.env.BENCH_COST_SUBMISSIONS ?? 3000);
const ROUNDS = Number(process.env.BENCH_COST_ROUNDS ?? 3);
const IN_FLIGHT = 8;
const WARMUP = 200;

interface Round {
  backendMs: number;
  nodeMs: number;
  rate: number;
}

async function round(serverUrl: string, named: boolean): Promise<Round> {
  namePreparedStatements(named);
  const fresh = await createPgDatabase(serverUrl, 'nlt_bench_cost');
  const forget = onAbort(() => fresh.drop());
  const db = await openDatabase({ url: fresh.url });
  const watcher = new pg.Client({ connectionString: serverUrl });
  try {
    await db.migrate();
    await watcher.connect();
    // Segmenting on this thread: the worker thread's CPU is not the backends' business.
    const deps = depsFor(db, {
      timeZone: 'Asia/Shanghai',
      endOfDay: '23:59:59',
      sessionTtlMs: 3_600_000,
      searchThreads: 0,
    });
    const unit = await createUnit(deps, { code: 'HQBZC', nameZh: '后勤保障处' });
    const category = await createCategory(deps, { code: 'SSWX', nameZh: '设施维修', defaultUnitId: unit.id });
    const user = await createUser(deps, { username: 'bench-student', displayName: '基准学生', kind: 'student' });
    const actor = { kind: 'user' as const, userId: user.id, grants: [] };
    const input = { categoryId: category.id, title: TICKET_TITLE, body: TICKET_BODY, place: '第三教学楼东侧小路' };
    for (let i = 0; i < WARMUP; i++) await submitTicket(deps, actor, input);
    const backends = async () =>
      (
        await watcher.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [fresh.name])
      ).rows.map((r) => r.pid);
    const backendCpu = async () => (await backends()).reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), 0);
    const before = await backendCpu();
    const self = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < SUBMISSIONS) await submitTicket(deps, actor, input);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(self);
    const backendMs = ((await backendCpu()) - before) / SUBMISSIONS;
    return { backendMs, nodeMs: (used.user + used.system) / 1000 / SUBMISSIONS, rate: SUBMISSIONS / seconds };
  } finally {
    await watcher.end().catch(() => {});
    await db.close();
    await fresh.drop();
    forget();
    namePreparedStatements(true);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const server = await reachablePostgres();
if (server.url === null) {
  note(`postgres: skipped (${server.reason})`);
  process.exit(0);
}
note(
  `submit cost: ${ROUNDS} rounds per variant of ${SUBMISSIONS} submissions (${IN_FLIGHT} in flight) through the use case on PostgreSQL`,
);
const rounds: Record<'named' | 'unnamed', Round[]> = { named: [], unnamed: [] };
for (let i = 0; i < ROUNDS; i++) {
  for (const variant of ['unnamed', 'named'] as const) {
    const r = await round(server.url, variant === 'named');
    rounds[variant].push(r);
    note(
      `  ${variant.padEnd(7)} round ${i + 1}: backend CPU ${r.backendMs.toFixed(3)} ms, this process ${r.nodeMs.toFixed(3)} ms per submission, ${r.rate.toFixed(0)}/s`,
    );
  }
}
const of = (variant: 'named' | 'unnamed', key: keyof Round) => median(rounds[variant].map((r) => r[key]));
const figures: Figure[] = [
  figure('submit_cost_pg_backend', of('named', 'backendMs'), 'ms', of('unnamed', 'backendMs')),
  figure('submit_cost_pg_node', of('named', 'nodeMs'), 'ms', of('unnamed', 'nodeMs')),
  figure('submit_cost_pg_rate', of('named', 'rate'), 'req/s', of('unnamed', 'rate')),
];
printFigures(figures);
process.exit(0);
