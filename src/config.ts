import { isIP } from 'node:net';
import path from 'node:path';
import { isValidEndOfDay, isValidTimeZone } from './domain/calendar/working-days.ts';

/** Every setting read from the environment, validated once at boot. Documented in the README's table. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  sqlitePath: string;
  timeZone: string;
  endOfDay: string;
  sweepIntervalMs: number;
  sessionTtlMs: number;
  secureCookies: boolean;
  loginRateLimit: number;
  submitRateLimit: number;
  uploadRateLimit: number;
  logLevel: string;
  seedDemo: boolean;
  /** Folder of uploaded photos (UPLOAD_DIR, default <DATA_DIR>/uploads). */
  uploadDir: string;
  /** Largest accepted photo, in bytes (UPLOAD_MAX_FILE_MB). */
  uploadMaxFileBytes: number;
  /** Most photos in one upload request (UPLOAD_MAX_FILES). */
  uploadMaxFiles: number;
  /** Worker threads segmenting tickets' text for search (SEARCH_THREADS; 0: on the main thread). */
  searchThreads: number;
  /**
   * Which peers may say who the client is with X-Forwarded-For (TRUST_PROXY): false (none,
   * the socket's address counts), true (every peer), or the proxies' addresses and networks
   * (CIDR, or loopback / linklocal / uniquelocal).
   */
  trustProxy: TrustProxy;
}

export type TrustProxy = boolean | readonly string[];

/** A setting that cannot be used; `problem` says which and why as a code with values, for messages in other languages. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problem?: { code: ConfigProblem; params: Record<string, string | number> },
  ) {
    super(message);
  }
}

export type ConfigProblem =
  | 'INTEGER'
  | 'BOOLEAN'
  | 'TRUST_PROXY'
  | 'DATABASE_URL'
  | 'TIME_ZONE'
  | 'END_OF_DAY'
  | 'LOG_LEVEL';

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  // Decimal digits only: Number() would also take 0x10, 1e3 or 0b1 (PORT=0x10 listened on 16).
  const n = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`, {
      code: 'INTEGER',
      params: { name, min, max, value: raw },
    });
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`, {
    code: 'BOOLEAN',
    params: { name, value: env[name] ?? '' },
  });
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** One trusted proxy: an IP address, a network in CIDR notation, or a named range. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [addr = '', prefix, extra] = entry.split('/');
  const version = isIP(addr);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: behind a reverse proxy every request comes from the proxy's address, so the
 * per-address sign-in limit would be shared by the whole campus unless the proxy's
 * X-Forwarded-For is believed — and only the proxy's, or anyone could pick their address.
 * No count of hops: Fastify believes no peer for a count (it cannot tell a proxy from a client).
 */
function trustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  const lower = raw.toLowerCase();
  if (['', 'false', 'no', 'off', '0'].includes(lower)) return false;
  if (['true', 'yes', 'on'].includes(lower)) return true;
  const entries = raw.split(',').map((e) => e.trim());
  if (entries.every(isProxyAddress)) return Object.freeze(entries);
  throw new ConfigError(
    `TRUST_PROXY must be false, true, or the proxies' addresses separated by commas (IP, CIDR, loopback, linklocal, uniquelocal), got "${raw}"`,
    { code: 'TRUST_PROXY', params: { value: raw } },
  );
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// (leave it unset to use the SQLite file)', {
      code: 'DATABASE_URL',
      params: {},
    });
  }
  const timeZone = env.TIME_ZONE || 'Asia/Shanghai';
  if (!isValidTimeZone(timeZone)) {
    throw new ConfigError(`TIME_ZONE "${timeZone}" is not an IANA time zone`, {
      code: 'TIME_ZONE',
      params: { value: timeZone },
    });
  }
  const endOfDay = env.END_OF_DAY || '23:59:59';
  if (!isValidEndOfDay(endOfDay)) {
    throw new ConfigError(`END_OF_DAY must be HH:mm:ss, got "${endOfDay}"`, {
      code: 'END_OF_DAY',
      params: { value: endOfDay },
    });
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent`, {
      code: 'LOG_LEVEL',
      params: { value: logLevel },
    });
  }
  return Object.freeze({
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65535),
    dataDir,
    databaseUrl,
    sqlitePath: path.resolve(dataDir, env.SQLITE_FILE || 'nonglintong.db'),
    timeZone,
    endOfDay,
    sweepIntervalMs: int(env, 'SWEEP_INTERVAL_SECONDS', 60, 0, 86_400) * 1000,
    sessionTtlMs: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90) * 3_600_000,
    secureCookies: bool(env, 'SECURE_COOKIES', false),
    loginRateLimit: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 1_000_000),
    submitRateLimit: int(env, 'SUBMIT_RATE_LIMIT', 30, 1, 1_000_000),
    uploadRateLimit: int(env, 'UPLOAD_RATE_LIMIT', 30, 1, 1_000_000),
    logLevel,
    seedDemo: bool(env, 'SEED_DEMO', true),
    uploadDir: path.resolve(dataDir, env.UPLOAD_DIR || 'uploads'),
    uploadMaxFileBytes: int(env, 'UPLOAD_MAX_FILE_MB', 10, 1, 100) * 1024 * 1024,
    uploadMaxFiles: int(env, 'UPLOAD_MAX_FILES', 9, 1, 50),
    searchThreads: int(env, 'SEARCH_THREADS', 1, 0, 16),
    trustProxy: trustProxy(env),
  });
}
