import { calendarStatus } from '../app/admin/calendar.ts';
import { bootstrap } from '../bootstrap.ts';
import type { Config } from '../config.ts';
import { startSweeper } from '../jobs/sweeper.ts';
import { buildApp } from './app.ts';

/** `nonglintong serve`: the API, the docs and the sweep, until SIGINT/SIGTERM. */
export async function startServer(config: Config): Promise<{ url: string; close(): Promise<void> }> {
  const deps = await bootstrap(config);
  const app = await buildApp(deps, {
    secureCookies: config.secureCookies,
    loginRateLimit: config.loginRateLimit,
    submitRateLimit: config.submitRateLimit,
    logLevel: config.logLevel,
    serveWeb: true,
    uploadMaxFileBytes: config.uploadMaxFileBytes,
    uploadMaxFiles: config.uploadMaxFiles,
  });
  await app.listen({ host: config.host, port: config.port });
  const sweeper = startSweeper(deps, config.sweepIntervalMs, app.log);
  const coverage = await calendarStatus(deps);
  if (coverage.warn) {
    // Admins also see this through GET /api/calendar/status; the console shows it as a banner.
    const msg = `The official holiday schedule is known until ${coverage.knownUntilYear} only (${coverage.daysLeft} days left): load ${coverage.knownUntilYear + 1} with "nonglintong calendar load <file>" or POST /api/calendar/schedule.`;
    console.warn(`Warning: ${msg}`);
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
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
  return { url, close };
}
