import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import cliProgress from 'cli-progress';
import type { AppDeps } from '../app/context.ts';
import type { ImportProgress } from '../app/import/csv.ts';
import { bootstrap } from '../bootstrap.ts';
import { type Config, loadConfig } from '../config.ts';
import { CliError } from './errors.ts';
import { type MessageKey, t } from './messages.ts';

/** Reads the configuration, opens and migrates the database, runs `fn`, and always closes the database. */
export async function withDeps<T>(fn: (deps: AppDeps, config: Readonly<Config>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const deps = await openDeps(config);
  try {
    return await fn(deps, config);
  } finally {
    await deps.db.close();
  }
}

/** {@link bootstrap}, with a database that cannot be reached or opened said in one sentence. */
export async function openDeps(config: Readonly<Config>): Promise<AppDeps> {
  try {
    return await bootstrap(config);
  } catch (e) {
    throw databaseFailure(e, config) ?? e;
  }
}

/** The errors under `e` (its causes, and the attempts of an AggregateError), outermost first. */
function causes(e: unknown): NodeJS.ErrnoException[] {
  const found: NodeJS.ErrnoException[] = [];
  const visit = (x: unknown, depth: number) => {
    if (!x || typeof x !== 'object' || depth > 5) return;
    found.push(x as NodeJS.ErrnoException);
    if (x instanceof AggregateError) for (const inner of x.errors) visit(inner, depth + 1);
    visit((x as { cause?: unknown }).cause, depth + 1);
  };
  visit(e, 0);
  return found;
}

const NETWORK_PROBLEMS: Readonly<Record<string, MessageKey>> = {
  ECONNREFUSED: 'db.network.ECONNREFUSED',
  ENOTFOUND: 'db.network.ENOTFOUND',
  EAI_AGAIN: 'db.network.EAI_AGAIN',
  ETIMEDOUT: 'db.network.ETIMEDOUT',
  EHOSTUNREACH: 'db.network.EHOSTUNREACH',
  ENETUNREACH: 'db.network.ENETUNREACH',
  ECONNRESET: 'db.network.ECONNRESET',
};

/** PostgreSQL's codes for a server that answered but would not let us in. */
const SERVER_REFUSALS: Readonly<Record<string, MessageKey>> = {
  '28P01': 'db.refusal.28P01',
  '28000': 'db.refusal.28000',
  '3D000': 'db.refusal.3D000',
  '57P03': 'db.refusal.57P03',
  '53300': 'db.refusal.53300',
};

/**
 * One sentence for a database that cannot be reached or opened, naming where (never the
 * password) and the setting to check; undefined for anything else.
 */
export function databaseFailure(e: unknown, config: Readonly<Config>): CliError | undefined {
  const all = causes(e);
  if (config.databaseUrl) {
    const where = postgresAddress(config.databaseUrl);
    const network = all.find((c) => typeof c.code === 'string' && NETWORK_PROBLEMS[c.code]);
    const networkProblem = network?.code ? NETWORK_PROBLEMS[network.code] : undefined;
    if (networkProblem) return new CliError(t('db.cannotReach', { where, problem: t(networkProblem) }));
    const refusal = all.find((c) => typeof c.code === 'string' && SERVER_REFUSALS[c.code]);
    const refusalProblem = refusal?.code ? SERVER_REFUSALS[refusal.code] : undefined;
    if (refusal && refusalProblem) {
      // PostgreSQL's own words (in the server's language) say more than our summary when present.
      return new CliError(t('db.refused', { where, problem: refusal.message || t(refusalProblem) }));
    }
    return undefined;
  }
  const sqlite = all.find(
    (c) =>
      typeof c.code === 'string' &&
      (c.code.startsWith('SQLITE_CANTOPEN') ||
        c.code === 'SQLITE_READONLY' ||
        c.code === 'SQLITE_NOTADB' ||
        c.code === 'SQLITE_PERM' ||
        c.code === 'EACCES' ||
        c.code === 'EROFS' ||
        c.code === 'ENOENT' ||
        c.code === 'ENOTDIR' ||
        c.code === 'EEXIST'),
  );
  if (sqlite) {
    return new CliError(t('db.sqlite', { path: config.sqlitePath, problem: sqlite.message }));
  }
  return undefined;
}

/** host:port (or the database's name alone) of a PostgreSQL URL, for messages: no user, no password. */
function postgresAddress(url: string): string {
  try {
    const u = new URL(url);
    const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || 'localhost';
    return `${host}:${u.port || 5432}`;
  } catch {
    return t('db.urlAddress');
  }
}

/**
 * Fails with one sentence when the server's address is taken or not allowed, before anything
 * else is done (on an empty database, `serve` would otherwise seed the demo first).
 */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e) => reject(listenFailure(e, host, port) ?? e));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** One sentence for an address the server cannot listen on; undefined for anything else. */
