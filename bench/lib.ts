/**
 * Helpers shared by the benchmark scripts: figures, child processes, RSS sampling and
 * throw-away PostgreSQL databases. Benchmarks only talk to 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

export interface Figure {
  name: string;
  value: number;
  unit: 'ms' | 's' | 'req/s' | 'KB' | 'MB' | 'count';
  baseline: number;
  ratio: number;
}

/** One figure; ratio = value ÷ baseline, rounded like the value. */
export function figure(name: string, value: number, unit: Figure['unit'], baseline: number): Figure {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: baseline === 0 ? 0 : Math.round((value / baseline) * 1000) / 1000,
  };
}

const cleanups = new Set<() => unknown>();

/**
 * Registers what must be undone if the run is interrupted (SIGINT, SIGTERM): temporary
 * databases, child servers. Returns the function that unregisters it (call it once done).
 */
export function onAbort(fn: () => unknown): () => void {
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
  };
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    process.stdout.write(`${sig}: cleaning up\n`);
    void (async () => {
      for (const fn of [...cleanups].reverse()) {
        try {
          await fn();
        } catch (e) {
          process.stdout.write(`cleanup failed: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
      process.exit(130);
    })();
  });
}

/** Progress and notes: plain lines on stdout, all printed before the figures. */
export function note(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

export function printFigures(figures: readonly Figure[]): void {
  for (const f of figures) process.stdout.write(`${JSON.stringify(f)}\n`);
}

export { CHROMIUM, CHROMIUM_ARGS, freePort } from './shared.ts';

/** Resident set size of a process in MB (VmRSS), or null when it has gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(pid: number, everyMs = 50): { stop(): number; peak(): number } {
  let peak = rssMb(pid) ?? 0;
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v !== null && v > peak) peak = v;
  }, everyMs);
  return {
    peak: () => peak,
    stop() {
      clearInterval(timer);
      const v = rssMb(pid);
      if (v !== null && v > peak) peak = v;
      return peak;
    },
  };
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; null
 * where there is no /proc. Unlike req/s, CPU per request hardly moves with the machine's load.
 */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * CPU time (ms) of every live process named `comm` (e.g. `postgres`: its backends, WAL writer
 * and checkpointer). Processes that exit between two readings drop out of the sum, so compare
 * readings taken while the same connections stay open.
 */
export function cpuMsOfCommand(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== comm) continue;
      total += cpuMs(Number(entry)) ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node args…` in the project folder with extra environment; stdout/stderr are kept. */
export function spawnNode(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  return {
    proc,
    pid: proc.pid as number,
    output: () => out,
    async stop(graceMs = 5000) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

/**
 * Closes a database, waiting at most `ms`. The wait also keeps the event loop alive: a close
 * that awaits only an unref'd handle (a worker thread) would otherwise end the process with
 * exit code 13 ("unsettled top-level await") in the middle of a benchmark.
 */
export async function closeWithin(what: string, close: () => Promise<void>, ms = 15_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const r = await Promise.race([close().then(() => 'closed' as const), late]);
  clearTimeout(timer);
  if (r === 'late') note(`WARN ${what}: close() did not finish within ${ms} ms`);
}

/** Runs `node args…` to completion; throws with its output when it fails. */
export async function runNode(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<string> {
  const child = spawnNode(args, env);
  const code = await new Promise<number | null>((resolve) => {
    const t = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
    child.proc.once('exit', (c) => {
      clearTimeout(t);
      resolve(c);
    });
  });
  if (code === 13) {
    // "Unsettled top-level await": the command did its work but its ending hung on something
    // that kept no handle alive. A bug to fix in the command, not a reason to stop measuring.
    note(
      `WARN node ${args.slice(0, 3).join(' ')} … exited with code 13 (unsettled top-level await):\n${child.output().trim()}`,
    );
  } else if (code !== 0) {
    throw new Error(`node ${args.join(' ')} exited with ${code}:\n${child.output()}`);
  }
  return child.output();
}

/** Polls `url` until it answers 2xx (or the child dies / time runs out). */
export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.proc.exitCode !== null) throw new Error(`server exited early:\n${child.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The PostgreSQL server to use, or null (with the reason) when it cannot be reached. */
export async function reachablePostgres(): Promise<{ url: string } | { url: null; reason: string }> {
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_PG_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { url };
  } catch (e) {
    return { url: null, reason: `${redact(url)}: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** A fresh database on the server of `serverUrl`; `drop()` removes it (even with open connections). */
export async function createPgDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name} template template0 encoding 'UTF8'`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A realistic request body: about 300 Chinese characters. */
export const TICKET_TITLE = '第三教学楼东侧路灯长期不亮，夜间通行存在安全隐患';
export const TICKET_BODY =
  '老师您好！我是农学院二〇二三级的学生。近两周以来，第三教学楼东侧通往北区宿舍的那条小路上的路灯一直不亮，' +
  '一共有五盏，从图书馆后门一直到食堂拐角基本全黑。晚上九点半下晚自习以后，很多同学都要从这里经过回宿舍，' +
  '路面有几处地砖松动、还有一个排水沟的盖板缺了一角，上周就有同学在这里崴了脚，骑电动车的同学也差点撞到行人。' +
  '我们宿舍已经在后勤服务热线反映过一次，当时说会安排电工来看，但到现在还没有修好。另外，这一段路没有监控，' +
  '女生晚上单独经过会比较害怕。希望学校能尽快安排维修路灯，顺便检查一下松动的地砖和排水沟盖板，' +
  '如果短时间内修不好，能否先放置临时照明或者警示标志？谢谢老师，辛苦了！';
