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

const NETWORK_PROBLEMS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name cannot be looked up now',
  ETIMEDOUT: 'no answer (timed out)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the connection was closed',
};

/** PostgreSQL's codes for a server that answered but would not let us in. */
const SERVER_REFUSALS: Readonly<Record<string, string>> = {
  '28P01': 'the password was refused',
  '28000': 'the sign-in was refused',
  '3D000': 'no such database',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'too many connections',
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
    if (network?.code) {
      return new CliError(`Cannot reach PostgreSQL at ${where}: ${NETWORK_PROBLEMS[network.code]} (DATABASE_URL).`);
    }
    const refusal = all.find((c) => typeof c.code === 'string' && SERVER_REFUSALS[c.code]);
    if (refusal?.code) {
      return new CliError(
        `PostgreSQL at ${where} refused the connection: ${refusal.message || SERVER_REFUSALS[refusal.code]} (DATABASE_URL).`,
      );
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
    return new CliError(
      `Cannot open the SQLite database ${config.sqlitePath}: ${sqlite.message} (DATA_DIR, SQLITE_FILE).`,
    );
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
    return 'the DATABASE_URL address';
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
  if (code === 'EADDRINUSE') return new CliError(`Port ${port} is already in use on ${host} (PORT).`);
  if (code === 'EACCES') return new CliError(`Port ${port} needs more privileges than this user has (PORT).`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CliError(`Cannot listen on ${host}: it is not an address of this machine (HOST).`);
  }
  return undefined;
}

const FOLDER_PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file of that name is in the way',
  ENOSPC: 'no space left on the device',
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
    const why = (err.code && FOLDER_PROBLEMS[err.code]) || err.message;
    throw new CliError(`Cannot store photos in ${dir}: ${why} (UPLOAD_DIR, DATA_DIR).`);
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
  const t = isDateTime(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t)) {
    throw new CliError(
      `${option} must be an ISO 8601 instant with its UTC offset, on a day that exists, e.g. 2025-09-30T10:00:00+08:00 (got "${value}").`,
    );
  }
  if (years && (t < Date.UTC(years.min, 0, 1) || t >= Date.UTC(years.max + 1, 0, 1))) {
    throw new CliError(`${option} must be in the years ${years.min} to ${years.max} (got "${value}").`);
  }
  return t;
}

/** A whole number written in decimal, checked for range by the use case. */
export function parseWhole(value: string, option: string, hint: string): number {
  const v = value.trim();
  if (!/^[+-]?\d+$/.test(v)) throw new CliError(`${option} must be a whole number ${hint} (got "${value}").`);
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
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} rows`,
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