export function listenFailure(e: unknown, host: string, port: number): CliError | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return new CliError(t('port.inUse', { port, host }));
  if (code === 'EACCES') return new CliError(t('port.privileged', { port }));
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CliError(t('port.notLocal', { host }));
  }
  return undefined;
}

const FOLDER_PROBLEMS: Readonly<Record<string, MessageKey>> = {
  EACCES: 'folder.EACCES',
  EPERM: 'folder.EPERM',
  EROFS: 'folder.EROFS',
  ENOTDIR: 'folder.ENOTDIR',
  EEXIST: 'folder.EEXIST',
  ENOSPC: 'folder.ENOSPC',
};

/**
 * Fails with one sentence when the photo folder cannot be created or written, before the
 * server seeds or serves anything: otherwise every photo upload would fail later with a 500.
 */
export async function checkUploadDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `.write-check-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const known = err.code ? FOLDER_PROBLEMS[err.code] : undefined;
    throw new CliError(t('folder.cannotStore', { dir, problem: known ? t(known) : err.message }));
  }
}

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function warn(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Where the data lives, for messages; a PostgreSQL password is never printed. */
export function describeDatabase(config: Readonly<Config>): string {
  if (!config.databaseUrl) return `SQLite ${config.sqlitePath}`;
  try {
    const u = new URL(config.databaseUrl);
    if (u.password) u.password = '***';
    return `PostgreSQL ${u.toString()}`;
  } catch {
    // Not parseable as a URL (loadConfig only checks the scheme): show the scheme alone.
    return 'PostgreSQL';
  }
}

/**
 * The API's rule for an instant: the JSON-schema format `date-time` as the API's validator
 * (ajv-formats) checks it — RFC 3339 with seconds and an offset, a day that exists in its month
 * (no 30 February), hours to 23 and minutes to 59.
 */
const isDateTime = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;

/** Years `calendar due --from` may take, as GET /api/calendar/due (src/http/routes/calendar). */
export const FROM_YEARS = { min: 1970, max: 2100 } as const;

/** An ISO 8601 instant with its offset (or Z); a local time without offset would be ambiguous. */
export function parseInstant(value: string, option: string, years?: { min: number; max: number }): number {
  // People type minutes without seconds (2025-09-30T10:00+08:00); ISO 8601 allows it, and the
  // API's RFC 3339 check does not, so the seconds are added before that check.
  const v = value.trim().replace(/^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2})(?=[Zz+-])/, '$1:00');
  const at = isDateTime(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new CliError(t('arg.instant', { option, value }));
  }
  if (years && (at < Date.UTC(years.min, 0, 1) || at >= Date.UTC(years.max + 1, 0, 1))) {
    throw new CliError(t('arg.instantYears', { option, min: years.min, max: years.max, value }));
  }
  return at;
}

/** A whole number of working days written in decimal, up to `max` (the use case checks the range). */
export function parseWholeDays(value: string, option: string, max: number): number {
  const v = value.trim();
  if (!/^[+-]?\d+$/.test(v)) throw new CliError(t('arg.wholeDays', { option, max, value }));
  return Number(v);
}

export async function readTextFile(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

/**
 * A progress bar on stderr when it is a terminal (nothing otherwise, so logs and pipes stay
 * clean). `stop` must be called before printing anything else.
 */
export function progressBar(label: string): { update: ImportProgress; stop: () => void } {
  // The label and the word "rows" are translated; {bar}, {value} and {total} are cli-progress's.
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: t('import.progressFormat', { label }),
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
