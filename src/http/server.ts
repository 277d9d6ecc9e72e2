import { isIP } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { calendarStatus } from '../app/admin/calendar.ts';
import { bootstrap } from '../bootstrap.ts';
import type { Config } from '../config.ts';
import { startSweeper } from '../jobs/sweeper.ts';
import { buildApp } from './app.ts';

/**
 * `nonglintong serve`: the API, the docs and the sweep, until SIGINT/SIGTERM. `calendar` says
 * how far the official holiday schedule reaches: the command warns when it runs out soon (in
 * the reader's language; admins also see it through GET /api/calendar/status).
 */
export async function startServer(
  config: Config,
): Promise<{ url: string; calendar: Awaited<ReturnType<typeof calendarStatus>>; close(): Promise<void> }> {
  boundHeapGrowth();
  const deps = await bootstrap(config);
  const app = await buildApp(deps, {
    secureCookies: config.secureCookies,
    loginRateLimit: config.loginRateLimit,
    submitRateLimit: config.submitRateLimit,
    uploadRateLimit: config.uploadRateLimit,
    logLevel: config.logLevel,
    serveWeb: true,
    uploadMaxFileBytes: config.uploadMaxFileBytes,
    uploadMaxFiles: config.uploadMaxFiles,
    trustProxy: config.trustProxy,
  });
  await app.listen({ host: config.host, port: config.port });
  const sweeper = startSweeper(deps, config.sweepIntervalMs, app.log);
  const coverage = await calendarStatus(deps);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${urlHost(config.host)}:${port}`;
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await sweeper.stop();
      await app.close();
      await deps.db.close();
    })();
    return closing;
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      void close().then(() => process.exit(0));
    });
  }
  return { url, calendar: coverage, close };
}

/**
 * The host part of the URL to print: a wildcard address is reached through loopback, and an
 * IPv6 address goes in brackets (http://::1:3000 is no URL).
 */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * After each full garbage collection V8 lets the heap grow to a multiple (up to 4×) of what
 * survived before collecting again: under load the server's heap reached 125 MB for 40 MB of
 * live objects. Growing by 20 % instead kept the server's peak RSS near 190 MB instead of
 * 220–235 MB in bench:submit, at no measurable CPU cost (bench/README.md). The factor is
 * read at each collection, so setting it here, before any load, takes effect (unlike the
 * heap's size limits, which only the command line sets).
 */
function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=20');
}
