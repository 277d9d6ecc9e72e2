import { readFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { AppDeps } from '../app/context.ts';
import type { ImportProgress } from '../app/import/csv.ts';
import { bootstrap } from '../bootstrap.ts';
import { type Config, loadConfig } from '../config.ts';
import { CliError } from './errors.ts';

/** Reads the configuration, opens and migrates the database, runs `fn`, and always closes the database. */
export async function withDeps<T>(fn: (deps: AppDeps, config: Readonly<Config>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const deps = await bootstrap(config);
  try {
    return await fn(deps, config);
  } finally {
    await deps.db.close();
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

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 instant with its offset (or Z); a local time without offset would be ambiguous. */
export function parseInstant(value: string, option: string): number {
  const v = value.trim();
  const t = INSTANT.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t)) {
    throw new CliError(
      `${option} must be an ISO 8601 instant with its UTC offset, e.g. 2025-09-30T10:00:00+08:00 (got "${value}").`,
    );
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
